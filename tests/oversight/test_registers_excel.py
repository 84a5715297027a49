"""Issue 14 req. 9 for the other registers: incidents, publicity tasks, opinion events, policy Q&A
and the town officials' roster import from their templates (xlsx, UTF-8 and GBK csv; all or
nothing; Chinese reasons on their rows; the same services as the forms) and export to Excel; the
lists filter by jurisdiction, status, category and overdue and print (?print=1)."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from huanjie.core import imports
from huanjie.core.models import AuditEvent, ImportJob
from huanjie.elections.models import Election
from huanjie.oversight import (
    checklist_services,
    incidents_services,
    publicity_services,
    qa_services,
    supervision_services,
    training_services,
)
from huanjie.oversight.models import (
    ChecklistCheck,
    Finding,
    Incident,
    OpinionEvent,
    PolicyQuestion,
    PublicityTask,
    SupervisionGroup,
    TrainingOfficial,
)
from tests.factories import user_with_role
from tests.importfiles import csv_bytes, table, write_xlsx
from tests.oversight.kit import NOW, SHANGHAI, Clock, campaign

pytestmark = pytest.mark.django_db
Status = ImportJob.Status
CODE, NAME = "单位区划代码", "单位名称"
TOWN, EAST, SOUTH = "329901001000", "329901001201", "329901002201"  # 南村 is in the other town
INCIDENTS = [CODE, NAME, "事件名称", "类别", "等级", "发生日期", "发生时刻", "基本情况", "已采取的措施"]
TASKS = [CODE, "宣传任务", "完成时限", "完成日期", "完成情况"]
EVENTS = [CODE, "来源", "发现日期", "内容摘要", "处置时限", "处置情况", "状态"]
QUESTIONS = [CODE, "类别", "问题"]
OFFICIALS = [CODE, "姓名", "职务"]


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def camp(cast):
    return campaign(cast.city)


def run(user, kind, rows, *, name="in.xlsx", tmp_path=None, encoding=None):
    if encoding is None:
        data = write_xlsx(tmp_path / name, rows).read_bytes()
    else:
        data = csv_bytes(rows, encoding=encoding, bom=encoding == "utf-8")
    return imports.job_preview(imports.job_create(actor=user, kind=kind, file_name=name, data=data))


def errors(job):
    return [(p["row"], p["column"], p["reason"]) for p in job.problems if p["level"] == "error"]


def incident(**over):
    return {
        CODE: EAST,
        NAME: "东村",
        "事件名称": "投票站外发生争执",
        "类别": "群体性事件",
        "等级": "较大",
        "发生日期": "2026-03-01",
        "发生时刻": "14:30",
        "基本情况": "两户村民争执",
        "已采取的措施": "",
    } | over


def test_incidents_import_all_or_nothing_through_the_report_service(cast, camp, clock, tmp_path):
    town = cast["town_operator"]
    bad = run(
        town,
        "oversight_incidents",
        table(
            INCIDENTS,
            [
                incident(),
                incident(**{CODE: SOUTH, NAME: "南村"}),
                incident(**{"事件名称": "二", "发生时刻": "25:00"}),
                incident(**{"事件名称": "三", "发生日期": "2026-03-03"}),
                incident(**{"事件名称": "四", "等级": "天大"}),
            ],
        ),
        tmp_path=tmp_path,
    )
    reasons = errors(bad)
    assert (3, CODE, "该区划代码不在您的管辖范围内（或不是本台账可填报的单位层级）") in reasons
    assert (4, "发生时刻", "发生时刻格式无法识别，应为 时:分，如 14:30") in reasons
    assert (5, "发生日期", "发生时间不能晚于现在") in reasons  # the service's own rule, on its column
    assert any(r[0] == 6 and r[1] == "等级" for r in reasons)
    assert not Incident.objects.exists()
    job = run(
        town,
        "oversight_incidents",
        table(INCIDENTS, [incident(), incident(**{CODE: TOWN, NAME: "青石镇", "发生时刻": ""})]),
        tmp_path=tmp_path,
    )
    assert job.status == Status.READY, job.problems
    assert imports.job_commit(job).status == Status.DONE
    village, town_row = Incident.objects.get(unit__code=EAST), Incident.objects.get(unit__code=TOWN)
    # 较大: the county acknowledges within 4 hours of the report (the import's moment).
    assert village.ack_due_at == NOW + dt.timedelta(hours=4)
    assert village.occurred_at == dt.datetime(2026, 3, 1, 14, 30, tzinfo=SHANGHAI)
    assert town_row.occurred_at == dt.datetime(2026, 3, 1, tzinfo=SHANGHAI)
    assert AuditEvent.objects.filter(action="create", model="oversight.Incident").count() == 2


def test_publicity_tasks_from_gbk_csv_created_then_done_and_deadline_kept(cast, camp, clock):
    county = cast["county_operator"]
    row = {CODE: TOWN, "宣传任务": "张贴换届公告", "完成时限": "2026-03-20", "完成日期": "", "完成情况": ""}
    job = run(county, "oversight_publicity_tasks", table(TASKS, [row]), name="t.csv", encoding="gbk")
    assert job.status == Status.READY, job.problems
    assert imports.job_commit(job).status == Status.DONE
    t = PublicityTask.objects.get()
    assert (t.owner.code, t.deadline, t.done_on) == (TOWN, dt.date(2026, 3, 20), None)
    done = row | {"完成日期": "2026-03-02", "完成情况": "已全部张贴"}
    future = row | {"宣传任务": "再张贴", "完成日期": "2026-03-03"}
    moved = row | {"完成时限": "2026-03-25"}
    bad = run(county, "oversight_publicity_tasks", table(TASKS, [future]), name="t.csv", encoding="gbk")
    assert (2, "完成日期", "完成日期不能晚于今天") in errors(bad)
    bad = run(county, "oversight_publicity_tasks", table(TASKS, [moved]), name="t.csv", encoding="gbk")
    assert errors(bad) == [(2, "完成时限", "该任务已登记，完成时限为 2026-03-20，不能通过导入修改")]
    job = run(county, "oversight_publicity_tasks", table(TASKS, [done]), name="t.csv", encoding="gbk")
    assert any("更新：登记完成" in line for line in job.preview["summary"])
    assert imports.job_commit(job).status == Status.DONE
    t.refresh_from_db()
    assert (t.done_on, t.note) == (dt.date(2026, 3, 2), "已全部张贴")
    assert PublicityTask.objects.count() == 1


def test_opinion_events_from_utf8_csv_created_then_closed_with_a_response(cast, camp, clock):
    town = cast["town_operator"]
    row = {
        CODE: EAST,
        "来源": "网络",
        "发现日期": "2026-03-01",
        "内容摘要": "微信群流传不实消息",
        "处置时限": "2026-03-03",
        "处置情况": "",
        "状态": "",
    }
    job = run(town, "oversight_opinion_events", table(EVENTS, [row]), name="e.csv", encoding="utf-8")
    assert job.status == Status.READY, job.problems
    assert imports.job_commit(job).status == Status.DONE
    e = OpinionEvent.objects.get()
    assert (e.source, e.status, e.respond_by) == ("network", "watching", dt.date(2026, 3, 3))
    closed_blank = row | {"状态": "已处置"}
    bad = run(town, "oversight_opinion_events", table(EVENTS, [closed_blank]), name="e.csv", encoding="utf-8")
    assert errors(bad) == [(2, "处置情况", "标记为已处置前请填写处置情况")]
    closed = closed_blank | {"处置情况": "已发布澄清说明"}
    job = run(town, "oversight_opinion_events", table(EVENTS, [closed]), name="e.csv", encoding="utf-8")
    assert imports.job_commit(job).status == Status.DONE
    e.refresh_from_db()
    assert (e.status, e.response) == ("closed", "已发布澄清说明")
    assert OpinionEvent.objects.count() == 1


def test_questions_only_for_towns_and_officials_without_duplicates(cast, camp, clock, tmp_path):
    town = cast["town_operator"]
    bad = run(
        town,
        "oversight_questions",
        table(QUESTIONS, [{CODE: EAST, "类别": "选民登记", "问题": "外出务工人员能否委托投票？"}]),
        tmp_path=tmp_path,
    )
    assert errors(bad) == [(2, CODE, "该区划代码不在您的管辖范围内（或不是本台账可填报的单位层级）")]
    job = run(
        town,
        "oversight_questions",
        table(QUESTIONS, [{CODE: TOWN, "类别": "选民登记", "问题": "外出务工人员能否委托投票？"}]),
        tmp_path=tmp_path,
    )
    assert imports.job_commit(job).status == Status.DONE
    q = PolicyQuestion.objects.get()
    assert (q.town.code, q.topic, q.asked_by) == (TOWN, "voters", town.username)

    rows = [{CODE: TOWN, "姓名": "孙某", "职务": "组织委员"}, {CODE: TOWN, "姓名": "孙某", "职务": ""}]
    bad = run(town, "oversight_training_officials", table(OFFICIALS, rows), tmp_path=tmp_path)
    assert errors(bad) == [(3, CODE, "与第 2 行重复：同一乡镇的同名人员只能填写一行")]
    job = run(town, "oversight_training_officials", table(OFFICIALS, rows[:1]), tmp_path=tmp_path)
    assert imports.job_commit(job).status == Status.DONE
    again = run(town, "oversight_training_officials", table(OFFICIALS, rows[:1]), tmp_path=tmp_path)
    assert any("无变化" in line for line in again.preview["summary"])
    assert imports.job_commit(again).status == Status.DONE
    assert list(TrainingOfficial.objects.values_list("name", "post")) == [("孙某", "组织委员")]


@pytest.mark.parametrize(
    "kind",
    [
        "oversight_incidents",
        "oversight_publicity_tasks",
        "oversight_opinion_events",
        "oversight_questions",
        "oversight_training_officials",
        "oversight_checklist",
    ],
)
def test_template_examples_pass_for_the_user(cast, camp, clock, kind, request):
    if kind == "oversight_checklist":
        request.getfixturevalue("checklist")  # the example names the user's village's election
    user = cast["town_operator"]
    name, data = imports.template_workbook(kind, user)
    outcome = imports.process(data, name, kind=kind, actor=user)
    assert outcome.rows == 1
    assert outcome.report.errors == 0, [(p.row, p.column, p.reason) for p in outcome.report.problems]


# ---------------------------------------------------------------------------------------------
# Exports, filters and print views


def sheet(response):
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


@pytest.fixture
def records(cast, camp, clock):
    town, county = cast["town_operator"], cast["county_operator"]
    at = NOW - dt.timedelta(hours=1)
    incidents_services.incident_report(
        actor=town, campaign=camp, unit=cast.village, title="争执", category="mass", severity="general",
        occurred_at=at, summary="两户争执",
    )  # fmt: skip
    incidents_services.incident_report(
        actor=town, campaign=camp, unit=cast.village, title="拉票", category="bribery", severity="general",
        occurred_at=at, summary="请客拉票",
    )  # fmt: skip
    publicity_services.task_create(
        actor=county, campaign=camp, owner=cast.town, title="张贴公告", deadline=dt.date(2026, 3, 1)
    )
    publicity_services.task_create(
        actor=county, campaign=camp, owner=cast.town_b, title="广播宣传", deadline=dt.date(2026, 3, 20)
    )
    for source, unit in (("network", cast.village), ("media", cast.village_b)):
        publicity_services.event_create(
            actor=county, campaign=camp, unit=unit, source=source, occurred_on=dt.date(2026, 3, 1),
            summary=f"{source}舆情", respond_by=dt.date(2026, 3, 1),
        )  # fmt: skip
    qa_services.question_ask(actor=town, campaign=camp, town=cast.town, topic="voters", text="委托投票？")
    return camp


def test_exports_carry_the_filtered_rows(cast, records, client):
    client.force_login(cast["county_operator"])
    rows = sheet(client.get(reverse("oversight_incidents:export") + "?category=bribery"))
    assert rows[1][0] == "筛选条件：类别=贿选拉票"
    assert [r[1] for r in rows[3:]] == ["拉票"]
    rows = sheet(
        client.get(reverse("oversight_publicity:tasks_export") + f"?overdue=1&campaign={records.pk}")
    )
    assert [r[2] for r in rows[3:]] == ["张贴公告"]  # overdue: not done, deadline 03-01 < 03-02
    rows = sheet(client.get(reverse("oversight_publicity:events_export") + "?category=media"))
    assert [(r[1], r[2]) for r in rows[3:]] == [("南村", "新闻媒体")]
    rows = sheet(client.get(reverse("oversight_qa:export")))
    assert [(r[2], r[4]) for r in rows[3:]] == [("青石镇", "委托投票？")]
    TrainingOfficial.objects.create(campaign=records, town=cast.town, name="孙某")
    rows = sheet(client.get(reverse("oversight_training:officials_export") + "?trained=0"))
    assert [(r[1], r[2], r[4]) for r in rows[3:]] == [("青石镇", "孙某", "否")]
    assert AuditEvent.objects.filter(action="export", object_repr="镇换届工作人员名册").count() == 1


def test_every_list_filters_and_prints(cast, records, client):
    client.force_login(cast["county_operator"])
    r = client.get(reverse("oversight_incidents:list") + "?category=bribery&print=1")
    body = r.content.decode()
    assert (
        "拉票" in body
        and "争执" not in body
        and "筛选条件：类别=贿选拉票" in body
        and "data-hj-print" in body
    )
    r = client.get(reverse("oversight_publicity:events") + "?category=network&print=1")
    body = r.content.decode()
    assert "network舆情" in body and "media舆情" not in body and "data-hj-print" in body
    r = client.get(reverse("oversight_publicity:tasks") + "?overdue=1")
    assert "张贴公告" in r.content.decode() and "广播宣传" not in r.content.decode()
    r = client.get(reverse("oversight_qa:questions") + f"?unit={cast.town_b.path}")
    assert "委托投票" not in r.content.decode()
    r = client.get(reverse("oversight_qa:questions") + f"?unit={cast.town.path}&print=1")
    assert "委托投票" in r.content.decode() and "data-hj-print" in r.content.decode()
    r = client.get(reverse("oversight_training:officials") + "?print=1")
    assert r.status_code == 200 and "data-hj-print" in r.content.decode()


def test_findings_filter_by_category(cast, camp, clock, client):
    sup = user_with_role("sup_city", "supervisor", cast.city)
    group = supervision_services.group_create(
        actor=cast["city_operator"], campaign=camp, formed_by=cast.city, name="第一督导组", kind="roving",
        members=[sup], leader=sup, areas=[cast.county],
    )  # fmt: skip
    sup = type(sup).objects.get(pk=sup.pk)  # role assignments are cached per instance
    visit = supervision_services.visit_record(
        actor=sup, group=group, unit=cast.town, visited_on=dt.date(2026, 3, 1), places="青石镇",
        checked="", results={},
    )  # fmt: skip
    for category in ("bribery", "procedure"):
        supervision_services.finding_record(
            actor=sup, visit=visit, unit=cast.village, category=category, severity="general",
            description=f"{category} 问题", rectify_by=dt.date(2026, 3, 20),
        )  # fmt: skip
    client.force_login(cast["county_operator"])
    url = reverse("oversight_supervision:findings")
    body = client.get(url + "?category=bribery&print=1").content.decode()
    assert "<td>贿选拉票</td>" in body and "<td>选举程序</td>" not in body and "data-hj-print" in body
    assert "筛选条件：问题类别=贿选拉票" in body
    rows = sheet(client.get(reverse("oversight_supervision:export") + "?category=procedure"))
    assert [r[3] for r in rows[3:]] == ["选举程序"]
    assert Finding.objects.count() == 2


# ---------------------------------------------------------------------------------------------
# 选举日检查清单落实情况 (req. 7)

CHECKS = [CODE, "选举对象", "检查事项", "已落实", "说明"]


@pytest.fixture
def checklist(cast, camp):
    city = cast["city_operator"]
    items = [
        checklist_services.item_add(actor=city, campaign=camp, title="入场测温", needs_evidence=True),
        checklist_services.item_add(actor=city, campaign=camp, title="会场通风消毒"),
    ]
    elections = [
        Election.objects.create(campaign=camp, unit=u, body="committee", election_day=dt.date(2026, 3, 1))
        for u in (cast.village, cast.village2, cast.village_b)
    ]
    return items, elections


def test_checklist_completion_imports_through_the_check_service(cast, camp, clock, checklist, tmp_path):
    town = cast["town_operator"]

    def row(**over):
        return {CODE: EAST, "选举对象": "村（居）民委员会", "检查事项": "会场通风消毒", "已落实": "是"} | over

    bad = run(
        town,
        "oversight_checklist",
        table(
            CHECKS,
            [
                row(),
                row(**{"检查事项": "入场测温"}),  # needs evidence first
                row(**{"检查事项": "不存在的事项"}),
                row(**{"选举对象": "村（社区）党组织"}),
                row(**{"已落实": "也许"}),
            ],
        ),
        tmp_path=tmp_path,
    )
    reasons = errors(bad)
    assert (3, "已落实", "该事项须上传佐证材料后才能标记为已落实") in reasons
    assert (4, "检查事项", "本次换届工作的选举日检查清单中没有该事项") in reasons
    assert (5, "选举对象", "该村（社区）在本次换届工作中没有该选举对象的选举") in reasons
    assert any(r[0] == 6 and r[1] == "已落实" for r in reasons)
    assert not ChecklistCheck.objects.exists()
    job = run(
        town,
        "oversight_checklist",
        table(CHECKS, [row(), row(**{CODE: "329901001202", "已落实": "否", "说明": "未通风"})]),
        name="c.csv",
        encoding="gbk",
    )
    assert job.status == Status.READY, job.problems
    assert imports.job_commit(job).status == Status.DONE
    assert sorted(ChecklistCheck.objects.values_list("election__unit__code", "done", "note")) == [
        (EAST, True, ""),
        ("329901001202", False, "未通风"),
    ]
    # the export: one column per item, each election's state of each
    client = Client()
    client.force_login(cast["county_operator"])
    rows = sheet(client.get(reverse("oversight_checklist:export") + "?status=incomplete"))
    assert rows[2][-2:] == ["入场测温", "会场通风消毒"]
    assert [(r[2], r[4], r[-2], r[-1]) for r in rows[3:]] == [
        ("东村", "1/2", "未登记", "已落实"),
        ("西村", "0/2", "未登记", "未落实"),
        ("南村", "0/2", "未登记", "未登记"),
    ]
    body = client.get(reverse("oversight_checklist:index") + "?body=party&print=1").content.decode()
    assert "没有符合条件的选举" in body and "data-hj-print" in body


# ---------------------------------------------------------------------------------------------
# 督导发现问题台账 (req. 4)

FINDINGS = [
    "督导组",
    "督导单位区划代码",
    "督导日期",
    "走访地点",
    CODE,
    "问题类别",
    "严重程度",
    "问题描述",
    "整改期限",
]


def test_findings_import_only_by_members_inside_their_groups_area(cast, camp, clock, tmp_path):
    sup = user_with_role("sup_city", "supervisor", cast.city)
    supervision_services.group_create(
        actor=cast["city_operator"], campaign=camp, formed_by=cast.city, name="第一督导组", kind="roving",
        members=[sup], leader=sup, areas=[cast.town],
    )  # fmt: skip
    sup = type(sup).objects.get(pk=sup.pk)

    def row(**over):
        return {
            "督导组": "",
            "督导单位区划代码": TOWN,
            "督导日期": "2026-03-01",
            "走访地点": "青石镇党委",
            CODE: EAST,
            "问题类别": "选举程序",
            "严重程度": "较重",
            "问题描述": "选民名单未按时公布",
            "整改期限": "2026-03-20",
        } | over

    bad = run(
        sup,
        "oversight_findings",
        table(
            FINDINGS,
            [
                row(),
                row(**{"督导组": "第二督导组", "问题描述": "二"}),
                row(**{CODE: SOUTH, "问题描述": "三"}),  # 南村 is outside the group's town
                row(**{"整改期限": "2026-03-01", "问题描述": "四"}),
                row(**{"督导日期": "2026-03-03", "问题描述": "五"}),
            ],
        ),
        tmp_path=tmp_path,
    )
    reasons = errors(bad)
    assert (3, "督导组", "您不是该督导组的成员（或督导组名称有误）") in reasons
    assert (4, CODE, "该区划代码不在您的管辖范围内（或不是本台账可填报的单位层级）") in reasons
    assert (5, "整改期限", "整改期限不能早于今天") in reasons
    assert (6, "督导日期", "督导日期不能晚于今天") in reasons
    assert not Finding.objects.exists()
    job = run(
        sup,
        "oversight_findings",
        table(FINDINGS, [row(), row(**{"问题描述": "票箱未当众查验", "问题类别": "贿选拉票"})]),
        tmp_path=tmp_path,
    )
    assert job.status == Status.READY, job.problems
    assert imports.job_commit(job).status == Status.DONE
    assert sorted(Finding.objects.values_list("category", "unit__code", "visit__unit__code", "state")) == [
        ("bribery", EAST, TOWN, "open"),
        ("procedure", EAST, TOWN, "open"),
    ]
    assert len({f.visit_id for f in Finding.objects.all()}) == 1  # one visit that day
    # a town operator supervises nothing: every unit is outside his (oversight.supervise) reach
    job = run(cast["town_operator"], "oversight_findings", table(FINDINGS, [row()]), tmp_path=tmp_path)
    assert errors(job) == [(2, CODE, "该区划代码不在您的管辖范围内（或不是本台账可填报的单位层级）")]


def test_training_sessions_filter_by_jurisdiction_and_level_export_and_print(cast, camp, clock, client):
    training_services.session_create(
        actor=cast["city_operator"], campaign=camp, unit=cast.city, title="市级示范培训",
        held_on=dt.date(2026, 2, 20),
    )  # fmt: skip
    training_services.session_create(
        actor=cast["town_operator"], campaign=camp, unit=cast.town, title="镇级业务培训",
        held_on=dt.date(2026, 2, 25),
    )  # fmt: skip
    client.force_login(cast["city_operator"])
    url = reverse("oversight_training:sessions")
    body = client.get(url + "?level=town&print=1").content.decode()
    assert "镇级业务培训" in body and "市级示范培训" not in body and "data-hj-print" in body
    body = client.get(url + f"?unit={cast.town_b.path}").content.decode()
    assert "镇级业务培训" not in body and "市级示范培训" not in body
    rows = sheet(client.get(reverse("oversight_training:sessions_export") + f"?unit={cast.town.path}"))
    assert [(r[2], r[4]) for r in rows[3:]] == [("镇级", "镇级业务培训")]


GROUPS = [CODE, NAME, "督导组名称", "类型", "组长及成员", "联系县（镇）"]
CITY, COUNTY, COUNTY2 = "329900000000", "329901000000", "329902000000"


def test_groups_import_through_the_group_service_members_by_login_or_name(cast, camp, clock, tmp_path):
    """督导组台账 (issue 14 req. 9 for req. 4): members by login name or by a name one supervisor
    bears, the leader marked （组长）, areas by code or name among the forming unit's; every refusal
    on its row and column, nothing written until the whole file is clean; the same file again
    changes nothing; a county cannot form the city's groups."""
    a = user_with_role("sup_a", "supervisor", cast.city)
    b = user_with_role("sup_b", "supervisor", cast.city)
    type(b).objects.filter(pk=b.pk).update(display_name="王五")
    for login in ("sup_c", "sup_d"):
        u = user_with_role(login, "supervisor", cast.city)
        type(u).objects.filter(pk=u.pk).update(display_name="赵六")
    city = cast["city_operator"]

    def row(**over):
        return {
            CODE: CITY,
            NAME: "东湖市",
            "督导组名称": "第一巡回督导组",
            "类型": "巡回督导组",
            "组长及成员": "sup_a（组长）、王五",
            "联系县（镇）": f"清河县、{COUNTY2}",
        } | over

    bad = run(
        city,
        "oversight_supervision_groups",
        table(
            GROUPS,
            [
                row(),
                row(**{"督导组名称": "二", "类型": "双联直挂"}),  # the city forms roving groups only
                row(**{"督导组名称": "三", "组长及成员": "town_op"}),  # not a supervisor
                row(**{"督导组名称": "四", "组长及成员": "sup_a（组长）、王五（组长）"}),
                row(**{"督导组名称": "五", "组长及成员": "赵六"}),  # two supervisors bear the name
                row(
                    **{"督导组名称": "六", "组长及成员": "sup_a、某某", "联系县（镇）": "南村"}
                ),  # both wrong
                row(),  # the same group twice
            ],
        ),
        tmp_path=tmp_path,
    )
    reasons = errors(bad)
    assert (3, "类型", "巡回督导组由市级组建，双联直挂由县级组建") in reasons
    assert (4, "组长及成员", "“town_op”不是具有“巡回督导组成员”角色的用户") in reasons
    assert (5, "组长及成员", "一个督导组只能有一名组长") in reasons
    assert (6, "组长及成员", "有多名督导组成员名为“赵六”，请填写其登录名") in reasons
    assert (7, "组长及成员", "“某某”不是具有“巡回督导组成员”角色的用户") in reasons  # each problem of a row
    assert (7, "联系县（镇）", "“南村”不是组建单位所辖的县（区）或乡镇") in reasons  # a village is no area
    assert (8, CODE, "与第 2 行重复：同一组建单位的同名督导组只能填写一行") in reasons
    assert len(reasons) == 7
    assert not SupervisionGroup.objects.exists()

    rows = [
        row(),
        row(**{"督导组名称": "第二巡回督导组", "组长及成员": "sup_c、sup_d（组长）", "联系县（镇）": TOWN}),
    ]
    job = run(city, "oversight_supervision_groups", table(GROUPS, rows), name="in.csv", encoding="gbk")
    assert job.status == Status.READY, job.problems
    assert imports.job_commit(job).status == Status.DONE
    first = SupervisionGroup.objects.get(name="第一巡回督导组")
    assert (first.kind, first.formed_by.code) == ("roving", CITY)
    assert sorted((m.user.username, m.is_leader) for m in first.members.all()) == [
        ("sup_a", True),
        ("sup_b", False),
    ]
    assert sorted(first.areas.values_list("unit__code", flat=True)) == [COUNTY, COUNTY2]
    second = SupervisionGroup.objects.get(name="第二巡回督导组")
    assert list(second.members.filter(is_leader=True).values_list("user__username", flat=True)) == ["sup_d"]
    assert AuditEvent.objects.filter(action="create", model="oversight.SupervisionGroup").count() == 2
    # the member now supervises what the group was assigned
    assert supervision_services.supervised_paths(a) and set(supervision_services.supervised_paths(a)) == {
        first.areas.get(unit__code=COUNTY).unit.path,
        first.areas.get(unit__code=COUNTY2).unit.path,
    }

    again = run(city, "oversight_supervision_groups", table(GROUPS, rows), tmp_path=tmp_path)
    assert again.status == Status.READY, again.problems
    assert imports.job_commit(again).status == Status.DONE
    assert SupervisionGroup.objects.count() == 2
    changed = run(
        city,
        "oversight_supervision_groups",
        table(GROUPS, [row(**{"组长及成员": "sup_a（组长）"})]),
        tmp_path=tmp_path,
    )
    assert errors(changed) == [
        (2, "督导组名称", "已组建同名督导组，其类型、成员或联系范围与本行不同，请在督导组页面处理")
    ]

    county = cast["county_operator"]
    outside = run(
        county,
        "oversight_supervision_groups",
        table(GROUPS, [row(**{"督导组名称": "县组"})]),
        tmp_path=tmp_path,
    )
    assert errors(outside) == [(2, CODE, "该区划代码不在您的管辖范围内（或不是本台账可填报的单位层级）")]
    direct = run(
        county,
        "oversight_supervision_groups",
        table(GROUPS, [row(**{CODE: COUNTY, NAME: "清河县", "督导组名称": "双联一组", "类型": "双联直挂",
                              "组长及成员": "sup_a", "联系县（镇）": "青石镇、白沙镇"})]),
        tmp_path=tmp_path,
    )  # fmt: skip
    assert direct.status == Status.READY, direct.problems
    assert imports.job_commit(direct).status == Status.DONE
    assert sorted(
        SupervisionGroup.objects.get(name="双联一组").areas.values_list("unit__code", flat=True)
    ) == [
        TOWN,
        "329901002000",
    ]


@pytest.mark.parametrize("who", ["city_operator", "county_operator"])
def test_groups_template_example_names_the_user_s_unit_and_an_area_below(cast, camp, clock, who):
    name, data = imports.template_workbook("oversight_supervision_groups", cast[who])
    outcome = imports.process(data, name, kind="oversight_supervision_groups", actor=cast[who])
    assert outcome.rows == 1
    # the example's members are placeholders: only they are refused
    assert {p.column for p in outcome.report.problems if p.level == "error"} == {"组长及成员"}
