"""`huanjie token create USERNAME --name N | list [USERNAME] | revoke ID`: API tokens.

The token is printed once by ``create``; only its SM3 digest is stored, so it cannot be shown again.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from huanjie.accounts.models import ApiToken
from huanjie.accounts.tokens import api_token_create, api_token_revoke


class Command(BaseCommand):
    help = "API 令牌：create 为账号创建令牌（只显示一次）；list 列出令牌；revoke 停用令牌。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="创建令牌")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="令牌名称（用途）")
        listing = sub.add_parser("list", help="列出令牌")
        listing.add_argument("username", nargs="?", default="")
        revoke = sub.add_parser("revoke", help="停用令牌")
        revoke.add_argument("token_id", type=int)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "create":
            user = get_user_model().objects.filter(username=options["username"]).first()
            if user is None:
                raise CommandError(f"账号“{options['username']}”不存在")
            try:
                record, token = api_token_create(actor=None, user=user, name=options["name"])
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            self.stderr.write(
                f"已为 {user.username} 创建令牌 #{record.pk}（{record.name}），请立即保存，它不会再次显示："
            )
            self.stdout.write(token)
        elif action == "list":
            rows = ApiToken.objects.select_related("user").order_by("pk")
            if options["username"]:
                rows = rows.filter(user__username=options["username"])
            for t in rows:
                state = "有效" if t.is_active else "已停用"
                used = t.last_used.isoformat(timespec="seconds") if t.last_used else "从未使用"
                self.stdout.write(f"#{t.pk}\t{t.user.username}\t{t.name}\t{state}\t{used}")
        else:
            found = ApiToken.objects.filter(pk=options["token_id"]).first()
            if found is None:
                raise CommandError(f"令牌 #{options['token_id']} 不存在")
            api_token_revoke(actor=None, token=found)
            self.stdout.write(f"令牌 #{found.pk} 已停用")
