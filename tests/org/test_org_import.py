"""Importing org units: create or update, parents from the registry or the same file, scope."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from huanjie.core import imports
from huanjie.core.models import AuditEvent, ImportJob
from huanjie.org.models import OrgUnit
from tests.importfiles import ORG_HEADER, csv_bytes, write_xlsx

Status = ImportJob.Status


def preview(user, rows, name="units.csv") -> ImportJob:
    data = csv_bytes([ORG_HEADER, *rows])
    job = imports.job_create(actor=user, kind="org_units", file_name=name, data=data)
    return imports.job_preview(job)


def errors(job):
    return [(p["row"], p["column"], p["value"], p["reason"]) for p in job.problems if p["level"] == "error"]


def test_creates_a_town_and_its_villages_in_any_order_and_updates_a_village(cast):
    op = cast["county_operator"]
    rows = [
        ["329901003201", "河口村", "村", "329901003000", 300, 900, 30, 5, "是", 1],
        ["329901003000", "河口镇", "乡镇", "329901000000"],
        ["329901003001", "滨河社区", "社区", "329901003000", "", "", "", "", "否", ""],
        ["329901001201", "东村", "村", "329901001000", 430, "", "", 9, "是", 2],
    ]
    job = preview(op, rows)
    assert (job.status, job.error_count) == (Status.READY, 0)
    assert job.preview["summary"] == ["新建单位 3 个", "更新单位 1 个", "无变化 0 个"]
    before = OrgUnit.objects.count()
    job = imports.job_commit(job)
    assert job.status == Status.DONE
    assert OrgUnit.objects.count() == before + 3
    town = OrgUnit.objects.get(code="329901003000")
    assert (town.level, town.path, town.parent, town.name) == ("town", "329901003", cast.county, "河口镇")
    village = OrgUnit.objects.get(code="329901003201")
    assert (village.parent, village.path, village.households, village.is_pilot, village.batch) == (
        town,
        "329901003201",
        300,
        True,
        1,
    )
    community = OrgUnit.objects.get(code="329901003001")
    assert (community.level, community.households, community.is_pilot) == ("community", None, False)
    # Update: blank cells keep the stored value (东村 had 1500 people and 52 party members).
    cast.village.refresh_from_db()
    assert (cast.village.households, cast.village.population, cast.village.party_members) == (430, 1500, 52)
    assert (cast.village.villager_groups, cast.village.is_pilot, cast.village.batch) == (9, True, 2)
    ev = AuditEvent.objects.get(action="import")
    assert ev.model == "org.OrgUnit"
    assert ev.org_path == "329901"
    assert ev.after["units_created"] == 3 and ev.after["units_updated"] == 1
    assert ev.after["changes"]["329901001201"]["households"] == [420, 430]
    assert job.result["created_ids"] == [town.pk, max(village.pk, community.pk)]


def test_problems(cast):
    op = cast["town_operator"]
    rows = [
        ["329901001203", "北村", "村", "329901001000", "很多"],
        ["329901001203", "北村二", "村", "329901001000"],
        ["329901002202", "白沙村", "村", "329901002000"],
        ["329901001204", "中村", "社区", "329901009000"],
        ["329901001205", "上村", "村", "329901000000"],
        ["329901001", "下村", "村", "329901001000"],
        ["329901001201", "东村", "社区", "329901001000"],
        ["329902001001", "和平社区", "社区", "329902001000"],
    ]
    job = preview(op, rows)
    assert errors(job) == [
        (2, "区划代码", "329901001203", "区划代码重复（第 3 行也是此代码）"),
        (2, "户数", "很多", "此列应填数字，不能填文本"),
        (3, "区划代码", "329901001203", "区划代码重复（第 2 行已有此代码）"),
        (4, "区划代码", "329901002202", "该区划代码不在您的管辖范围内"),
        (5, "上级区划代码", "329901009000", "上级单位不在您的管辖范围内，不能在其下新建单位"),
        (6, "上级区划代码", "329901000000", "上级单位不在您的管辖范围内，不能在其下新建单位"),
        (7, "区划代码", "329901001", "应为 12 位数字"),
        (8, "层级", "社区", "与已登记的层级“村”不同：导入不能修改层级"),
        (9, "区划代码", "329902001001", "该区划代码不在您的管辖范围内"),
    ]
    assert job.status == Status.INVALID


def test_problems_with_codes_outside_the_jurisdiction_do_not_tell_whether_they_exist(cast):
    """Hardening issue 7: the preview answers the same for an existing and a made-up unit outside."""
    op = cast["town_operator"]

    def reasons(rows):
        return [(col, reason) for _, col, _, reason in errors(preview(op, rows))]

    existing = reasons([["329901002201", "南村", "村", "329901002000"]])  # 南村 exists (白沙镇)
    made_up = reasons([["329901002299", "无村", "村", "329901002000"]])
    assert existing == made_up == [("区划代码", "该区划代码不在您的管辖范围内")]
    under_existing = reasons([["329901001288", "新村", "村", "329901002000"]])
    under_made_up = reasons([["329901001288", "新村", "村", "329901008000"]])
    outside_parent = ("上级区划代码", "上级单位不在您的管辖范围内，不能在其下新建单位")
    assert under_existing == under_made_up == [outside_parent]
    # Another level and a parent of the wrong level: the same answer.
    assert reasons([["329902001000", "云溪街道", "乡镇", "329902000000"]]) == existing
    assert reasons([["329902009000", "无镇", "乡镇", "329902000000"]]) == existing


def test_code_must_fit_level_and_parent(cast):
    rows = [
        ["329901002203", "错村", "村", "329901001000"],
        ["329901001230", "错村二", "乡镇", "329901000000"],
    ]
    job = preview(cast["county_operator"], rows)
    assert errors(job) == [
        (2, "区划代码", "329901002203", "区划代码“329901002203”不以上级单位代码“329901001”开头"),
        (3, "区划代码", "329901001230", "区划代码“329901001230”与层级“乡镇（街道）”不符：第 10 位起应全为 0"),
    ]


def test_move_through_import_is_refused(cast):
    rows = [["329901001201", "东村", "村", "329901002000"]]
    job = preview(cast["county_operator"], rows)
    assert errors(job) == [
        (
            2,
            "上级区划代码",
            "329901002000",
            "与已登记的上级单位（329901001000）不同：调整隶属关系请使用“迁移”",
        )
    ]


def test_xlsx_with_numeric_codes(cast, tmp_path):
    path = write_xlsx(
        tmp_path / "u.xlsx",
        [ORG_HEADER, [329901001203, "北村", "村", 329901001000, 380, 1260.0, 41, 6, False, 2]],
    )
    job = imports.job_preview(
        imports.job_create(
            actor=cast["town_operator"], kind="org_units", file_name="u.xlsx", data=path.read_bytes()
        )
    )
    assert job.status == Status.READY
    imports.job_commit(job)
    unit = OrgUnit.objects.get(code="329901001203")
    assert (unit.population, unit.is_pilot, unit.batch) == (1260, False, 2)


def test_nothing_written_when_one_row_is_bad(cast):
    rows = [["329901001203", "北村", "村", "329901001000"], ["329901001204", "", "村", "329901001000"]]
    job = preview(cast["town_operator"], rows)
    assert errors(job) == [(3, "名称", "", "必填项不能为空")]
    before = OrgUnit.objects.count()
    with pytest.raises(ValidationError):
        imports.job_commit(job)
    assert OrgUnit.objects.count() == before


def test_preview_announces_exactly_what_the_commit_reports(cast):
    """A row that changes nothing is announced as 无变化, not as an update the commit won't make."""
    op = cast["county_operator"]
    village = cast.village
    rows = [
        ["329901003000", "河口镇", "乡镇", "329901000000"],
        [village.code, village.name, "村", village.parent.code],  # blank attributes: no change
        [cast.village2.code, "西村（新）", "村", cast.village2.parent.code],
    ]
    job = preview(op, rows)
    assert job.status == Status.READY
    assert job.preview["summary"] == ["新建单位 1 个", "更新单位 1 个", "无变化 1 个"]
    announced = job.preview["summary"]
    job = imports.job_commit(job)
    assert imports.importer_for("org_units").result_lines(job.result) == announced


def test_result_lists_the_units_created_or_changed(cast, client):
    op = cast["county_operator"]
    rows = [
        ["329901003000", "河口镇", "乡镇", "329901000000"],
        [cast.village.code, cast.village.name, "村", cast.village.parent.code],  # unchanged: not listed
        [cast.village2.code, "西村（新）", "村", cast.village2.parent.code],
    ]
    job = imports.job_commit(preview(op, rows))
    assert job.result["units"] == [[cast.village2.code, "西村（新）"], ["329901003000", "河口镇"]]
    client.force_login(op)
    page = client.get(reverse("import:job", args=[job.pk])).content.decode()
    assert f'href="{reverse("org:unit", args=["329901003000"])}"' in page
