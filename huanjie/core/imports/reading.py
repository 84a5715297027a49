"""Reading uploaded files into a :class:`Table`, and finding the header (:func:`resolve_header`).

* ``.xlsx`` with python-calamine (Rust, fast); the first worksheet holds the data. Merged cells are
  reported with their address: in a header they show as a name followed by blank cells.
* ``.csv``: the encoding is detected, never guessed silently. A UTF-8 byte-order mark means UTF-8;
  otherwise strict UTF-8 is tried, then strict GB18030 (a superset of GBK and GB2312); if neither
  decodes, the file is refused with a Chinese message. The preview names the encoding.
* Header: the first of the first 10 rows that names at least two known columns, so a title row
  above it is allowed (and reported). Blank, merged and duplicate header cells and missing required
  columns are errors; unknown columns are warnings (they are ignored).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from huanjie.core.imports.cells import Column, cell_address, normalize_label
from huanjie.core.imports.problems import ImportFileError, Report, display_value

HEADER_SCAN_ROWS = 10


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
