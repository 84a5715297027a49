"""Talks (四必谈, issue 11 req. 7): generation from the reported plan and the nominations (exact),
idempotence, regeneration after the plan changes or is returned (obsolete, never deleted, done talks
kept), deadlines tied to the next step, coverage and overdue at the boundary day, completion, the
town's flag, confidentiality and the jurisdiction."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from huanjie.core.audit import AuditEvent
from huanjie.core.versioning import StaleEdit
from huanjie.planning.models import Assessment, Campaign, Milestone, PersonnelPlan, PlanSeat
from huanjie.vetting import talk_selectors, talk_services
from huanjie.vetting.models import Candidate, Finding, Talk
from huanjie.vetting.talk_services import Outcome, level_for
from tests.factories import PersonFactory, seat

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 1, 20)
NOMINATION = dt.date(2026, 2, 10)
ELECTION = dt.date(2026, 3, 15)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("huanjie.core.workflow.today", lambda: TODAY)


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
    Milestone.objects.create(campaign=c, name="村（社区）研判完成", date=dt.date(2026, 1, 10))
    Milestone.objects.create(campaign=c, name="人事安排初步方案上报", date=dt.date(2026, 1, 31))
    Milestone.objects.create(campaign=c, name="推荐提名候选人", date=NOMINATION)
    Milestone.objects.create(campaign=c, name="村（社区）完成选举", date=ELECTION)
    return c


class Village:
    """东村: 书记 A stays, 主任 B leaves, 委员 C moves, 委员 D (村委会) has no line in the plan; the
    plan brings E in as 主任, for which E and F stand (F with an unverified finding); G withdrew."""

    def __init__(self, cast, campaign):
        v = cast.village
        self.a, self.b, self.c, self.d, self.e, self.f, self.g = (
            PersonFactory(domicile_unit=v) for _ in range(7)
        )
        seat(self.a, v, "party_org", "secretary")
        seat(self.b, v, "villagers_committee", "chair")
        seat(self.c, v, "party_org", "party_member")
        seat(self.d, v, "villagers_committee", "member")
        self.plan = PersonnelPlan.objects.create(campaign=campaign, unit=v, state="submitted")
        PlanSeat.objects.create(
            plan=self.plan, side="party", post="secretary", decision="stay", person=self.a
        )
        PlanSeat.objects.create(
            plan=self.plan, side="committee", post="chair", decision="leave", person=self.b
        )
        self.c_seat = PlanSeat.objects.create(
            plan=self.plan, side="committee", post="vice_chair", decision="transfer", person=self.c
        )
        PlanSeat.objects.create(
            plan=self.plan, side="committee", post="chair", decision="enter", person=self.e
        )
        self.cand = {}
        for person, side, post, channel in (
            (self.a, "party", "secretary", "two_recommendations"),
            (self.e, "committee", "chair", "voters"),
            (self.f, "committee", "chair", "voters"),
            (self.g, "committee", "member", "voters"),
        ):
            self.cand[person.pk] = Candidate.objects.create(
                campaign=campaign,
                unit=v,
                person=person,
                side=side,
                post=post,
                source="other",
                channel=channel,
            )
        g = self.cand[self.g.pk]
        g.withdrawn_on, g.withdrawal_reason = dt.date(2026, 1, 15), "书面申请退出"
        g.save()
        Finding.objects.create(
            candidate=self.cand[self.f.pk],
            source="precheck",
            reporter="派出所",
            found_on=dt.date(2025, 5, 1),
            note="待核实",
        )


@pytest.fixture
def village(cast, campaign):
    return Village(cast, campaign)


def _talks(campaign, unit):
    return {
        (t.person_id, t.kind): t
        for t in Talk.objects.filter(campaign=campaign, unit=unit).select_related("person")
    }


def test_generation_is_exact(cast, campaign, village):
    out = talk_services.talks_generate(actor=cast["town_operator"], campaign=campaign, unit=cast.village)
    assert out == Outcome(created=7)
    talks = _talks(campaign, cast.village)
    v = village
    expected = {
        (v.b.pk, "not_renominated"): (
            "town_secretary",
            "人事安排初步方案：村（居）民委员会主任“退”",
            NOMINATION,
            None,
        ),
        (v.c.pk, "moved"): ("town", "人事安排初步方案：村（居）民委员会副主任“转”", NOMINATION, None),
        (v.d.pk, "not_renominated"): (
            "town",
            "现任村民委员会委员，人事安排初步方案未安排“留”或“转”",
            NOMINATION,
            None,
        ),
        (v.e.pk, "competitive"): (
            "town_secretary",
            "村（居）民委员会主任人选 2 人，应选 1 名",
            ELECTION,
            v.e,
        ),
        (v.f.pk, "competitive"): (
            "town_secretary",
            "村（居）民委员会主任人选 2 人，应选 1 名",
            ELECTION,
            v.f,
        ),
        (v.f.pk, "warning"): ("town_secretary", "村（居）民委员会候选人有提示事项", ELECTION, v.f),
        (v.g.pk, "unsuccessful"): ("town", "2026-01-15 退出村（居）民委员会委员人选", ELECTION, v.g),
    }
    assert set(talks) == set(expected)
    for key, (level, basis, due, person) in expected.items():
        t = talks[key]
        assert (t.level, t.basis, t.due_on, t.listed_on, t.generated) == (level, basis, due, TODAY, True)
        assert t.candidate_id == (v.cand[person.pk].pk if person else None)
    # 书记 A stays and stands alone for the post: no talk.
    assert not any(pk == v.a.pk for pk, _ in talks)


def test_generation_is_idempotent(cast, campaign, village):
    actor = cast["town_operator"]
    talk_services.talks_generate(actor=actor, campaign=campaign, unit=cast.village)
    before = (Talk.objects.count(), AuditEvent.objects.count())
    assert talk_services.talks_generate(actor=actor, campaign=campaign, unit=cast.village) == Outcome()
    assert talk_services.talks_refresh(actor=actor, campaign=campaign, unit=cast.town) == Outcome()
    assert (Talk.objects.count(), AuditEvent.objects.count()) == before


def test_draft_plan_generates_no_plan_talks(cast, campaign, village):
    PersonnelPlan.objects.filter(pk=village.plan.pk).update(state="draft")
    talk_services.talks_generate(actor=cast["town_operator"], campaign=campaign, unit=cast.village)
    kinds = {k for _, k in _talks(campaign, cast.village)}
    assert kinds == {"competitive", "warning", "unsuccessful"}


def test_plan_change_marks_obsolete_and_keeps_done(cast, campaign, village, monkeypatch):
    actor = cast["town_operator"]
    talk_services.talks_generate(actor=actor, campaign=campaign, unit=cast.village)
    b_talk = _talks(campaign, cast.village)[(village.b.pk, "not_renominated")]
    talk_services.talk_complete(
        actor=actor, talk=b_talk, done_on=TODAY, talker="王书记（镇党委书记）", notes="服从安排"
    )
    # The town changes C from 转 to 留 (the plan was returned, changed and reported again).
    PlanSeat.objects.filter(pk=village.c_seat.pk).update(decision="stay", post="party_member", side="party")
    monkeypatch.setattr("huanjie.core.workflow.today", lambda: TODAY + dt.timedelta(days=2))
    out = talk_services.talks_generate(actor=actor, campaign=campaign, unit=cast.village)
    assert out == Outcome(obsoleted=1)
    talks = _talks(campaign, cast.village)
    assert talks[(village.c.pk, "moved")].obsolete_on == TODAY + dt.timedelta(days=2)
    assert Talk.objects.count() == 7  # marked, never deleted
    # The county returns the plan: its talks are no longer justified, except the one already held.
    PersonnelPlan.objects.filter(pk=village.plan.pk).update(state="returned")
    out = talk_services.talks_generate(actor=actor, campaign=campaign, unit=cast.village)
    assert out == Outcome(obsoleted=1)  # D's; B's was held, C's already obsolete
    talks = _talks(campaign, cast.village)
    assert talks[(village.b.pk, "not_renominated")].done_on == TODAY
    assert talks[(village.b.pk, "not_renominated")].obsolete_on is None
    assert talks[(village.d.pk, "not_renominated")].obsolete_on is not None
    # Reported again: D's talk is reopened with a new deadline, not duplicated.
    PersonnelPlan.objects.filter(pk=village.plan.pk).update(state="submitted")
    out = talk_services.talks_generate(actor=actor, campaign=campaign, unit=cast.village)
    assert out == Outcome(reopened=1)
    d_talk = _talks(campaign, cast.village)[(village.d.pk, "not_renominated")]
    assert (d_talk.obsolete_on, d_talk.listed_on, d_talk.due_on) == (
        None,
        TODAY + dt.timedelta(days=2),
        NOMINATION,
    )
    reasons = set(AuditEvent.objects.filter(model="vetting.Talk").values_list("reason", flat=True))
    assert {"四必谈自动生成", "人事安排或人选情况变化，不再需要谈话", "依据恢复，重新列入四必谈"} <= reasons


def test_withdrawal_turns_a_competitive_talk_obsolete(cast, campaign, village):
    actor = cast["town_operator"]
    talk_services.talks_generate(actor=actor, campaign=campaign, unit=cast.village)
    Candidate.objects.filter(pk=village.cand[village.f.pk].pk).update(withdrawn_on=TODAY)
    out = talk_services.talks_generate(actor=actor, campaign=campaign, unit=cast.village)
    # F no longer stands: E alone for 主任 (not competitive), F's warning gone, F unsuccessful now.
    assert out == Outcome(created=1, obsoleted=3)
    live = {k for k, t in _talks(campaign, cast.village).items() if t.obsolete_on is None}
    assert (village.f.pk, "unsuccessful") in live
    assert (village.e.pk, "competitive") not in live


def test_level_rules():
    assert level_for("not_renominated", {"secretary"}, "weak") == "county"
    assert level_for("moved", {"secretary"}, "complex") == "county"
    assert level_for("moved", {"secretary"}, "key") == "town_secretary"
    assert level_for("not_renominated", {"secretary"}, "") == "town_secretary"
    assert level_for("competitive", {"secretary"}, "weak") == "town_secretary"
    assert level_for("not_renominated", {"chair"}, "") == "town_secretary"
    assert level_for("moved", {"member"}, "weak") == "town"


def test_county_talks_with_an_outgoing_secretary_of_a_weak_village(cast, campaign, village):
    Assessment.objects.create(campaign=campaign, unit=cast.village, category="weak", state="approved")
    PlanSeat.objects.filter(plan=village.plan, person=village.a).update(decision="leave")
    talk_services.talks_generate(actor=cast["town_operator"], campaign=campaign, unit=cast.village)
    t = _talks(campaign, cast.village)[(village.a.pk, "not_renominated")]
    assert (t.level, t.basis) == ("county", "人事安排初步方案：党组织书记“退”")


def test_deadline_follows_the_next_step(cast, campaign, village, monkeypatch):
    # The election date, once the elections app knows it, comes before the milestones.
    monkeypatch.setattr(talk_services, "ELECTION_DATES", [lambda c, u: dt.date(2026, 3, 1)])
    talk_services.talks_generate(actor=cast["town_operator"], campaign=campaign, unit=cast.village)
    talks = _talks(campaign, cast.village)
    assert talks[(village.e.pk, "competitive")].due_on == dt.date(2026, 3, 1)
    assert talks[(village.b.pk, "not_renominated")].due_on == NOMINATION
    # Past every milestone: the campaign's end.
    assert talk_services.due_date(campaign, cast.village, "moved", dt.date(2026, 4, 1)) == dt.date(
        2026, 6, 30
    )
    # A milestone on the very day counts; without a matching name, the next milestone.
    assert talk_services.due_date(campaign, cast.village, "moved", NOMINATION) == NOMINATION
    Milestone.objects.filter(campaign=campaign, name__contains="提名").delete()
    assert talk_services.due_date(campaign, cast.village, "moved", dt.date(2026, 1, 20)) == dt.date(
        2026, 1, 31
    )


def test_coverage_and_overdue_at_the_boundary_day(cast, campaign, village, monkeypatch):
    actor = cast["town_operator"]
    talk_services.talks_generate(actor=actor, campaign=campaign, unit=cast.village)
    t = _talks(campaign, cast.village)[(village.d.pk, "not_renominated")]
    talk_services.talk_complete(actor=actor, talk=t, done_on=TODAY, talker="李委员", notes="理解支持")
    monkeypatch.setattr("huanjie.core.workflow.today", lambda: NOMINATION)
    page = talk_selectors.ledger(actor, cast.town.code)
    assert (page.coverage.required, page.coverage.done, page.coverage.overdue) == (7, 1, 0)
    assert page.coverage.percent == "14%"
    east = next(v for v in page.villages if v.unit == cast.village)
    west = next(v for v in page.villages if v.unit == cast.village2)
    assert (east.coverage.required, east.coverage.done, west.coverage.required) == (7, 1, 0)
    monkeypatch.setattr("huanjie.core.workflow.today", lambda: NOMINATION + dt.timedelta(days=1))
    page = talk_selectors.ledger(actor, cast.town.code)
    # B and C (due on the nomination day) are overdue the day after; D's talk was held.
    assert page.coverage.overdue == 2
    assert sorted(ln.talk.person_id for ln in page.lines if ln.overdue) == sorted(
        [village.b.pk, village.c.pk]
    )
    roll = talk_selectors.rollup(cast["county_operator"])
    line = next(ln for ln in roll.lines if ln.town == cast.town)
    assert (line.coverage.required, line.coverage.done, line.coverage.overdue) == (7, 1, 2)
    other = next(ln for ln in roll.lines if ln.town == cast.town_b)
    assert (other.coverage.required, other.coverage.done) == (0, 0)
    assert (roll.total.required, roll.total.done, roll.total.overdue) == (7, 1, 2)
    # An obsolete talk counts neither as owed nor as overdue.
    Talk.objects.filter(person=village.b).update(obsolete_on=TODAY)
    page = talk_selectors.ledger(actor, cast.town.code)
    assert (page.coverage.required, page.coverage.overdue) == (6, 1)


def test_complete_refuses_future_dates_stale_forms_and_obsolete_talks(cast, campaign, village):
    actor = cast["town_operator"]
    talk_services.talks_generate(actor=actor, campaign=campaign, unit=cast.village)
    t = _talks(campaign, cast.village)[(village.c.pk, "moved")]
    with pytest.raises(ValidationError) as e:
        talk_services.talk_complete(
            actor=actor, talk=t, done_on=TODAY + dt.timedelta(days=1), talker="甲", notes="乙"
        )
    assert "晚于今天" in str(e.value)
    with pytest.raises(StaleEdit):
        talk_services.talk_complete(
            actor=actor, talk=t, done_on=TODAY, talker="甲", notes="乙", version=t.version - 1
        )
    Talk.objects.filter(pk=t.pk).update(obsolete_on=TODAY)
    with pytest.raises(ValidationError) as e:
        talk_services.talk_complete(actor=actor, talk=t, done_on=TODAY, talker="甲", notes="乙")
    assert "不再需要" in str(e.value)


def test_flag_is_manual_and_survives_regeneration(cast, campaign, village):
    actor = cast["town_operator"]
    h = PersonFactory(domicile_unit=cast.village)
    t = talk_services.talk_flag(
        actor=actor, campaign=campaign, unit=cast.village, person=h, level="town", reason="对选举结果有情绪"
    )
    assert (t.kind, t.generated, t.due_on) == ("wavering", False, ELECTION)
    with pytest.raises(ValidationError):
        talk_services.talk_flag(
            actor=actor, campaign=campaign, unit=cast.village, person=h, level="town", reason="再次"
        )
    talk_services.talks_generate(actor=actor, campaign=campaign, unit=cast.village)
    t.refresh_from_db()
    assert t.obsolete_on is None


@pytest.mark.parametrize("role", ["other_town_operator", "county_operator", "village_operator", "vetting"])
def test_only_the_town_generates_and_completes(cast, campaign, village, role):
    with pytest.raises(PermissionDenied):
        talk_services.talks_generate(actor=cast[role], campaign=campaign, unit=cast.village)
    assert not Talk.objects.exists()


def test_pages(cast, campaign, village, client):
    client.force_login(cast["town_operator"])
    r = client.get(f"/vetting/talks/{cast.town.code}/")
    assert r.status_code == 200
    body = r.content.decode()
    assert "四必谈台账" in body and village.b.name in body and "不再提名" in body
    assert Talk.objects.count() == 7  # regenerated on opening
    t = Talk.objects.get(person=village.c)
    r = client.get(f"/vetting/talk/{t.pk}/")
    assert r.status_code == 200 and "登记谈话情况" in r.content.decode()
    r = client.post(
        f"/vetting/talk/{t.pk}/complete/",
        {"done_on": "2026-01-19", "talker": "王书记", "notes": "同意转岗", "version": t.version, "seen": ""},
    )
    assert r.status_code == 302
    t.refresh_from_db()
    assert (t.done_on, t.talker) == (dt.date(2026, 1, 19), "王书记")
    h = PersonFactory(domicile_unit=cast.village)
    r = client.post(
        f"/vetting/talks/{cast.village.code}/flag/", {"person": h.pk, "level": "town", "reason": "情绪波动"}
    )
    assert r.status_code == 302 and Talk.objects.filter(person=h, kind="wavering").exists()
    r = client.post(f"/vetting/talks/{cast.town.code}/generate/")
    assert r.status_code == 302
    # The county reads (audited: 只做不说) and generates nothing.
    client.force_login(cast["county_operator"])
    before = Talk.objects.count()
    assert client.get(f"/vetting/talks/{cast.town.code}/").status_code == 200
    assert client.get("/vetting/talks/").status_code == 200
    assert Talk.objects.count() == before
    viewed = AuditEvent.objects.filter(
        action="view_confidential", model="vetting.Talk", actor=cast["county_operator"]
    )
    assert viewed.count() == 2
    # Outside the jurisdiction, or without vetting.confidential: 404.
    client.force_login(cast["other_town_operator"])
    assert client.get(f"/vetting/talks/{cast.town.code}/").status_code == 404
    assert client.get(f"/vetting/talk/{t.pk}/").status_code == 404
    assert client.post(f"/vetting/talk/{t.pk}/complete/", {}).status_code == 404
    assert client.post(f"/vetting/talks/{cast.village.code}/flag/", {}).status_code == 404
    assert client.post(f"/vetting/talks/{cast.village.code}/generate/").status_code == 404
    client.force_login(cast["village_operator"])
    assert client.get(f"/vetting/talks/{cast.village.code}/").status_code in (403, 404)
    assert client.get(f"/vetting/talk/{t.pk}/").status_code in (403, 404)


def test_api(cast, campaign, village, client):
    from tests.apiclient import api_get, bearer

    talk_services.talks_generate(actor=cast["town_operator"], campaign=campaign, unit=cast.village)
    body = api_get(client, f"/api/vetting/talks/{cast.town.code}", bearer(cast["town_operator"])).json()
    assert (body["required"], body["done"], body["overdue"]) == (7, 0, 0)
    assert {(t["person_name"], t["kind"]) for t in body["talks"]} >= {(village.b.name, "not_renominated")}
    county = bearer(cast["county_operator"])
    assert api_get(client, f"/api/vetting/talks/{cast.village.code}", county).status_code == 200
    assert AuditEvent.objects.filter(action="view_confidential", actor=cast["county_operator"]).count() == 1
    for role in ("other_town_operator", "village_operator", "vetting"):
        r = api_get(client, f"/api/vetting/talks/{cast.town.code}", bearer(cast[role]))
        assert r.status_code in (403, 404)


def test_rollup_and_ledger_reads_take_flat_query_counts(cast, campaign, village):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(fn):
        with CaptureQueriesContext(connection) as ctx:
            fn()
        return len(ctx)

    county, town = cast["county_operator"], cast["town_operator"]
    talk_services.talks_generate(actor=town, campaign=campaign, unit=cast.village)
    talk_selectors.rollup(county)  # warm the user's cached role assignments
    before = (
        count(lambda: talk_selectors.rollup(county)),
        count(lambda: talk_selectors.ledger(town, cast.town.code)),
    )
    for unit in (cast.village2, cast.village_b):
        for _ in range(3):
            h = PersonFactory(domicile_unit=unit)
            Talk.objects.create(
                campaign=campaign,
                unit=unit,
                person=h,
                kind="wavering",
                level="town",
                basis="情绪",
                due_on=TODAY,
                listed_on=TODAY,
                generated=False,
            )
    after = (
        count(lambda: talk_selectors.rollup(county)),
        count(lambda: talk_selectors.ledger(town, cast.town.code)),
    )
    assert after == before


def test_home_page_lists_the_towns_open_talks(cast, campaign, village, client, monkeypatch):
    talk_services.talks_generate(actor=cast["town_operator"], campaign=campaign, unit=cast.village)
    todos = talk_selectors.talk_todos(cast["town_operator"])
    assert [(t.label, t.due, t.overdue) for t in todos] == [
        ("青石镇：四必谈尚有 7 项未谈", NOMINATION, False)
    ]
    monkeypatch.setattr("huanjie.core.workflow.today", lambda: NOMINATION + dt.timedelta(days=1))
    todos = talk_selectors.talk_todos(cast["town_operator"])
    assert [(t.label, t.overdue) for t in todos] == [("青石镇：四必谈尚有 7 项未谈，其中 3 项逾期", True)]
    assert talk_selectors.talk_todos(cast["county_operator"]) == []
    assert talk_selectors.talk_todos(cast["other_town_operator"]) == []
    client.force_login(cast["town_operator"])
    assert "四必谈尚有 7 项未谈" in client.get("/").content.decode()


def test_ledger_export_is_audited(cast, campaign, village, client):
    import io

    from openpyxl import load_workbook

    talk_services.talks_generate(actor=cast["town_operator"], campaign=campaign, unit=cast.village)
    client.force_login(cast["county_operator"])
    r = client.get(f"/vetting/talks/{cast.town.code}/export/")
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    text = [str(c) for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert village.b.name in text and "不再提名" in text and "待谈" in text
    assert AuditEvent.objects.filter(action="export", actor=cast["county_operator"]).count() == 1
    client.force_login(cast["other_town_operator"])
    assert client.get(f"/vetting/talks/{cast.town.code}/export/").status_code == 404


def test_ledger_regeneration_reads_in_flat_query_counts(cast, campaign, village, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import unit

    client.force_login(cast["town_operator"])
    url = f"/vetting/talks/{cast.town.code}/"

    def count():
        client.get(url)  # generates what changed
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    before = count()
    for i in range(3):
        v = unit(f"32990100130{i}", "village", f"新村{i}", cast.town)
        people = [PersonFactory(domicile_unit=v) for _ in range(3)]
        seat(people[0], v, "party_org", "secretary")
        plan = PersonnelPlan.objects.create(campaign=campaign, unit=v, state="approved")
        PlanSeat.objects.create(plan=plan, side="party", post="secretary", decision="leave", person=people[0])
        for p in people[1:]:
            Candidate.objects.create(
                campaign=campaign,
                unit=v,
                person=p,
                side="committee",
                post="chair",
                source="other",
                channel="voters",
            )
    assert count() == before
    assert Talk.objects.filter(unit__name__startswith="新村").count() == 9


def test_the_city_rolls_up_by_county_and_drills_into_towns_in_flat_queries(cast, campaign, village, client):
    """Issue 11 req. 13: the city reads one line per county (its towns summed), a county's towns
    one click down; the same queries with more talks."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def page(url):
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(url)
        assert r.status_code == 200
        return len(ctx), r.content.decode()

    talk_services.talks_generate(actor=cast["town_operator"], campaign=campaign, unit=cast.village)
    city = cast["city_operator"]
    roll = talk_selectors.rollup(city)
    assert roll.by_county and [ln.unit for ln in roll.lines] == [cast.county, cast.county2]
    line = roll.lines[0]
    assert (line.town, line.coverage.required, roll.total.required) == (None, 7, 7)
    drilled = talk_selectors.rollup(city, county_code=cast.county.code)
    assert not drilled.by_county and drilled.county == cast.county
    assert [ln.town for ln in drilled.lines] == [cast.town, cast.town_b]
    assert drilled.total == line.coverage
    # A county's own view is by town; a county code outside the jurisdiction changes nothing.
    county = talk_selectors.rollup(cast["county_operator"], county_code=cast.county2.code)
    assert not county.by_county and county.county is None and county.total == line.coverage
    client.force_login(city)
    few, body = page("/vetting/talks/")
    assert f'href="?county={cast.county.code}"' in body and "共 2 个县（市、区）" in body
    few_drilled, body = page(f"/vetting/talks/?county={cast.county.code}")
    assert "按县（市、区）汇总" in body and f"/vetting/talks/{cast.town.code}/" in body
    for _ in range(3):
        Talk.objects.create(
            campaign=campaign,
            unit=cast.village_b,
            person=PersonFactory(domicile_unit=cast.village_b),
            kind="wavering",
            level="town",
            basis="情绪",
            due_on=TODAY,
            listed_on=TODAY,
            generated=False,
        )
    assert page("/vetting/talks/")[0] == few
    assert page(f"/vetting/talks/?county={cast.county.code}")[0] == few_drilled
    assert talk_selectors.rollup(city).lines[0].coverage.required == 10
