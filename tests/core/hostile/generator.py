"""A deterministic corpus of hostile import files, built in memory (no file is checked in).

Each builder returns the bytes of one file; :data:`CORPUS` names them all with the file name to
upload them under. The .xlsx files are written part by part with :mod:`zipfile`, so that each can be
exactly as broken as it is meant to be (what Excel or openpyxl would never write).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from tests.importfiles import ORG_HEADER, ROSTER_HEADER, csv_bytes, roster_row, table

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{overrides}</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"

#: A clean org-unit data row (the fixed cast's town 329901001 exists).
VILLAGE_ROW = ["329901001203", "北村", "村", "329901001000", 380, 1260, 41, 6, "否", 2]


def column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_xml(ref: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if isinstance(value, RawNumber):
        return f'<c r="{ref}"><v>{value.text}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'


class RawNumber:
    """A numeric cell written exactly as given (e.g. 5,000 digits)."""

    def __init__(self, text: str) -> None:
        self.text = text


def sheet_xml(rows: Sequence[Sequence[Any]], *, dimension: str | None = None, extra: str = "") -> bytes:
    body = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(cell_xml(f"{column_letters(c)}{r}", v) for c, v in enumerate(row))
        body.append(f'<row r="{r}">{cells}</row>')
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {NS} {R_NS}>{dim}'
        f"<sheetData>{''.join(body)}{extra}</sheetData></worksheet>"
    ).encode()


def _state(state: str) -> str:
    return "" if state == "visible" else f' state="{state}"'


def xlsx(sheets: Sequence[tuple[str, bytes, str]], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A workbook of ``(name, sheet XML, state)`` sheets, state "visible", "hidden" or "veryHidden"."""
    buf = io.BytesIO()
    entries = "".join(
        f'<sheet name="{escape(name)}" sheetId="{i}"{_state(state)} r:id="rId{i}"/>'
        for i, (name, _, state) in enumerate(sheets, start=1)
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{WORKSHEET}" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    with zipfile.ZipFile(buf, "w", compression) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES.format(overrides=overrides))
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {NS} {R_NS}>'
            f"<sheets>{entries}</sheets></workbook>",
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}'
            "</Relationships>",
        )
        for i, (_, xml, _) in enumerate(sheets, start=1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", xml)
    return buf.getvalue()


def org_xlsx(rows: Sequence[Sequence[Any]], **kw: Any) -> bytes:
    return xlsx([("数据", sheet_xml([ORG_HEADER, *rows], **kw), "visible")])


# -- the corpus ----------------------------------------------------------------------------------


def huge_dimension() -> bytes:
    """A clean one-row file whose <dimension> claims the whole grid (A1:XFD1048576)."""
    return org_xlsx([VILLAGE_ROW], dimension="A1:XFD1048576")


def far_cell() -> bytes:
    """2 KB: the header, one row, and one cell at XFD1048576 (a reader would allocate 512 GiB)."""
    extra = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return org_xlsx([VILLAGE_ROW], extra=extra)


def far_row() -> bytes:
    """A cell in column A far below the data: row 1,048,576."""
    return org_xlsx([VILLAGE_ROW], extra='<row r="1048576"><c r="A1048576"><v>1</v></c></row>')


def far_cell_quoted() -> bytes:
    """The cell at XFD1048576 written with single quotes (r='…'), which the fast scan does not read:
    the parsing child's memory limit stops it instead."""
    extra = "<row r='1048576'><c r='XFD1048576'><v>1</v></c></row>"
    return org_xlsx([VILLAGE_ROW], extra=extra)


def prefixed_rows(rows: int) -> bytes:
    """Rows written with a namespace prefix (<x:row>), as some generators do."""
    body = "".join(
        f'<x:row r="{r}"><x:c r="A{r}" t="inlineStr"><x:is><x:t>{r}</x:t></x:is></x:c></x:row>'
        for r in range(1, rows + 1)
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<x:sheetData>{body}</x:sheetData></x:worksheet>"
    ).encode()
    return xlsx([("数据", xml, "visible")])


def wide_row() -> bytes:
    """A cell at column AAA (703), beyond the column limit."""
    return org_xlsx([VILLAGE_ROW], extra='<row r="3"><c r="AAA3"><v>1</v></c></row>')


def zip_bomb(megabytes: int = 40) -> bytes:
    """A sheet whose XML unpacks to ``megabytes`` MB of blanks (compressed about 1,000 times)."""
    buf = io.BytesIO()
    head = sheet_xml([ORG_HEADER, VILLAGE_ROW]).replace(b"</sheetData>", b"")
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES.format(overrides=""))
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr(
            "xl/workbook.xml",
            f'<workbook {NS} {R_NS}><sheets><sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{WORKSHEET}" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            f.write(head)
            blank = b" " * (1024 * 1024)
            for _ in range(megabytes):
                f.write(blank)
            f.write(b"</sheetData></worksheet>")
    return buf.getvalue()


def lying_sizes() -> bytes:
    """A clean file whose headers understate the sheet's unpacked size as 100 bytes (a bomb that
    hides from a check of the declared sizes)."""
    data = bytearray(org_xlsx([VILLAGE_ROW] * 50))
    name = b"xl/worksheets/sheet1.xml"
    small = (100).to_bytes(4, "little")
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        local = z.getinfo(name.decode()).header_offset
    data[local + 22 : local + 26] = small  # the local file header
    pos = bytes(data).find(b"PK\x01\x02")
    while pos != -1:  # the central directory
        name_len = int.from_bytes(data[pos + 28 : pos + 30], "little")
        if bytes(data[pos + 46 : pos + 46 + name_len]) == name:
            data[pos + 24 : pos + 28] = small
        pos = bytes(data).find(b"PK\x01\x02", pos + 4)
    return bytes(data)


def corrupt_deflate() -> bytes:
    """A valid workbook whose sheet's compressed data is overwritten in the middle."""
    data = bytearray(org_xlsx([VILLAGE_ROW] * 200))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    name_len = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_len = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    middle = start + info.compress_size // 3
    data[middle : middle + 64] = bytes(range(64))
    return bytes(data)


def truncated_zip() -> bytes:
    data = org_xlsx([VILLAGE_ROW] * 20)
    return data[: len(data) // 2]


def not_a_zip() -> bytes:
    return "区划代码,名称\n这不是 Excel 文件\n".encode()


def empty() -> bytes:
    return b""


def no_workbook_part() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    return buf.getvalue()


def broken_xml() -> bytes:
    """The sheet XML is cut in the middle of a tag."""
    xml = sheet_xml([ORG_HEADER, VILLAGE_ROW])
    return xlsx([("数据", xml[: len(xml) - 60], "visible")])


def entity_expansion() -> bytes:
    """'Billion laughs': an XML entity that would expand exponentially."""
    doctype = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
        )
        + "]>"
    )
    xml = sheet_xml([ORG_HEADER, ["329901001203", "&lol9;", "村", "329901001000"]])
    xml = xml.replace(b"&amp;lol9;", b"&lol9;")
    xml = doctype.encode() + xml.split(b"?>", 1)[1]
    return xlsx([("数据", xml, "visible")])


def digits_5000() -> bytes:
    """A number cell of 5,000 digits in the 户数 (households) column."""
    row: list[Any] = list(VILLAGE_ROW)
    row[4] = RawNumber("9" * 5000)
    return org_xlsx([row])


def digits_400() -> bytes:
    row: list[Any] = list(VILLAGE_ROW)
    row[4] = RawNumber("9" * 400)
    row[0] = RawNumber("1" * 400)
    return org_xlsx([row])


def digits_5000_csv() -> bytes:
    row: list[Any] = list(VILLAGE_ROW)
    row[4] = "9" * 5000
    row[5] = "8" * 400
    return csv_bytes([ORG_HEADER, row])


def too_large_for_column() -> bytes:
    """户数 of 10^20 and 人口 of 3 billion: numbers, but too large for the database column."""
    row: list[Any] = list(VILLAGE_ROW)
    row[4] = 10**20
    row[5] = 3_000_000_000
    return org_xlsx([row])


def too_large_for_column_csv() -> bytes:
    row: list[Any] = list(VILLAGE_ROW)
    row[4] = str(10**20)
    return csv_bytes([ORG_HEADER, row])


def not_a_number() -> bytes:
    row: list[Any] = list(VILLAGE_ROW)
    row[4] = RawNumber("NaN")
    row[5] = RawNumber("1e999")
    return org_xlsx([row])


def gbk_with_utf8_field() -> bytes:
    """A GBK file in which one name was pasted as UTF-8 bytes."""
    good = csv_bytes([ORG_HEADER, VILLAGE_ROW], encoding="gbk")
    return good + b"329901001204," + "南村".encode() + ",村,329901001000\n".encode("gbk")


def utf8_with_gbk_field() -> bytes:
    """A UTF-8 file in which one name was pasted as GBK bytes."""
    good = csv_bytes([ORG_HEADER, VILLAGE_ROW])
    return good + b"329901001204," + "南村".encode("gbk") + ",村,329901001000\n".encode()


def hidden_first_sheet() -> bytes:
    """The first sheet (old data) is hidden; the visible second sheet is the one the user sees."""
    old = sheet_xml([ORG_HEADER, ["329901001299", "旧村", "村", "329901001000"]])
    new = sheet_xml([ORG_HEADER, VILLAGE_ROW])
    return xlsx([("旧数据", old, "hidden"), ("数据", new, "visible")])


def only_hidden_sheets() -> bytes:
    old = sheet_xml([ORG_HEADER, VILLAGE_ROW])
    return xlsx([("旧数据", old, "hidden"), ("更旧", old, "veryHidden")])


ZWSP, ZWJ, BOM, LRM = "\u200b", "\u200d", "\ufeff", "\u200e"


def zero_width_roster_rows() -> list[list[Any]]:
    """Roster rows whose name and ID carry invisible characters."""
    row = roster_row(姓名=f"张{ZWSP}建国{ZWJ}", 身份证号=f"{BOM}{roster_row()['身份证号']}{LRM}")
    return table(ROSTER_HEADER, [row])


def zero_width_roster_xlsx() -> bytes:
    return xlsx([("班子成员名册", sheet_xml(zero_width_roster_rows()), "visible")])


def zero_width_roster_csv() -> bytes:
    return csv_bytes(zero_width_roster_rows())


def many_rows(rows: int) -> bytes:
    """``rows`` data rows of one cell each (the row limit)."""
    body = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(2, rows + 2))
    return org_xlsx([], extra=body)


def small_real_rows_big_dimension_csv() -> bytes:
    return csv_bytes([ORG_HEADER, VILLAGE_ROW])


def nul_csv() -> bytes:
    return b"\x00\x01\x02" * 100


def utf16_csv() -> bytes:
    return "区划代码,名称\n".encode("utf-16")


def huge_field_csv() -> bytes:
    return csv_bytes([ORG_HEADER, ["329901001203", "村" * 200_000, "村", "329901001000"]])


def csv_deflate_check(data: bytes) -> bool:
    """True when zlib can decompress the sheet (used to prove corrupt_deflate is corrupt)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        try:
            z.read("xl/worksheets/sheet1.xml")
        except (zipfile.BadZipFile, zlib.error):
            return False
    return True


#: name → (file name, builder). Every file here must be refused or read without harm.
CORPUS: dict[str, tuple[str, Callable[[], bytes]]] = {
    "huge_dimension": ("dimension.xlsx", huge_dimension),
    "far_cell": ("far-cell.xlsx", far_cell),
    "far_row": ("far-row.xlsx", far_row),
    "far_cell_quoted": ("far-cell-quoted.xlsx", far_cell_quoted),
    "wide_row": ("wide-row.xlsx", wide_row),
    "zip_bomb": ("bomb.xlsx", zip_bomb),
    "lying_sizes": ("lying.xlsx", lying_sizes),
    "corrupt_deflate": ("corrupt.xlsx", corrupt_deflate),
    "truncated_zip": ("truncated.xlsx", truncated_zip),
    "not_a_zip": ("not-zip.xlsx", not_a_zip),
    "empty_xlsx": ("empty.xlsx", empty),
    "empty_csv": ("empty.csv", empty),
    "no_workbook_part": ("no-workbook.xlsx", no_workbook_part),
    "broken_xml": ("broken.xlsx", broken_xml),
    "entity_expansion": ("lol.xlsx", entity_expansion),
    "digits_5000": ("digits5000.xlsx", digits_5000),
    "digits_400": ("digits400.xlsx", digits_400),
    "digits_5000_csv": ("digits.csv", digits_5000_csv),
    "too_large_for_column": ("large.xlsx", too_large_for_column),
    "too_large_for_column_csv": ("large.csv", too_large_for_column_csv),
    "not_a_number": ("nan.xlsx", not_a_number),
    "gbk_with_utf8_field": ("mixed-gbk.csv", gbk_with_utf8_field),
    "utf8_with_gbk_field": ("mixed-utf8.csv", utf8_with_gbk_field),
    "hidden_first_sheet": ("hidden.xlsx", hidden_first_sheet),
    "only_hidden_sheets": ("all-hidden.xlsx", only_hidden_sheets),
    "nul_csv": ("nul.csv", nul_csv),
    "utf16_csv": ("utf16.csv", utf16_csv),
    "huge_field_csv": ("huge-field.csv", huge_field_csv),
}


def build(names: Iterable[str] | None = None) -> dict[str, tuple[str, bytes]]:
    return {n: (CORPUS[n][0], CORPUS[n][1]()) for n in (names or CORPUS)}
