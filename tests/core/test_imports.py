"""The import kit: reading files (encodings, xlsx), header checks, typed cells, problems."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from huanjie.core import imports
from huanjie.core.imports import CellError, Column, ImportFileError, parse_date
from tests.importfiles import ORG_HEADER, csv_bytes, write_xlsx

VILLAGE_ROW = ["329901001203", "北村", "村", "329901001000", 380, 1260, 41, 6, "否", 2]


def problems_of(outcome) -> list[tuple]:
    return [(p.row, p.column, p.value, p.reason, p.level) for p in outcome.report.problems]


def run(data: bytes, name: str, actor) -> imports.Outcome:
    return imports.process(data, name, kind="org_units", actor=actor)


# -- encodings ---------------------------------------------------------------------------------


def test_utf8_csv_is_read_and_named(cast):
    data = csv_bytes([ORG_HEADER, VILLAGE_ROW])
    outcome = run(data, "units.csv", cast["town_operator"])
    assert outcome.source == "CSV 文件，编码 UTF-8"
    assert outcome.report.errors == 0
    assert outcome.rows == 1


def test_utf8_bom_csv(cast):
    data = csv_bytes([ORG_HEADER, VILLAGE_ROW], bom=True)
    assert data.startswith(b"\xef\xbb\xbf")
    outcome = run(data, "units.csv", cast["town_operator"])
    assert outcome.source == "CSV 文件，编码 UTF-8（带 BOM）"
    assert outcome.report.errors == 0
    assert outcome.preview["columns"][0] == "区划代码"  # the BOM is not part of the first header


def test_gbk_csv_is_detected_as_gb18030(cast):
    data = csv_bytes([ORG_HEADER, VILLAGE_ROW], encoding="gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    outcome = run(data, "units.csv", cast["town_operator"])
    assert outcome.source == "CSV 文件，编码 GB18030（兼容 GBK）"
    assert outcome.report.errors == 0
    assert outcome.preview["rows"][0][2] == "北村"


def test_undecodable_csv_is_refused_in_chinese():
    with pytest.raises(ImportFileError) as exc:
        imports.decode_text("区划代码".encode("gbk") + b"\xff\xff\x80")
    assert str(exc.value) == (
        "无法识别文件编码：既不是 UTF-8，也不是 GB18030/GBK。"
        "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或 .xlsx 后重新上传。"
    )


def test_utf16_csv_is_refused_with_its_name():
    with pytest.raises(ImportFileError, match="UTF-16"):
        imports.decode_text("区划代码".encode("utf-16"))


def test_other_formats_refused():
    with pytest.raises(ImportFileError, match=r"不支持“\.xls”格式"):
        imports.read_table(b"whatever", "old.xls")
    with pytest.raises(ImportFileError, match="不是有效的 Excel 工作簿"):
        imports.read_table(b"plain text", "fake.xlsx")


# -- header ------------------------------------------------------------------------------------


def test_xlsx_merged_header_cells_reported_with_address(cast, tmp_path):
    header = ["区划代码", "名称", "", "层级", "上级区划代码"]
    path = write_xlsx(
        tmp_path / "m.xlsx", [header, [*VILLAGE_ROW[:1], "北村", "", "村", "329901001000"]], merges=["B1:C1"]
    )
    outcome = run(path.read_bytes(), "m.xlsx", cast["town_operator"])
    assert problems_of(outcome) == [
        (1, "B1:C1", "名称", "表头单元格 B1:C1 为合并单元格：请取消合并，每一列填写一个列名", "error"),
    ]
    assert outcome.importer is None  # header errors stop before any row is checked


def test_blank_header_cell_between_names(cast, tmp_path):
    header = ["区划代码", "名称", None, "层级", "上级区划代码"]
    path = write_xlsx(tmp_path / "b.xlsx", [header, ["329901001203", "北村", None, "村", "329901001000"]])
    outcome = run(path.read_bytes(), "b.xlsx", cast["town_operator"])
    assert problems_of(outcome) == [(1, "C1", "", "表头单元格 C1 为空：请填写列名或删除该列", "error")]


def test_blank_header_with_data_beyond_last_name(cast, tmp_path):
    rows = [ORG_HEADER, [*VILLAGE_ROW, "多出来的数据"]]
    path = write_xlsx(tmp_path / "t.xlsx", rows)
    outcome = run(path.read_bytes(), "t.xlsx", cast["town_operator"])
    assert problems_of(outcome) == [
        (2, "K1", "多出来的数据", "表头单元格 K1 为空，但该列有数据：请填写列名", "error")
    ]


def test_header_in_csv_blank_cell(cast):
    data = csv_bytes(
        [["区划代码", "", "名称", "层级", "上级区划代码"], ["329901001203", "", "北村", "村", "329901001000"]]
    )
    outcome = run(data, "x.csv", cast["town_operator"])
    assert problems_of(outcome) == [(1, "B1", "", "表头单元格 B1 为空：请填写列名或删除该列", "error")]


def test_duplicate_unknown_and_missing_columns(cast):
    data = csv_bytes([["区划代码", "名称", "备注", "名称"], ["329901001203", "北村", "x", "北村"]])
    outcome = run(data, "x.csv", cast["town_operator"])
    assert problems_of(outcome) == [
        (1, "C1", "备注", "未知列“备注”，导入时将忽略", "warning"),
        (1, "D1", "名称", "列“名称”重复出现（B1 与 D1）", "error"),
        (1, "层级", "", "缺少必填列“层级”", "error"),
    ]


def test_header_names_tolerate_spaces_and_half_width_parentheses(cast):
    header = ["区划 代码", "名称", "层级", "上级区划代码", "村(居)民小组数"]
    data = csv_bytes([header, ["329901001203", "北村", "村", "329901001000", "6"]])
    outcome = run(data, "x.csv", cast["town_operator"])
    assert outcome.report.errors == 0
    assert outcome.preview["columns"] == ["区划代码", "名称", "层级", "上级区划代码", "村民小组数"]


def test_title_row_above_header_is_reported(cast, tmp_path):
    rows = [["东湖市单位表"], ORG_HEADER, VILLAGE_ROW]
    path = write_xlsx(tmp_path / "t.xlsx", rows, merges=["A1:J1"])
    outcome = run(path.read_bytes(), "t.xlsx", cast["town_operator"])
    assert problems_of(outcome) == [
        (2, "表头", "", "表头在第 2 行，其上方的 1 行（标题等）不导入", "warning")
    ]
    assert outcome.header_row == 2
    assert outcome.preview["rows"][0][0] == 3  # file row numbers


def test_no_header_found():
    data = csv_bytes([["a", "b"], ["1", "2"]])
    with pytest.raises(ImportFileError, match="未找到表头"):
        imports.process(data, "x.csv", kind="org_units", actor=None)


def test_merged_data_cells_are_reported(cast, tmp_path):
    rows = [ORG_HEADER, VILLAGE_ROW, ["329901001204", "", "村", "329901001000"]]
    path = write_xlsx(tmp_path / "m.xlsx", rows, merges=["B2:B3"])
    outcome = run(path.read_bytes(), "m.xlsx", cast["town_operator"])
    assert problems_of(outcome) == [
        (2, "名称", "北村", "合并单元格 B2:B3：请取消合并，并在每一行分别填写", "error"),
        (3, "名称", "", "必填项不能为空", "error"),
    ]


def test_blank_rows_are_skipped_and_row_numbers_are_the_files(cast):
    rows = [ORG_HEADER, VILLAGE_ROW, ["", "", ""], ["329901001204", "中村", "村", "329901001000", "很多"]]
    outcome = run(csv_bytes(rows), "x.csv", cast["town_operator"])
    assert outcome.rows == 2
    assert problems_of(outcome) == [(4, "户数", "很多", "此列应填数字，不能填文本", "error")]


# -- typed cells -------------------------------------------------------------------------------


def test_number_column_with_text_in_xlsx(cast, tmp_path):
    rows = [ORG_HEADER, ["329901001203", "北村", "村", "329901001000", "三百八十", "1,260", 41.5, -6]]
    path = write_xlsx(tmp_path / "n.xlsx", rows)
    outcome = run(path.read_bytes(), "n.xlsx", cast["town_operator"])
    assert problems_of(outcome) == [
        (2, "户数", "三百八十", "此列应填数字，不能填文本", "error"),
        (2, "人口", "1,260", "应为整数（只能填数字，不能含文字、逗号或小数）", "error"),
        (2, "党员数", "41.5", "应为整数，不能有小数", "error"),
        (2, "村民小组数", "-6", "不能为负数", "error"),
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2021-03-01", dt.date(2021, 3, 1)),
        ("2021/3/1", dt.date(2021, 3, 1)),
        ("20210301", dt.date(2021, 3, 1)),
        ("2021.3.1", dt.date(2021, 3, 1)),
        ("2021年3月1日", dt.date(2021, 3, 1)),
        ("2021-03-01 00:00:00", dt.date(2021, 3, 1)),
        (44256.0, dt.date(2021, 3, 1)),  # Excel serial date
        (44256, dt.date(2021, 3, 1)),
        (20210301, dt.date(2021, 3, 1)),  # typed as a number
        (dt.date(2021, 3, 1), dt.date(2021, 3, 1)),
        (dt.datetime(2021, 3, 1, 0, 0), dt.date(2021, 3, 1)),
    ],
)
def test_dates_accepted(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("2021-02-30", "“2021-02-30”不是有效日期"),
        ("20211301", "“20211301”不是有效日期"),
        ("三月一日", imports.DATE_HINT),
        ("1/3/2021", imports.DATE_HINT),
        (True, imports.DATE_HINT),
        (3.0, imports.DATE_HINT),
    ],
)
def test_dates_refused(raw, reason):
    with pytest.raises(CellError) as exc:
        parse_date(raw)
    assert str(exc.value) == reason


def test_dates_in_real_xlsx_cells(tmp_path):
    path = write_xlsx(
        tmp_path / "d.xlsx", [["日期"], [dt.date(2021, 3, 1)], [44256], ["2021/3/1"], [20210301]]
    )
    table = imports.read_table(path.read_bytes(), "d.xlsx")
    values = [parse_date(r[0]) for r in list(table.rows())[1:]]
    assert values == [dt.date(2021, 3, 1)] * 4


def test_choice_bool_code_and_text_columns():
    level = Column("层级", imports.CHOICE, choices=(("村", "village"), ("社区", "community")))
    assert level.parse(" 村 ") == "village"
    with pytest.raises(CellError, match="不是可选值，可选：村、社区"):
        level.parse("镇")
    flag = Column("试点", imports.BOOL)
    assert (flag.parse("是"), flag.parse("否"), flag.parse(True)) == (True, False, True)
    with pytest.raises(CellError, match="应填“是”或“否”"):
        flag.parse("Y")
    code = Column("区划代码", imports.CODE, digits=12)
    assert code.parse(329901001201.0) == "329901001201"
    with pytest.raises(CellError, match="应为 12 位数字"):
        code.parse("32990100120")
    name = Column("名称", max_length=3)
    with pytest.raises(CellError, match="不能超过 3 个字"):
        name.parse("四个字了")
    ident = Column("身份证号", imports.CITIZEN_ID, sensitive=True)
    with pytest.raises(CellError, match="身份证号被存成了数字"):
        ident.parse(3.29901197506e17)
    assert ident.display("329901197506010119") == "329901************"


def test_column_letters():
    assert [imports.column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def test_common_path():
    assert imports.common_path({"329901001201", "329901001202"}) == "329901001"
    assert imports.common_path({"329901001201", "329902001001"}) == "3299"
    assert imports.common_path({"329901001201"}) == "329901001201"
    assert imports.common_path(set()) == ""


def test_template_workbook_has_header_example_and_notes():
    from python_calamine import CalamineWorkbook

    name, data = imports.template_workbook("roster")
    assert name == "班子成员名册导入模板.xlsx"
    import io

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert book.sheet_names == ["班子成员名册", "选项", "我的单位", "说明"]
    rows = book.get_sheet_by_index(0).to_python()
    assert rows[0][:4] == ["村（社区）区划代码", "村（社区）名称", "姓名", "身份证号"]
    assert rows[1][3] == "329901197506010119"  # kept as text
    notes = book.get_sheet_by_name("说明").to_python()
    post = next(r for r in notes if r[0] == "职务")
    assert post[3] == "书记、副书记、委员、主任、副主任、监委会主任、监委会委员"
    ethnicity = next(r for r in notes if r[0] == "民族")
    assert ethnicity[1] == "是" and "汉族" in ethnicity[3] and "基诺族" in ethnicity[3]


# -- import kinds ------------------------------------------------------------------------------


def test_import_kinds_are_those_the_installed_apps_declare():
    from django.apps import apps

    declared = {}
    for config in apps.get_app_configs():
        plugin = getattr(config, "plugin", None)
        declared.update(plugin.importers if plugin is not None else {})
    paths = imports.importer_paths()
    assert paths == declared
    assert paths["org_units"] == "huanjie.org.importers.OrgUnitImporter"
    assert paths["roster"] == "huanjie.people.importers.RosterImporter"
    assert {k for k in paths if k.startswith("planning_")} == {
        "planning_committee_seats",
        "planning_party_seats",
        "planning_assessments",
        "planning_member_views",
        "planning_rectification_tasks",
        "planning_reserves",
        "planning_plans",
    }
    # In the order the apps are installed (org, people, planning).
    assert [kind for kind, _ in imports.import_kinds()][:2] == ["org_units", "roster"]


def test_import_kinds_come_from_the_plugins_once_an_app_declares_them(monkeypatch):
    from huanjie.core.imports import importer
    from huanjie.core.plugins import Plugin

    declared = [
        ("org", Plugin(importers={"org_units": "huanjie.org.importers.OrgUnitImporter"})),
        ("people", Plugin()),
        ("other", Plugin(importers={"roster": "huanjie.people.importers.RosterImporter"})),
    ]
    monkeypatch.setattr(importer, "plugins", lambda: iter(declared))
    assert imports.importer_paths() == {
        "org_units": "huanjie.org.importers.OrgUnitImporter",
        "roster": "huanjie.people.importers.RosterImporter",
    }
    declared.pop()
    assert [kind for kind, _ in imports.import_kinds()] == ["org_units"]
    with pytest.raises(ValidationError):
        imports.importer_for("roster")


@pytest.mark.django_db
def test_bulk_insert_returns_the_new_rows_ids_in_order_and_the_sequence_goes_on_after_them():
    """On PostgreSQL the ids are taken from the table's sequence and the rows sent with COPY; on
    SQLite bulk_create. Either way the ids are the rows', in the order given."""
    from huanjie.core.imports import bulk_insert
    from huanjie.org.models import OrgUnit

    rows = [(f"4198{k:08d}", f"4198{k:08d}", "village", f"第{k}村") for k in range(3)]
    ids = bulk_insert(OrgUnit, ["code", "path", "level", "name"], rows)
    assert len(set(ids)) == 3
    assert [OrgUnit.objects.get(pk=pk).name for pk in ids] == ["第0村", "第1村", "第2村"]
    later = OrgUnit.objects.create(code="419899999999", path="419899999999", level="village", name="后来")
    assert later.pk > max(ids)
    assert bulk_insert(OrgUnit, ["code"], []) == []


@pytest.mark.django_db
def test_bulk_insert_without_drawing_ids_returns_the_range_holding_the_new_rows_in_order():
    """``ids=False``: the table gives the ids as the rows are written (PostgreSQL's COPY), in the
    rows' order; the range returned holds each of them, and ids go on after it."""
    from huanjie.core.imports import bulk_insert
    from huanjie.org.models import OrgUnit

    before = OrgUnit.objects.create(code="419800000001", path="419800000001", level="village", name="先前")
    rows = [(f"4198{k:08d}", f"4198{k:08d}", "village", f"第{k}村") for k in range(10, 15)]
    ids = bulk_insert(OrgUnit, ["code", "path", "level", "name"], rows, ids=False)
    written = list(OrgUnit.objects.filter(pk__gte=ids[0], pk__lte=ids[-1]).order_by("pk"))
    assert [u.name for u in written] == [f"第{k}村" for k in range(10, 15)]
    assert all(u.pk in ids for u in written) and before.pk not in ids
    later = OrgUnit.objects.create(code="419899999999", path="419899999999", level="village", name="后来")
    assert later.pk > ids[-1]
    assert bulk_insert(OrgUnit, ["code"], [], ids=False) == []


@pytest.mark.django_db
def test_a_large_bulk_insert_refreshes_the_statistics_of_the_fields_named(monkeypatch):
    """PostgreSQL: ``statistics`` names the fields the caller's next queries read: theirs are
    refreshed, and the table's size."""
    from django.db import connection

    from huanjie.core.imports import bulk_insert, importer
    from huanjie.org.models import OrgUnit

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's planner statistics")
    monkeypatch.setattr(importer, "ANALYZE_ROWS", 3)
    rows = [(f"4198{k:08d}", f"4198{k:08d}", "village", f"第{k}村") for k in range(4)]
    bulk_insert(OrgUnit, ["code", "path", "level", "name"], rows, ids=False, statistics=("code", "parent"))
    with connection.cursor() as cur:
        cur.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [OrgUnit._meta.db_table])
        assert cur.fetchone()[0] == OrgUnit.objects.count()
        cur.execute("SELECT attname FROM pg_stats WHERE tablename = %s", [OrgUnit._meta.db_table])
        assert {"code", "parent_id"} <= {r[0] for r in cur.fetchall()}


@pytest.mark.django_db
def test_a_large_bulk_insert_refreshes_the_tables_statistics_for_the_queries_after_it(monkeypatch):
    """PostgreSQL: after ANALYZE_ROWS rows the table is analyzed inside the transaction, so the
    queries that follow it (the roll import's duplicate check) are planned on its new size."""
    from django.db import connection

    from huanjie.core.imports import bulk_insert, importer
    from huanjie.org.models import OrgUnit

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's planner statistics")
    monkeypatch.setattr(importer, "ANALYZE_ROWS", 3)
    rows = [(f"4198{k:08d}", f"4198{k:08d}", "village", f"第{k}村") for k in range(4)]
    bulk_insert(OrgUnit, ["code", "path", "level", "name"], rows)
    with connection.cursor() as cur:
        cur.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [OrgUnit._meta.db_table])
        assert cur.fetchone()[0] == OrgUnit.objects.count()


def test_the_checked_rows_are_sealed_encrypted_and_come_back_as_they_were():
    import json
    import zlib

    from huanjie.core import crypto
    from huanjie.core.imports import jobs

    state = [[7, 3, "王小明", "11010519491231002X", "", None, True, False, 1.5, {"户号": "0101"}]]
    blob = jobs._seal(state)
    assert "王小明".encode() not in blob and b"11010519491231002X" not in blob
    assert jobs._unseal(blob) == state
    # a state sealed by the earlier version (zlib'd JSON) is still read after an upgrade
    legacy = crypto.encrypt_bytes(zlib.compress(json.dumps(state, ensure_ascii=False).encode(), 1))
    assert jobs._unseal(legacy) == state
    # values marshal refuses (a choice is a str subclass) are sealed as JSON and read back plain
    from huanjie.core.models import ImportJob

    with_choice = [[ImportJob.Status.READY, "x"]]
    assert jobs._unseal(jobs._seal(with_choice)) == [["ready", "x"]]
    # a changed byte fails the cipher's check: nothing forged is ever unmarshalled
    forged = blob[:20] + bytes([blob[20] ^ 1]) + blob[21:]
    with pytest.raises(ValueError, match="密文校验失败"):
        jobs._unseal(forged)
