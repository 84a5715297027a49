"""Issue 12 reqs. 1, 2, 8: elections planned per village and body in order, scheduled inside the
window and batch (exact end days), refused while a gate is closed (with every reason), moved by an
approved postponement, after a boundary change within the profile's deadline; steps recorded as they
happened — on time, late (flagged with the citation, a reason required, the town and county alerted),
never in the future; the 2025-12-31 / 2026-01-01 straddle; civil affairs records acts and may not
record steps; the town calendar and the county view."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from huanjie.core.models import AuditEvent, WorkflowHistory
from huanjie.elections import procedure_selectors as sel
from huanjie.elections import procedure_services as svc
from huanjie.elections.models import AlertAck, Election, ElectionDependency, ElectionStep
from huanjie.planning import rectification_services as rsvc
from huanjie.planning import services as psvc
from huanjie.planning.models import Batch
from tests.factories import PersonFactory, seat

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n"


@pytest.fixture(autouse=True)
def _var(settings, tmp_path):
    settings.VAR_DIR = tmp_path


@pytest.fixture
def today(monkeypatch):
    day = {"value": dt.date(2026, 3, 10)}
    monkeypatch.setattr("huanjie.core.workflow.today", lambda: day["value"])
    return day


@pytest.fixture
def campaign(cast):
    c = psvc.campaign_create(
        actor=cast["city_operator"],
        city=cast.city,
        name="2026年换届",
        profile_code="zhejiang",
        window_start=dt.date(2025, 12, 1),
        window_end=dt.date(2026, 6, 30),
    )
    psvc.campaign_act(actor=cast["city_operator"], campaign=c, name="publish")
    return c


@pytest.fixture
def batch(cast, campaign):
    # A batch of the published campaign (added before publication in real use).
    return Batch.objects.create(
        campaign=campaign, name="第一批", start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31)
    )


def _new(cast, campaign, body="committee", unit=None, kind="regular"):
    return svc.election_create(
        actor=cast["town_operator"], campaign=campaign, unit=unit or cast.village, body=body, kind=kind
    )


def _schedule(cast, e, day, batch=None, actor=None):
    return svc.election_schedule(
        actor=actor or cast["town_operator"],
        election=Election.objects.get(pk=e.pk),
        election_day=day,
        batch=batch,
    )


def _refusals(exc) -> list[str]:
    return exc.value.message_dict["election_day"]


# --- scheduling: window, batch, gates, postponements, order, boundary ----------------------------


def test_batch_ends_are_inside_and_the_days_beyond_are_refused(cast, campaign, batch):
    e = _new(cast, campaign)
    for day in (dt.date(2026, 1, 1), dt.date(2026, 3, 31)):
        assert _schedule(cast, e, day, batch).election_day == day
    for day in (dt.date(2025, 12, 31), dt.date(2026, 4, 1)):
        with pytest.raises(ValidationError) as exc:
            _schedule(cast, e, day, batch)
        assert _refusals(exc) == ["选举日须在所属批次“第一批”的日期内（2026-01-01 至 2026-03-31）"]
    with pytest.raises(ValidationError) as exc:
        _schedule(cast, e, dt.date(2026, 2, 1))
    assert _refusals(exc) == ["请选择该村（社区）所属批次"]


def test_window_ends_are_inside_and_the_days_beyond_are_refused(cast, campaign):
    e = _new(cast, campaign)  # a campaign without batches: the window alone
    for day in (dt.date(2025, 12, 1), dt.date(2026, 6, 30)):
        assert _schedule(cast, e, day).election_day == day
    for day in (dt.date(2025, 11, 30), dt.date(2026, 7, 1)):
        with pytest.raises(ValidationError) as exc:
            _schedule(cast, e, day)
        assert "换届工作时间窗口内（2025-12-01 至 2026-06-30）" in _refusals(exc)[0]


def test_a_closed_gate_refuses_with_its_reason_and_the_page_shows_it(cast, campaign, client):
    sitting = PersonFactory(name="钱东升", domicile_unit=cast.village)
    seat(sitting, cast.village, "villagers_committee", "chair")
    a = psvc.assessment_create(actor=cast["town_operator"], campaign=campaign, unit=cast.village)
    psvc.assessment_update(
        actor=cast["town_operator"],
        assessment=a,
        grade="poor",
        category="weak",
        problems=["petition"],
        risks=[],
        notes="",
    )
    e = _new(cast, campaign)
    with pytest.raises(ValidationError) as exc:
        _schedule(cast, e, dt.date(2026, 3, 20))
    assert any("须先制定整顿方案（一村一策）并经县级验收销号" in r for r in _refusals(exc))
    assert Election.objects.get(pk=e.pk).election_day is None
    client.force_login(cast["town_operator"])
    page = client.get(reverse("elections:election", args=[e.pk])).content.decode()
    assert "暂不能安排" in page and "须先制定整顿方案" in page
    refused = client.post(
        reverse("elections:election_schedule", args=[e.pk]),
        {"election_day": "2026-03-20", "batch": "", "version": e.version},
    )
    assert refused.status_code == 400 and "须先制定整顿方案" in refused.content.decode()


def test_an_approved_postponement_allows_a_later_day(cast, campaign, batch):
    e = _new(cast, campaign)
    town = cast["town_operator"]
    p = rsvc.postponement_create(
        actor=town,
        campaign=campaign,
        unit=cast.village,
        body="committee",
        due_date=dt.date(2026, 6, 30),
        new_date=dt.date(2026, 9, 30),
        reason="整顿未完成",
    )
    with pytest.raises(ValidationError):  # not yet approved: the window and batch still hold
        _schedule(cast, e, dt.date(2026, 9, 30), batch)
    for i, _ in enumerate(p.chain):
        rsvc.postponement_approve(
            actor=town, postponement=p, document_no=f"批〔2026〕{i}号", date=dt.date(2026, 6, 1)
        )
    assert _schedule(cast, e, dt.date(2026, 9, 30), batch).election_day == dt.date(2026, 9, 30)
    with pytest.raises(ValidationError) as exc:
        _schedule(cast, e, dt.date(2026, 10, 1), batch)
    assert _refusals(exc) == ["选举日晚于经批准的延期日期 2026-09-30"]
    assert "经批准延期至 2026-09-30" in sel.election_page(town, e.pk).postponement


def test_party_first_by_default_and_the_order_is_enforced_both_ways(cast, campaign):
    com = _new(cast, campaign, "committee")
    party = _new(cast, campaign, "party")
    reps = _new(cast, campaign, "representatives")
    assert set(ElectionDependency.objects.values_list("election_id", "depends_on_id")) == {
        (com.pk, party.pk),
        (reps.pk, party.pk),
    }
    with pytest.raises(ValidationError) as exc:
        _schedule(cast, com, dt.date(2026, 1, 10))
    assert "须先确定“村（社区）党组织”的选举日" in _refusals(exc)[0]
    _schedule(cast, party, dt.date(2026, 1, 10))
    with pytest.raises(ValidationError) as exc:
        _schedule(cast, com, dt.date(2026, 1, 9))
    assert "晚于本次拟定的 2026-01-09" in _refusals(exc)[0]
    _schedule(cast, com, dt.date(2026, 1, 10))  # the same day is allowed
    with pytest.raises(ValidationError) as exc:
        _schedule(cast, party, dt.date(2026, 1, 11))
    assert "依赖本选举先行" in _refusals(exc)[0]
    # A local order: the representatives after the committee; a cycle is refused.
    reps = Election.objects.get(pk=reps.pk)
    svc.dependencies_set(actor=cast["town_operator"], election=reps, depends_on=[party.pk, com.pk], order=3)
    with pytest.raises(ValidationError, match="不能互相依赖"):
        svc.dependencies_set(
            actor=cast["town_operator"],
            election=Election.objects.get(pk=party.pk),
            depends_on=[reps.pk],
            order=1,
        )


def test_boundary_change_within_the_profiles_deadline_or_no_verified_deadline(cast, campaign, today):
    campaign.profile_code = "jiangsu"
    campaign.save(update_fields=["profile_code"])
    e = _new(cast, campaign, kind="boundary")
    with pytest.raises(ValidationError) as exc:
        _schedule(cast, e, dt.date(2026, 7, 15))
    assert "须先登记区划批复日期" in _refusals(exc)[0]
    svc.boundary_set(
        actor=cast["town_operator"],
        election=e,
        approved_on=dt.date(2026, 1, 15),
        document_no="苏政复〔2026〕1号",
    )
    assert _schedule(cast, e, dt.date(2026, 7, 15)).election_day == dt.date(2026, 7, 15)  # outside the window
    with pytest.raises(ValidationError) as exc:
        _schedule(cast, e, dt.date(2026, 7, 16))
    assert "不迟于 2026-07-15" in _refusals(exc)[0] and "江苏省村民委员会选举办法 第四条" in _refusals(exc)[0]
    campaign.profile_code = "zhejiang"
    campaign.save(update_fields=["profile_code"])
    assert "未核实到区划调整后重新选举的期限" in sel.election_page(cast["town_operator"], e.pk).boundary_text


# --- steps ---------------------------------------------------------------------------------------


@pytest.fixture
def scheduled(cast, campaign, batch):
    e = _new(cast, campaign)
    return _schedule(cast, e, dt.date(2026, 3, 20), batch)


def _record(cast, e, key, day, actor=None, **kw):
    return svc.step_record(actor=actor or cast["town_operator"], election=e, key=key, done_on=day, **kw)


def test_the_page_lists_the_steps_with_dates_and_citations(cast, scheduled, today):
    page = sel.election_page(cast["town_operator"], scheduled.pk)
    rows = {r.key: r for r in page.steps}
    assert rows["voter_list"].latest == dt.date(2026, 2, 28)
    assert "第十七条" in rows["voter_list"].citation and rows["voter_list"].law == "村民委员会组织法(2025)"
    assert rows["voter_list"].overdue  # due 02-28, nothing recorded by 03-10
    assert rows["candidate_list"].latest == dt.date(2026, 3, 15) and not rows["candidate_list"].overdue


def test_steps_on_time_late_and_impossible(cast, scheduled, today):
    on_time = _record(
        cast, scheduled, "voter_list", dt.date(2026, 2, 28), evidence_name="名单.pdf", evidence_data=PDF
    )
    assert [v["kind"] for v in on_time.violations] == ["on_limit"]  # a warning, no reason needed
    stored = Path(settings.VAR_DIR) / "evidence" / on_time.evidence_stored
    assert stored.exists() and PDF not in stored.read_bytes()
    assert _record(cast, scheduled, "candidate_list", dt.date(2026, 3, 9)).violations == []
    today["value"] = dt.date(2026, 3, 16)
    with pytest.raises(ValidationError) as exc:
        _record(cast, scheduled, "election_notice", dt.date(2026, 3, 16))
    assert "晚于最迟日期 2026-03-15 1 日" in exc.value.message_dict["reason"][0]
    late = _record(cast, scheduled, "election_notice", dt.date(2026, 3, 16), reason="村民代表会议推迟一天")
    assert (
        late.violations[0]["kind"] == "late" and "浙江省村民委员会选举办法" in late.violations[0]["citation"]
    )
    assert late.reason == "村民代表会议推迟一天"
    history = WorkflowHistory.objects.get(object_id=str(late.pk), transition="record")
    assert history.to_state == "flagged" and history.reason == "村民代表会议推迟一天"
    assert AuditEvent.objects.filter(object_id=str(late.pk), action="create").exists()
    with pytest.raises(ValidationError) as exc:
        _record(cast, scheduled, "handover", dt.date(2026, 3, 17))
    assert "尚未发生的步骤不能登记" in exc.value.message_dict["done_on"][0]
    with pytest.raises(ValidationError, match="已经登记"):
        _record(cast, scheduled, "voter_list", dt.date(2026, 2, 20))


def test_a_late_step_alerts_the_town_and_the_county_not_the_neighbour(cast, scheduled, today, client):
    _record(cast, scheduled, "voter_list", dt.date(2026, 3, 1), reason="补登记")
    for role in ("town_operator", "county_operator"):
        client.force_login(cast[role])
        home = client.get("/").content.decode()
        assert "选举程序违规：东村 · 村（居）民委员会换届选举" in home and "公布选民名单" in home
    _record(cast, scheduled, "candidate_list", dt.date(2026, 3, 10))  # 03-10 is before the 03-15 limit
    assert len(sel.alerts(cast["town_operator"])) == 1
    assert sel.alerts(cast["other_town_operator"]) == []
    assert sel.alerts(cast["civil_affairs"]) == []
    county = sel.oversight_page(cast["county_operator"])
    assert [f.title for f in county.violations] == ["公布选民名单"] and county.violations[
        0
    ].reason == "补登记"
    assert county.overdue == []
    today["value"] = dt.date(2026, 3, 16)
    overdue = sel.oversight_page(cast["county_operator"]).overdue
    assert [f.title for f in overdue] == [
        "公布选举时间、地点、方式和监票、唱票、计票人员",
    ]
    assert "期限 2026-03-15" in overdue[0].text


def test_the_straddle_judges_each_step_by_the_law_on_its_day(cast, campaign, batch, today):
    e = _schedule(cast, _new(cast, campaign), dt.date(2026, 1, 10), batch)
    today["value"] = dt.date(2026, 1, 2)
    before = _record(cast, e, "candidate_list", dt.date(2025, 12, 31))
    after = _record(cast, e, "election_notice", dt.date(2026, 1, 1))
    assert (before.law_code, after.law_code) == ("village-2018", "village-2025")
    page = sel.election_page(cast["town_operator"], e.pk)
    assert page.transition[0].startswith("本次选举跨越 2026-01-01")


def test_civil_affairs_records_acts_and_may_not_record_steps(cast, scheduled, today, client):
    civil = cast["civil_affairs"]
    act = svc.act_record(
        actor=civil,
        election=scheduled,
        kind="filing",
        document_no="清民备〔2026〕3号",
        date=dt.date(2026, 3, 9),
    )
    assert act.get_kind_display() == "备案"
    with pytest.raises(PermissionDenied):
        svc.act_record(
            actor=cast["town_operator"],
            election=scheduled,
            kind="filing",
            document_no="x",
            date=dt.date(2026, 3, 9),
        )
    with pytest.raises(PermissionDenied):
        _record(cast, scheduled, "voter_list", dt.date(2026, 2, 20), actor=civil)
    with pytest.raises(PermissionDenied):
        _schedule(cast, scheduled, dt.date(2026, 3, 21), actor=civil)
    client.force_login(civil)
    url = reverse("elections:election", args=[scheduled.pk])
    page = client.get(url).content.decode()
    assert "清民备〔2026〕3号" in page and "登记决定或备案" in page and "登记步骤" not in page
    assert (
        client.post(reverse("elections:step_new", args=[scheduled.pk]), {"key": "voter_list"}).status_code
        == 403
    )
    ok = client.post(
        reverse("elections:act_new", args=[scheduled.pk]),
        {"kind": "guidance", "document_no": "清民指〔2026〕1号", "date": "2026-03-10", "note": "按期公布"},
    )
    assert ok.status_code == 302


def test_pages_calendar_county_view_and_evidence_inside_only(cast, scheduled, today, client):
    step = _record(
        cast, scheduled, "voter_list", dt.date(2026, 2, 27), evidence_name="名单.pdf", evidence_data=PDF
    )
    client.force_login(cast["town_operator"])
    assert "东村" in client.get(reverse("elections:index")).content.decode()
    cal = sel.calendar_page(cast["town_operator"])
    assert [(x.day, x.what, x.overdue) for w in cal for x in w.entries] == [
        (dt.date(2026, 3, 15), "公布正式候选人名单", False),
        (dt.date(2026, 3, 15), "公布选举时间、地点、方式和监票、唱票、计票人员", False),
        (dt.date(2026, 3, 19), "村党组织换届选举（先于村民委员会选举）", False),
        (dt.date(2026, 3, 19), "公布离任经济责任审计结果", False),
        (dt.date(2026, 3, 20), "村（居）民委员会选举日", False),
    ]
    assert [w.start for w in cal] == [dt.date(2026, 3, 9), dt.date(2026, 3, 16)]
    assert "2026-03-16（周一）至 2026-03-22" in client.get(reverse("elections:calendar")).content.decode()
    assert client.get(reverse("elections:oversight")).status_code == 403
    assert client.get(reverse("elections:step_evidence", args=[step.pk])).content == PDF
    client.force_login(cast["other_town_operator"])
    assert client.get(reverse("elections:step_evidence", args=[step.pk])).status_code == 404
    assert client.get(reverse("elections:election", args=[scheduled.pk])).status_code == 404
    assert sel.calendar_page(cast["other_town_operator"]) == []


def test_county_sees_conflicts(cast, campaign, batch):
    party = _new(cast, campaign, "party")
    com = _new(cast, campaign, "committee")
    twice = _new(cast, campaign, "committee")
    Election.objects.filter(pk=party.pk).update(election_day=dt.date(2026, 1, 12))
    Election.objects.filter(pk__in=[com.pk, twice.pk]).update(election_day=dt.date(2026, 1, 10))
    texts = [t for _, t in sel.oversight_page(cast["county_operator"]).conflicts]
    assert len(texts) == 3 and "同一组织不能同日两次选举" in texts[0]
    assert sum("早于其依赖的“村（社区）党组织”" in t for t in texts) == 2


def test_creating_is_for_the_town_and_village_of_the_unit(cast, campaign):
    with pytest.raises(PermissionDenied):
        _new(cast, campaign, unit=cast.village_b)
    with pytest.raises(ValidationError):
        svc.election_create(actor=cast["town_operator"], campaign=campaign, unit=cast.town, body="committee")
    assert ElectionStep.objects.count() == 0


def test_the_api_gives_the_elections_and_their_steps_inside_only(cast, scheduled, today, client):
    from tests.apiclient import api_get, bearer

    _record(cast, scheduled, "voter_list", dt.date(2026, 3, 1), reason="补登记")
    token = bearer(cast["county_operator"])
    listed = api_get(client, "/api/elections/elections", token).json()
    assert [(r["unit_name"], r["election_day"]) for r in listed["items"]] == [("东村", "2026-03-20")]
    detail = api_get(client, f"/api/elections/elections/{scheduled.pk}", token).json()
    assert detail["steps"][0]["violations"][0]["kind"] == "late" and detail["steps"][0]["reason"] == "补登记"
    outsider = bearer(cast["other_town_operator"])
    assert api_get(client, f"/api/elections/elections/{scheduled.pk}", outsider).status_code == 404


def test_moving_the_day_re_judges_the_recorded_steps(cast, scheduled, today):
    step = _record(cast, scheduled, "voter_list", dt.date(2026, 2, 27))
    assert step.violations == []
    _schedule(cast, scheduled, dt.date(2026, 3, 10), Batch.objects.get())  # voter list now due 02-18
    step.refresh_from_db()
    assert [v["kind"] for v in step.violations] == ["late"]
    assert "晚于最迟日期 2026-02-18 9 日" in step.violations[0]["text"]


def test_a_party_election_follows_the_party_procedure(cast, campaign, batch, today):
    party = _schedule(cast, _new(cast, campaign, "party"), dt.date(2026, 3, 1), batch)
    page = sel.election_page(cast["town_operator"], party.pk)
    assert [r.key for r in page.steps][:2] == ["candidate_vetting", "election"]
    assert page.steps[0].law == "中国共产党基层组织选举工作条例(2020)"
    reps = _new(cast, campaign, "representatives")
    assert sel.election_page(cast["town_operator"], reps.pk).no_procedure.startswith(
        "法律和本省选举办法未规定"
    )
    with pytest.raises(ValidationError, match="未规定该组织选举的统一程序步骤"):
        _record(cast, reps, "election", dt.date(2026, 3, 1))


def test_the_order_is_set_on_the_page_and_a_stale_form_is_refused(cast, campaign, client):
    party = _new(cast, campaign, "party")
    reps = _new(cast, campaign, "representatives")
    groups = _new(cast, campaign, "group_leaders")
    client.force_login(cast["town_operator"])
    url = reverse("elections:election_dependencies", args=[groups.pk])
    form = {"depends_on": [party.pk, reps.pk], "order": 3, "version": groups.version}
    assert client.post(url, form).status_code == 302
    assert set(
        ElectionDependency.objects.filter(election=groups).values_list("depends_on_id", flat=True)
    ) == {
        party.pk,
        reps.pk,
    }
    stale = client.post(url, form | {"depends_on": [party.pk]})
    assert stale.status_code == 400
    assert ElectionDependency.objects.filter(election=groups).count() == 2
    client.force_login(cast["civil_affairs"])
    assert client.post(url, form).status_code == 403


# --- corrections of recorded steps, acknowledged alerts ------------------------------------------


def _correct(cast, step, actor=None, **kw):
    return svc.step_correct(
        actor=actor or cast["town_operator"], step=ElectionStep.objects.get(pk=step.pk), **kw
    )


def test_a_correction_keeps_the_old_values_and_rejudges_the_flags(cast, scheduled, today, client):
    today["value"] = dt.date(2026, 3, 16)
    late = _record(cast, scheduled, "election_notice", dt.date(2026, 3, 16), reason="推迟一天")
    assert [v["kind"] for v in late.violations] == ["late"]
    assert len(sel.alerts(cast["town_operator"])) == 1
    with pytest.raises(ValidationError) as exc:
        _correct(cast, late, done_on=dt.date(2026, 3, 14), reason=" ")
    assert exc.value.message_dict["reason"] == ["请填写更正原因"]
    with pytest.raises(ValidationError) as exc:
        _correct(cast, late, done_on=dt.date(2026, 3, 16), reason="无")
    assert "请填写更正后的实际日期或上传更正后的佐证材料" in exc.value.message_dict["done_on"]
    with pytest.raises(ValidationError) as exc:
        _correct(cast, late, done_on=dt.date(2026, 3, 17), reason="无")
    assert "尚未发生的步骤不能登记" in exc.value.message_dict["done_on"][0]
    with pytest.raises(PermissionDenied):
        _correct(cast, late, actor=cast["other_town_operator"], done_on=dt.date(2026, 3, 14), reason="x")

    fix = _correct(cast, late, done_on=dt.date(2026, 3, 14), reason="公告张贴日期录入错误，应为3月14日")
    step = ElectionStep.objects.get(pk=late.pk)
    assert step.done_on == dt.date(2026, 3, 14) and step.violations == [] and step.reason == "推迟一天"
    assert (fix.old_done_on, fix.new_done_on) == (dt.date(2026, 3, 16), dt.date(2026, 3, 14))
    assert [v["kind"] for v in fix.old_violations] == ["late"] and fix.new_violations == []
    assert fix.corrected_by == str(cast["town_operator"]) and not fix.evidence_replaced
    history = WorkflowHistory.objects.get(object_id=str(step.pk), transition="correct")
    assert (history.from_state, history.to_state) == ("flagged", "recorded")
    assert history.reason == "公告张贴日期录入错误，应为3月14日" and history.actor == cast["town_operator"]
    event = AuditEvent.objects.get(object_id=str(step.pk), model="elections.ElectionStep", action="update")
    assert event.before["done_on"] == "2026-03-16" and event.after["done_on"] == "2026-03-14"
    assert event.reason == "公告张贴日期录入错误，应为3月14日"
    assert sel.alerts(cast["town_operator"]) == []  # no violation left: no alert

    client.force_login(cast["town_operator"])
    page = client.get(reverse("elections:election", args=[scheduled.pk])).content.decode()
    assert "实际日期由 2026-03-16 改为 2026-03-14" in page and "（更正后不再违规）" in page


def test_a_correction_to_a_late_date_needs_the_situation_and_replaces_the_evidence(cast, scheduled, today):
    step = _record(
        cast, scheduled, "voter_list", dt.date(2026, 2, 27), evidence_name="旧.pdf", evidence_data=PDF
    )
    old_stored = step.evidence_stored
    with pytest.raises(ValidationError) as exc:
        _correct(cast, step, done_on=dt.date(2026, 3, 1), reason="实际3月1日才张贴")
    assert "晚于最迟日期 2026-02-28 1 日" in exc.value.message_dict["situation"][0]
    fix = _correct(
        cast,
        step,
        done_on=dt.date(2026, 3, 1),
        reason="实际3月1日才张贴",
        situation="选民登记复核延误",
        evidence_name="张贴照片.pdf",
        evidence_data=PDF + b"2",
    )
    step.refresh_from_db()
    assert step.reason == "选民登记复核延误" and [v["kind"] for v in step.violations] == ["late"]
    assert (
        fix.evidence_replaced and fix.old_evidence_name == "旧.pdf" and fix.old_evidence_stored == old_stored
    )
    assert step.evidence_name == "张贴照片.pdf" and step.evidence_stored != old_stored
    assert (Path(settings.VAR_DIR) / "evidence" / old_stored).exists()  # the old file is kept
    assert WorkflowHistory.objects.get(object_id=str(step.pk), transition="correct").to_state == "flagged"
    assert len(sel.alerts(cast["county_operator"])) == 1


def test_acknowledged_alerts_leave_the_home_but_stay_on_the_county_view(cast, scheduled, today, client):
    step = _record(cast, scheduled, "voter_list", dt.date(2026, 3, 1), reason="补登记")
    town, county = cast["town_operator"], cast["county_operator"]
    assert len(sel.alerts(town)) == 1 and len(sel.alerts(county)) == 1
    with pytest.raises(ValidationError) as exc:
        svc.alert_acknowledge(actor=town, step=step, note=" ")
    assert exc.value.message_dict["note"] == ["请填写处理意见"]
    for outsider in ("village_operator", "other_town_operator", "civil_affairs"):
        with pytest.raises(PermissionDenied):
            svc.alert_acknowledge(actor=cast[outsider], step=step, note="x")

    client.force_login(town)
    url = reverse("elections:election", args=[scheduled.pk])
    assert "知悉违规提醒" in client.get(url).content.decode()
    r = client.post(
        reverse("elections:alert_ack", args=[scheduled.pk]), {"step": step.pk, "note": "已约谈村书记"}
    )
    assert r.status_code == 302
    ack = AlertAck.objects.get(step=step)
    assert (ack.level_path, ack.level_name, ack.note) == (cast.town.path, cast.town.name, "已约谈村书记")
    assert AuditEvent.objects.filter(
        model="elections.AlertAck", action="create", reason="已约谈村书记"
    ).exists()
    assert sel.alerts(town) == [] and "选举程序违规" not in client.get("/").content.decode()
    assert "知悉违规提醒" not in client.get(url).content.decode()
    with pytest.raises(ValidationError, match="本级已经知悉"):
        svc.alert_acknowledge(actor=town, step=step, note="再次")
    # The county still has it on its home page and on its violations view, with the town's note.
    assert len(sel.alerts(county)) == 1
    view = sel.oversight_page(county)
    assert [f.title for f in view.violations] == ["公布选民名单"]
    assert (
        view.violations[0].acks[0].startswith(f"{cast.town.name}已知悉")
        and "已约谈村书记" in view.violations[0].acks[0]
    )
    svc.alert_acknowledge(actor=county, step=step, note="已督促整改")
    assert sel.alerts(county) == [] and len(sel.oversight_page(county).violations) == 1
    client.force_login(county)
    oversight = client.get(reverse("elections:oversight")).content.decode()
    assert "已约谈村书记" in oversight and "已督促整改" in oversight

    # A correction that raises a new violation brings the alert back.
    svc.step_correct(
        actor=town,
        step=ElectionStep.objects.get(pk=step.pk),
        done_on=dt.date(2026, 3, 3),
        reason="实际3月3日公布",
    )
    assert len(sel.alerts(town)) == 1 and len(sel.alerts(county)) == 1


def test_correcting_and_acknowledging_from_the_pages_inside_only(cast, scheduled, today, client):
    step = _record(cast, scheduled, "voter_list", dt.date(2026, 3, 1), reason="补登记")
    correct = reverse("elections:step_correct", args=[scheduled.pk])
    ack = reverse("elections:alert_ack", args=[scheduled.pk])
    data = {"step": step.pk, "done_on": "2026-02-27", "reason": "日期录入错误"}
    client.force_login(cast["other_town_operator"])
    assert client.post(correct, data).status_code == 404
    assert client.post(ack, {"step": step.pk, "note": "x"}).status_code == 404
    client.force_login(cast["village_operator"])  # the village corrects its steps; alerts are not its own
    assert client.post(ack, {"step": step.pk, "note": "x"}).status_code == 403
    r = client.post(correct, {**data, "reason": ""})
    assert r.status_code == 400 and "更正原因" in r.content.decode()
    assert client.post(correct, data).status_code == 302
    step.refresh_from_db()
    assert step.done_on == dt.date(2026, 2, 27) and step.violations == []
    assert step.corrections.get().corrected_by == str(cast["village_operator"])
    client.force_login(cast["county_operator"])  # the county reads, it does not correct
    assert client.post(correct, {**data, "done_on": "2026-02-26"}).status_code == 403
    assert AlertAck.objects.count() == 0
