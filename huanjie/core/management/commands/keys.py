"""`huanjie keys init|check`: create the key file for personal identifiers, and check the keys work.

The key file must live outside the repository and be backed up separately (see docs/operations.md):
losing it makes every stored citizen ID unreadable.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from huanjie.core import crypto

# A sample value that is encrypted, decrypted and indexed by `keys check`.
_PROBE = "huanjie-keys-check-探针"


def _inside_repository(path: Path) -> bool:
    repo = Path(settings.BASE_DIR).resolve()
    try:
        path.resolve().relative_to(repo)
    except ValueError:
        return False
    return True


class Command(BaseCommand):
    help = "密钥管理：init 生成密钥文件（仓库之外，权限 0600，不覆盖已有文件）；check 校验密钥可用。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        init = sub.add_parser("init", help="生成新的密钥文件")
        init.add_argument("--path", type=Path, default=None, help="密钥文件路径（默认 HUANJIE_KEY_FILE）")
        sub.add_parser("check", help="校验密钥能否加载并正确加解密")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "init":
            self._init(options.get("path"))
        elif action == "check":
            self._check()

    def _init(self, path: Path | None) -> None:
        target = Path(path or settings.HUANJIE_KEY_FILE).expanduser()
        if _inside_repository(target):
            raise CommandError(f"密钥文件不能放在代码仓库内：{target}")
        try:
            crypto.generate_key_file(target)
        except crypto.KeysUnavailable as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已生成密钥文件：{target}（权限 0600）")
        self.stdout.write("请立即备份此文件并妥善保管：丢失后已加密的身份证号将无法解密。")

    def _check(self) -> None:
        crypto.load_keys.cache_clear()
        try:
            keys = crypto.load_keys()
            token = crypto.encrypt(_PROBE)
            ok = crypto.decrypt(token) == _PROBE
            index_ok = crypto.blind_index(_PROBE) == crypto.blind_index(_PROBE)
        except (crypto.KeysUnavailable, ValueError, KeyError) as exc:
            raise CommandError(f"密钥不可用：{exc}") from exc
        if not (ok and index_ok):
            raise CommandError("密钥校验失败：加解密结果不一致")
        source = "环境变量" if _from_env() else str(settings.HUANJIE_KEY_FILE)
        self.stdout.write(
            f"密钥可用（来源：{source}；SM4 {len(keys.enc) * 8} 位，HMAC-SM3 {len(keys.mac) * 8} 位）"
        )


def _from_env() -> bool:
    return bool(os.environ.get("HUANJIE_ENC_KEY") and os.environ.get("HUANJIE_MAC_KEY"))
