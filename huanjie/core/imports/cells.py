"""Cells and columns: typed column specs (:class:`Column`) and the cell parsers behind them.

Kinds: text, code (digits), citizen ID, integer, date (2021-03-01, 2021/3/1, 20210301, Excel serial
dates and date cells), choice by Chinese label, and 是/否. A cell that does not fit its column raises
:class:`~huanjie.core.imports.problems.CellError` with the Chinese reason.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from huanjie.core.imports.problems import CellError, display_value
from huanjie.rules.ids import mask_citizen_id

TEXT = "text"
CODE = "code"
CITIZEN_ID = "citizen_id"
INT = "int"
DATE = "date"
CHOICE = "choice"
BOOL = "bool"

KIND_LABELS = {
    TEXT: "文本",
    CODE: "数字代码（文本格式）",
    CITIZEN_ID: "18 位身份证号（文本格式）",
    INT: "整数",
    DATE: "日期，如 2021-03-01、2021/3/1 或 20210301",
    CHOICE: "从可选值中选填",
    BOOL: "填“是”或“否”",
}

_SPACES = re.compile(r"\s+")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})(?: 0?0:00(?::00)?)?$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_INT = re.compile(r"^[+-]?\d+(?:\.0+)?$")
#: The largest integer a column may hold when it sets no ``max_value``: the database's integer
#: column (PositiveIntegerField on PostgreSQL) holds no more.
INT_CEILING = 2_147_483_647
#: Longer digit strings are refused before they are converted (Python refuses beyond 4,300 digits).
INT_DIGITS = 18
_HAS_DIGIT = re.compile(r"\d")
DATE_HINT = "日期格式无法识别，应为 2021-03-01、2021/3/1 或 20210301"


_MISSING = object()


def normalize_label(text: str) -> str:
    """Header names and choice labels compare without spaces and with full-width parentheses."""
    return _SPACES.sub("", text).replace("(", "（").replace(")", "）")


def is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


@dataclass(frozen=True)
class Column:
    """A typed column of an import template.

    ``choices`` are (label, value) pairs matched on the Chinese label; ``aliases`` are other header
    names accepted for the column (and other labels for a choice, in ``choice_aliases``).
    ``sensitive`` columns (citizen IDs) are masked wherever the kit displays or stores a value.
    """

    name: str
    kind: str = TEXT
    required: bool = False
    choices: tuple[tuple[str, Any], ...] = ()
    choice_aliases: tuple[tuple[str, Any], ...] = ()
    aliases: tuple[str, ...] = ()
    max_length: int = 100
    digits: int | None = None
    min_value: int | None = 0
    max_value: int | None = None
    help: str = ""
    example: Any = ""
    sensitive: bool = False
    width: int = 14

    if TYPE_CHECKING:
        # Set per instance in __post_init__ (the dataclass is frozen): the fastest parser for its kind.
        def parse(self, raw: Any) -> Any: ...

    def __post_init__(self) -> None:
        lookup = {normalize_label(label): value for label, value in (*self.choices, *self.choice_aliases)}
        object.__setattr__(self, "_lookup", lookup)
        object.__setattr__(self, "parse", self._fast_parser())

    def _fast_parser(self) -> Callable[[Any], Any]:
        """``parse`` with a fast path for the common cell of each kind (100,000-row files): the
        general path below handles everything else and gives the reasons."""
        general = self._parse
        kind = self.kind
        if kind == TEXT:
            limit = self.max_length

            def text(raw: Any) -> Any:
                if type(raw) is str:
                    value = raw.strip()
                    if len(value) <= limit:
                        return value
                return general(raw)

            return text
        if kind == CITIZEN_ID:
            limit = self.max_length

            def citizen_id(raw: Any) -> Any:
                if type(raw) is str:
                    value = raw.strip()
                    if len(value) <= limit:
                        return value.upper()
                return general(raw)

            return citizen_id
        if kind == BOOL:

            def yes_no(raw: Any) -> Any:
                if raw == "否" or raw is False:
                    return False
                if raw == "是" or raw is True:
                    return True
                return general(raw)

            return yes_no
        if kind == CHOICE:
            exact = dict((*self.choices, *self.choice_aliases))

            def choice(raw: Any) -> Any:
                value = exact.get(raw, _MISSING) if type(raw) is str else _MISSING
                return general(raw) if value is _MISSING else value

            return choice
        if kind == DATE:

            def date(raw: Any) -> Any:
                if type(raw) is str and len(raw) == 10 and raw[4] == "-":
                    try:
                        return dt.date.fromisoformat(raw)
                    except ValueError:
                        pass
                return general(raw)

            return date
        if kind == CODE and self.digits:
            digits = self.digits

            def code(raw: Any) -> Any:
                if type(raw) is str and len(raw) == digits and raw.isdigit():
                    return raw
                return general(raw)

            return code
        return general

    @property
    def headers(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def allowed(self) -> str:
        """The allowed values, for messages and the template's 说明 sheet."""
        if self.kind == CHOICE:
            return "、".join(label for label, _ in self.choices)
        if self.kind == BOOL:
            return "是、否"
        return ""

    def display(self, raw: Any) -> str:
        text = display_value(raw)
        return mask_citizen_id(text) if self.sensitive and text else text

    def _parse(self, raw: Any) -> Any:
        """The typed value of a non-blank cell; raises CellError with a Chinese reason.

        (Instances expose this as ``parse``, with a fast path in front: see _fast_parser.)"""
        kind = self.kind
        if kind == TEXT:
            return self._text(raw)
        if kind == CODE:
            return self._code(raw)
        if kind == CITIZEN_ID:
            if isinstance(raw, int | float) and not isinstance(raw, bool):
                raise CellError("身份证号被存成了数字（末几位可能已丢失），请将该列设为文本格式后重新填写")
            return self._text(raw).upper()
        if kind == INT:
            return self._int(raw)
        if kind == DATE:
            return parse_date(raw)
        if kind == CHOICE:
            return self._choice(raw)
        if kind == BOOL:
            return self._bool(raw)
        raise AssertionError(f"unknown column kind {kind}")

    def _text(self, raw: Any) -> str:
        text = display_value(raw)
        if len(text) > self.max_length:
            raise CellError(f"不能超过 {self.max_length} 个字")
        return text

    def _code(self, raw: Any) -> str:
        if isinstance(raw, float) and raw.is_integer():
            text = str(int(raw))
        elif isinstance(raw, int) and not isinstance(raw, bool):
            if raw.bit_length() > 200:
                raise CellError(f"应为 {self.digits} 位数字" if self.digits else "应为数字代码")
            text = str(raw)
        else:
            text = display_value(raw).replace(" ", "")
        if not text.isdigit() or (self.digits and len(text) != self.digits):
            raise CellError(f"应为 {self.digits} 位数字" if self.digits else "应为数字代码")
        return text

    def _int(self, raw: Any) -> int:
        if isinstance(raw, (bool, dt.date | dt.time | dt.timedelta)):
            raise CellError("此列应填数字")
        if isinstance(raw, int):
            value = raw
        elif isinstance(raw, float):
            if raw != raw or raw in (float("inf"), float("-inf")):
                raise CellError("数字过大，超出了可以处理的范围")
            if not raw.is_integer():
                raise CellError("应为整数，不能有小数")
            value = int(raw)
        else:
            text = str(raw).strip().replace("，", ",")
            if not _HAS_DIGIT.search(text):
                raise CellError("此列应填数字，不能填文本")
            if not _INT.match(text):
                raise CellError("应为整数（只能填数字，不能含文字、逗号或小数）")
            whole = text.split(".", 1)[0].lstrip("+-").lstrip("0")
            if len(whole) > INT_DIGITS:
                raise CellError(f"数字过大（{len(whole):,} 位），不能大于 {self.max_value or INT_CEILING:,}")
            value = int(whole or "0") * (-1 if text.startswith("-") else 1)
        if self.min_value is not None and value < self.min_value:
            raise CellError("不能为负数" if self.min_value == 0 else f"不能小于 {self.min_value}")
        ceiling = INT_CEILING if self.max_value is None else self.max_value
        if value > ceiling:
            raise CellError(
                f"不能大于 {ceiling}" if self.max_value is not None else f"数字过大，不能大于 {ceiling:,}"
            )
        if value < -INT_CEILING - 1:
            raise CellError(f"数字过小，不能小于 {-INT_CEILING - 1:,}")
        return value

    def _choice(self, raw: Any) -> Any:
        key = normalize_label(display_value(raw))
        lookup: dict[str, Any] = self._lookup  # type: ignore[attr-defined]
        if key in lookup:
            return lookup[key]
        labels = [label for label, _ in self.choices]
        if len(labels) <= 12:
            raise CellError(f"不是可选值，可选：{'、'.join(labels)}")
        raise CellError("不是可选值，请按模板“说明”工作表填写")

    def _bool(self, raw: Any) -> bool:
        if isinstance(raw, bool):
            return raw
        text = normalize_label(display_value(raw))
        if text == "是":
            return True
        if text == "否":
            return False
        raise CellError("应填“是”或“否”")


def parse_date(raw: Any) -> dt.date:
    """A date from a date cell, an Excel serial number, or text (2021-03-01, 2021/3/1, 20210301…)."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, (bool, dt.time | dt.timedelta)):
        raise CellError(DATE_HINT)
    if isinstance(raw, int | float):
        if float(raw).is_integer() and 19000101 <= raw <= 29991231:
            return parse_date(str(int(raw)))
        # Excel's 1900 date system: serial 1 = 1900-01-01 (serials from 61 on are exact).
        if 61 <= raw < 2958466:
            return _EXCEL_EPOCH + dt.timedelta(days=int(raw))
        raise CellError(DATE_HINT)
    text = str(raw).strip()
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                raise CellError(f"“{text}”不是有效日期") from None
    raise CellError(DATE_HINT)


def column_letter(index: int) -> str:
    """0-based column index → Excel column letters (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_address(row0: int, col0: int) -> str:
    return f"{column_letter(col0)}{row0 + 1}"
