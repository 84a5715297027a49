"""`huanjie audit verify`: walk the SM3 hash chain of the audit trail and name the first broken entry."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from huanjie.core import audit
from huanjie.core.audit import verify_chain
from huanjie.core.models import AuditEvent


class Command(BaseCommand):
    help = "审计链操作：verify 校验审计记录的哈希链，指出第一条被修改、删除的记录。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="校验审计链")
        restored = sub.add_parser(
            "restored",
            help="数据库从备份恢复之后：把检查点文件改名留存，从恢复后的链重新开始记录检查点（记入审计）",
        )
        restored.add_argument("--reason", required=True, help="恢复的原因与所用备份（记入审计记录）")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "verify":
            self._verify()
        elif action == "restored":
            kept = audit.after_restore(reason=options["reason"])
            where = f"原检查点文件已改名为 {kept}；" if kept else ""
            self.stdout.write(f"{where}已从恢复后的审计链重新开始记录检查点。")

    def _verify(self) -> None:
        problem = verify_chain()
        if problem is not None:
            # CommandError exits with status 1 and prints the message on stderr.
            raise CommandError(f"审计链已损坏：{problem}", returncode=1)
        count = AuditEvent.objects.count()
        self.stdout.write(f"审计链完整：共 {count} 条")
