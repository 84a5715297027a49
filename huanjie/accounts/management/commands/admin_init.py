"""`huanjie admin_init ROLE USERNAME --name 姓名`: create the first holder of an administrator role.

Bootstrap only: the three administrators (三员分立) are created at the server before anyone can use
the consoles, and afterwards every account is created in the system administrator's console and its
first password issued by two administrators. The command refuses a role that already has an active
holder. The person who will hold the account types its password at the prompt themselves; it is
checked by the password policy and never printed.
"""

from __future__ import annotations

import getpass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from huanjie.accounts import services
from huanjie.accounts.models import RoleAssignment
from huanjie.accounts.roles import ADMINISTRATOR_ROLES, ROLES


class Command(BaseCommand):
    help = "创建第一位系统管理员、安全管理员或审计管理员（仅在该角色尚无人担任时可用；密码由本人输入）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("role", choices=sorted(ADMINISTRATOR_ROLES))
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="姓名")

    def handle(self, *args: Any, role: str, username: str, name: str, **options: Any) -> None:
        if RoleAssignment.objects.filter(role=role, is_active=True).exists():
            raise CommandError(
                f"已有{ROLES[role].label}。其他账号请在系统管理员控制台创建，初始口令由两名管理员分持签发。"
            )
        password = getpass.getpass(f"请{name}本人输入密码：")
        if getpass.getpass("再次输入：") != password:
            raise CommandError("两次输入的密码不一致")
        try:
            user = services.administrator_init(
                username=username, display_name=name, password=password, role=role
            )
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(f"已创建{ROLES[role].label} {user.username}（{name}）。")
