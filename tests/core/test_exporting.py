import datetime as dt
import io

import openpyxl
import pytest

from huanjie.core.exporting import Column, neutralise, write_xlsx, xlsx_response
from huanjie.core.models import AuditEvent


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+86 123", "'+86 123"),
        ("-1+1", "'-1+1"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("东村", "东村"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise(raw, expected):
    assert neutralise(raw) == expected


COLUMNS = [
    Column("名称", lambda r: r["name"], 20),
    Column("人数", lambda r: r["n"]),
    Column("日期", lambda r: r["d"]),
    Column("试点", lambda r: r["pilot"]),
]


def test_write_xlsx_cells_header_and_freeze():
    buf = io.BytesIO()
    rows = [
        {"name": '=HYPERLINK("http://x")', "n": -3, "d": dt.date(2026, 3, 1), "pilot": True},
        {"name": "东村", "n": 12, "d": None, "pilot": False},
    ]
    n = write_xlsx(buf, COLUMNS, rows, title_lines=["人员名单", "=筛选"])
    assert n == 2
    ws = openpyxl.load_workbook(io.BytesIO(buf.getvalue())).active
    assert ws["A1"].value == "人员名单"
    assert ws["A2"].value == "'=筛选"
    assert [c.value for c in ws[3]] == ["序号", "名称", "人数", "日期", "试点"]
    assert ws["A3"].font.bold is True
    assert ws.freeze_panes == "A4"
    assert [ws["A4"].value, ws["A5"].value] == [1, 2]
    assert ws["B4"].value == '\'=HYPERLINK("http://x")'
    assert ws["B4"].data_type == "s"
    assert ws["C4"].value == -3  # numbers stay numbers, negative or not
    assert ws["D4"].value == dt.datetime(2026, 3, 1)
    assert ws["E4"].value == "是"
    assert ws["B5"].value == "东村"
    assert ws["D5"].value is None
    assert ws["E5"].value == "否"
    assert ws.column_dimensions["B"].width == pytest.approx(20, abs=1)
    assert ws.max_row == 5


def test_write_xlsx_is_ready_to_print_and_filter():
    buf = io.BytesIO()
    rows = [{"name": f"村{i}", "n": i, "d": None, "pilot": False} for i in range(3)]
    write_xlsx(buf, COLUMNS, rows, title_lines=["人员名单", "筛选条件：性别=女"])
    ws = openpyxl.load_workbook(io.BytesIO(buf.getvalue())).active
    assert ws.auto_filter.ref == "A3:E6"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.page_setup.fitToWidth in (None, 1)  # 1 is the default, left out of the file
    assert ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$1:$3"


def _read(response):
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def test_personal_export_is_audited(cast):
    response = xlsx_response(
        filename="人员名单",
        columns=COLUMNS,
        rows=[{"name": "-张三", "n": 1, "d": None, "pilot": False}],
        actor=cast["town_operator"],
        subject="人员名单",
        filters={"性别": "F", "学历": ""},
        personal=True,
        org_path="329901001",
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    ws = _read(response)
    assert ws["A2"].value == "筛选条件：性别=F"
    assert ws["A4"].value == 1
    assert ws["B4"].value == "'-张三"
    ev = AuditEvent.objects.get(action="export")
    assert ev.actor == cast["town_operator"]
    assert ev.after == {"subject": "人员名单", "filters": {"性别": "F"}, "rows": 1}
    assert ev.org_path == "329901001"


def test_non_personal_export_is_not_audited(cast):
    response = xlsx_response(
        filename="单位", columns=COLUMNS, rows=[], actor=cast["town_operator"], subject="单位"
    )
    ws = _read(response)
    assert ws.max_row == 2
    assert not AuditEvent.objects.filter(action="export").exists()
