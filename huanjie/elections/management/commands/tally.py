"""``huanjie tally FILE.json`` (or ``-`` for stdin): count one round and print the verdict as JSON.

Thin wrapper over :mod:`huanjie.elections.cli.tally`; the JSON contract is in docs/tally-format.md. Bad input
exits with status 2 and one Chinese line naming the field, never a traceback.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import CommandError

from huanjie.core.commands import PlainErrorCommand
from huanjie.elections.cli.tally import TallyInputError, run


class Command(PlainErrorCommand):
    help = "计票：读取 JSON 计票数据（文件或 - 表示标准输入），输出选举结果 JSON（见 docs/tally-format.md）"
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="JSON 文件路径，- 表示标准输入")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        try:
            if path == "-":
                text = sys.stdin.read().removeprefix("\ufeff")
            else:
                # utf-8-sig: files saved by Windows tools often start with a byte-order mark.
                with open(path, encoding="utf-8-sig") as fh:
                    text = fh.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"无法读取输入文件 {path}：{exc}", returncode=2) from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"输入不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列", returncode=2
            ) from None
        try:
            result = run(data)
        except TallyInputError as exc:
            raise CommandError(str(exc), returncode=2) from None
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
