"""``huanjie rollup_key <city code>``: the hex key this deployment signs the city's roll-up with (issue
15 req. 6), to be configured at the province as ``HUANJIE_ROLLUP_KEYS=<city path>=<key>``. Hand it
over like any secret (not by e-mail); setting ``HUANJIE_ROLLUP_KEY`` replaces it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from huanjie.org.models import Level, OrgUnit
from huanjie.stats.rollup_services import signing_key


class Command(BaseCommand):
    help = "显示本部署为某市汇总上报文件计算校验值所用的密钥（十六进制），供省级部署配置"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("city", help="市的 12 位区划代码或 4 位路径")

    def handle(self, *args: Any, **options: Any) -> None:
        given = options["city"]
        city = OrgUnit.objects.filter(level=Level.CITY).filter(code=given).first() or (
            OrgUnit.objects.filter(level=Level.CITY, path=given).first()
        )
        if city is None:
            raise CommandError(f"没有区划代码或路径为 {given} 的市")
        self.stdout.write(f"{city.path}={signing_key(city.path).hex()}")
