"""``huanjie idcheck ID...``: validate citizen identity numbers (GB 11643-1999).

Prints one JSON object per line per number — ``{id, valid, number, birth_date, sex, region, reason}``
— and exits 0 when all are valid, 1 otherwise (2 when no number is given). Thin wrapper over
:func:`huanjie.elections.cli.idcheck.idcheck_report`.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError

from huanjie.core.commands import PlainErrorCommand
from huanjie.elections.cli.idcheck import idcheck_report


class Command(PlainErrorCommand):
    help = "校验公民身份号码（GB 11643-1999），每个号码输出一行 JSON；全部有效时退出码为 0，否则为 1"
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("ids", nargs="*", help="身份证号码（18 位或 15 位旧号码）")

    def handle(self, *args: Any, **options: Any) -> None:
        numbers: list[str] = options["ids"]
        if not numbers:
            raise CommandError("请至少提供一个身份证号码", returncode=2)
        reports = [idcheck_report(raw) for raw in numbers]
        for report in reports:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
        if not all(r["valid"] for r in reports):
            raise SystemExit(1)
