"""Town pre-check (镇级初审) and county joint review (县级联审), issue 11 reqs. 4, 5 (and the queue half of
10, 12): each department answers only its own queue, in parallel through core's sign-off; all clear
moves the entry, one finding makes it adverse; overdue at the exact boundary; full IDs only in the
department's own queue, audited; a batch answered by uploading the sheet, all or nothing; the county's
ruling, which never changes a 村委会 candidate's qualification.
Run: pytest tests/vetting/test_review.py
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from huanjie.core import imports
from huanjie.core import workflow as wf
from huanjie.core.models import AuditEvent, ImportJob
from huanjie.planning import services as planning_services
from huanjie.planning.models import Campaign, NegativeItem, ReviewDepartment
from huanjie.vetting import review_selectors as sel
from huanjie.vetting import review_services as svc
from huanjie.vetting import services
from huanjie.vetting.models import Finding, PrecheckAnswer, ReviewEntry
from tests.factories import PersonFactory, user_with_role
from tests.importfiles import table, write_xlsx
from tests.vetting.helpers import nominated

pytestmark = pytest.mark.django_db

SENT = dt.date(2026, 3, 2)
POLICE_DUE = SENT + dt.timedelta(days=5)  # 公安局: 5 days → due 3-07
COURT_DUE = SENT + dt.timedelta(days=3)


@pytest.fixture
def campaign(cast):
    c = Campaign.objects.create(
        city=cast.city,
        name="2026年换届",
        profile_code="zhejiang",
        window_start=dt.date(2025, 12, 1),
        window_end=dt.date(2026, 6, 30),
        state="published",
    )
    ReviewDepartment.objects.create(campaign=c, name="公安局", department="police", checks="违法犯罪", days=5)
    ReviewDepartment.objects.create(campaign=c, name="法院", department="court", checks="判决", days=3)
    NegativeItem.objects.create(
        campaign=c, code="2", text="受到党纪处分影响期内", tier="cannot", department="纪委监委"
    )
    return c


@pytest.fixture
def court(cast):
    return user_with_role("court", "vetting", cast.county, department="court")


@pytest.fixture
def petition(cast):
    return user_with_role("petition", "vetting", cast.county, department="petition")


@pytest.fixture
def other_police(cast):
    return user_with_role("police2", "vetting", cast.county2, department="police")


def _candidate(cast, campaign, unit=None, side="party", actor=None):
    unit = unit or cast.village
    person = PersonFactory(domicile_unit=unit)
    if side != "party":
        return nominated(campaign, unit, person, side=side)
    args = (
        {"post": "secretary", "channel": "two_recommendations", "votes_members": 40, "votes_public": 300}
        if side == "party"
        else {"post": "chair", "channel": "voters", "nomination_votes": 120}
    )
    return services.candidate_register(
        actor=actor or cast["town_operator"],
        campaign=campaign,
        unit=unit,
        person=person,
        side=side,
        source="sitting",
        **args,
    )


def _prechecked(cast, campaign, **kw):
    c = _candidate(cast, campaign, **kw)
    town = c.unit.parent
    actor = cast["town_operator"] if town == cast.town else cast["other_town_operator"]
    svc.precheck_offices_set(
        actor=actor, campaign=campaign, town=town, offices=["police_station", "justice_office"]
    )
    for office in ("police_station", "justice_office"):
        svc.precheck_answer(actor=actor, candidate=c, office=office, result="clear", answered_on=SENT)
    return c


def _send(cast, campaign, candidates, name="第一批"):
    return svc.review_batch_send(
        actor=cast["county_operator"],
        county=cast.county,
        campaign=campaign,
        name=name,
        sent_on=SENT,
        candidates=candidates,
    )


# -- the department code of a campaign's 联审部门 ----------------------------------------------


def test_review_department_code_picked_or_matched_from_its_name(cast, campaign):
    city = cast["city_operator"]
    campaign.state = "draft"
    campaign.save()
    row = planning_services.setting_add(
        actor=city,
        campaign=campaign,
        kind="department",
        values={"name": "政法委（扫黑办）", "checks": "涉黑", "days": 5},
    )
    assert row.department == "politics_law"
    with pytest.raises(ValidationError) as e:
        planning_services.setting_add(
            actor=city,
            campaign=campaign,
            kind="department",
            values={"name": "某某办", "checks": "x", "days": 5},
        )
    assert "请选择对应的联审部门账号类别" in str(e.value)
    with pytest.raises(ValidationError) as e:
        planning_services.setting_add(
            actor=city,
            campaign=campaign,
            kind="department",
            values={"name": "公安分局", "department": "police", "checks": "x", "days": 5},
        )
    assert "公安局已对应" in str(e.value)


# -- town pre-check --------------------------------------------------------------------------


def test_precheck_must_be_complete_before_the_county_sends(cast, campaign):
    c = _candidate(cast, campaign)
    town = cast["town_operator"]
    with pytest.raises(ValidationError) as e:
        _send(cast, campaign, [c])
    assert "镇级初审未完成（待答复：（乡镇未设定初审单位））" in str(e.value)
    svc.precheck_offices_set(
        actor=town, campaign=campaign, town=cast.town, offices=["police_station", "finance_office"]
    )
    svc.precheck_answer(actor=town, candidate=c, office="police_station", result="clear", answered_on=SENT)
    with pytest.raises(ValidationError) as e:
        _send(cast, campaign, [c])
    assert "待答复：财政所" in str(e.value)
    assert sel.sendable_candidates(cast["county_operator"], cast.county, campaign) == []
    a = svc.precheck_answer(
        actor=town,
        candidate=c,
        office="finance_office",
        result="finding",
        answered_on=SENT,
        kind="item",
        code="2",
        found_on=dt.date(2024, 5, 1),
        document_ref="青石纪〔2024〕3号",
        status="substantiated",
        note="2024年受党内警告处分",
    )
    f = a.finding
    assert (f.source, f.reporter, f.item_code, f.status) == ("precheck", "财政所", "2", "substantiated")
    with pytest.raises(ValidationError, match="已答复"):
        svc.precheck_answer(
            actor=town, candidate=c, office="finance_office", result="clear", answered_on=SENT
        )
    with pytest.raises(ValidationError, match="列明的初审单位"):
        svc.precheck_answer(
            actor=town, candidate=c, office="justice_office", result="clear", answered_on=SENT
        )
    assert sel.sendable_candidates(cast["county_operator"], cast.county, campaign) == [c]
    batch = _send(cast, campaign, [c])
    assert [e.state for e in batch.entries.all()] == ["reviewing"]
    with pytest.raises(ValidationError, match="已送联审"):
        _send(cast, campaign, [c], name="第二批")


@pytest.mark.parametrize("role", ["village_operator", "county_operator", "other_town_operator", "vetting"])
def test_precheck_is_the_towns_own(cast, campaign, role):
    c = _candidate(cast, campaign)
    with pytest.raises(PermissionDenied):
        svc.precheck_offices_set(
            actor=cast[role], campaign=campaign, town=cast.town, offices=["police_station"]
        )
    with pytest.raises(PermissionDenied):
        svc.precheck_answer(
            actor=cast[role], candidate=c, office="police_station", result="clear", answered_on=SENT
        )
    assert not PrecheckAnswer.objects.exists()


# -- department queues -----------------------------------------------------------------------


def test_each_department_sees_only_its_own_queue(cast, campaign, court, petition, other_police, client):
    mine = _prechecked(cast, campaign)
    batch = _send(cast, campaign, [mine])
    entry = batch.entries.get()
    police = cast["vetting"]
    q = sel.queue(police, "police", today=SENT)
    assert [r.entry for r in q.pending] == [entry] and (q.pending_count, q.done_count) == (1, 0)
    assert sel.queue(police, "police", today=SENT, show="done").done == []
    with pytest.raises(Exception, match="未找到"):
        sel.queue(police, "court", today=SENT)  # not his department
    # 信访局 is not a department of this campaign: nothing to answer, and its sign-off is refused.
    assert sel.queue(petition, "petition", today=SENT).pending == []
    with pytest.raises(PermissionDenied):
        svc.review_answer(actor=petition, entry=entry, department="petition", result="clear")
    # Another county's police sees nothing of ours and cannot answer.
    assert sel.queue(other_police, "police", today=SENT).pending == []
    with pytest.raises(PermissionDenied):
        svc.review_answer(actor=other_police, entry=entry, department="police", result="clear")
    # After police answered, its entry moves to 已答复; the court still has it pending.
    svc.review_answer(actor=police, entry=entry, department="police", result="clear")
    q = sel.queue(police, "police", today=SENT, show="done")
    assert sel.queue(police, "police", today=SENT).pending == [] and [r.entry for r in q.done] == [entry]
    assert (q.pending_count, q.done_count) == (0, 1)
    assert [r.entry for r in sel.queue(court, "court", today=SENT).pending] == [entry]
    # Pages: the police queue shows the name and a masked ID; a town user has no queue at all.
    client.force_login(police)
    body = client.get("/vetting/review/queue/police/?show=done").content.decode()
    assert mine.person.name in body and "已答复（1）" in body
    assert client.get("/vetting/review/queue/court/").status_code == 404
    client.force_login(other_police)
    for show in ("pending", "done"):
        body = client.get(f"/vetting/review/queue/police/?show={show}").content.decode()
        assert mine.person.name not in body
    assert client.get(f"/vetting/review/queue/police/entry/{entry.pk}/").status_code == 404
    client.force_login(cast["town_operator"])
    assert client.get("/vetting/review/queue/police/").status_code == 403
    assert client.get("/vetting/review/queue/").status_code == 403


def test_full_id_only_in_the_departments_queue_and_audited(cast, campaign, other_police, client):
    from huanjie.core import crypto

    c = _prechecked(cast, campaign)
    entry = _send(cast, campaign, [c]).entries.get()
    number = crypto.decrypt(c.person.id_cipher)
    client.force_login(cast["vetting"])
    page = client.get(f"/vetting/review/queue/police/entry/{entry.pk}/").content.decode()
    assert number not in page and c.person.id_masked in page
    r = client.post(f"/vetting/review/queue/police/entry/{entry.pk}/unmask/", HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and number in r.content.decode()
    events = AuditEvent.objects.filter(action="unmask", object_id=str(c.person.pk))
    assert events.count() == 1 and "公安局" in events.get().reason
    client.force_login(other_police)
    r = client.post(f"/vetting/review/queue/police/entry/{entry.pk}/unmask/")
    assert r.status_code == 404
    with pytest.raises(PermissionDenied):
        svc.review_unmask(actor=other_police, entry=entry, department="police")
    assert events.count() == 1


# -- parallel answers -----------------------------------------------------------------------


def test_all_clear_moves_the_entry(cast, campaign, court):
    c = _prechecked(cast, campaign)
    entry = _send(cast, campaign, [c]).entries.get()
    svc.review_answer(actor=cast["vetting"], entry=entry, department="police", result="clear")
    entry.refresh_from_db()
    assert entry.state == "reviewing"
    svc.review_answer(actor=court, entry=entry, department="court", result="clear")
    entry.refresh_from_db()
    assert entry.state == "clear"
    assert wf.history(entry)[-1].reason == "各会签方均无异议"
    with pytest.raises(ValidationError, match="当前不在会签阶段"):
        svc.review_answer(actor=court, entry=entry, department="court", result="clear")


def test_one_finding_makes_the_outcome_adverse(cast, campaign, court):
    c = _prechecked(cast, campaign)
    entry = _send(cast, campaign, [c]).entries.get()
    with pytest.raises(ValidationError) as e:
        svc.review_answer(
            actor=court, entry=entry, department="court", result="finding", kind="item", code="99"
        )
    assert "负面清单中的事项" in str(e.value) and "事实发生日期" in str(e.value)
    f = svc.review_answer(
        actor=court,
        entry=entry,
        department="court",
        result="finding",
        kind="statutory",
        code="criminal_punishment",
        found_on=dt.date(2023, 6, 1),
        document_ref="（2023）浙0101刑初88号",
        status="substantiated",
        note="2023年因盗窃罪被判处有期徒刑一年",
    )
    assert (f.source, f.reporter, f.statutory_code, f.status) == (
        "joint_review",
        "法院",
        "criminal_punishment",
        "substantiated",
    )
    svc.review_answer(actor=cast["vetting"], entry=entry, department="police", result="clear")
    entry.refresh_from_db()
    assert entry.state == "adverse"
    assert wf.history(entry)[-1].reason == "有异议：法院"
    rows = sel.review_batch(cast["county_operator"], entry.batch_id, today=SENT).rows
    assert rows[0].opinion == "有问题反映" and [x.reporter for x in rows[0].findings] == ["法院"]
    # The police sees its own answer, never the court's finding.
    police_row = sel.queue_row(cast["vetting"], "police", entry.pk, today=SENT)
    assert police_row.finding is None


# -- overdue at the boundary -----------------------------------------------------------------


def test_overdue_from_the_day_after_the_due_day(cast, campaign, court):
    c = _prechecked(cast, campaign)
    entry = _send(cast, campaign, [c]).entries.get()
    police = cast["vetting"]
    on_due = sel.queue(police, "police", today=POLICE_DUE)
    assert on_due.pending[0].due == dt.date(2026, 3, 7) and not on_due.pending[0].overdue
    day_after = sel.queue(police, "police", today=POLICE_DUE + dt.timedelta(days=1))
    assert day_after.pending[0].overdue and day_after.overdue == 1
    page = sel.review_batch(cast["county_operator"], entry.batch_id, today=COURT_DUE + dt.timedelta(days=1))
    flags = {d.code: d.overdue for d in page.rows[0].departments}
    assert flags == {"police": False, "court": True} and page.overdue == 1
    svc.review_answer(actor=court, entry=entry, department="court", result="clear")
    page = sel.review_batch(cast["county_operator"], entry.batch_id, today=dt.date(2026, 4, 1))
    assert {d.code: d.overdue for d in page.rows[0].departments} == {"police": True, "court": False}


# -- the county's ruling, fed back -------------------------------------------------------------


def test_county_ruling_fed_back_and_never_a_qualification(cast, campaign, court, client):
    c = _prechecked(cast, campaign, side="committee")
    entry = _send(cast, campaign, [c]).entries.get()
    county = cast["county_operator"]
    with pytest.raises(ValidationError, match="“联审中”状态的联审人选不能执行“同意”"):
        svc.review_rule(actor=county, entry=entry, ruling="agree", note="", on=SENT)  # answers pending
    svc.review_answer(
        actor=court,
        entry=entry,
        department="court",
        result="finding",
        kind="item",
        code="2",
        found_on=dt.date(2025, 1, 5),
        status="unverified",
        note="反映受过党纪处分，待核实",
    )
    svc.review_answer(actor=cast["vetting"], entry=entry, department="police", result="clear")
    with pytest.raises(ValidationError, match="“待核实”须填写理由"):
        svc.review_rule(actor=county, entry=entry, ruling="verify", note="", on=SENT)
    with pytest.raises(PermissionDenied):
        svc.review_rule(actor=cast["town_operator"], entry=entry, ruling="agree", note="", on=SENT)
    svc.review_rule(actor=county, entry=entry, ruling="verify", note="请镇纪委核实处分决定", on=SENT)
    entry = ReviewEntry.objects.get(pk=entry.pk)
    svc.review_rule(actor=county, entry=entry, ruling="disagree", note="经核实处分影响期未满", on=SENT)
    entry.refresh_from_db()
    c.refresh_from_db()
    assert (entry.state, entry.ruling_note, c.qualification) == (
        "disagreed",
        "经核实处分影响期未满",
        "pending",
    )
    client.force_login(cast["town_operator"])
    body = client.get(f"/vetting/candidate/{c.pk}/").content.decode()
    assert "县级不同意" in body and "经核实处分影响期未满" in body and "反馈村民选举委员会" in body
    client.force_login(cast["village_operator"])
    body = client.get(f"/vetting/candidate/{c.pk}/").content.decode()
    assert "县级联审" not in body and "经核实" not in body


# -- the answers sheet -----------------------------------------------------------------------

HEADER = [
    "联审部门",
    "身份证号",
    "姓名",
    "审查结论",
    "问题类别",
    "问题编号",
    "事实发生日期",
    "依据文书",
    "是否查实",
    "情况说明",
]


def _row(c, **over):
    from huanjie.core import crypto

    row = {
        "联审部门": "公安局",
        "身份证号": crypto.decrypt(c.person.id_cipher),
        "姓名": c.person.name,
        "审查结论": "无异常",
    }
    return row | over


def _import(user, tmp_path, rows):
    data = write_xlsx(tmp_path / "answers.xlsx", table(HEADER, rows)).read_bytes()
    job = imports.job_create(actor=user, kind="vetting_review_answers", file_name="answers.xlsx", data=data)
    return imports.job_preview(job)


def test_a_batch_answered_by_upload_all_or_nothing(cast, campaign, court, tmp_path):
    a = _prechecked(cast, campaign)
    b = _prechecked(cast, campaign)
    outsider = _candidate(cast, campaign)  # never sent: not in any queue
    batch = _send(cast, campaign, [a, b])
    police = cast["vetting"]
    finding = {
        "审查结论": "有问题反映",
        "问题类别": "法定不得情形",
        "问题编号": "因犯罪受过刑事处罚",
        "事实发生日期": "2022-08-01",
        "依据文书": "公（刑）字〔2022〕9号",
        "是否查实": "是",
        "情况说明": "2022年因寻衅滋事罪被判处拘役",
    }
    job = _import(
        police, tmp_path, [_row(a), _row(b, **finding), _row(outsider), _row(a, **{"联审部门": "法院"})]
    )
    assert job.status == ImportJob.Status.INVALID
    problems = [(p["row"], p["reason"]) for p in job.problems if p["level"] == "error"]
    assert (4, "此人不在本部门待答复的联审人选中") in problems
    assert (5, "您不能代表该部门答复") in problems
    assert not Finding.objects.filter(source="joint_review").exists()
    assert sel.queue(police, "police", today=SENT, show="done").done == []  # nothing written
    job = _import(police, tmp_path, [_row(a), _row(b, **{**finding, "事实发生日期": None})])
    assert job.status == ImportJob.Status.INVALID
    assert any("事实发生日期" in p["reason"] for p in job.problems)
    job = _import(police, tmp_path, [_row(a), _row(b, **finding)])
    assert job.status == ImportJob.Status.READY, job.problems
    job = imports.job_commit(job)
    assert job.status == ImportJob.Status.DONE, job.message
    f = Finding.objects.get(source="joint_review")
    assert (f.candidate_id, f.reporter, f.statutory_code, f.status) == (
        b.pk,
        "公安局",
        "criminal_punishment",
        "substantiated",
    )
    assert len(sel.queue(police, "police", today=SENT, show="done").done) == 2
    assert AuditEvent.objects.filter(action="sign_off").count() == 2
    # The court still answers its own; then the entries decide.
    for e in batch.entries.all():
        svc.review_answer(actor=court, entry=e, department="court", result="clear")
    assert dict(batch.entries.values_list("candidate_id", "state")) == {a.pk: "clear", b.pk: "adverse"}


# -- pages -------------------------------------------------------------------------------------


def test_pages_answer_and_rule_through_the_forms(cast, campaign, court, client):
    c = _prechecked(cast, campaign)
    client.force_login(cast["town_operator"])
    assert client.get("/vetting/precheck/").status_code == 200
    assert "初审完成" in client.get(f"/vetting/precheck/{c.pk}/").content.decode()
    client.force_login(cast["county_operator"])
    assert c.person.name in client.get("/vetting/review/").content.decode()
    r = client.post("/vetting/review/new/", {"name": "第一批", "sent_on": "2026-03-02", "candidates": [c.pk]})
    assert r.status_code == 302
    entry = ReviewEntry.objects.get(candidate=c)
    client.force_login(cast["vetting"])
    r = client.post(f"/vetting/review/queue/police/entry/{entry.pk}/answer/", {"result": "clear"})
    assert r.status_code == 302
    r = client.post(
        f"/vetting/review/queue/police/entry/{entry.pk}/answer/", {"result": "clear"}
    )  # answered already
    assert r.status_code == 400
    svc.review_answer(actor=court, entry=entry, department="court", result="clear")
    client.force_login(cast["county_operator"])
    assert "各部门无异常" in client.get(f"/vetting/review/batch/{entry.batch_id}/").content.decode()
    r = client.post(f"/vetting/review/entry/{entry.pk}/rule/", {"ruling": "agree", "note": ""})
    assert r.status_code == 302
    entry.refresh_from_db()
    assert entry.state == "agreed"


def test_the_sheet_uploaded_on_the_queue_page(cast, campaign, tmp_path, client):
    a = _prechecked(cast, campaign)
    _send(cast, campaign, [a])
    client.force_login(cast["vetting"])
    r = client.get("/vetting/review/queue/police/template/")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxml")
    bad = write_xlsx(tmp_path / "bad.xlsx", table(HEADER, [_row(a, **{"审查结论": "有问题反映"})]))
    with bad.open("rb") as fh:
        r = client.post("/vetting/review/queue/police/upload/", {"file": fh})
    assert r.status_code == 400 and "未导入任何答复" in r.content.decode()
    good = write_xlsx(tmp_path / "good.xlsx", table(HEADER, [_row(a)]))
    with good.open("rb") as fh:
        r = client.post("/vetting/review/queue/police/upload/", {"file": fh})
    assert r.status_code == 200 and "答复无异常 1 人" in r.content.decode()
    job = ImportJob.objects.filter(status=ImportJob.Status.READY).get()
    client.force_login(cast["county_operator"])
    assert client.post("/vetting/review/queue/police/commit/", {"job": job.pk}).status_code == 403
    client.force_login(cast["vetting"])
    r = client.post("/vetting/review/queue/police/commit/", {"job": job.pk})
    assert r.status_code == 302
    assert len(sel.queue(cast["vetting"], "police", today=SENT, show="done").done) == 1


def test_parties_fixed_when_sent_and_home_todos_flat(cast, campaign, court):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = _prechecked(cast, campaign)
    entry = _send(cast, campaign, [first]).entries.get()
    police = cast["vetting"]
    wf.awaiting(police)  # warms the caches
    with CaptureQueriesContext(connection) as one:
        assert [a.record for a in wf.awaiting(police)] == [entry]
    more = [_prechecked(cast, campaign) for _ in range(3)]
    _send(cast, campaign, more, name="第二批")
    with CaptureQueriesContext(connection) as four:
        assert len(wf.awaiting(police)) == 4
    assert len(four) == len(one)
    # A department added to the campaign later does not join the entries already sent.
    ReviewDepartment.objects.create(
        campaign=campaign, name="信访局", department="petition", checks="信访", days=3
    )
    assert entry.signoff_parties() == ("police", "court")
    svc.review_answer(actor=police, entry=entry, department="police", result="clear")
    svc.review_answer(actor=court, entry=entry, department="court", result="clear")
    entry.refresh_from_db()
    assert entry.state == "clear"


def test_the_review_summary_prints_each_departments_answer_in_the_layout(cast, campaign, court, client):
    """联审汇总表 (req. 11): one row per candidate, each department's answer in its own column of the
    layout in force (the reference layout here), the finding and the conclusion; county only."""
    import io

    from openpyxl import load_workbook

    c = _prechecked(cast, campaign)
    entry = _send(cast, campaign, [c]).entries.get()
    svc.review_answer(actor=cast["vetting"], entry=entry, department="police", result="clear")
    svc.review_answer(
        actor=court,
        entry=entry,
        department="court",
        result="finding",
        kind="statutory",
        code="criminal_punishment",
        found_on=dt.date(2023, 6, 1),
        document_ref="（2023）浙0101刑初88号",
        status="substantiated",
        note="2023年因盗窃罪被判处有期徒刑一年",
    )
    client.force_login(cast["county_operator"])
    r = client.get(f"/vetting/review/batch/{entry.batch_id}/summary.xlsx")
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    assert ws["A1"].value == "村（社区）“两委”人选资格联审汇总表"
    header = [c.value for c in ws[4]]  # the second header row names the departments
    row = [c.value for c in ws[5]]
    assert row[3] == c.person.name
    assert row[header.index("公安局")] == "无异常"
    assert row[header.index("法院")].endswith("：2023年因盗窃罪被判处有期徒刑一年")
    assert row[header.index("纪委监委")] is None  # not one of this campaign's departments
    assert "盗窃" in row[-3] and row[-2] == "有问题反映"
    client.force_login(cast["town_operator"])
    assert client.get(f"/vetting/review/batch/{entry.batch_id}/summary.xlsx").status_code == 403


# -- issue 11 req. 13: the list pages a page at a time, in flat query counts ----------------------


def _page_queries(client, url: str) -> tuple[int, str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the per-user and per-process caches (roles, content types)
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200, url
    return len(ctx.captured_queries), r.content.decode()


def test_the_queue_pages_its_lists_and_counts_the_whole_queue(cast, campaign, court, client, monkeypatch):
    sent = [_prechecked(cast, campaign) for _ in range(3)]
    batch = _send(cast, campaign, sent)
    police = cast["vetting"]
    client.force_login(police)
    url = "/vetting/review/queue/police/"
    few, _ = _page_queries(client, url)
    monkeypatch.setattr(sel, "QUEUE_PAGE_SIZE", 2)
    body = client.get(url).content.decode()
    assert "待答复（3）" in body and "已答复（0）" in body and "共 3 条，第 1 / 2 页" in body
    assert sum(c.person.name in body for c in sent) == 2
    # The page links keep the list shown.
    body = client.get(f"{url}?show=pending&page=2").content.decode()
    assert "共 3 条，第 2 / 2 页" in body and 'href="?show=pending&amp;page=1"' in body
    assert sum(c.person.name in body for c in sent) == 1
    # One answered: it moves to 已答复; the totals follow; the upload still answers the rest.
    entry = batch.entries.get(candidate=sent[0])
    svc.review_answer(actor=police, entry=entry, department="police", result="clear")
    body = client.get(f"{url}?show=done").content.decode()
    assert "待答复（2）" in body and "已答复（1）" in body and sent[0].person.name in body
    assert "待答复的 2 名人选不必逐页答复" in body
    assert set(sel.queue_pending_by_index(police, "police").values()) == set(
        batch.entries.exclude(pk=entry.pk)
    )
    # Overdue counts the whole queue, not the page shown.
    late = sel.queue(police, "police", today=POLICE_DUE + dt.timedelta(days=1), size=1)
    assert (late.overdue, len(late.rows), late.page.paginator.count) == (2, 1, 2)
    # More entries, more answers: the same queries for a page.
    monkeypatch.setattr(sel, "QUEUE_PAGE_SIZE", 50)
    more = [_prechecked(cast, campaign) for _ in range(4)]
    second = _send(cast, campaign, more, name="第二批")
    for e in second.entries.all()[:2]:
        svc.review_answer(actor=police, entry=e, department="police", result="clear")
    many, body = _page_queries(client, url)
    assert many == few and "待答复（4）" in body and "已答复（3）" in body
    assert _page_queries(client, f"{url}?show=done")[0] == few


def test_the_precheck_overview_pages_towns_and_candidates_in_flat_queries(
    cast, campaign, client, monkeypatch
):
    first = _prechecked(cast, campaign)
    counts = {}
    for role in ("city_operator", "county_operator", "town_operator"):
        client.force_login(cast[role])
        counts[role] = _page_queries(client, "/vetting/precheck/")[0]
    assert len(set(counts.values())) == 1  # the same queries at every scope
    others = [_prechecked(cast, campaign) for _ in range(3)]
    others += [
        _prechecked(cast, campaign, unit=cast.village_b, actor=cast["other_town_operator"]) for _ in range(2)
    ]
    for role in counts:
        client.force_login(cast[role])
        assert _page_queries(client, "/vetting/precheck/")[0] == counts[role], role
    monkeypatch.setattr(sel, "PRECHECK_PAGE_SIZE", 2)
    client.force_login(cast["county_operator"])
    _, body = _page_queries(client, "/vetting/precheck/")
    assert "共 6 条，第 1 / 3 页" in body and "初审完成" in body
    # One town chosen: its candidates only, the choice kept in the page links.
    _, body = _page_queries(client, f"/vetting/precheck/?town={cast.town_b.code}")
    assert "共 2 条，第 1 / 1 页" in body and others[-1].person.name in body
    assert first.person.name not in body and "显示全部乡镇（街道）" in body
    _, body = _page_queries(client, f"/vetting/precheck/?town={cast.town.code}")
    assert "共 4 条，第 1 / 2 页" in body and f'href="?town={cast.town.code}&amp;page=2"' in body
    # Another county's town is not a choice: the whole jurisdiction is shown instead.
    _, body = _page_queries(client, f"/vetting/precheck/?town={cast.street.code}")
    assert "共 6 条" in body


def test_the_review_index_pages_the_sendable_candidates(cast, campaign, client, monkeypatch):
    first = _prechecked(cast, campaign)
    _candidate(cast, campaign)  # pre-check not complete: not sendable
    client.force_login(cast["county_operator"])
    few, body = _page_queries(client, "/vetting/review/")
    assert first.person.name in body and "共 1 名" in body
    more = [_prechecked(cast, campaign) for _ in range(4)]
    more.append(_prechecked(cast, campaign, unit=cast.village_b, actor=cast["other_town_operator"]))
    many, body = _page_queries(client, "/vetting/review/")
    assert many == few and "共 6 名" in body
    assert {c.pk for c in sel.sendable_qs(cast["county_operator"], cast.county, campaign)} == {
        first.pk,
        *(c.pk for c in more),
    }
    monkeypatch.setattr(sel, "REVIEW_PAGE_SIZE", 2)
    _, body = _page_queries(client, "/vetting/review/?page=3")
    assert "共 6 条，第 3 / 3 页" in body
    # A candidate ticked on another page is sent all the same; an unsendable one is refused.
    late = sorted([first, *more], key=lambda c: (c.unit.path, c.side, c.post, c.pk))[0]
    r = client.post(
        "/vetting/review/new/?page=3",
        {"name": "第一批", "sent_on": "2026-03-02", "candidates": [late.pk]},
    )
    assert r.status_code == 302 and ReviewEntry.objects.filter(candidate=late).exists()
    pending = _candidate(cast, campaign)
    r = client.post(
        "/vetting/review/new/", {"name": "第二批", "sent_on": "2026-03-02", "candidates": [pending.pk]}
    )
    assert r.status_code == 400 and not ReviewEntry.objects.filter(candidate=pending).exists()
