"""``huanjie schedule --law L --profile P --election-day YYYY-MM-DD [--actual FILE.json]``.

Prints the procedure steps with their latest / earliest dates and citations as JSON, and with
``--actual`` (a file, or ``-`` for stdin) the violations. Thin wrapper over
:func:`huanjie.elections.cli.schedule.run_schedule`; bad input exits with status 2 and one Chinese line.

``--actual`` JSON: ``{"steps": {"voter_list": "2026-02-28", …}, "as_of": "2026-03-01"}`` or a flat
``{"voter_list": "2026-02-28", …}``. ``--calendar`` JSON: ``{"holidays": [...], "workdays": [...],
"rest_weekdays": [5, 6]}``.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import CommandError

from huanjie.core.commands import PlainErrorCommand
from huanjie.elections.cli.schedule import run_schedule


def _read_json(path: str, option: str) -> Any:
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"无法读取 {option} 文件 {path}：{exc.__class__.__name__}", returncode=2) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CommandError(
            f"{option} 文件不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列", returncode=2
        ) from None


class Command(PlainErrorCommand):
    help = "选举程序时间表：按法律版本和省份计算各步骤的最迟/最早日期；--actual 给出实际日期时列出违规"
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--law", help="法律版本，如 village-2025")
        parser.add_argument("--profile", default="national", help="省份配置，默认 national")
        parser.add_argument("--election-day", dest="election_day", help="选举日 YYYY-MM-DD")
        parser.add_argument("--actual", help="实际办理日期 JSON 文件（- 表示标准输入）")
        parser.add_argument("--calendar", help="节假日日历 JSON 文件")

    def handle(self, *args: Any, **options: Any) -> None:
        actual = _read_json(options["actual"], "--actual") if options["actual"] else None
        calendar = _read_json(options["calendar"], "--calendar") if options["calendar"] else None
        try:
            result = run_schedule(
                law=options["law"],
                profile=options["profile"],
                election_day=options["election_day"],
                actual=actual,
                calendar=calendar,
            )
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from None
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
