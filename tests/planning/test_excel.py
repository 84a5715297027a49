"""Excel for the planning app (issue 10 req. 10): templates, imports through the import kit with the
online forms' services (rules, locks, audit), and list exports with confidentiality by role.

Run: pytest tests/planning/test_excel.py
"""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from huanjie.core import crypto, imports
from huanjie.core.models import AuditEvent, ImportJob
from huanjie.planning import services
from huanjie.planning.choices import Problem
from huanjie.planning.importers import NO_ID, NO_PERSON
from huanjie.planning.models import (
    Assessment,
    CommitteeSeats,
    MemberAssessment,
    PartySeats,
    RectificationTask,
    ReserveCadre,
)
from tests.factories import PASSWORD, PersonFactory, seat
from tests.importfiles import csv_bytes, table, write_xlsx

Status = ImportJob.Status
EAST, WEST, SOUTH = "329901001201", "329901001202", "329901002201"  # 南村 is in the other town
SEATS = ["村（社区）区划代码", "村（社区）名称", "职数", "决定机构", "决定日期", "文件编号"]
PARTY = [
    "村（社区）区划代码",
    "村（社区）名称",
    "委员职数",
    "组织形式",
    "请示文号",
    "请示日期",
    "批复文号",
    "批复日期",
]
ASSESS = [
    "村（社区）区划代码",
    "村（社区）名称",
    "班子总体评价",
    "村（社区）类别",
    "存在问题",
    "风险点",
    "研判意见",
]
MEMBERS = ["村（社区）区划代码", "姓名", "身份证号", "意见", "理由", "收入待遇", "能力本领"]
TASKS = ["村（社区）区划代码", "整治方向", "任务", "责任人", "完成时限", "完成进度", "进展情况"]
RESERVES = ["村（社区）区划代码", "姓名", "身份证号", "来源", "纳入日期", "培养情况", "在库"]


def seats_row(**over):
    row = {
        "村（社区）区划代码": EAST,
        "村（社区）名称": "东村",
        "职数": 5,
        "决定机构": "村（居）民代表会议",
        "决定日期": "2026-01-10",
        "文件编号": "东村〔2026〕1号",
    }
    return row | over


def run(user, kind, data, name="file.xlsx"):
    job = imports.job_create(actor=user, kind=kind, file_name=name, data=data)
    return imports.job_preview(job)


def xlsx(tmp_path, header, rows):
    return write_xlsx(tmp_path / "in.xlsx", table(header, rows)).read_bytes()


def errors(job):
    return [(p["row"], p["column"], p["reason"]) for p in job.problems if p["level"] == "error"]


# -- seats -------------------------------------------------------------------------------------


def test_seats_xlsx_previews_every_change_then_commits_through_the_service(cast, published, tmp_path):
    town = cast["town_operator"]
    services.committee_seats_set(
        actor=town,
        campaign=published,
        unit=cast.village2,
        members=5,
        decided_by="assembly",
        decision_date=dt.date(2026, 1, 8),
        document_no="西村〔2026〕1号",
    )
    data = xlsx(
        tmp_path,
        SEATS,
        [seats_row(), seats_row(**{"村（社区）区划代码": WEST, "村（社区）名称": "西村", "职数": 7})],
    )
    job = run(town, "planning_committee_seats", data)
    assert job.status == Status.READY, job.problems
    summary = job.preview["summary"]
    assert summary[:3] == ["新建村（居）委会职数 1 条", "更新村（居）委会职数 1 条", "无变化 0 条"]
    assert "第 2 行 东村（329901001201）村（居）委会职数：新建" in summary
    assert any(
        s.startswith("第 3 行 西村") and "职数 5→7" in s and "决定机构 村（居）民会议→村（居）民代表会议" in s
        for s in summary
    )
    assert CommitteeSeats.objects.get(unit=cast.village2).members == 5  # the preview wrote nothing
    assert not CommitteeSeats.objects.filter(unit=cast.village).exists()
    job = imports.job_commit(job)
    assert job.status == Status.DONE, job.message
    assert CommitteeSeats.objects.get(unit=cast.village).document_no == "东村〔2026〕1号"
    assert CommitteeSeats.objects.get(unit=cast.village2).members == 7
    # The service's own audit events, and the kit's one import event.
    assert AuditEvent.objects.filter(action="create", model="planning.CommitteeSeats").count() == 2
    assert AuditEvent.objects.filter(action="update", model="planning.CommitteeSeats").count() == 1
    assert AuditEvent.objects.filter(action="import", model="planning.CommitteeSeats").count() == 1


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_party_seats_csv_in_utf8_and_gbk(cast, published, encoding):
    rows = table(
        PARTY,
        [
            {
                "村（社区）区划代码": EAST,
                "村（社区）名称": "东村",
                "委员职数": 5,
                "组织形式": "党总支",
                "请示文号": "东村支〔2026〕1号",
                "请示日期": "2026/1/5",
                "批复文号": "青石委〔2026〕3号",
                "批复日期": "20260112",
            }
        ],
    )
    job = run(cast["town_operator"], "planning_party_seats", csv_bytes(rows, encoding=encoding), "party.csv")
    assert job.status == Status.READY, job.problems
    assert imports.job_commit(job).status == Status.DONE
    ps = PartySeats.objects.get(unit=cast.village)
    assert (ps.members, ps.form, str(ps.approval_date)) == (5, "general_branch", "2026-01-12")


def test_hostile_seat_rows_are_each_refused_with_a_reason(cast, published, tmp_path):
    rows = [
        seats_row(**{"村（社区）区划代码": SOUTH, "村（社区）名称": "南村"}),  # another town's village
        seats_row(**{"村（社区）区划代码": "329901001299"}),  # no such unit: the same answer
        seats_row(**{"村（社区）区划代码": WEST, "决定机构": "村委会"}),  # not a choice
        seats_row(),
        seats_row(文件编号="重复"),  # 东村 twice
        seats_row(**{"村（社区）区划代码": "329901001000"}),  # the town itself
        seats_row(**{"村（社区）区划代码": SOUTH, "决定机构": "村委会"}),  # outside AND a bad choice
        seats_row(
            **{"村（社区）区划代码": "329901001202", "职数": 15, "文件编号": "西村二"}
        ),  # the law's bounds
    ]
    job = run(cast["town_operator"], "planning_committee_seats", xlsx(tmp_path, SEATS, rows))
    assert job.status == Status.INVALID
    errs = errors(job)
    outside = "该区划代码不在您的管辖范围内（或不是村、社区）"
    assert (2, "村（社区）区划代码", outside) in errs
    assert (3, "村（社区）区划代码", outside) in errs
    assert any(r == 4 and c == "决定机构" for r, c, _ in errs)
    assert (
        6,
        "村（社区）区划代码",
        "与第 5 行重复：同一村（社区职数只能填写一行".replace("社区职数", "社区）的村（居）委会职数"),
    ) not in errs
    assert any(r == 6 and "与第 5 行重复" in reason for r, _, reason in errs)
    assert (7, "村（社区）区划代码", outside) in errs
    assert (8, "村（社区）区划代码", outside) in errs
    # Every row's reasons at once: the service's refusal of a row whose cells are fine.
    assert any(r == 9 and c == "职数" and reason.startswith("职数应为 ") for r, c, reason in errs)
    assert not CommitteeSeats.objects.exists()


def test_the_laws_bounds_come_from_the_service_per_row(cast, published, tmp_path):
    job = run(cast["town_operator"], "planning_committee_seats", xlsx(tmp_path, SEATS, [seats_row(职数=15)]))
    assert job.status == Status.INVALID
    [(row, col, reason)] = errors(job)
    assert (row, col) == (2, "职数") and reason.startswith("职数应为 ")


def test_unpublished_campaign_refuses_rows(cast, campaign, tmp_path):
    job = run(cast["town_operator"], "planning_committee_seats", xlsx(tmp_path, SEATS, [seats_row()]))
    assert errors(job) == [(2, "村（社区）区划代码", "该村（社区）所在市没有已发布的换届工作，暂不能填报")]


def test_a_county_operator_cannot_fill_a_towns_seats(cast, published, tmp_path):
    job = run(cast["county_operator"], "planning_committee_seats", xlsx(tmp_path, SEATS, [seats_row()]))
    assert errors(job) == [(2, "村（社区）区划代码", "只有该村（社区）所属乡镇（街道）可以填报")]


# -- assessments and member views ----------------------------------------------------------------


def assess_row(**over):
    row = {
        "村（社区）区划代码": EAST,
        "村（社区）名称": "东村",
        "班子总体评价": "一般",
        "村（社区）类别": "软弱涣散",
        "存在问题": "集体经济薄弱、信访问题突出",
        "风险点": "",
        "研判意见": "需要整顿。",
    }
    return row | over


def test_assessments_are_opened_and_updated_and_multi_choices_checked(cast, published, sitting, tmp_path):
    town = cast["town_operator"]
    rows = [
        assess_row(),
        assess_row(
            **{"村（社区）区划代码": WEST, "村（社区）名称": "西村", "存在问题": "集体经济薄弱、没有这项"}
        ),
    ]
    job = run(town, "planning_assessments", xlsx(tmp_path, ASSESS, rows))
    assert errors(job) == [
        (
            3,
            "存在问题",
            "“没有这项”不是可选值；可选值："
            + "".join(f"“{x}”" for x in Problem.labels)
            + "（多项用顿号分隔）",
        )
    ]
    job = run(town, "planning_assessments", xlsx(tmp_path, ASSESS, [assess_row()]))
    assert job.status == Status.READY, job.problems
    assert imports.job_commit(job).status == Status.DONE
    a = Assessment.objects.get(unit=cast.village)
    assert (a.grade, a.category, a.problems) == ("average", "weak", ["economy", "petition"])
    job = run(town, "planning_assessments", xlsx(tmp_path, ASSESS, [assess_row(班子总体评价="较差")]))
    assert "第 2 行 东村（329901001201）研判：更新：总体评价 一般→较差" in job.preview["summary"]


def test_a_locked_assessment_refuses_the_row_with_the_locks_reason(cast, assessment, sitting, tmp_path):
    town = cast["town_operator"]
    services.assessment_update(
        actor=town, assessment=assessment, grade="good", category="ordinary", problems=[], risks=[], notes=""
    )
    services.assessment_act(actor=town, assessment=assessment, name="submit")
    services.assessment_act(actor=cast["county_approver"], assessment=assessment, name="approve")
    job = run(town, "planning_assessments", xlsx(tmp_path, ASSESS, [assess_row()]))
    [(row, col, reason)] = errors(job)
    assert (row, col) == (2, "村（社区）区划代码")
    assert "处于锁定状态，不能修改" in reason
    job = run(
        town,
        "planning_member_views",
        xlsx(
            tmp_path,
            MEMBERS,
            [
                {
                    "村（社区）区划代码": EAST,
                    "姓名": "钱东升",
                    "身份证号": crypto.decrypt(
                        assessment.unit
                        and MemberAssessment
                        and __import__("huanjie.people.models", fromlist=["Person"])
                        .Person.objects.get(name="钱东升")
                        .id_cipher
                    ),
                    "意见": "留任",
                    "理由": "称职",
                }
            ],
        ),
    )
    assert any("处于锁定状态" in reason for _, _, reason in errors(job))


def test_member_views_by_citizen_id(cast, assessment, sitting, tmp_path):
    town = cast["town_operator"]
    cid = crypto.decrypt(sitting.person.id_cipher)
    stranger = PersonFactory(name="路人", domicile_unit=cast.village)
    rows = [
        {
            "村（社区）区划代码": EAST,
            "姓名": "钱东升",
            "身份证号": cid,
            "意见": "调整",
            "理由": "年龄偏大",
            "收入待遇": "偏低",
            "能力本领": "一般",
        },
        {
            "村（社区）区划代码": EAST,
            "姓名": "路人",
            "身份证号": crypto.decrypt(stranger.id_cipher),
            "意见": "留任",
            "理由": "x",
        },
        {"村（社区）区划代码": EAST, "姓名": "钱东升", "身份证号": cid, "意见": "留任", "理由": "重复"},
    ]
    job = run(town, "planning_member_views", xlsx(tmp_path, MEMBERS, rows))
    errs = errors(job)
    assert (4, "村（社区）区划代码", "与第 2 行重复：同一村（社区）的同一人只能填写一行") in errs
    job = run(town, "planning_member_views", xlsx(tmp_path, MEMBERS, rows[:2]))
    assert errors(job) == [(3, "身份证号", "此人不是该村（社区）的现任成员")]
    job = run(town, "planning_member_views", xlsx(tmp_path, MEMBERS, rows[:1]))
    assert job.status == Status.READY, job.problems
    assert imports.job_commit(job).status == Status.DONE
    m = MemberAssessment.objects.get(assessment=assessment)
    assert (m.view, m.income, m.ability) == ("adjust", "low", "medium")


# -- rectification tasks ----------------------------------------------------------------------------


def task_row(**over):
    row = {
        "村（社区）区划代码": EAST,
        "整治方向": "信访清仓",
        "任务": "化解积案3件",
        "责任人": "李明",
        "完成时限": "2026-02-28",
        "完成进度": 30,
        "进展情况": "已化解1件",
    }
    return row | over


def test_rectification_tasks_open_the_rectification_then_add_and_update(cast, assessment, tmp_path):
    town = cast["town_operator"]
    job = run(town, "planning_rectification_tasks", xlsx(tmp_path, TASKS, [task_row()]))
    # The service's rule: only a village the assessment found weak or complex.
    assert errors(job) == [
        (2, "村（社区）区划代码", "只有研判为“软弱涣散”或“情况复杂”的村（社区）需要整顿，请先完成研判")
    ]
    services.assessment_update(
        actor=town, assessment=assessment, grade="poor", category="weak", problems=[], risks=[], notes=""
    )
    job = run(
        town,
        "planning_rectification_tasks",
        xlsx(tmp_path, TASKS, [task_row(), task_row(整治方向="村霸清障", 任务="清理村霸", 完成进度=101)]),
    )
    assert errors(job) == [(3, "完成进度", "不能大于 100")] or any(
        r == 3 and c == "完成进度" for r, c, _ in errors(job)
    )
    job = run(
        town,
        "planning_rectification_tasks",
        xlsx(tmp_path, TASKS, [task_row(), task_row(整治方向="村霸清障", 任务="清理村霸")]),
    )
    assert job.status == Status.READY, job.problems
    assert imports.job_commit(job).status == Status.DONE
    assert RectificationTask.objects.count() == 2
    job = run(town, "planning_rectification_tasks", xlsx(tmp_path, TASKS, [task_row(完成进度=100)]))
    assert (
        "第 2 行 东村（329901001201）整顿任务“化解积案3件”：更新：完成进度 30→100" in job.preview["summary"]
    )


# -- reserve cadres ---------------------------------------------------------------------------------


def test_reserve_cadres_only_for_persons_domiciled_in_the_village(cast, published, tmp_path):
    town = cast["town_operator"]
    here = PersonFactory(name="王晓", domicile_unit=cast.village)
    there = PersonFactory(name="孙立", domicile_unit=cast.village_b)
    row = {
        "村（社区）区划代码": EAST,
        "姓名": "王晓",
        "身份证号": crypto.decrypt(here.id_cipher),
        "来源": "返乡大学生",
        "纳入日期": "2026-01-10",
    }
    bad = row | {"姓名": "孙立", "身份证号": crypto.decrypt(there.id_cipher)}
    job = run(town, "planning_reserves", xlsx(tmp_path, RESERVES, [row, bad, row | {"来源": "外星人"}]))
    errs = errors(job)
    assert any(r == 4 and c == "来源" for r, c, _ in errs)
    job = run(town, "planning_reserves", xlsx(tmp_path, RESERVES, [row, bad]))
    assert errors(job) == [(3, "身份证号", "只能填写户籍在本村（社区）的已登记人员")]
    job = run(town, "planning_reserves", csv_bytes(table(RESERVES, [row]), encoding="gbk"), "r.csv")
    assert imports.job_commit(job).status == Status.DONE
    assert ReserveCadre.objects.get().person == here


# -- templates --------------------------------------------------------------------------------------

KINDS = [
    "planning_committee_seats",
    "planning_party_seats",
    "planning_assessments",
    "planning_member_views",
    "planning_rectification_tasks",
    "planning_reserves",
    "planning_plans",
]


@pytest.mark.parametrize("kind", KINDS)
def test_templates_have_dropdowns_units_and_example_rows_that_pass(cast, published, sitting, kind):
    town = cast["town_operator"]
    a = services.assessment_create(actor=town, campaign=published, unit=cast.village)
    services.assessment_update(
        actor=town, assessment=a, grade="poor", category="weak", problems=[], risks=[], notes=""
    )
    name, data = imports.template_workbook(kind, town)
    book = openpyxl.load_workbook(io.BytesIO(data))
    importer = imports.importer_for(kind)
    sheet = book[importer.sheet_name]
    choice_cols = {c.name for c in importer.columns if c.kind in ("choice", "bool")}
    validated = {
        sheet.cell(
            1, int(openpyxl.utils.column_index_from_string(str(dv.sqref).split(":")[0].rstrip("0123456789")))
        ).value
        for dv in sheet.data_validations.dataValidation
    }
    assert choice_cols and choice_cols <= validated
    units = [r[0] for r in book["我的单位"].iter_rows(min_row=2, values_only=True)]
    assert EAST in units and SOUTH not in units
    job = run(town, kind, data, name)
    assert job.status == Status.READY, job.problems


# -- exports ----------------------------------------------------------------------------------------


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def sheet_of(response):
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(book.active.iter_rows(values_only=True))


def test_exports_columns(client, cast, published, tmp_path):
    town = cast["town_operator"]
    services.committee_seats_set(
        actor=town,
        campaign=published,
        unit=cast.village,
        members=5,
        decided_by="assembly",
        decision_date=dt.date(2026, 1, 8),
        document_no="=HYPERLINK(1)",
    )
    rows = sheet_of(login(client, town).get(f"/planning/campaign/{published.pk}/export/seats.xlsx"))
    header = rows[2]
    assert header[:4] == ("序号", "区划代码", "村（社区）", "村（居）委会职数")
    assert rows[3][1:5] == (EAST, "东村", 5, "村（居）民会议")
    assert rows[3][6] == "'=HYPERLINK(1)"  # formula injection neutralised
    assert AuditEvent.objects.filter(action="export").exists()


@pytest.mark.parametrize(
    ("role", "confidential_ok", "lists_ok"),
    [
        ("town_operator", False, True),
        ("county_operator", True, True),
        ("county_approver", True, True),
        ("city_operator", True, True),
        ("leader", True, True),
        ("village_operator", False, False),
        ("vetting", False, False),
        ("supervisor", False, False),
    ],
)
def test_confidential_exports_only_at_county_level_and_above(
    client, cast, assessment, sitting, role, confidential_ok, lists_ok
):
    services.member_view_set(
        actor=cast["town_operator"], assessment=assessment, tenure=sitting, view="stay", reason="称职"
    )
    ReserveCadre.objects.create(
        unit=cast.village, person=sitting.person, source="other", added_on=assessment.campaign.window_start
    )
    from huanjie.planning.models import PersonnelPlan, PlanSeat

    plan = PersonnelPlan.objects.create(campaign=assessment.campaign, unit=cast.village)
    PlanSeat.objects.create(plan=plan, side="committee", post="chair", decision="stay", person=sitting.person)
    login(client, cast[role])
    base = f"/planning/campaign/{assessment.campaign_id}/export/"
    for url in (base + "member-views.xlsx", "/planning/export/reserves.xlsx", base + "plans.xlsx"):
        r = client.get(url)
        assert r.status_code == (200 if confidential_ok else 403), (role, url)
        if confidential_ok:
            rows = sheet_of(r)
            header = next(i for i, row in enumerate(rows) if row[0] == "序号")
            assert "钱东升" in rows[header + 1]
    for url in (base + "seats.xlsx", base + "assessments.xlsx", base + "rectification-tasks.xlsx"):
        assert client.get(url).status_code in ((200,) if lists_ok else (403, 404)), (role, url)


def test_the_apps_declaration_lists_every_importer():
    from django.apps import apps as django_apps

    from huanjie.planning.importers import IMPORTERS

    assert django_apps.get_app_config("planning").plugin.importers == IMPORTERS


@pytest.mark.parametrize(
    ("role", "confidential", "imports_shown"),
    [("town_operator", False, True), ("county_operator", True, False), ("leader", True, False)],
)
def test_campaign_page_offers_the_exports_each_role_may_use(
    client, cast, published, role, confidential, imports_shown
):
    html = login(client, cast[role]).get(f"/planning/campaign/{published.pk}/").content.decode()
    assert "Excel 导出与导入" in html
    assert f"/planning/campaign/{published.pk}/export/seats.xlsx" in html
    assert ("/planning/export/reserves.xlsx" in html) is confidential
    assert ("member-views.xlsx" in html) is confidential
    assert ("plans.xlsx" in html) is confidential
    assert ("?kind=planning_assessments" in html) is imports_shown


def test_a_cleared_rectification_refuses_task_rows_with_the_locks_reason(cast, assessment, tmp_path):
    from huanjie.planning import rectification_services as rs
    from huanjie.planning.models import Rectification

    town = cast["town_operator"]
    services.assessment_update(
        actor=town, assessment=assessment, grade="poor", category="complex", problems=[], risks=[], notes=""
    )
    r = rs.rectification_create(actor=town, campaign=assessment.campaign, unit=cast.village)
    Rectification.objects.filter(pk=r.pk).update(state="cleared")  # signed off by the county
    job = run(town, "planning_rectification_tasks", xlsx(tmp_path, TASKS, [task_row()]))
    [(row, col, reason)] = errors(job)
    assert (row, col) == (2, "村（社区）区划代码")
    assert "已验收销号" in reason and "处于锁定状态，不能修改" in reason
    assert not RectificationTask.objects.exists()


# -- personnel plans (人事安排初步方案) ------------------------------------------------------------------

PLANS = [
    "村（社区）区划代码",
    "村（社区）名称",
    "班子",
    "职务",
    "安排",
    "姓名",
    "身份证号",
    "出生日期",
    "备注",
]
OUTSIDE = "该区划代码不在您的管辖范围内（或不是村、社区）"


def plan_rows(sitting, newcomer):
    """钱东升 (the sitting 主任) stays, by citizen ID; 李新 enters as 书记, by name and birth date."""
    return [
        {
            "村（社区）区划代码": EAST,
            "村（社区）名称": "东村",
            "班子": "村（居）民委员会",
            "职务": "主任",
            "安排": "留",
            "姓名": "钱东升",
            "身份证号": crypto.decrypt(sitting.person.id_cipher),
        },
        {
            "村（社区）区划代码": EAST,
            "班子": "党组织",
            "职务": "书记",
            "安排": "进",
            "姓名": "李新",
            "出生日期": newcomer.birth_date.isoformat(),
            "备注": "拟任书记",
        },
    ]


def seats_of(unit):
    from huanjie.planning.models import PlanSeat

    return [
        (s.side, s.post, s.decision, s.person.name, s.note)
        for s in PlanSeat.objects.filter(plan__unit=unit).select_related("person").order_by("side", "pk")
    ]


@pytest.mark.parametrize("fmt", ["xlsx", "gbk"])
def test_plans_import_from_xlsx_and_gbk_csv_through_the_plan_services(
    cast, published, sitting, tmp_path, fmt
):
    from huanjie.planning.models import PersonnelPlan

    town = cast["town_operator"]
    newcomer = PersonFactory(name="李新", domicile_unit=cast.village, birth_date=dt.date(1990, 3, 8))
    rows = plan_rows(sitting, newcomer)
    data = xlsx(tmp_path, PLANS, rows) if fmt == "xlsx" else csv_bytes(table(PLANS, rows), encoding="gbk")
    job = run(town, "planning_plans", data, "plans.xlsx" if fmt == "xlsx" else "plans.csv")
    assert job.status == Status.READY, job.problems
    summary = job.preview["summary"]
    assert summary[:3] == ["新增席位 2 个", "更新席位 0 个", "无变化 0 个"]
    assert "第 2 行 东村（329901001201）村（居）民委员会主任钱东升（留）：新建" in summary
    assert "第 3 行 东村（329901001201）党组织书记李新（进）：新建" in summary
    assert not PersonnelPlan.objects.exists()  # the preview wrote nothing
    job = imports.job_commit(job)
    assert job.status == Status.DONE, job.message
    plan = PersonnelPlan.objects.get()
    assert (plan.unit, plan.campaign, plan.state) == (cast.village, published, "draft")
    assert seats_of(cast.village) == [
        ("committee", "chair", "stay", "钱东升", ""),
        ("party", "secretary", "enter", "李新", "拟任书记"),
    ]
    assert plan.projection.members == 2  # the projection follows, as from the page
    assert AuditEvent.objects.filter(action="create", model="planning.PlanSeat").count() == 2
    assert AuditEvent.objects.filter(action="import", model="planning.PlanSeat").count() == 1
    # Again with a changed note and the party's 委员 for 李新: the seats are updated, none added.
    rows[1] |= {"职务": "委员", "备注": ""}
    job = run(town, "planning_plans", xlsx(tmp_path, PLANS, rows))
    assert (
        "第 3 行 东村（329901001201）党组织委员李新（进）：更新：职务 书记→委员；备注 拟任书记→（空）"
        in (job.preview["summary"])
    )
    assert imports.job_commit(job).status == Status.DONE
    assert seats_of(cast.village)[1] == ("party", "party_member", "enter", "李新", "")


def test_a_submitted_or_approved_plan_refuses_its_rows(cast, published, sitting, tmp_path):
    from huanjie.planning import plan_services
    from huanjie.planning.models import PersonnelPlan

    town = cast["town_operator"]
    newcomer = PersonFactory(name="李新", domicile_unit=cast.village, birth_date=dt.date(1990, 3, 8))
    plan = plan_services.plan_create(actor=town, campaign=published, unit=cast.village)
    for state, label in (("submitted", "已上报"), ("approved", "已审核通过")):
        PersonnelPlan.objects.filter(pk=plan.pk).update(state=state)
        job = run(town, "planning_plans", xlsx(tmp_path, PLANS, plan_rows(sitting, newcomer)))
        assert job.status == Status.INVALID
        reason = (
            f"该村（社区）的人事安排初步方案{label}，处于锁定状态，不能通过导入修改；如需修改请由县级退回"
        )
        assert errors(job) == [(2, "村（社区）区划代码", reason), (3, "村（社区）区划代码", reason)]
    assert seats_of(cast.village) == []


def test_a_village_outside_the_jurisdiction_is_refused(cast, published, sitting, tmp_path):
    from huanjie.planning.models import PersonnelPlan

    newcomer = PersonFactory(name="李新", domicile_unit=cast.village, birth_date=dt.date(1990, 3, 8))
    row = plan_rows(sitting, newcomer)[1] | {"村（社区）区划代码": SOUTH, "村（社区）名称": "南村"}
    job = run(cast["town_operator"], "planning_plans", xlsx(tmp_path, PLANS, [row]))
    assert errors(job) == [(2, "村（社区）区划代码", OUTSIDE)]
    # A county operator may not prepare a town's plan either (the service's rule).
    data = xlsx(tmp_path, PLANS, plan_rows(sitting, newcomer)[:1])
    job = run(cast["county_operator"], "planning_plans", data)
    assert errors(job) == [(2, "村（社区）区划代码", "只有该村（社区）所属乡镇（街道）可以填报")]
    assert not PersonnelPlan.objects.exists()


def test_one_bad_row_and_nothing_is_written(cast, published, sitting, tmp_path):
    from huanjie.planning.models import PersonnelPlan, PlanSeat

    town = cast["town_operator"]
    newcomer = PersonFactory(name="李新", domicile_unit=cast.village, birth_date=dt.date(1990, 3, 8))
    good = plan_rows(sitting, newcomer)
    bad = [
        good[0] | {"班子": "党组织", "职务": "委员", "安排": "进"},  # a sitting member cannot enter
        good[1] | {"姓名": "无此人"},  # not registered
        good[1] | {"出生日期": ""},  # neither citizen ID nor birth date
        good[1] | {"班子": "村（居）民委员会", "职务": "书记"},  # 书记 is not a committee post
    ]
    for i, row in enumerate(bad):
        job = run(town, "planning_plans", xlsx(tmp_path, PLANS, [*good, row]))
        assert job.status == Status.INVALID, i
        [(number, column, reason)] = errors(job)
        assert number == 4
        assert (column, reason) == [
            ("安排", "此人是现任成员，请选择“留”“转”或“退”"),
            ("姓名", NO_PERSON + "（按姓名和出生日期在本乡镇（街道）查找）"),
            ("身份证号", NO_ID),
            ("职务", "请选择该班子的职务"),
        ][i]
        with pytest.raises(ValidationError):
            imports.job_commit(job)
    assert not PersonnelPlan.objects.exists() and not PlanSeat.objects.exists()


def test_a_row_refused_at_commit_leaves_the_whole_file_unwritten(cast, published, sitting, tmp_path):
    from huanjie.planning.models import PersonnelPlan, PlanSeat

    town = cast["town_operator"]
    newcomer = PersonFactory(name="李新", domicile_unit=cast.village, birth_date=dt.date(1990, 3, 8))
    job = run(town, "planning_plans", xlsx(tmp_path, PLANS, plan_rows(sitting, newcomer)))
    assert job.status == Status.READY, job.problems
    seat(newcomer, cast.village, "party_org", "party_member")  # now sitting: 进 no longer fits
    job = imports.job_commit(job)
    assert job.status != Status.DONE
    assert (3, "安排", "此人是现任成员，请选择“留”“转”或“退”") in errors(job)
    assert not PersonnelPlan.objects.exists() and not PlanSeat.objects.exists()


# -- the list pages' 导出 Excel buttons -----------------------------------------------------------------


def buttons(html):
    """The hrefs of the page's export buttons."""
    import re

    return re.findall(r'class="btn btn-sm btn-outline-secondary hj-export" href="([^"]+)"', html)


@pytest.mark.parametrize(
    ("role", "confidential"),
    [("town_operator", False), ("county_operator", True), ("city_operator", True), ("leader", True)],
)
def test_every_list_page_offers_its_export_with_the_pages_filters(
    client, cast, published, role, confidential
):
    c = published.pk
    login(client, cast[role])

    def page(url):
        r = client.get(url)
        assert r.status_code == 200, url
        return buttons(r.content.decode().replace("&amp;", "&"))

    base = f"/planning/campaign/{c}"
    assert page(f"{base}/seats/{EAST}/") == [f"{base}/export/seats.xlsx?unit={EAST}"]
    assert page(f"{base}/assessments/?state=submitted") == [
        f"{base}/export/assessments.xlsx?state=submitted",
        *([f"{base}/export/member-views.xlsx"] if confidential else []),
    ]
    assert page(f"{base}/assessments/?state=bogus") == [
        f"{base}/export/assessments.xlsx",
        *([f"{base}/export/member-views.xlsx"] if confidential else []),
    ]
    assert page(f"{base}/rectifications/") == [f"{base}/export/rectification-tasks.xlsx"]
    # The confidential lists: only where the user holds planning.export at county level or above.
    assert page(f"/planning/reserves/{EAST}/") == (
        [f"/planning/export/reserves.xlsx?unit={EAST}"] if confidential else []
    )
    assert page(f"{base}/plans/") == ([f"{base}/export/plans.xlsx"] if confidential else [])


def test_the_exports_apply_the_pages_filters(client, cast, assessment, sitting):
    town = cast["town_operator"]
    services.assessment_create(actor=town, campaign=assessment.campaign, unit=cast.village2)
    Assessment.objects.filter(pk=assessment.pk).update(state="submitted")
    here = PersonFactory(name="王晓", domicile_unit=cast.village)
    there = PersonFactory(name="孙立", domicile_unit=cast.village2)
    for p in (here, there):
        ReserveCadre.objects.create(
            unit=p.domicile_unit, person=p, source="other", added_on=dt.date(2026, 1, 2)
        )
    login(client, cast["county_operator"])
    base = f"/planning/campaign/{assessment.campaign_id}/export/"

    def data(url):
        rows = sheet_of(client.get(url))
        header = next(i for i, row in enumerate(rows) if row[0] == "序号")
        return rows[1][0], [row[1:4] for row in rows[header + 1 :]]

    title, rows = data(base + "assessments.xlsx?state=submitted")
    assert "状态=已上报" in title and rows == [(EAST, "东村", "已上报")]
    assert len(data(base + "assessments.xlsx")[1]) == 2
    title, rows = data(f"/planning/export/reserves.xlsx?unit={EAST}")
    assert f"区划代码={EAST}" in title and [r[:3] for r in rows] == [(EAST, "东村", "王晓")]
    assert len(data("/planning/export/reserves.xlsx")[1]) == 2
    assert data(f"/planning/export/reserves.xlsx?unit={SOUTH}")[1] == []  # another town's: no rows
