"""The import kit (DESIGN.md house rule 7): one general path shared by every importer.

    upload → preview (read, check the header, parse and validate every row) → commit (re-check the
    previewed rows against the database and write everything in ONE transaction, with a final
    scope re-check)

Nothing is written unless the whole file is clean (all-or-nothing); warnings do not block.

Reading
    * ``.xlsx`` with python-calamine (Rust, fast); the first worksheet holds the data. Merged cells
      are reported with their address: in a header they show as a name followed by blank cells.
    * ``.csv``: the encoding is detected, never guessed silently. A UTF-8 byte-order mark means
      UTF-8; otherwise strict UTF-8 is tried, then strict GB18030 (a superset of GBK and GB2312);
      if neither decodes, the file is refused with a Chinese message. The preview names the encoding.
Header
    The header is the first of the first 10 rows that names at least two known columns, so a title
    row above it is allowed (and reported). Blank, merged and duplicate header cells and missing
    required columns are errors; unknown columns are warnings (they are ignored).
Rows
    Typed column specs (:class:`Column`): text, code (digits), citizen ID, integer, date (2021-03-01,
    2021/3/1, 20210301, Excel serial dates and date cells), choice by Chinese label, and 是/否.
    Every problem is a :class:`Problem` (row number as in the file, column, value, reason in Chinese).
Jobs
    :class:`~huanjie.core.models.ImportJob` keeps the uploaded file (encrypted) between preview and
    commit; a re-upload is never trusted. Files with more data rows than
    ``settings.HUANJIE_IMPORT_BACKGROUND_ROWS`` (default 3000) are checked and committed by the task
    worker (django-tasks, database backend; ``huanjie db_worker``) and the page shows a progress bar.
Importers
    Subclasses of :class:`Importer` live in their apps (``huanjie.org.importers``,
    ``huanjie.people.importers``) and are named in :data:`IMPORTERS` by dotted path, so core never
    imports the apps at load time. An importer loads its reference data in a few queries
    (:meth:`Importer.load`), checks rows one by one (:meth:`Importer.row`), checks across rows
    (:meth:`Importer.finish`) and writes in bulk (:meth:`Importer.write`); the kit records ONE audit
    event per import (action ``import``) with the file name, its SM3 digest and the counts.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import re
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, connection, connections, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from huanjie.core import audit, context, crypto
from huanjie.core.models import ImportJob
from huanjie.rules.ids import mask_citizen_id

logger = logging.getLogger(__name__)

#: Import kinds → importer classes (dotted paths, loaded on first use).
IMPORTERS: dict[str, str] = {
    "org_units": "huanjie.org.importers.OrgUnitImporter",
    "roster": "huanjie.people.importers.RosterImporter",
}

ERROR = "error"
WARNING = "warning"
HEADER_SCAN_ROWS = 10
PREVIEW_ROWS = 10
#: Problems kept for display; the counts are always exact.
PROBLEM_LIMIT = 2000
MAX_FILE_BYTES = 50 * 1024 * 1024
EXTENSIONS = (".xlsx", ".csv")

Status = ImportJob.Status
# Fields a run updates (never the stored file, except to clear it after a successful commit).
_STATE_FIELDS = [
    "status",
    "rows_total",
    "rows_done",
    "source",
    "error_count",
    "warning_count",
    "problems",
    "preview",
    "result",
    "message",
    "finished_at",
    "updated_at",
]


def background_threshold() -> int:
    return int(getattr(settings, "HUANJIE_IMPORT_BACKGROUND_ROWS", 3000))


# ---------------------------------------------------------------------------------------------
# Problems
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding: ``row`` is the row number as shown in Excel (None: the whole file)."""

    row: int | None
    column: str
    value: str
    reason: str
    level: str = ERROR

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
            "level": self.level,
        }


class ImportFileError(Exception):
    """The file cannot be read at all (wrong format, undecodable text, no header). Chinese message."""


class CellError(ValueError):
    """A cell whose content does not fit its column; the message is the Chinese reason."""


class Report:
    """Collects problems; keeps the first PROBLEM_LIMIT for display and counts all of them."""

    def __init__(self, limit: int = PROBLEM_LIMIT) -> None:
        self.limit = limit
        self.problems: list[Problem] = []
        self.errors = 0
        self.warnings = 0
        self.bad_rows: set[int] = set()

    def add(self, problem: Problem) -> None:
        if problem.level == ERROR:
            self.errors += 1
            if problem.row is not None:
                self.bad_rows.add(problem.row)
        else:
            self.warnings += 1
        if len(self.problems) < self.limit:
            self.problems.append(problem)

    def error(self, row: int | None, column: str, value: Any, reason: str) -> None:
        self.add(Problem(row, column, _display(value), reason, ERROR))

    def warning(self, row: int | None, column: str, value: Any, reason: str) -> None:
        self.add(Problem(row, column, _display(value), reason, WARNING))

    def sorted_problems(self, column_order: dict[str, int]) -> list[Problem]:
        return sorted(
            self.problems,
            key=lambda p: (p.row if p.row is not None else -1, column_order.get(p.column, -1)),
        )


# ---------------------------------------------------------------------------------------------
# Cells and columns
# ---------------------------------------------------------------------------------------------

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
_HAS_DIGIT = re.compile(r"\d")
DATE_HINT = "日期格式无法识别，应为 2021-03-01、2021/3/1 或 20210301"


_MISSING = object()


def normalize_label(text: str) -> str:
    """Header names and choice labels compare without spaces and with full-width parentheses."""
    return _SPACES.sub("", text).replace("(", "（").replace(")", "）")


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


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
        text = _display(raw)
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
        text = _display(raw)
        if len(text) > self.max_length:
            raise CellError(f"不能超过 {self.max_length} 个字")
        return text

    def _code(self, raw: Any) -> str:
        if isinstance(raw, float) and raw.is_integer():
            text = str(int(raw))
        elif isinstance(raw, int) and not isinstance(raw, bool):
            text = str(raw)
        else:
            text = _display(raw).replace(" ", "")
        if not text.isdigit() or (self.digits and len(text) != self.digits):
            raise CellError(f"应为 {self.digits} 位数字" if self.digits else "应为数字代码")
        return text

    def _int(self, raw: Any) -> int:
        if isinstance(raw, (bool, dt.date | dt.time | dt.timedelta)):
            raise CellError("此列应填数字")
        if isinstance(raw, int):
            value = raw
        elif isinstance(raw, float):
            if not raw.is_integer():
                raise CellError("应为整数，不能有小数")
            value = int(raw)
        else:
            text = str(raw).strip().replace("，", ",")
            if not _HAS_DIGIT.search(text):
                raise CellError("此列应填数字，不能填文本")
            if not _INT.match(text):
                raise CellError("应为整数（只能填数字，不能含文字、逗号或小数）")
            value = int(float(text)) if "." in text else int(text)
        if self.min_value is not None and value < self.min_value:
            raise CellError("不能为负数" if self.min_value == 0 else f"不能小于 {self.min_value}")
        if self.max_value is not None and value > self.max_value:
            raise CellError(f"不能大于 {self.max_value}")
        return value

    def _choice(self, raw: Any) -> Any:
        key = normalize_label(_display(raw))
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
        text = normalize_label(_display(raw))
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


# ---------------------------------------------------------------------------------------------
# Reading files
# ---------------------------------------------------------------------------------------------


@dataclass
class Table:
    """A readable sheet: ``rows()`` yields raw rows from the top of the sheet (row index 0).

    ``col_offset`` is the absolute index of each row's first cell (calamine trims empty leading
    columns); ``merged`` holds merged ranges as absolute (row0, col0, row1, col1).
    """

    description: str
    encoding: str
    rows: Callable[[], Iterator[list[Any]]]
    total_rows: int
    col_offset: int = 0
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes; returns (text, encoding label). Never guesses: see the module docstring."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(
            "文件为 UTF-16 编码（Excel 的“Unicode 文本”格式），无法导入。"
            "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或 .xlsx 后重新上传。"
        )
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "UTF-8（带 BOM）"
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                f"文件以 UTF-8 标记开头，但第 {exc.start + 4} 字节处不是有效的 UTF-8 编码，文件可能已损坏。"
            ) from None
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "GB18030（兼容 GBK）"
    except UnicodeDecodeError:
        raise ImportFileError(
            "无法识别文件编码：既不是 UTF-8，也不是 GB18030/GBK。"
            "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或 .xlsx 后重新上传。"
        ) from None


def _csv_table(data: bytes) -> Table:
    text, encoding = decode_text(data)
    if "\x00" in text:
        raise ImportFileError("文件中含有空字符，不是有效的 CSV 文本文件。")
    first_line = text.split("\n", 1)[0]
    if "\t" in first_line and "," not in first_line:
        raise ImportFileError("CSV 文件应以逗号分隔，此文件似乎以制表符分隔。请另存为“CSV（逗号分隔）”。")

    def rows() -> Iterator[list[Any]]:
        return iter(csv.reader(io.StringIO(text, newline="")))

    try:
        total = sum(1 for _ in rows())
    except csv.Error as exc:
        raise ImportFileError(f"CSV 格式错误：{exc}") from None
    return Table(f"CSV 文件，编码 {encoding}", encoding, rows, total)


def _xlsx_table(data: bytes) -> Table:
    from python_calamine import CalamineWorkbook

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportFileError("文件不是有效的 Excel 工作簿（.xlsx）。如为 .xls 旧格式，请另存为 .xlsx。")
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = book.get_sheet_by_index(0)
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise ImportFileError(f"无法读取 Excel 工作簿：{exc}") from None
    start, end = sheet.start, sheet.end
    if start is None or end is None:
        return Table(f"Excel 工作簿，工作表“{sheet.name}”", "", lambda: iter(()), 0)
    merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])]
    return Table(
        f"Excel 工作簿，工作表“{sheet.name}”",
        "",
        lambda: iter(sheet.iter_rows()),
        end[0] + 1,
        col_offset=start[1],
        merged=merged,
    )


def read_table(data: bytes, file_name: str) -> Table:
    """Open an uploaded .xlsx or .csv file."""
    suffix = Path(file_name).suffix.lower()
    if suffix == ".csv":
        return _csv_table(data)
    if suffix == ".xlsx":
        return _xlsx_table(data)
    raise ImportFileError(f"不支持“{suffix or file_name}”格式，请上传 .xlsx 或 .csv 文件。")


# ---------------------------------------------------------------------------------------------
# Header
# ---------------------------------------------------------------------------------------------


@dataclass
class Layout:
    """Where the header is and which file column feeds which template column."""

    header_row: int  # 1-based, as in Excel
    mapping: list[tuple[int, Column]]  # (index in the raw row, column)
    trailing_blank: list[int]  # raw indexes of blank header cells right of the last named one
    width: int


def resolve_header(table: Table, columns: tuple[Column, ...], report: Report) -> Layout:
    """Find and check the header row; header problems go to ``report`` (errors stop the import)."""
    lookup = {normalize_label(h): col for col in columns for h in col.headers}
    found: tuple[int, list[Any]] | None = None
    for index, cells in enumerate(table.rows()):
        if index >= HEADER_SCAN_ROWS:
            break
        if sum(1 for c in cells if isinstance(c, str) and normalize_label(c) in lookup) >= 2:
            found = (index, list(cells))
            break
    if found is None:
        required = "、".join(f"“{c.name}”" for c in columns if c.required)
        raise ImportFileError(
            f"未找到表头：前 {HEADER_SCAN_ROWS} 行中没有一行包含模板的列名（如{required}）。"
            "请使用本页提供的模板。"
        )
    row0, cells = found
    header_row = row0 + 1
    off = table.col_offset
    if row0 > 0:
        report.warning(
            header_row, "表头", "", f"表头在第 {header_row} 行，其上方的 {row0} 行（标题等）不导入"
        )

    covered: set[int] = set()
    for r0, c0, r1, c1 in table.merged:
        if r0 <= row0 <= r1:
            address = f"{cell_address(r0, c0)}:{cell_address(r1, c1)}"
            report.error(
                header_row,
                address,
                _display(cells[c0 - off]) if 0 <= c0 - off < len(cells) else "",
                f"表头单元格 {address} 为合并单元格：请取消合并，每一列填写一个列名",
            )
            covered.update(range(c0 - off, c1 - off + 1))

    names = [normalize_label(_display(c)) for c in cells]
    named = [i for i, n in enumerate(names) if n]
    last = named[-1] if named else -1
    mapping: list[tuple[int, Column]] = []
    seen: dict[str, int] = {}
    for i in range(last + 1):
        name = names[i]
        address = cell_address(row0, i + off)
        if not name:
            if i not in covered:
                report.error(header_row, address, "", f"表头单元格 {address} 为空：请填写列名或删除该列")
            continue
        col = lookup.get(name)
        if col is None:
            report.warning(header_row, address, cells[i], f"未知列“{_display(cells[i])}”，导入时将忽略")
            continue
        if col.name in seen:
            first = cell_address(row0, seen[col.name] + off)
            report.error(header_row, address, cells[i], f"列“{col.name}”重复出现（{first} 与 {address}）")
            continue
        seen[col.name] = i
        mapping.append((i, col))
    for col in columns:
        if col.required and col.name not in seen:
            report.error(header_row, col.name, "", f"缺少必填列“{col.name}”")
    trailing = [i for i in range(last + 1, len(cells)) if i not in covered]
    return Layout(header_row, mapping, trailing, len(cells))


# ---------------------------------------------------------------------------------------------
# Importers
# ---------------------------------------------------------------------------------------------

Progress = Callable[[int], None]


class Importer:
    """Base class of the importers. One instance checks (and, at commit, writes) one file.

    Subclasses set the class attributes and implement ``row``, ``target_paths`` and ``write``;
    ``load`` and ``finish`` are optional. ``row`` receives typed values (None for blank cells and
    cells that failed to parse; their names are in ``failed``) and reports through ``self.report``.
    """

    kind: ClassVar[str]
    label: ClassVar[str]
    sheet_name: ClassVar[str]
    columns: ClassVar[tuple[Column, ...]]
    capability: ClassVar[str]
    audit_model: ClassVar[str]
    notes: ClassVar[tuple[str, ...]] = ()
    examples: ClassVar[tuple[dict[str, Any], ...]] = ()

    def __init__(self, *, actor: Any, report: Report) -> None:
        self.actor = actor
        self.report = report
        self.rows_seen = 0

    def load(self) -> None:
        """Load reference data (units, existing records) in a few queries."""

    def row(self, number: int, values: dict[str, Any], failed: set[str]) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Checks across rows and against the database, after every row has been seen."""

    def summary(self) -> list[str]:
        """What a commit would do, in Chinese, for the preview."""
        return []

    @classmethod
    def result_lines(cls, result: dict[str, Any]) -> list[str]:
        """What a finished commit did, in Chinese, for the result page."""
        return []

    def dump(self) -> Any:
        """The checked rows, JSON-serialisable, kept from a clean preview for the commit; None when
        the importer does not support it (the commit then reads the file again)."""
        return None

    def restore(self, data: Any) -> None:
        """Take back ``dump()``'s rows and re-run every check of ``row`` that depends on the
        database (units, scope); ``finish`` follows. Checks that depend only on the file's content
        were made by the preview on the same stored bytes and are not repeated."""
        raise NotImplementedError

    def target_paths(self) -> set[str]:
        """Paths of every unit the commit would write to (for the final scope re-check)."""
        raise NotImplementedError

    def write(self, progress: Progress) -> dict[str, Any]:
        """Write everything (inside the kit's transaction); returns counts and id ranges."""
        raise NotImplementedError

    @classmethod
    def column_order(cls) -> dict[str, int]:
        return {c.name: i for i, c in enumerate(cls.columns)}


def bulk_insert(
    model: Any,
    columns: list[str],
    rows: list[tuple[Any, ...]],
    *,
    batch: int = 5000,
    progress: Callable[[int], None] | None = None,
) -> list[int]:
    """Insert ``rows`` (values for the ``columns`` attnames) and return their new ids, in order.

    Must run inside the caller's transaction. On PostgreSQL the ids are taken from the table's
    sequence in one query and the rows are sent with COPY, several times faster than INSERT for
    100,000 rows (PostgreSQL-only and guarded here, DESIGN.md). Elsewhere ``bulk_create`` is used.
    Columns left out get their field default; ``auto_now``/``auto_now_add`` fields get the time now.
    Nothing is validated here: importers validate every row before writing.
    """
    if not rows:
        return []
    if connection.vendor != "postgresql":
        out: list[int] = []
        for i in range(0, len(rows), batch):
            objs = [model(**dict(zip(columns, row, strict=True))) for row in rows[i : i + batch]]
            model.objects.bulk_create(objs, batch_size=batch)
            out.extend(o.pk for o in objs)
            if progress is not None:
                progress(len(out))
        return out
    now = timezone.now()
    fixed: dict[str, Any] = {}
    for f in model._meta.concrete_fields:
        if f.primary_key or f.attname in columns:
            continue
        fixed[f.column] = (
            now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default()
        )
    table = model._meta.db_table
    pk = model._meta.pk.column
    names = [model._meta.get_field(c).column for c in columns]
    quote = connection.ops.quote_name
    sql_columns = ", ".join(quote(c) for c in [pk, *names, *fixed])
    tail = tuple(fixed.values())
    with connection.cursor() as cur:
        cur.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, pk, len(rows)],
        )
        ids = [r[0] for r in cur.fetchall()]
        with cur.copy(f"COPY {quote(table)} ({sql_columns}) FROM STDIN") as copy:
            for n, (pk_value, row) in enumerate(zip(ids, rows, strict=True), start=1):
                copy.write_row((pk_value, *row, *tail))
                if progress is not None and n % batch == 0:
                    progress(n)
    if progress is not None:
        progress(len(ids))
    return ids


def importer_for(kind: str) -> type[Importer]:
    try:
        path = IMPORTERS[kind]
    except KeyError:
        raise ValidationError({"kind": f"未知的导入类型“{kind}”"}) from None
    return import_string(path)


def import_kinds() -> list[tuple[str, str]]:
    return [(kind, importer_for(kind).label) for kind in IMPORTERS]


# ---------------------------------------------------------------------------------------------
# Running a file through an importer
# ---------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    report: Report
    importer: Importer | None
    source: str
    header_row: int | None
    rows: int
    preview: dict[str, Any]


def process(
    data: bytes, file_name: str, *, kind: str, actor: Any, progress: Progress | None = None
) -> Outcome:
    """Read, check the header, parse and validate every row. Writes nothing."""
    importer_cls = importer_for(kind)
    report = Report()
    table = read_table(data, file_name)
    layout = resolve_header(table, importer_cls.columns, report)
    preview: dict[str, Any] = {"columns": [c.name for _, c in layout.mapping], "rows": []}
    outcome = Outcome(report, None, table.description, layout.header_row, 0, preview)
    if report.errors:
        return outcome
    importer = importer_cls(actor=actor, report=report)
    importer.load()
    outcome.importer = importer
    mapping = layout.mapping
    trailing = layout.trailing_blank
    trailing_reported: set[int] = set()
    merged_heads = {(r0, c0 - table.col_offset): (r0, c0, r1, c1) for r0, c0, r1, c1 in table.merged}
    merged_rows = {r0 for r0, _, _, _ in table.merged}
    header0 = layout.header_row - 1
    col_by_index = dict(mapping)
    empty: dict[str, Any] = dict.fromkeys(c.name for c in importer_cls.columns)
    rows = 0
    last_tick = 0
    for index, cells in enumerate(table.rows()):
        if index <= header0:
            continue
        number = index + 1
        if index in merged_rows:
            _report_merged_data(report, index, cells, merged_heads, col_by_index, table.col_offset)
        values: dict[str, Any] = empty.copy()  # absent columns read as blank
        failed: set[str] = set()
        width = len(cells)
        blank = True
        for i, col in mapping:
            raw = cells[i] if i < width else None
            if raw is None or raw == "" or (isinstance(raw, str) and not raw.strip()):
                values[col.name] = None
                continue
            blank = False
            try:
                values[col.name] = col.parse(raw)
            except CellError as exc:
                values[col.name] = None
                failed.add(col.name)
                report.error(number, col.name, col.display(raw), str(exc))
        for i in trailing:
            if i < width and not is_blank(cells[i]):
                blank = False
                if i not in trailing_reported:
                    trailing_reported.add(i)
                    address = cell_address(header0, i + table.col_offset)
                    report.error(
                        number, address, cells[i], f"表头单元格 {address} 为空，但该列有数据：请填写列名"
                    )
        if blank:
            continue
        for col in importer_cls.columns:
            if col.required and values.get(col.name) is None and col.name not in failed:
                failed.add(col.name)
                report.error(number, col.name, "", "必填项不能为空")
        rows += 1
        if len(preview["rows"]) < PREVIEW_ROWS:
            preview["rows"].append(
                [number] + [col.display(cells[i]) if i < width else "" for i, col in mapping]
            )
        importer.row(number, values, failed)
        if progress is not None and rows - last_tick >= 500:
            last_tick = rows
            progress(rows)
    outcome.rows = rows
    if rows == 0:
        report.error(None, "", "", "文件中没有数据行")
    importer.rows_seen = rows
    importer.finish()
    if progress is not None:
        progress(rows)
    return outcome


def _report_merged_data(
    report: Report,
    index: int,
    cells: list[Any],
    merged_heads: dict[tuple[int, int], tuple[int, int, int, int]],
    col_by_index: dict[int, Column],
    offset: int,
) -> None:
    for (r0, i), (_, c0, r1, c1) in merged_heads.items():
        if r0 != index:
            continue
        col = col_by_index.get(i)
        address = f"{cell_address(r0, c0)}:{cell_address(r1, c1)}"
        value = col.display(cells[i]) if col and i < len(cells) else ""
        report.error(
            index + 1,
            col.name if col else address,
            value,
            f"合并单元格 {address}：请取消合并，并在每一行分别填写",
        )


def common_path(paths: set[str]) -> str:
    """The deepest unit path (4/6/9/12 digits) shared by all ``paths``; '' when none."""
    if not paths:
        return ""
    prefix = _prefix(paths)
    for n in (12, 9, 6, 4):
        if len(prefix) >= n:
            return prefix[:n]
    return ""


def _prefix(paths: set[str]) -> str:
    # The common prefix of a set of strings is that of its smallest and largest member.
    lo, hi = min(paths), max(paths)
    n = 0
    while n < min(len(lo), len(hi)) and lo[n] == hi[n]:
        n += 1
    return lo[:n]


# ---------------------------------------------------------------------------------------------
# Jobs: preview and commit, inline or in the task worker
# ---------------------------------------------------------------------------------------------


def job_for(user: Any, pk: int) -> ImportJob:
    """The user's own import job (jobs are private to who uploaded them); otherwise 404."""
    job = ImportJob.objects.defer("file_data", "checked_rows").filter(pk=pk, actor_id=user.pk).first()
    if job is None:
        raise Http404("未找到该导入任务")
    return job


def recent_jobs(user: Any, limit: int = 10) -> list[ImportJob]:
    return list(
        ImportJob.objects.defer("file_data", "checked_rows", "problems", "preview").filter(actor_id=user.pk)[
            :limit
        ]
    )


def job_create(*, actor: Any, kind: str, file_name: str, data: bytes) -> ImportJob:
    """Store an uploaded file (encrypted) as a new job. Nothing is imported yet."""
    importer_for(kind)
    name = Path(file_name).name[:255]
    if Path(name).suffix.lower() not in EXTENSIONS:
        raise ValidationError({"file": "请上传 .xlsx 或 .csv 文件"})
    if not data:
        raise ValidationError({"file": "文件为空"})
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError({"file": f"文件超过 {MAX_FILE_BYTES // 1024 // 1024} MB"})
    ctx = context.current()
    return ImportJob.objects.create(
        kind=kind,
        actor=actor,
        file_name=name,
        file_size=len(data),
        file_digest=crypto.file_digest(data),
        file_data=crypto.encrypt_bytes(data),
        ip=ctx.ip,
        request_id=ctx.request_id,
    )


def _file_bytes(job: ImportJob) -> bytes:
    blob = ImportJob.objects.filter(pk=job.pk).values_list("file_data", flat=True).get()
    return crypto.decrypt_bytes(bytes(blob))


def count_rows(data: bytes, file_name: str) -> int:
    """Rows in the file (including the header): decides between inline and background work.

    For .xlsx the sheet's declared dimension is read from the first kilobytes of its XML, so that a
    100,000-row upload is not parsed in the web request just to be counted; files without one are
    read in full. The progress total is corrected once the worker has read the file.
    """
    if Path(file_name).suffix.lower() == ".xlsx":
        declared = _xlsx_declared_rows(data)
        if declared is not None:
            return declared
    return read_table(data, file_name).total_rows


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="(?:[A-Z]+\d+:)?[A-Z]+(\d+)"')
_FIRST_SHEET = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\br:id="([^"]+)"')


def _xlsx_declared_rows(data: bytes) -> int | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            first = _FIRST_SHEET.search(z.read("xl/workbook.xml"))
            rels = z.read("xl/_rels/workbook.xml.rels")
            if first is None:
                return None
            rid = re.escape(first.group(1))
            target = re.search(rb'Id="' + rid + rb'"[^>]*Target="([^"]+)"', rels) or re.search(
                rb'Target="([^"]+)"[^>]*Id="' + rid + rb'"', rels
            )
            if target is None:
                return None
            name = target.group(1).decode().lstrip("/")
            name = name if name.startswith("xl/") else f"xl/{name}"
            with z.open(name) as sheet:
                head = sheet.read(4096)
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    m = _DIMENSION.search(head)
    return int(m.group(1)) if m else None


def job_preview(job: ImportJob) -> ImportJob:
    """Check the file: inline when small, otherwise queued for the task worker (progress bar)."""
    data = _file_bytes(job)
    try:
        total = count_rows(data, job.file_name)
    except ImportFileError as exc:
        return _file_failed(job, str(exc))
    job.rows_total = max(total - 1, 0)
    if job.rows_total > background_threshold():
        job.background = True
        job.status = Status.PENDING
        job.save(update_fields=["rows_total", "background", "status", "updated_at"])
        run_import_job.enqueue(job.pk, "preview")
        return job
    job.save(update_fields=["rows_total", "updated_at"])
    return validate_job(job, data=data)


def job_commit(job: ImportJob) -> ImportJob:
    """Commit a clean, previewed job: inline when small, otherwise queued for the task worker."""
    new = Status.QUEUED if job.background else Status.COMMITTING
    claimed = ImportJob.objects.filter(pk=job.pk, status=Status.READY).update(
        status=new, rows_done=0, updated_at=timezone.now()
    )
    if not claimed:
        raise ValidationError("该导入任务当前不能提交（可能已提交或有错误）")
    job.status = new
    if job.background:
        run_import_job.enqueue(job.pk, "commit")
        return job
    return commit_job(job)


def _file_failed(job: ImportJob, message: str) -> ImportJob:
    job.status = Status.INVALID
    job.problems = [Problem(None, "文件", job.file_name, message).as_dict()]
    job.error_count, job.warning_count = 1, 0
    job.message = message
    job.finished_at = timezone.now()
    job.save(update_fields=_STATE_FIELDS)
    return job


class _ProgressSink:
    """Reports rows done to the page. While previewing it updates the job row. Inside the commit
    transaction (``in_transaction``) that update would stay invisible to the page (and on SQLite
    would take the write lock early), so it goes through a second connection (PostgreSQL) or a small
    file next to the database (SQLite, where everything runs on one machine).
    """

    def __init__(self, job: ImportJob, stage: str, total: int) -> None:
        self.job = job
        self.stage = stage
        self.total = total
        self.last = 0.0
        self.side: Any = None
        self.in_transaction = False

    def __call__(self, done: int, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < 0.5:
            return
        self.last = now
        fields = {"rows_done": min(done, self.total), "rows_total": self.total, "message": self.stage}
        if not self.in_transaction:
            ImportJob.objects.filter(pk=self.job.pk).update(**fields)
        elif connection.vendor == "postgresql":
            self._side_update(fields)
        else:
            _progress_file(self.job.pk).write_text(json.dumps(fields))

    def _side_update(self, fields: dict[str, Any]) -> None:
        try:
            if self.side is None:
                self.side = connections.create_connection("default")
            with self.side.cursor() as cur:
                cur.execute(
                    f"UPDATE {ImportJob._meta.db_table} SET rows_done = %s, rows_total = %s, message = %s "  # noqa: S608
                    "WHERE id = %s",
                    [fields["rows_done"], fields["rows_total"], fields["message"], self.job.pk],
                )
        except DatabaseError:  # progress is best effort; the import itself is unaffected
            logger.warning("import progress update failed", exc_info=True)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
        _progress_file(self.job.pk).unlink(missing_ok=True)


def _progress_file(pk: int) -> Path:
    folder = Path(settings.VAR_DIR) / "import-progress"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{pk}.json"


def live_progress(job: ImportJob) -> tuple[int, int, str]:
    """(rows done, rows total, stage) for the progress bar, including the SQLite side channel."""
    done, total, stage = job.rows_done, job.rows_total, job.message
    path = _progress_file(job.pk)
    if job.status == Status.COMMITTING and path.exists():
        try:
            data = json.loads(path.read_text())
            done, total, stage = data["rows_done"], data["rows_total"], data["message"]
        except (OSError, ValueError, KeyError):
            pass
    return done, total, stage


def _store_outcome(job: ImportJob, outcome: Outcome) -> None:
    order = outcome.importer.column_order() if outcome.importer else {}
    report = outcome.report
    job.problems = [p.as_dict() for p in report.sorted_problems(order)]
    job.error_count, job.warning_count = report.errors, report.warnings
    job.source = outcome.source[:200]
    job.preview = outcome.preview | {
        "header_row": outcome.header_row,
        "rows": outcome.preview.get("rows", []),
        "summary": outcome.importer.summary() if outcome.importer and not report.errors else [],
        "truncated": report.errors + report.warnings > len(report.problems),
    }
    job.rows_total = outcome.rows


def validate_job(job: ImportJob, *, data: bytes | None = None) -> ImportJob:
    """Preview: check every row of the stored file and record the problems. Writes no data."""
    job.status = Status.VALIDATING
    job.save(update_fields=["status", "updated_at"])
    sink = _ProgressSink(job, "检查", job.rows_total)
    try:
        outcome = process(
            data if data is not None else _file_bytes(job),
            job.file_name,
            kind=job.kind,
            actor=job.actor,
            progress=sink,
        )
    except ImportFileError as exc:
        return _file_failed(job, str(exc))
    finally:
        sink.close()
    _store_outcome(job, outcome)
    job.status = Status.INVALID if outcome.report.errors else Status.READY
    job.rows_done = outcome.rows
    job.message = ""
    job.finished_at = timezone.now()
    state = outcome.importer.dump() if outcome.importer and job.status == Status.READY else None
    job.checked_rows = b"" if state is None else _seal(state)
    job.save(update_fields=[*_STATE_FIELDS, "checked_rows"])
    return job


def _seal(state: Any) -> bytes:
    return crypto.encrypt_bytes(zlib.compress(json.dumps(state, ensure_ascii=False).encode(), 1))


def _unseal(blob: bytes) -> Any:
    return json.loads(zlib.decompress(crypto.decrypt_bytes(blob)))


def _checked_outcome(job: ImportJob, blob: bytes) -> Outcome:
    """The preview's checked rows, re-checked against the database (inside the commit)."""
    importer_cls = importer_for(job.kind)
    report = Report()
    importer = importer_cls(actor=job.actor, report=report)
    importer.load()
    importer.restore(_unseal(blob))
    importer.rows_seen = job.rows_total
    importer.finish()
    preview = dict(job.preview or {})
    return Outcome(report, importer, job.source, preview.get("header_row"), job.rows_total, preview)


class _Rollback(Exception):
    def __init__(self, outcome: Outcome, message: str) -> None:
        super().__init__(message)
        self.outcome = outcome
        self.message = message


def commit_job(job: ImportJob) -> ImportJob:
    """Re-check and write the previewed file in ONE transaction, all-or-nothing.

    Inside the transaction: every row is re-checked against the current database (the rows the
    preview checked, kept encrypted on the job; or, when an importer keeps none, the stored file
    parsed again — never a re-upload), the actor's jurisdiction is re-read and every target unit
    re-checked (final scope re-check), then the importer writes in bulk and one audit event (action
    ``import``) records the file's name and SM3 digest and the counts.
    """
    job.status = Status.COMMITTING
    job.save(update_fields=["status", "updated_at"])
    checked = bytes(ImportJob.objects.filter(pk=job.pk).values_list("checked_rows", flat=True).get() or b"")
    data = b"" if checked else _file_bytes(job)
    sink = _ProgressSink(job, "检查", job.rows_total)
    try:
        with transaction.atomic():
            sink.in_transaction = True
            if connection.vendor == "sqlite":
                # Take SQLite's write lock first: a transaction that has only read cannot later
                # upgrade to writing once the web process has written meanwhile (its snapshot is
                # stale; WAL answers "database is locked" at once). Other writers wait instead.
                ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now())
            if checked:
                outcome = _checked_outcome(job, checked)
            else:
                outcome = process(data, job.file_name, kind=job.kind, actor=job.actor, progress=sink)
            if outcome.report.errors or outcome.importer is None:
                raise _Rollback(outcome, "预览之后数据发生了变化，出现了下列问题，未导入任何数据。")
            importer = outcome.importer
            _final_scope_check(job.actor, importer)
            sink.stage, sink.total = "写入", outcome.rows
            sink(0, force=True)
            result = importer.write(sink)
            result.update(
                {
                    "kind": job.kind,
                    "file_name": job.file_name,
                    "file_digest": job.file_digest,
                    "rows": outcome.rows,
                    "job": job.pk,
                }
            )
            audit.record(
                "import",
                actor=job.actor,
                model=importer.audit_model,
                object_id=str(job.pk),
                object_repr=f"导入{importer.label}：{job.file_name}"[:255],
                org_path=common_path(set(importer.target_paths())),
                after=result,
            )
    except _Rollback as rb:
        _store_outcome(job, rb.outcome)
        job.status = Status.INVALID
        job.message = rb.message
    except ImportFileError as exc:
        sink.close()
        return _file_failed(job, str(exc))
    except PermissionDenied as exc:
        job.status = Status.FAILED
        job.message = f"未导入任何数据：{exc}"
    except IntegrityError:
        logger.warning("import %s hit a conflicting concurrent change", job.pk, exc_info=True)
        job.status = Status.FAILED
        job.message = "未导入任何数据：与他人同时提交的数据冲突，请重新上传预览后再导入。"
    else:
        _store_outcome(job, outcome)
        job.result = result
        job.status = Status.DONE
        job.message = ""
        job.rows_done = outcome.rows
        # The file held personal data in clear; after a successful commit only its digest is kept.
        job.file_data = b""
        job.checked_rows = b""
    finally:
        sink.close()
    job.finished_at = timezone.now()
    done = [*_STATE_FIELDS, "file_data", "checked_rows"]
    job.save(update_fields=done if job.status == Status.DONE else _STATE_FIELDS)
    return job


def _final_scope_check(actor: Any, importer: Importer) -> None:
    """Re-read the actor's role assignments inside the transaction and check every target unit."""
    fresh = type(actor)._default_manager.get(pk=actor.pk)
    if not fresh.is_active:
        raise PermissionDenied("账号已停用")
    allowed = fresh.scope_paths(importer.capability)
    outside = sorted(p for p in importer.target_paths() if not any(p.startswith(a) for a in allowed))
    if outside:
        raise PermissionDenied(f"{len(outside)} 个目标单位不在您的管辖范围内（如 {outside[0]}）")


@task()
def run_import_job(job_id: int, phase: str) -> str:
    """Background work for large files: ``phase`` is "preview" or "commit"."""
    job = ImportJob.objects.defer("file_data", "checked_rows").select_related("actor").get(pk=job_id)
    with context.bind(ip=job.ip, request_id=job.request_id or None):
        try:
            if phase == "preview":
                validate_job(job)
            elif phase == "commit":
                commit_job(job)
            else:
                raise ValueError(f"unknown phase {phase}")
        except Exception:
            logger.exception("import job %s failed", job_id)
            ImportJob.objects.filter(pk=job_id).update(
                status=Status.FAILED,
                message="处理失败：系统内部错误，未导入任何数据。请联系系统管理员。",
                finished_at=timezone.now(),
            )
            raise
    return str(job.status)


# ---------------------------------------------------------------------------------------------
# Templates (the downloadable .xlsx)
# ---------------------------------------------------------------------------------------------


def template_workbook(kind: str) -> tuple[str, bytes]:
    """A template for ``kind``: the header row, example rows and a 说明 sheet. (file name, bytes)"""
    import xlsxwriter

    importer = importer_for(kind)
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    head_required = book.add_format(
        {"bold": True, "bg_color": "#FCE4D6", "border": 1, "text_wrap": True, "font_color": "#C00000"}
    )
    text = book.add_format({"num_format": "@"})
    example = book.add_format({"font_color": "#7F7F7F", "num_format": "@"})
    sheet = book.add_worksheet(importer.sheet_name)
    for i, col in enumerate(importer.columns):
        sheet.set_column(i, i, col.width, text if col.kind in (CODE, CITIZEN_ID, TEXT) else None)
        sheet.write_string(0, i, col.name, head_required if col.required else head)
    sheet.freeze_panes(1, 0)
    for r, row in enumerate(importer.examples, start=1):
        for i, col in enumerate(importer.columns):
            value = row.get(col.name, "")
            if value != "":
                sheet.write_string(r, i, str(value), example)
    notes = book.add_worksheet("说明")
    notes.set_column(0, 0, 22)
    notes.set_column(1, 1, 8)
    notes.set_column(2, 2, 30)
    notes.set_column(3, 3, 60)
    notes.set_column(4, 4, 50)
    for i, title in enumerate(["列名", "必填", "格式", "可选值", "说明"]):
        notes.write_string(0, i, title, head)
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    for r, col in enumerate(importer.columns, start=1):
        notes.write_string(r, 0, col.name, wrap)
        notes.write_string(r, 1, "是" if col.required else "", wrap)
        notes.write_string(r, 2, KIND_LABELS[col.kind], wrap)
        notes.write_string(r, 3, col.allowed(), wrap)
        notes.write_string(r, 4, col.help, wrap)
    r = len(importer.columns) + 2
    general = (
        f"第 1 个工作表“{importer.sheet_name}”为数据表，第 1 行为列名（红色为必填列），"
        "第 2 行起为示例，导入前请删除或覆盖示例行。",
        "不要合并单元格；列名不要留空；列的顺序可以调整，未知列将被忽略。",
        "区划代码、身份证号请以文本格式填写（本模板已设好），避免 Excel 把长数字改成科学计数法。",
        "也可以导入 CSV 文件（UTF-8 或 GBK/GB18030 编码，逗号分隔），列名与本模板相同。",
        "导入前先预览：系统逐行检查，有任何错误都不会写入；全部无误后点击“确认导入”，一次性写入。",
        *importer.notes,
    )
    for line in general:
        notes.write_string(r, 0, line)
        r += 1
    book.close()
    return f"{importer.label}导入模板.xlsx", buf.getvalue()
