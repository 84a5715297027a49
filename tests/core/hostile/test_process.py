"""The hostile corpus through :func:`process` (read, header, rows): refusals and notices in Chinese,
never silent wrong data."""

from __future__ import annotations

import pytest

from huanjie.core import imports
from tests.core.hostile import generator as g


def problems_of(outcome) -> list[tuple]:
    return [(p.row, p.column, p.value, p.reason, p.level) for p in outcome.report.problems]


def test_numbers_too_large_are_cell_errors(cast):
    for build in (g.digits_5000, g.digits_400, g.too_large_for_column, g.not_a_number):
        outcome = imports.process(build(), "n.xlsx", kind="org_units", actor=cast["town_operator"])
        assert outcome.report.errors >= 1
        reasons = {p.reason for p in outcome.report.problems if p.column in ("户数", "人口")}
        assert reasons <= {
            "数字过大，超出了可以处理的范围",
            "数字过大，不能大于 2,147,483,647",
        }, reasons


def test_numbers_too_large_in_csv(cast):
    outcome = imports.process(g.digits_5000_csv(), "n.csv", kind="org_units", actor=cast["town_operator"])
    assert [(p.column, p.reason) for p in outcome.report.problems] == [
        ("户数", "数字过大（5,000 位），不能大于 2,147,483,647"),
        ("人口", "数字过大（400 位），不能大于 2,147,483,647"),
    ]
    assert outcome.report.problems[0].value == "9" * 40 + "…（共 5,000 个字符）"
    outcome = imports.process(
        g.too_large_for_column_csv(), "n.csv", kind="org_units", actor=cast["town_operator"]
    )
    assert problems_of(outcome) == [
        (2, "户数", "100000000000000000000", "数字过大（21 位），不能大于 2,147,483,647", "error")
    ]


def test_a_hidden_first_sheet_is_named_in_the_preview(cast):
    outcome = imports.process(g.hidden_first_sheet(), "h.xlsx", kind="org_units", actor=cast["town_operator"])
    assert outcome.source == "Excel 工作簿，工作表“数据”"
    assert problems_of(outcome)[0] == (
        None,
        "工作表",
        "旧数据",
        "工作表“旧数据”已隐藏，未导入；导入的是第一个可见的工作表",
        "warning",
    )
    assert outcome.preview["rows"][0][2] == "北村"


def test_invisible_characters_in_names_and_ids_are_removed_with_a_notice(cast):
    for data, name in ((g.zero_width_roster_xlsx(), "z.xlsx"), (g.zero_width_roster_csv(), "z.csv")):
        outcome = imports.process(data, name, kind="roster", actor=cast["town_operator"])
        notices = [p for p in problems_of(outcome) if "不可见字符" in p[3]]
        assert notices == [
            (
                2,
                "姓名",
                "",
                "已删除 2 个不可见字符（如零宽空格、字节顺序标记 BOM、方向控制符），请核对该单元格",
                "warning",
            ),
            (
                2,
                "身份证号",
                "",
                "已删除 2 个不可见字符（如零宽空格、字节顺序标记 BOM、方向控制符），请核对该单元格",
                "warning",
            ),
        ]
        assert outcome.preview["rows"][0][3] == "张建国"


def test_the_garbage_collector_is_paused_while_a_file_is_checked_and_restored_after(cast, monkeypatch):
    import gc

    from huanjie.core.imports import importer as kit
    from huanjie.org.importers import OrgUnitImporter

    seen = []
    monkeypatch.setattr(OrgUnitImporter, "finish", lambda self: seen.append(gc.isenabled()))
    imports.process(g.hidden_first_sheet(), "h.xlsx", kind="org_units", actor=cast["town_operator"])
    assert seen == [False] and gc.isenabled()

    def boom(self):
        raise RuntimeError("bug")

    monkeypatch.setattr(OrgUnitImporter, "finish", boom)
    with pytest.raises(RuntimeError):
        imports.process(g.hidden_first_sheet(), "h.xlsx", kind="org_units", actor=cast["town_operator"])
    assert gc.isenabled()
    with kit.gc_paused():  # nested: the inner pause leaves the collector off for the outer one
        with kit.gc_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
