"""Turning file bytes into rows: what runs inside the parsing child (:mod:`.sandbox`). No Django.

* ``.csv``: the encoding is detected, never guessed silently. A UTF-8 byte-order mark means UTF-8;
  otherwise strict UTF-8 is tried, then strict GB18030 (a superset of GBK and GB2312); if neither
  decodes, the file is refused. A GBK file holding a field in UTF-8 bytes (or a UTF-8 file holding a
  field in GBK bytes, which then reads as GB18030) is refused: one of the two would be stored as
  mojibake.
* ``.xlsx`` with python-calamine, the sheet chosen by the checked scan (:mod:`.archive`); calamine's
  English errors are translated.
* Invisible characters (zero-width space/joiner, BOM, direction marks, soft hyphen…) are removed
  from every text cell; each cleaned cell is listed so that the preview can say so.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

from huanjie.core.imports.problems import ImportFileError

#: Zero-width space/non-joiner/joiner, direction marks and embeddings, word joiner and invisible
#: operators, BOM (zero-width no-break space), soft hyphen, Mongolian vowel separator.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad\u180e]")

RESAVE = "请在 Excel 中打开后另存为 .xlsx 再上传。"
NEEDS_UTF8_CSV = "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或 .xlsx 后重新上传。"


@dataclass
class RawTable:
    """A parsed sheet, sent back from the child: rows from the top of the sheet (row index 0)."""

    description: str
    encoding: str
    rows: list[list[Any]]
    col_offset: int = 0
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    #: (row index, absolute column index, characters removed) of every cleaned cell
    cleaned: list[tuple[int, int, int]] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------------

# Three-byte UTF-8 sequences of CJK text (lead bytes E3–E9): in a file that is not valid UTF-8 they
# point at fields that may have been pasted in UTF-8.
_UTF8_CJK = re.compile(rb"[\xe3-\xe9][\x80-\xbf][\x80-\xbf]")
_FIELD_EDGE = re.compile(rb'[,\r\n"]')


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes; returns (text, encoding label). Never guesses: see the module docstring."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError("文件为 UTF-16 编码（Excel 的“Unicode 文本”格式），无法导入。" + NEEDS_UTF8_CSV)
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "UTF-8（带 BOM）"
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                f"文件以 UTF-8 标记开头，但第 {exc.start + 4} 字节处不是有效的 UTF-8 编码，文件可能已损坏。"
            ) from None
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        if _UTF8_CJK.search(data):
            raise ImportFileError(
                f"文件混用了两种编码：大部分是 UTF-8 编码，但第 {_line_of(data, first_bad)} 行含有其他编码"
                "（如 GBK）的文字，按任何一种编码读取都会把一部分文字变成乱码，因此未导入。" + NEEDS_UTF8_CSV
            ) from None
        raise ImportFileError(
            "无法识别文件编码：既不是 UTF-8，也不是 GB18030/GBK。" + NEEDS_UTF8_CSV
        ) from None
    _refuse_mixed_encoding(data, first_bad)
    return text, "GB18030（兼容 GBK）"


def _line_of(data: bytes, pos: int) -> int:
    return data.count(b"\n", 0, pos) + 1


def _refuse_mixed_encoding(data: bytes, first_bad: int) -> None:
    """The file is not UTF-8 as a whole; refuse it if one of its fields is (see module docstring).

    A field counts as UTF-8 when its bytes decode as UTF-8 to common characters (GB2312) while the
    same bytes read as GBK give rarer ones (outside GB2312): mojibake, not a GBK name that happens to
    be valid UTF-8."""
    for m in _UTF8_CJK.finditer(data):
        start = max(
            (e.end() for e in _FIELD_EDGE.finditer(data, max(0, m.start() - 400), m.start())), default=0
        )
        edge = _FIELD_EDGE.search(data, m.end())
        end = edge.start() if edge else len(data)
        piece = data[start:end]
        try:
            as_utf8 = piece.decode("utf-8")
            as_gbk = piece.decode("gb18030")
        except UnicodeDecodeError:
            continue
        if _common(as_utf8) and not _common(as_gbk):
            line, other = _line_of(data, start), _line_of(data, first_bad)
            raise ImportFileError(
                f"文件混用了两种编码：第 {line} 行的“{as_utf8.strip()[:20]}”是 UTF-8 编码，而第 {other} 行"
                "等处是 GBK 编码。按任何一种编码读取都会把一部分文字变成乱码，因此未导入。" + NEEDS_UTF8_CSV
            )


def _common(text: str) -> bool:
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def parse_csv(data: bytes) -> RawTable:
    text, encoding = decode_text(data)
    if "\x00" in text:
        raise ImportFileError("文件中含有空字符，不是有效的 CSV 文本文件。")
    first_line = text.split("\n", 1)[0]
    if "\t" in first_line and "," not in first_line:
        raise ImportFileError("CSV 文件应以逗号分隔，此文件似乎以制表符分隔。请另存为“CSV（逗号分隔）”。")
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise ImportFileError(f"CSV 格式错误：{_csv_message(str(exc))}") from None
    cleaned = clean_rows(rows, 0) if INVISIBLE.search(text) else []
    return RawTable(f"CSV 文件，编码 {encoding}", encoding, rows, cleaned=cleaned)


def _csv_message(message: str) -> str:
    m = re.search(r"field larger than field limit \((\d+)\)", message)
    if m:
        return f"有单元格超过 {int(m.group(1)):,} 个字符，不像正常的数据"
    if "new-line character seen in unquoted field" in message:
        return "未加引号的单元格中出现了换行符"
    if "unexpected end of data" in message:
        return "文件在引号内意外结束（引号不成对）"
    return "文件结构有误（引号或分隔符不成对）"


def clean_rows(rows: list[list[Any]], col_offset: int) -> list[tuple[int, int, int]]:
    """Remove invisible characters from every text cell, in place; returns the cleaned cells."""
    cleaned: list[tuple[int, int, int]] = []
    search = INVISIBLE.search
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if type(value) is str and search(value):
                new, n = INVISIBLE.subn("", value)
                row[c] = new
                cleaned.append((r, c + col_offset, n))
    return cleaned


def share_strings(rows: list[list[Any]]) -> None:
    """Make equal short texts one object (男, 汉族, 中共党员…), in place: the rows then pickle to a
    third of the size and unpickle faster on the way back to the parent (the sandbox does it for
    each chunk it sends)."""
    memo: dict[str, str] = {}
    get = memo.setdefault
    for row in rows:
        for i, value in enumerate(row):
            if type(value) is str and len(value) < 16:
                row[i] = get(value, value)


# ---------------------------------------------------------------------------------------------
# xlsx
# ---------------------------------------------------------------------------------------------

_CALAMINE_MESSAGES = (
    ("larger than its declared", "压缩数据比声明的大小还大，文件可能是恶意构造的“压缩炸弹”"),
    ("Cannot detect file format", "文件结构无法识别，文件可能已损坏或不是 .xlsx"),
    ("password", "工作簿设有密码保护，请在 Excel 中取消密码"),
    ("encrypt", "工作簿已加密，请在 Excel 中取消加密"),
    ("unrecognized entity", "工作表 XML 中含有无法识别的实体引用，文件不像 Excel 生成的"),
    ("DOCTYPE", "工作表 XML 中含有文档类型声明，文件不像 Excel 生成的"),
    ("not closed", "工作表 XML 不完整（标签未闭合），文件可能已损坏"),
    ("syntax error", "工作表 XML 有语法错误，文件可能已损坏"),
    ("Expecting", "工作表内容无法解析，压缩数据可能已损坏"),
    ("Deflate", "压缩数据已损坏"),
    ("deflate", "压缩数据已损坏"),
    ("Zip", "压缩包结构已损坏"),
    ("zip", "压缩包结构已损坏"),
    ("CRC", "压缩数据校验失败，文件已损坏"),
    ("I/O error", "读取压缩数据时出错，文件可能已损坏"),
    ("not found", "工作簿缺少必要的部件，文件可能已损坏"),
    ("Xml", "工作表 XML 有误，文件可能已损坏"),
    ("nvalid", "文件内容无效，可能已损坏"),
)


def calamine_message(message: str) -> str:
    """calamine's English error → a Chinese sentence for the user (the English goes to the log)."""
    for needle, chinese in _CALAMINE_MESSAGES:
        if needle in message:
            return f"无法读取 Excel 工作簿：{chinese}。" + ("" if chinese.startswith("工作簿") else RESAVE)
    return "无法读取 Excel 工作簿：文件可能已损坏或不是 Excel 生成的 .xlsx。" + RESAVE


def parse_xlsx(data: bytes, sheet_name: str | None, *, clean: bool = True) -> RawTable:
    """The rows of worksheet ``sheet_name``; ``clean``: remove invisible characters (the checked scan
    says whether the sheet may hold any: looking at every cell costs seconds on 100,000 rows)."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = book.get_sheet_by_name(sheet_name) if sheet_name else book.get_sheet_by_index(0)
        description = f"Excel 工作簿，工作表“{sheet.name}”"
        start, end = sheet.start, sheet.end
        if start is None or end is None:
            return RawTable(description, "", [])
        merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])]
        rows = list(sheet.iter_rows())
    except CalamineError as exc:
        raise ImportFileError(calamine_message(str(exc))) from None
    cleaned = clean_rows(rows, start[1]) if clean else []
    return RawTable(description, "", rows, col_offset=start[1], merged=merged, cleaned=cleaned)
