"""The town's confidential vetting registers filled from their templates (issue 11 req. 11): 四必谈
谈话情况, 考察情况 and 镇级初审意见, through the pages' services (same checks, locks and audit), all or
nothing, real xlsx and GBK csv files; hostile rows (wrong IDs, other jurisdictions, future dates,
duplicates) refused row by row in Chinese; the import entry only for the town."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from huanjie.core import crypto, imports
from huanjie.core.audit import AuditEvent
from huanjie.core.models import ImportJob
from huanjie.planning.models import Campaign
from huanjie.vetting.importers_registers import IMPORTERS, import_url
from huanjie.vetting.models import Candidate, Finding, Inspection, PartyRequest, PrecheckAnswer, Talk
from huanjie.vetting.review_services import precheck_offices_set
from tests.factories import PersonFactory
from tests.importfiles import csv_bytes, table, write_xlsx

pytestmark = pytest.mark.django_db
Status = ImportJob.Status
TODAY = dt.date(2026, 1, 20)
UNIT, UNIT_NAME, ID, NAME = "村（社区）区划代码", "村（社区）名称", "身份证号", "姓名"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("huanjie.core.workflow.today", lambda: TODAY)


@pytest.fixture
def campaign(cast):
    return Campaign.objects.create(
        city=cast.city,
        name="2026年换届",
        profile_code="zhejiang",
        window_start=dt.date(2025, 12, 1),
        window_end=dt.date(2026, 6, 30),
        state="published",
    )


def _ident(person):
    return {
        UNIT: person.domicile_unit.code,
        UNIT_NAME: person.domicile_unit.name,
        NAME: person.name,
        ID: crypto.decrypt(person.id_cipher),
    }


def _run(user, kind, data, name):
    return imports.job_preview(imports.job_create(actor=user, kind=kind, file_name=name, data=data))


def _xlsx(tmp_path, header, rows):
    return write_xlsx(tmp_path / "in.xlsx", table(header, rows)).read_bytes()


def _errors(job):
    return [(p["row"], p["column"], p["reason"]) for p in job.problems if p["level"] == "error"]


def _candidate(campaign, person, *, side="party", post="secretary", **extra):
    return Candidate.objects.create(
        campaign=campaign,
        unit=person.domicile_unit,
        person=person,
        side=side,
        post=post,
        source="sitting",
        channel="two_recommendations" if side == "party" else "voters",
        **extra,
    )


def test_the_kinds_are_declared_in_the_plugin():
    declared = imports.importer_paths()
    assert {k: declared[k] for k in IMPORTERS} == IMPORTERS


# ---------------------------------------------------------------------------------------------
# 四必谈

TALK_HEADER = [UNIT, UNIT_NAME, NAME, ID, "对象类别", "谈话日期", "谈话人", "谈话主要内容及对象表态"]


def _talk(campaign, person, kind="not_renominated", **extra):
    return Talk.objects.create(
        campaign=campaign,
        unit=person.domicile_unit,
        person=person,
        kind=kind,
        level="town",
        basis="人事安排初步方案：村（居）民委员会主任“退”",
        due_on=dt.date(2026, 2, 10),
        listed_on=dt.date(2026, 1, 10),
        **extra,
    )


def _talk_row(person, **over):
    return (
        _ident(person)
        | {
            "对象类别": "不再提名",
            "谈话日期": "2026-01-18",
            "谈话人": "李明（镇党委书记）",
            "谈话主要内容及对象表态": "说明换届政策，本人表示理解支持",
        }
        | over
    )


def test_talks_xlsx_completes_the_ledger_through_the_service(cast, campaign, tmp_path):
    a, b = PersonFactory(domicile_unit=cast.village), PersonFactory(domicile_unit=cast.village2)
    ta, tb = _talk(campaign, a), _talk(campaign, b, kind="competitive")
    rows = [_talk_row(a), _talk_row(b, 对象类别="差额选举", 谈话日期="2026/1/19", 谈话人="王强（镇长）")]
    data = _xlsx(tmp_path, TALK_HEADER, rows)
    job = _run(cast["town_operator"], "vetting_talks", data, "四必谈.xlsx")
    assert job.status == Status.READY, job.problems
    assert not Talk.objects.exclude(done_on=None).exists()  # the preview wrote nothing
    assert imports.job_commit(job).status == Status.DONE
    ta.refresh_from_db()
    tb.refresh_from_db()
    assert (ta.done_on, ta.talker, ta.notes) == (
        dt.date(2026, 1, 18),
        "李明（镇党委书记）",
        "说明换届政策，本人表示理解支持",
    )
    assert (tb.done_on, tb.talker) == (dt.date(2026, 1, 19), "王强（镇长）")
    # one audit event per talk (the service's) and the kit's one for the file
    assert AuditEvent.objects.filter(model="vetting.Talk", action="update").count() == 2
    assert AuditEvent.objects.filter(model="vetting.Talk", action="import").count() == 1
    assert job.result["created"] == 2
    # the same file again changes nothing
    job = _run(cast["town_operator"], "vetting_talks", data, "四必谈.xlsx")
    assert imports.job_commit(job).status == Status.DONE
    assert job.result["unchanged"] == 2
    assert AuditEvent.objects.filter(model="vetting.Talk", action="update").count() == 2


def test_talks_hostile_rows_refused_and_nothing_written(cast, campaign):
    a, b, c = (PersonFactory(domicile_unit=cast.village) for _ in range(3))
    south = PersonFactory(domicile_unit=cast.village_b)
    unlisted = PersonFactory(domicile_unit=cast.village)
    for p in (a, b, c, south):
        _talk(campaign, p)
    obsolete = PersonFactory(domicile_unit=cast.village)
    _talk(campaign, obsolete, obsolete_on=dt.date(2026, 1, 15))
    rows = [
        _talk_row(a),  # 2: clean
        _talk_row(b, 谈话日期="2026-01-21"),  # 3: tomorrow
        _talk_row(a, 谈话人="另一人"),  # 4: duplicate of row 2
        _talk_row(south),  # 5: another town's village
        _talk_row(unlisted),  # 6: not on the ledger
        _talk_row(c, 对象类别="差额选举"),  # 7: on the ledger, but for another reason
        _talk_row(c, 姓名="张冒名"),  # 8: the name does not match the ID
        _talk_row(obsolete),  # 9: no longer needed
        _talk_row(c, 身份证号="329901198104120011"),  # 10: a bad check digit
    ]
    data = csv_bytes(table(TALK_HEADER, rows), encoding="gbk")
    job = _run(cast["town_operator"], "vetting_talks", data, "四必谈.csv")
    assert job.status == Status.INVALID
    got = {(r, col): reason for r, col, reason in _errors(job)}
    assert got[(3, "谈话日期")] == "谈话日期不能晚于今天"
    assert got[(4, UNIT)].startswith("与第 2 行重复")
    assert "管辖范围" in got[(5, UNIT)]
    assert "四必谈台账中没有" in got[(6, ID)]
    assert "四必谈台账中没有" in got[(7, ID)]
    assert got[(8, NAME)] == f"与身份证号登记的姓名“{c.name}”不同"
    assert got[(9, "谈话日期")] == "该谈话已不再需要，无需登记"
    assert (10, ID) in got
    assert len(got) == 8 and (2, UNIT) not in got
    assert not Talk.objects.exclude(done_on=None).exists()
    assert not AuditEvent.objects.filter(model="vetting.Talk").exists()


def test_talks_not_for_a_village_operator_nor_another_town(cast, campaign, tmp_path):
    """Confidential: a village operator (no vetting.confidential) and another town's operator get
    the same refusal as for a code that does not exist."""
    a = PersonFactory(domicile_unit=cast.village)
    _talk(campaign, a)
    data = _xlsx(tmp_path, TALK_HEADER, [_talk_row(a)])
    for role in ("village_operator", "other_town_operator", "county_operator"):
        job = _run(cast[role], "vetting_talks", data, "四必谈.xlsx")
        assert job.status == Status.INVALID, role
        assert [(r, c) for r, c, _ in _errors(job)] == [(2, UNIT)], role
    assert not Talk.objects.exclude(done_on=None).exists()


# ---------------------------------------------------------------------------------------------
# 考察

ASPECTS = ["德", "能", "勤", "绩", "廉"]
STRENGTHS = ["政治引领力", "组织覆盖力", "群众凝聚力", "社会号召力", "发展推动力"]
INSPECTION_HEADER = [
    UNIT,
    UNIT_NAME,
    NAME,
    ID,
    "班子",
    "职务",
    *ASPECTS,
    "民主测评满意票",
    "民主测评基本满意票",
    "民主测评不满意票",
    "考察组成员",
    "考察日期",
    "考察意见",
    *STRENGTHS,
]


def _inspection_row(person, *, strengths=True, **over):
    row = _ident(person) | {
        "班子": "党组织",
        "职务": "书记",
        **dict.fromkeys(ASPECTS, "优秀"),
        "民主测评满意票": 45,
        "民主测评基本满意票": 5,
        "民主测评不满意票": 1,
        "考察组成员": "李明、张华",
        "考察日期": "2026-01-15",
        "考察意见": "政治立场坚定，群众基础好",
    }
    if strengths:
        row |= dict.fromkeys(STRENGTHS, "称职")
    return row | over


def test_inspections_recorded_and_corrected_through_the_service(cast, campaign, tmp_path):
    a, b = PersonFactory(domicile_unit=cast.village), PersonFactory(domicile_unit=cast.village2)
    ca = _candidate(campaign, a)
    cb = _candidate(campaign, b, post="party_member")
    rows = [_inspection_row(a), _inspection_row(b, strengths=False, 职务="党组织委员", 廉="称职")]
    job = _run(
        cast["town_operator"], "vetting_inspections", _xlsx(tmp_path, INSPECTION_HEADER, rows), "考察.xlsx"
    )
    assert job.status == Status.READY, job.problems
    assert imports.job_commit(job).status == Status.DONE
    ia, ib = Inspection.objects.get(candidate=ca), Inspection.objects.get(candidate=cb)
    assert (ia.rating_de, ia.rating_lian, ia.strength_political, ia.poll_total) == (
        "excellent",
        "excellent",
        "competent",
        51,
    )
    assert (ib.rating_lian, ib.strength_political, ib.inspected_on) == ("competent", "", dt.date(2026, 1, 15))
    assert AuditEvent.objects.filter(model="vetting.Inspection", action="create").count() == 2
    # a correction (GBK csv) updates the one inspection, shows the change in the preview and audits it
    fix = [_inspection_row(a, 民主测评不满意票=3, 勤="称职")]
    job = _run(
        cast["town_operator"],
        "vetting_inspections",
        csv_bytes(table(INSPECTION_HEADER, fix), encoding="gbk"),
        "考察.csv",
    )
    assert job.status == Status.READY, job.problems
    change = [line for line in job.preview["summary"] if line.startswith("第 2 行")]
    assert len(change) == 1
    assert "更新：" in change[0] and "勤 优秀→称职" in change[0] and "民主测评不满意票 1→3" in change[0]
    assert imports.job_commit(job).status == Status.DONE
    ia.refresh_from_db()
    assert (ia.poll_unsatisfied, ia.rating_qin) == (3, "competent")
    assert Inspection.objects.count() == 2
    assert AuditEvent.objects.filter(model="vetting.Inspection", action="update").count() == 1


def test_inspection_hostile_rows_refused_and_nothing_written(cast, campaign, tmp_path):
    a, b, c, d = (PersonFactory(domicile_unit=cast.village) for _ in range(4))
    south = PersonFactory(domicile_unit=cast.village_b)
    stranger = PersonFactory(domicile_unit=cast.village)  # registered, but no candidate
    for p in (a, b, c, south):
        _candidate(campaign, p)
    locked = PartyRequest.objects.create(campaign=campaign, unit=cast.village, state="approved")
    _candidate(campaign, d, post="deputy_secretary", request=locked)
    rows = [
        _inspection_row(a),  # 2: clean
        _inspection_row(b, 考察日期="2026-02-01"),  # 3: in the future
        _inspection_row(a, 考察意见="重复"),  # 4: duplicate of row 2
        _inspection_row(south),  # 5: another town
        _inspection_row(stranger),  # 6: no candidate
        _inspection_row(c, 职务="副书记"),  # 7: a candidate, but for another post
        _inspection_row(c, strengths=False),  # 8: a secretary without the 五强 (the service's rule)
        _inspection_row(d, 职务="副书记"),  # 9: the 请示 is approved (locked)
        _inspection_row(c, 德="很好", 职务="书记", **{UNIT: cast.village2.code}),  # 10: not a rating
    ]
    data = _xlsx(tmp_path, INSPECTION_HEADER, rows)
    job = _run(cast["town_operator"], "vetting_inspections", data, "考察.xlsx")
    assert job.status == Status.INVALID
    got = {}
    for r, col, reason in _errors(job):
        got.setdefault((r, col), reason)
    assert got[(3, "考察日期")] == "考察日期不能晚于今天"
    assert got[(4, UNIT)].startswith("与第 2 行重复")
    assert "管辖范围" in got[(5, UNIT)]
    assert "没有此人该职务的人选" in got[(6, ID)]
    assert "没有此人该职务的人选" in got[(7, ID)]
    assert got[(8, "政治引领力")] == "书记人选须评定“政治引领力”"
    assert "锁定" in got[(9, UNIT)]
    assert (10, "德") in got
    assert (2, UNIT) not in got and not any(r == 2 for r, _ in got)
    assert not Inspection.objects.exists()
    assert not AuditEvent.objects.filter(model="vetting.Inspection").exists()


# ---------------------------------------------------------------------------------------------
# 镇级初审

PRECHECK_HEADER = [
    UNIT,
    UNIT_NAME,
    NAME,
    ID,
    "班子",
    "职务",
    "初审单位",
    "答复日期",
    "初审结论",
    "问题类别",
    "问题编号",
    "事实发生日期",
    "依据文书",
    "是否查实",
    "情况说明",
]


def _precheck_row(person, **over):
    return (
        _ident(person)
        | {
            "班子": "村（居）民委员会",
            "职务": "主任",
            "初审单位": "派出所",
            "答复日期": "2026-01-16",
            "初审结论": "无异常",
        }
        | over
    )


@pytest.fixture
def offices(cast, campaign):
    precheck_offices_set(
        actor=cast["town_operator"],
        campaign=campaign,
        town=cast.town,
        offices=["police_station", "justice_office"],
    )


def test_precheck_answers_through_the_service(cast, campaign, offices, tmp_path):
    a, b = PersonFactory(domicile_unit=cast.village), PersonFactory(domicile_unit=cast.village2)
    ca = _candidate(campaign, a, side="committee", post="chair")
    cb = _candidate(campaign, b, side="committee", post="chair")
    rows = [
        _precheck_row(a),
        _precheck_row(a, 初审单位="司法所"),
        _precheck_row(
            b,
            初审结论="有问题反映",
            问题类别="法定不得情形",
            问题编号="因犯罪受过刑事处罚",
            事实发生日期="2019-05-01",
            依据文书="（2019）刑初12号",
            是否查实="是",
            情况说明="2019年因盗窃罪被判处有期徒刑",
        ),
    ]
    data = csv_bytes(table(PRECHECK_HEADER, rows), encoding="gbk")
    job = _run(cast["town_operator"], "vetting_precheck_answers", data, "初审.csv")
    assert job.status == Status.READY, job.problems
    assert imports.job_commit(job).status == Status.DONE
    assert sorted(PrecheckAnswer.objects.filter(candidate=ca).values_list("office", "result")) == [
        ("justice_office", "clear"),
        ("police_station", "clear"),
    ]
    answer = PrecheckAnswer.objects.get(candidate=cb)
    assert (answer.result, answer.answered_on) == ("finding", dt.date(2026, 1, 16))
    f = Finding.objects.get(candidate=cb)
    assert (f.source, f.reporter, f.statutory_code, f.status) == (
        "precheck",
        "派出所",
        "criminal_punishment",
        "substantiated",
    )
    assert AuditEvent.objects.filter(model="vetting.PrecheckAnswer", action="create").count() == 3
    # the same file again changes nothing (a re-upload); a changed answer is refused (the service's rule)
    job = _run(cast["town_operator"], "vetting_precheck_answers", data, "初审.csv")
    assert imports.job_commit(job).status == Status.DONE
    assert job.result["unchanged"] == 3
    rows[0]["答复日期"] = "2026-01-17"
    job = _run(
        cast["town_operator"],
        "vetting_precheck_answers",
        csv_bytes(table(PRECHECK_HEADER, rows), encoding="gbk"),
        "初审.csv",
    )
    assert _errors(job) == [(2, "初审单位", "派出所已答复，不能重复答复")]
    assert PrecheckAnswer.objects.count() == 3


def test_precheck_hostile_rows_refused_and_nothing_written(cast, campaign, offices, tmp_path):
    a, b, w = (PersonFactory(domicile_unit=cast.village) for _ in range(3))
    south = PersonFactory(domicile_unit=cast.village_b)
    for p in (a, b, south):
        _candidate(campaign, p, side="committee", post="chair")
    _candidate(campaign, w, side="committee", post="chair", withdrawn_on=dt.date(2026, 1, 12))
    rows = [
        _precheck_row(a),  # 2: clean
        _precheck_row(a),  # 3: duplicate of row 2
        _precheck_row(b, 答复日期="2026-03-01"),  # 4: in the future
        _precheck_row(b, 初审单位="财政所"),  # 5: an office the town did not list
        _precheck_row(south),  # 6: another town
        _precheck_row(w),  # 7: withdrew
        _precheck_row(b, 初审单位="司法所", 初审结论="有问题反映"),  # 8: a finding without its facts
        _precheck_row(b, 身份证号="11010119900307001X", 初审单位="司法所", 姓名="查无此人"),  # 9
    ]
    job = _run(
        cast["town_operator"], "vetting_precheck_answers", _xlsx(tmp_path, PRECHECK_HEADER, rows), "初审.xlsx"
    )
    assert job.status == Status.INVALID
    got = {}
    for r, col, reason in _errors(job):
        got.setdefault((r, col), reason)
    assert got[(3, UNIT)].startswith("与第 2 行重复")
    assert got[(4, "答复日期")] == "答复日期不能晚于今天"
    assert got[(5, "初审单位")] == "请选择本乡镇（街道）列明的初审单位"
    assert "管辖范围" in got[(6, UNIT)]
    assert "退出" in got[(7, ID)]
    assert {c for r, c in got if r == 8} >= {"问题类别", "事实发生日期", "情况说明"}
    assert "没有此人该职务的人选" in got[(9, ID)]
    assert not any(r == 2 for r, _ in got)
    assert not PrecheckAnswer.objects.exists() and not Finding.objects.exists()


# ---------------------------------------------------------------------------------------------
# The import entry, the templates


# The confidential registers (the pledges, not confidential, have theirs in test_import_pledges.py).
CONFIDENTIAL = sorted(set(IMPORTERS) - {"vetting_pledges"})


@pytest.mark.parametrize("kind", CONFIDENTIAL)
def test_import_entry_only_for_the_town(cast, kind):
    town_url = import_url(cast["town_operator"], kind, cast.village.path)
    assert town_url.endswith(f"?kind={kind}")
    assert import_url(cast["town_operator"], kind, cast.town.path) == town_url
    assert import_url(cast["other_town_operator"], kind, cast.village.path) == ""
    for role in ("village_operator", "county_operator", "leader", "vetting", "city_operator"):
        assert import_url(cast[role], kind, cast.village.path) == "", role


@pytest.mark.parametrize("kind", CONFIDENTIAL)
def test_template_lists_only_the_towns_villages(cast, kind, client):
    _, data = imports.template_workbook(kind, cast["town_operator"])
    book = openpyxl.load_workbook(io.BytesIO(data))
    header = [c.value for c in book.worksheets[0][1]]
    assert header[:4] == [UNIT, UNIT_NAME, NAME, ID]
    mine = {r[0] for r in book["我的单位"].iter_rows(min_row=2, values_only=True)}
    assert mine == {cast.village.code, cast.village2.code}
    _, data = imports.template_workbook(kind, cast["village_operator"])
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert [r[0] for r in book["我的单位"].iter_rows(min_row=2, values_only=True)] == [
        "您的管辖范围内没有可导入的单位"
    ]
    client.force_login(cast["town_operator"])
    response = client.get(f"/import/template/{kind}/")
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_register_pages_show_the_import_button_only_to_the_town(cast, campaign, offices, client):
    pages = [
        (f"/vetting/talks/{cast.village.code}/", "?kind=vetting_talks", "导入谈话情况"),
        ("/vetting/precheck/", "?kind=vetting_precheck_answers", "导入初审意见"),
        (f"/vetting/unit/{cast.village.code}/", "?kind=vetting_inspections", "导入考察情况"),
    ]
    client.force_login(cast["town_operator"])
    for url, link, label in pages:
        html = client.get(url).content.decode()
        assert link in html and label in html, url
    for role in ("county_operator", "village_operator"):
        client.force_login(cast[role])
        for url, link, label in pages:
            response = client.get(url)
            if response.status_code == 200:
                assert link not in response.content.decode() and label not in response.content.decode()
