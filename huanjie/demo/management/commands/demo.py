"""`huanjie demo [--scale default|city|province] [--if-empty] [--seed N]`: build the fictional demo city.

Run by `make run` with ``--if-empty``. Makes sure the key file for personal identifiers exists
(creating one outside the repository if neither the key file nor HUANJIE_ENC_KEY is present), builds
the city in one transaction with one audit event, and prints the login URL and demo accounts.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from huanjie.core import crypto
from huanjie.demo import builder as demo
from huanjie.org.models import OrgUnit


class Command(BaseCommand):
    help = "生成演示数据（虚构的市、县、乡镇、村社区、两委班子成员及近亲属、各角色演示账号）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=sorted(demo.SCALES),
            default="default",
            help="default：2 个县区 × 4 个乡镇 × 8 个村社区；city：约 10 个县区、160 个乡镇、2,600 个村社区；"
            "province：12 个县区、1,200 个乡镇、约 20,000 个村社区",
        )
        parser.add_argument("--if-empty", action="store_true", help="数据库中已有单位时不做任何事")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子（相同种子生成相同的演示数据）")

    def handle(self, *args: Any, scale: str, if_empty: bool, seed: int, **options: Any) -> None:
        self._ensure_keys()
        if OrgUnit.objects.exists():
            if not if_empty:
                raise CommandError("数据库中已有单位数据，不能生成演示数据（使用 --if-empty 可跳过）。")
            self.stdout.write("数据库中已有单位数据，跳过生成演示数据。")
        else:
            started = time.monotonic()
            result = demo.build_demo(scale=scale, seed=seed)
            # Fresh planner statistics after a bulk load: without them PostgreSQL guesses dozens of
            # rows where there are tens of thousands and picks nested loops (pages 5-10x slower).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            elapsed = time.monotonic() - started
            r = result
            self.stdout.write(
                f"已生成演示数据：{r.city.name}，{r.counties} 个县（区）、{r.towns} 个乡镇（街道）、"
                f"{r.villages} 个村、{r.communities} 个社区、在任两委成员 {r.sitting_members} 人、"
                f"人员 {r.persons} 人、近亲属关系 {r.relations} 条（用时 {elapsed:.1f} 秒）。"
            )
            self.stdout.write(
                f"软弱涣散村（批次为空）：{len(r.weak_codes)} 个；试点村（社区）：{len(r.pilot_codes)} 个。"
            )
            self.stdout.write(f"换届工作：{r.campaign}（已发布，江苏省配置）。")
            self.stdout.write(
                f"试点村（社区）已安排选举 {r.elections} 场（党组织在先），并登记了已办理的程序步骤；"
                f"已投票的试点村确认选举结果 {r.certified} 轮（新一届任职已登记），"
                f"完成工作移交 {r.handovers} 个。"
            )
        self._print_accounts()

    def _ensure_keys(self) -> None:
        if os.environ.get("HUANJIE_ENC_KEY") and os.environ.get("HUANJIE_MAC_KEY"):
            return
        path = Path(settings.HUANJIE_KEY_FILE)
        if path.exists():
            return
        crypto.generate_key_file(path)
        self.stdout.write(
            f"已生成密钥文件：{path}（权限 0600）。请另行备份：丢失后已加密的身份证号将无法解密。"
        )

    def _print_accounts(self) -> None:
        self.stdout.write("")
        self.stdout.write(f"登录地址：{demo.LOGIN_URL}")
        self.stdout.write(
            f"演示账号（密码均为 {demo.DEMO_PASSWORD}，仅在以 HUANJIE_DEMO=1 启动时可用（make run 已设置）；"
            "演示账号首次登录无须修改密码）："
        )
        for username, label, where, status in demo.accounts_table():
            suffix = f"（{status}）" if status else ""
            self.stdout.write(f"  {username:<12} {label}　{where}{suffix}")
