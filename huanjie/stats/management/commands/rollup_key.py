"""``huanjie rollup_key <city code>``: what the province configures to check this deployment's
roll-ups of the city (issue 15 req. 6) — the hex HMAC key (``HUANJIE_ROLLUP_KEYS=<city path>=<key>``)
or, when the city signs with SM2 (``HUANJIE_ROLLUP_SM2_KEY``), its public key
(``HUANJIE_ROLLUP_SM2_KEYS=<city path>=<x‖y>``). ``huanjie rollup_key --new-sm2`` makes an SM2 key
pair. Hand a shared key over like any secret (not by e-mail); a public key is not secret."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from huanjie.core import sm2
from huanjie.org.models import Level, OrgUnit
from huanjie.stats.rollup_services import RollupError, signing_key, sm2_signing_key


class Command(BaseCommand):
    help = (
        "显示省级部署核验本部署某市汇总上报文件所需的密钥（HMAC 密钥或 SM2 公钥）；--new-sm2 生成 SM2 密钥对"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("city", nargs="?", help="市的 12 位区划代码或 4 位路径")
        parser.add_argument("--new-sm2", action="store_true", help="生成一对新的 SM2 密钥并显示")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["new_sm2"]:
            key = sm2.PrivateKey.generate()
            self.stdout.write(f"HUANJIE_ROLLUP_SM2_KEY={key.hex()}")
            self.stdout.write(f"公钥（省级部署配置在 HUANJIE_ROLLUP_SM2_KEYS 中）：{key.public_key().hex()}")
            return
        given = options["city"]
        if not given:
            raise CommandError("请给出市的区划代码或路径，或用 --new-sm2 生成 SM2 密钥对")
        city = OrgUnit.objects.filter(level=Level.CITY).filter(code=given).first() or (
            OrgUnit.objects.filter(level=Level.CITY, path=given).first()
        )
        if city is None:
            raise CommandError(f"没有区划代码或路径为 {given} 的市")
        try:
            private = sm2_signing_key()
        except RollupError as exc:
            raise CommandError(str(exc)) from exc
        if private is not None:
            self.stdout.write(f"{city.path}={private.public_key().hex()}")
        else:
            self.stdout.write(f"{city.path}={signing_key(city.path).hex()}")
