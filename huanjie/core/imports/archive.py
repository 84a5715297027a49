"""The checked scan of an .xlsx archive, made before anything parses it (DESIGN.md rule 17).

An .xlsx is a zip of XML parts. Before calamine is given the file, :func:`scan_xlsx`

* refuses archives whose parts unpack to more than the limit in total, or whose large parts are
  compressed more than the allowed ratio (zip bombs);
* picks the sheet to read: the first *visible* worksheet (hidden sheets are never read silently:
  the ones skipped are named in the preview);
* stream-reads that sheet's XML (never more than the unpacked limit, in 1 MB pieces), looks for any
  cell reference beyond the row or column limit (``r="XFD1048576"``) and counts the rows. The sheet's own
  ``<dimension>`` is not trusted: a 2 KB file can declare, or hold, one cell at XFD1048576, which a
  reader would allocate a 16,384 × 1,048,576 grid for.

The row count decides between inline and background work. Nothing here needs Django.
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from huanjie.core.imports.forked import Forked, can_fork
from huanjie.core.imports.limits import MB, RATIO_FLOOR, Limits
from huanjie.core.imports.problems import ImportFileError

CHUNK = 1 * MB
MAX_ENTRIES = 10_000
MAX_TAG = 1 * MB

NOT_A_WORKBOOK = "文件不是有效的 Excel 工作簿（.xlsx）。如为 .xls 旧格式，请另存为 .xlsx。"
DAMAGED = "Excel 工作簿已损坏（压缩数据或文件结构有误），无法读取。请在 Excel 中打开后另存为 .xlsx 再上传。"

_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)>")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")
_ATTR = re.compile(rb"([\w:.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
# Invisible characters (see parsing.INVISIBLE) in UTF-8, and numeric character references. Each
# pattern starts with a literal, which the regex engine looks for at C speed (136 MB of XML for a
# 100,000-row roster).
_INVISIBLE_UTF8 = (
    re.compile(rb"\xe2\x80[\x8b-\x8f\xaa-\xae]"),
    re.compile(rb"\xe2\x81[\xa0-\xa4\xa6-\xa9]"),
    re.compile(rb"\xef\xbb\xbf"),
    re.compile(rb"\xc2\xad"),
    re.compile(rb"\xe1\xa0\x8e"),
    re.compile(rb"&#"),
)
_PREFIXED_ROW = re.compile(rb"<\w+:row[\s>]")
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIGITS = "0123456789"


def _greater_than(bound: str, alphabet: str, first: str) -> str:
    """A regex for the strings over ``alphabet`` that sort after ``bound`` as numbers do (longer,
    or as long and greater); ``first``: the characters a string may start with."""
    k = len(bound)
    cls = f"[{alphabet[0]}-{alphabet[-1]}]"
    alternatives = [f"[{first[0]}-{first[-1]}]{cls}{{{k},}}"]
    for i, ch in enumerate(bound):
        higher = alphabet[alphabet.index(ch) + 1 :]
        if higher:
            alternatives.append(f"{re.escape(bound[:i])}[{higher[0]}-{higher[-1]}]{cls}{{{k - i - 1}}}")
    return "(?:" + "|".join(alternatives) + ")"


def _beyond(limits: Limits) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """Patterns finding a cell reference beyond the column limit, and a row number (of a row or a
    cell) beyond the row limit, without looking at every cell in Python (a sheet has millions)."""
    from huanjie.core.imports.cells import column_letter

    columns = _greater_than(column_letter(max(limits.max_columns, 1) - 1), LETTERS, LETTERS)
    rows = _greater_than(str(max(limits.max_rows + 1, 1)), DIGITS, DIGITS[1:])
    # The literal ' r="' first: see _INVISIBLE_UTF8. A reference written otherwise (r='A1', r = "A1")
    # escapes this scan, not the parsing child's memory limit.
    return (
        re.compile(rf' r="({columns})\d'.encode(), re.IGNORECASE),
        # possessive letters: a reference is not tried again with fewer of them (a third faster)
        re.compile(rf' r="[A-Za-z]{{0,3}}+({rows})(?!\d)'.encode()),
    )


def _has_invisible(piece: bytes) -> bool:
    if piece.isascii():  # the XML of a sheet whose texts are shared strings: only "&#" to look for
        return b"&#" in piece
    return any(p.search(piece) for p in _INVISIBLE_UTF8)


@dataclass
class XlsxScan:
    """What the scan found: the sheet to read, its real extent, and the hidden sheets skipped."""

    sheet_name: str
    sheet_part: str
    rows: int = 0  # rows that hold at least one cell element
    max_row: int = 0  # a row number beyond the limit, if any (1-based)
    max_column: int = 0  # a column number beyond the limit, if any (1-based)
    unpacked: int = 0
    skipped: list[str] = field(default_factory=list)
    invisible: bool = False  # the sheet or its shared strings may hold invisible characters


def column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ch - 64)
    return n


def _attrs(raw: bytes) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in _ATTR.finditer(raw):
        value = m.group(2) if m.group(2) is not None else m.group(3)
        out[m.group(1).decode("utf-8", "replace")] = html.unescape(value.decode("utf-8", "replace"))
    return out


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1]


def scan_xlsx(data: bytes, limits: Limits) -> XlsxScan:
    """Check an .xlsx archive against ``limits`` and scan its first visible worksheet."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportFileError(NOT_A_WORKBOOK)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            _check_entries(infos, limits)
            names = {i.filename for i in infos}
            if "xl/workbook.xml" not in names:
                raise ImportFileError(NOT_A_WORKBOOK)
            scan = _choose_sheet(z, names)
            _scan_sheet(z, scan, limits)
    except ImportFileError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, ValueError, RuntimeError):
        # Corrupt deflate data, bad CRC, truncated archive, encrypted or unsupported compression.
        raise ImportFileError(DAMAGED) from None
    except NotImplementedError:
        raise ImportFileError(DAMAGED) from None
    _check_extent(scan, limits)
    return scan


def _check_entries(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > MAX_ENTRIES:
        raise ImportFileError(
            f"Excel 工作簿内含 {len(infos):,} 个部件，超过上限 {MAX_ENTRIES:,}，不像正常的工作簿。"
        )
    total = sum(i.file_size for i in infos)
    if total > limits.max_unpacked_bytes:
        raise ImportFileError(
            f"Excel 工作簿解压后约 {total // MB:,} MB，超过了解压后大小上限 {limits.max_unpacked_mb:,} MB"
            "（HUANJIE_IMPORT_MAX_UNPACKED_MB）。请删除多余的工作表、行列或格式后重新上传，或拆分为几个文件。"
        )
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise ImportFileError(
                f"Excel 工作簿中的“{info.filename}”压缩比约为 {ratio:,} 倍，超过了压缩比上限 "
                f"{limits.max_ratio:,} 倍（HUANJIE_IMPORT_MAX_RATIO），"
                "文件可能是恶意构造的“压缩炸弹”，已拒绝。"
            )


def _read_small(z: zipfile.ZipFile, name: str, limit: int = 16 * MB) -> bytes:
    with z.open(name) as f:
        out = f.read(limit + 1)
    if len(out) > limit:
        raise ImportFileError(f"Excel 工作簿中的“{name}”异常庞大，不像正常的工作簿。")
    return out


def _choose_sheet(z: zipfile.ZipFile, names: set[str]) -> XlsxScan:
    workbook = _read_small(z, "xl/workbook.xml")
    rels_name = "xl/_rels/workbook.xml.rels"
    rels = _read_small(z, rels_name) if rels_name in names else b""
    targets: dict[str, tuple[str, str]] = {}
    for m in _RELATIONSHIP.finditer(rels):
        a = _attrs(m.group(1))
        if "Id" in a and "Target" in a:
            targets[a["Id"]] = (a["Target"], a.get("Type", ""))
    skipped: list[str] = []
    for m in _SHEET.finditer(workbook):
        a = _attrs(m.group(1))
        name = a.get("name", "")
        rid = next((v for k, v in a.items() if _local(k) == "id" and k != "sheetId"), "")
        target, kind = targets.get(rid, ("", ""))
        if kind and not kind.endswith("/worksheet"):
            continue  # chart sheets and dialog sheets hold no cells
        if a.get("state", "visible") != "visible":
            skipped.append(name)
            continue
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
        if part not in names:
            raise ImportFileError(f"Excel 工作簿已损坏：找不到工作表“{name}”的内容。")
        return XlsxScan(sheet_name=name, sheet_part=part, skipped=skipped)
    if skipped:
        raise ImportFileError(
            f"工作簿中没有可见的工作表（{'、'.join(f'“{s}”' for s in skipped)} 均已隐藏）。"
            "请在 Excel 中取消隐藏要导入的工作表后重新上传。"
        )
    raise ImportFileError("Excel 工作簿中没有工作表。")


def _stream(z: zipfile.ZipFile, part: str, scan: XlsxScan, limits: Limits) -> Iterator[bytes]:
    """The part's XML in pieces that end between tags, counting against the unpacked limit."""
    carry = b""
    with z.open(part) as f:
        while True:
            chunk = f.read(CHUNK)
            if not chunk:
                break
            scan.unpacked += len(chunk)
            if scan.unpacked > limits.max_unpacked_bytes:
                raise ImportFileError(
                    f"工作表“{scan.sheet_name}”解压后超过了解压后大小上限 {limits.max_unpacked_mb:,} MB"
                    "（HUANJIE_IMPORT_MAX_UNPACKED_MB）。"
                )
            buf = carry + chunk
            cut = buf.rfind(b"<")
            if cut == -1 or buf.find(b">", cut) != -1:
                cut = len(buf)  # the last tag is complete
            carry = buf[cut:]
            if len(carry) > MAX_TAG:
                raise ImportFileError(DAMAGED)
            yield buf[:cut]
    if carry:
        yield carry


#: Sheets whose XML unpacks to at least this much are scanned by two processes (below: one).
SPLIT_BYTES = 32 * MB


def _scan_sheet(z: zipfile.ZipFile, scan: XlsxScan, limits: Limits) -> None:
    """The sheet's rows and extent, and whether it may hold invisible characters. A large sheet is
    read twice at once, by this process and a fork of it (core.imports.forked: the other core),
    each looking for half of it: inflating the XML costs less than a third of looking through it
    (0.7 of 3.4 s for a million rows). A fork that fails leaves its half to this process."""
    wide, deep = _beyond(limits)
    size = z.getinfo(scan.sheet_part).file_size
    if size < SPLIT_BYTES or not can_fork():
        _scan_pieces(z, scan, limits, wide, deep)
        _scan_invisible(z, scan, limits)
        return
    with Forked(lambda: _fork_part(z, scan, limits, deep)) as fork:
        _scan_pieces(z, scan, limits, wide, None)
        found = fork.result()
    if found is None:
        _scan_pieces(z, XlsxScan(scan.sheet_name, scan.sheet_part), limits, None, deep, into=scan)
        _scan_invisible(z, scan, limits)
    elif found[0] == "error":
        raise ImportFileError(found[1])
    else:
        scan.max_row, scan.invisible = found[1], found[2]
    _check_extent(scan, limits)


def _fork_part(
    z: zipfile.ZipFile, scan: XlsxScan, limits: Limits, deep: re.Pattern[bytes]
) -> tuple[Any, ...]:
    """The fork's half of the scan: references beyond the last row, invisible characters."""
    mine = XlsxScan(scan.sheet_name, scan.sheet_part)
    try:
        _scan_pieces(z, mine, limits, None, deep)
        _scan_invisible(z, mine, limits)
    except ImportFileError as exc:
        return ("error", str(exc))
    return ("ok", mine.max_row, mine.invisible)


def _scan_pieces(
    z: zipfile.ZipFile,
    scan: XlsxScan,
    limits: Limits,
    wide: re.Pattern[bytes] | None,
    deep: re.Pattern[bytes] | None,
    *,
    into: XlsxScan | None = None,
) -> None:
    """Read the sheet's XML (``scan`` counts what is unpacked); with ``wide``: count the rows and
    find a column beyond the limit; with ``deep``: find a row beyond the limit and invisible
    characters. What is found goes to ``into`` (default: ``scan``), checked against the limits
    piece by piece."""
    found = into or scan
    for piece in _stream(z, scan.sheet_part, scan, limits):
        if wide is not None:
            found.rows += piece.count(b"<row ") + piece.count(b"<row>")
            if b":row" in piece:  # a namespace prefix (<x:row>): rare, counted all the same
                found.rows += len(_PREFIXED_ROW.findall(piece))
            m = wide.search(piece)
            if m:
                found.max_column = max(column_number(m.group(1)[:9]), limits.max_columns + 1)
        if deep is not None:
            m = deep.search(piece)
            if m:
                found.max_row = int(m.group(1)[:12])
            if not found.invisible and _has_invisible(piece):
                found.invisible = True
        _check_extent(found, limits)


def _scan_invisible(z: zipfile.ZipFile, scan: XlsxScan, limits: Limits) -> None:
    """Invisible characters in the shared strings (when the sheet had none)."""
    strings = "xl/sharedStrings.xml"
    if not scan.invisible and strings in z.namelist():
        for piece in _stream(z, strings, scan, limits):
            if _has_invisible(piece):
                scan.invisible = True
                break


def _check_extent(scan: XlsxScan, limits: Limits) -> None:
    if scan.max_column > limits.max_columns:
        raise ImportFileError(
            f"工作表“{scan.sheet_name}”用到了第 {scan.max_column:,} 列，"
            f"超过了列数上限 {limits.max_columns:,} 列（HUANJIE_IMPORT_MAX_COLUMNS）。"
            "请删除表格右侧多余的列（包括看似空白但有内容或格式的单元格）后重新上传。"
        )
    if scan.max_row > limits.max_rows + 1 or scan.rows > limits.max_rows + 1:
        row = max(scan.max_row, scan.rows)
        raise ImportFileError(
            f"工作表“{scan.sheet_name}”用到了第 {row:,} 行，超过了行数上限 {limits.max_rows:,} 行"
            "（HUANJIE_IMPORT_MAX_ROWS）。请删除表格下方多余的行（包括看似空白但有内容或格式的单元格），"
            "或把数据拆分为几个文件后重新上传。"
        )
