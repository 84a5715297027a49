"""`huanjie audit verify`: walk the SM3 hash chain of the audit trail and name the first broken entry."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from huanjie.core.audit import verify_chain
from huanjie.core.models import AuditEvent


class Command(BaseCommand):
    help = "审计链操作：verify 校验审计记录的哈希链，指出第一条被修改、删除的记录。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="校验审计链")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "verify":
            self._verify()

    def _verify(self) -> None:
        problem = verify_chain()
        if problem is not None:
            # CommandError exits with status 1 and prints the message on stderr.
            raise CommandError(f"审计链已损坏：{problem}", returncode=1)
        count = AuditEvent.objects.count()
        self.stdout.write(f"审计链完整：共 {count} 条")
