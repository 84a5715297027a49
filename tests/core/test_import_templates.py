"""Import templates that teach: dropdowns for every choice column from the validator's own choices,
the user's own units, example rows that pass; a file meant for another import is recognised."""

from __future__ import annotations

import io

import openpyxl
import pytest

from huanjie.core import imports
from huanjie.core.imports import BOOL, CHOICE, ImportFileError
from huanjie.core.imports.templates import OPTIONS_SHEET, UNITS_SHEET, choice_labels
from huanjie.core.scoping import can
from huanjie.org.models import OrgUnit
from tests.importfiles import ORG_HEADER, ROSTER_HEADER, csv_bytes, roster_row, table


def book_of(kind: str, actor) -> openpyxl.Workbook:
    _, data = imports.template_workbook(kind, actor)
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.mark.parametrize("kind", ["roster", "org_units"])
def test_every_choice_column_has_a_dropdown_of_the_validators_labels(cast, kind):
    importer = imports.importer_for(kind)
    book = book_of(kind, cast["town_operator"])
    sheet = book[importer.sheet_name]
    options = book[OPTIONS_SHEET]
    validations = {
        str(dv.sqref).split(":")[0].rstrip("0123456789"): dv for dv in sheet.data_validations.dataValidation
    }
    choice_columns = [c for c in importer.columns if c.kind in (CHOICE, BOOL)]
    assert choice_columns
    for col in choice_columns:
        letter = openpyxl.utils.get_column_letter(importer.columns.index(col) + 1)
        dv = validations[letter]
        assert dv.type == "list"
        ref = dv.formula1.split("!")[1].replace("$", "")
        listed = [c.value for row in options[ref] for c in row]
        assert listed == list(choice_labels(col))
        for label in listed:  # every value offered is accepted by the validator
            col.parse(label)
    names = {c.name for c in choice_columns}
    if kind == "roster":
        assert {"性别", "民族", "政治面貌", "全日制学历", "班子", "职务"} <= names


def test_notes_list_exactly_what_the_validator_accepts(cast):
    importer = imports.importer_for("roster")
    notes = book_of("roster", cast["town_operator"])["说明"]
    rows = {r[0]: r for r in notes.iter_rows(values_only=True) if r[0]}
    ethnicity = rows["民族"][3]
    assert "汉族" in ethnicity and "汉" in ethnicity.split("也可填：")[1]
    col = next(c for c in importer.columns if c.name == "民族")
    assert col.parse("汉") == "汉族"  # what the 说明 promised, the validator accepts
    for col in importer.columns:
        if col.kind != CHOICE:
            continue
        text = rows[col.name][3]
        for value in text.replace("（也可填：", "、").rstrip("）").split("、"):
            col.parse(value)


def test_roster_with_ethnicity_han_passes(cast):
    data = csv_bytes(table(ROSTER_HEADER, [roster_row(民族="汉")]))
    outcome = imports.process(data, "r.csv", kind="roster", actor=cast["town_operator"])
    assert outcome.report.errors == 0, [p.reason for p in outcome.report.problems]


def test_units_sheet_lists_the_users_own_units_only(cast):
    user = cast["town_operator"]
    rows = list(book_of("roster", user)[UNITS_SHEET].iter_rows(values_only=True))
    assert rows[0] == ("区划代码", "名称", "层级", "上级区划代码")
    codes = [r[0] for r in rows[1:]]
    assert codes
    for code in codes:
        unit = OrgUnit.objects.get(code=code)
        assert can(user, imports.importer_for("roster").capability, unit.path)
        assert unit.level in ("village", "community")
    others = OrgUnit.objects.filter(level__in=("village", "community")).exclude(code__in=codes)
    assert all(not can(user, "people.edit", u.path) for u in others)
    org_rows = list(book_of("org_units", user)[UNITS_SHEET].iter_rows(values_only=True))
    assert len(org_rows) > len(rows)  # the town itself is listed for a unit import


@pytest.mark.parametrize("kind", ["roster", "org_units"])
def test_template_examples_pass_for_the_user(cast, kind, tmp_path):
    user = cast["town_operator"]
    name, data = imports.template_workbook(kind, user)
    outcome = imports.process(data, name, kind=kind, actor=user)
    assert outcome.rows >= 1
    assert outcome.report.errors == 0, [(p.row, p.column, p.reason) for p in outcome.report.problems]


def test_roster_uploaded_as_org_units_says_which_import(cast):
    data = csv_bytes(table(ROSTER_HEADER, [roster_row()]))
    with pytest.raises(ImportFileError) as exc:
        imports.process(data, "r.csv", kind="org_units", actor=cast["town_operator"])
    assert str(exc.value) == "这是班子成员名册，请选择“班子成员名册”导入"


def test_unit_file_uploaded_as_roster_says_which_import(cast):
    data = csv_bytes([ORG_HEADER, ["329901001203", "北村", "村", "329901001000", 1, 2, 3, 4, "否", 2]])
    with pytest.raises(ImportFileError) as exc:
        imports.process(data, "u.csv", kind="roster", actor=cast["town_operator"])
    assert str(exc.value) == "这是单位，请选择“单位”导入"
