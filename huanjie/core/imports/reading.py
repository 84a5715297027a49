"""Reading uploaded files into a :class:`Table`, and finding the header (:func:`resolve_header`).

Untrusted bytes are never parsed in the web or worker process (DESIGN.md rule 17):

1. the size is checked (``HUANJIE_IMPORT_MAX_FILE_MB``);
2. an .xlsx archive is scanned (:mod:`.archive`): unpacked size, compression ratio, the real extent
   of its first visible worksheet (largest cell reference, not the declared ``<dimension>``);
3. the file is parsed in a child process with memory and time limits (:mod:`.sandbox`,
   :mod:`.parsing`: CSV encodings, mixed encodings, calamine, invisible characters).

* ``.xlsx``: the first *visible* worksheet holds the data; hidden sheets before it are named in the
  preview. Merged cells are reported with their address: in a header they show as a name followed
  by blank cells.
* ``.csv``: the encoding is detected, never guessed silently (see :func:`decode_text`).
* Header: the first of the first 10 rows that names at least two known columns, so a title row
  above it is allowed (and reported). Blank, merged and duplicate header cells and missing required
  columns are errors; unknown columns are warnings (they are ignored).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from huanjie.core.imports import limits as import_limits
from huanjie.core.imports.archive import XlsxScan, scan_xlsx
from huanjie.core.imports.cells import Column, cell_address, normalize_label
from huanjie.core.imports.parsing import decode_text
from huanjie.core.imports.problems import ImportFileError, Report, display_value
from huanjie.core.imports.sandbox import ParsedRows, parse_in_child

HEADER_SCAN_ROWS = 10
SUFFIXES = (".csv", ".xlsx")

__all__ = ["Layout", "Table", "count_rows", "decode_text", "read_table", "resolve_header", "scan_file"]


@dataclass
class Table:
    """A readable sheet: ``rows()`` yields raw rows from the top of the sheet (row index 0), as the
    parsing child sends them (a reader that stops early calls ``close()``).

    ``col_offset`` is the absolute index of each row's first cell (calamine trims empty leading
    columns); ``merged`` holds merged ranges as absolute (row0, col0, row1, col1); ``cleaned`` the
    cells invisible characters were removed from (row0, absolute col0, count); ``skipped_sheets``
    the hidden worksheets before the one read.
    """

    description: str
    encoding: str
    rows: Callable[[], Iterator[list[Any]]]
    total_rows: int
    col_offset: int = 0
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    cleaned: list[tuple[int, int, int]] = field(default_factory=list)
    skipped_sheets: list[str] = field(default_factory=list)
    #: Ends the parsing child when the rows are not read to the end (reading them all ends it).
    close: Callable[[], None] = lambda: None
    #: The rows as the child sent them, to be read in parts (importer._check_in_two); None: only
    #: ``rows()``.
    parsed: ParsedRows | None = None


def _suffix(file_name: str) -> str:
    suffix = Path(file_name).suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportFileError(f"不支持“{suffix or file_name}”格式，请上传 .xlsx 或 .csv 文件。")
    return suffix


def check_size(data: bytes, limits: import_limits.Limits) -> None:
    if len(data) > limits.max_file_bytes:
        raise ImportFileError(
            f"文件大小约 {len(data) // import_limits.MB:,} MB，超过了上限 {limits.max_file_mb:,} MB"
            "（HUANJIE_IMPORT_MAX_FILE_MB）。请拆分为几个文件后重新上传。"
        )


def read_table(
    data: bytes,
    file_name: str,
    *,
    limits: import_limits.Limits | None = None,
    scanned: dict[str, Any] | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> Table:
    """Check and open an uploaded .xlsx or .csv file (parsed in a limited child process).

    ``scanned``: what :func:`scan_file` found in these same bytes (an import job keeps it from the
    upload to the preview of its stored file): the checked scan is then not repeated.
    ``meanwhile``: the caller's work to do while the child parses."""
    suffix = _suffix(file_name)
    limits = limits or import_limits.current()
    check_size(data, limits)
    sheet: str | None = None
    skipped: list[str] = []
    clean = True
    if suffix == ".xlsx":
        if scanned is None:
            scanned = _scanned(scan_xlsx(data, limits))
        sheet, skipped, clean = scanned["sheet"], list(scanned["skipped"]), bool(scanned["invisible"])
    raw, rows, width = parse_in_child(data, suffix, sheet, limits, clean=clean, meanwhile=meanwhile)
    width += raw.col_offset
    if len(rows) > limits.max_rows + 1:
        rows.close()
        raise ImportFileError(
            f"文件有 {len(rows):,} 行，超过了行数上限 {limits.max_rows:,} 行（HUANJIE_IMPORT_MAX_ROWS）。"
            "请把数据拆分为几个文件后重新上传。"
        )
    if width > limits.max_columns:
        rows.close()
        raise ImportFileError(
            f"文件有 {width:,} 列，超过了列数上限 {limits.max_columns:,} 列（HUANJIE_IMPORT_MAX_COLUMNS）。"
            "请删除多余的列后重新上传。"
        )
    return Table(
        raw.description,
        raw.encoding,
        rows.__iter__,
        len(rows),
        col_offset=raw.col_offset,
        merged=raw.merged,
        cleaned=raw.cleaned,
        skipped_sheets=skipped,
        close=rows.close,
        parsed=rows,
    )


def _scanned(scan: XlsxScan) -> dict[str, Any]:
    return {"sheet": scan.sheet_name, "skipped": scan.skipped, "invisible": scan.invisible}


def scan_file(
    data: bytes, file_name: str, *, limits: import_limits.Limits | None = None
) -> tuple[int, dict[str, Any] | None]:
    """Rows in the file (including the header), which decide between inline and background work,
    and for .xlsx what :func:`read_table` needs from the checked scan (plain values, kept on the
    import job).

    Nothing is parsed here (this runs in the web request). For .xlsx the checked scan counts the
    rows that hold cells in the sheet's XML (the declared ``<dimension>`` is not trusted; the scan
    also refuses a file beyond the limits). For .csv the lines are counted (an upper bound: a quoted
    cell may hold a line break). The progress total is corrected once the file has been read.
    """
    suffix = _suffix(file_name)
    limits = limits or import_limits.current()
    check_size(data, limits)
    if suffix == ".xlsx":
        scan = scan_xlsx(data, limits)
        return scan.rows, _scanned(scan)
    if not data:
        return 0, None
    breaks = max(data.count(b"\n"), data.count(b"\r"))  # \r alone: old Mac line ends
    return breaks + (0 if data.endswith((b"\n", b"\r")) else 1), None


def count_rows(data: bytes, file_name: str, *, limits: import_limits.Limits | None = None) -> int:
    """Rows in the file, including the header (see :func:`scan_file`)."""
    return scan_file(data, file_name, limits=limits)[0]


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
                display_value(cells[c0 - off]) if 0 <= c0 - off < len(cells) else "",
                f"表头单元格 {address} 为合并单元格：请取消合并，每一列填写一个列名",
            )
            covered.update(range(c0 - off, c1 - off + 1))

    names = [normalize_label(display_value(c)) for c in cells]
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
            report.warning(header_row, address, cells[i], f"未知列“{display_value(cells[i])}”，导入时将忽略")
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
