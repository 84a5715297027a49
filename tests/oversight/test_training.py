"""Issue 14 req. 6: training sessions by level and their coverage of the village Party secretaries
and town officials against the campaign's target (exact boundary), education upgrading, the three
mechanisms, and the policy Q&A published as a searchable FAQ. Fixed clock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from huanjie.core.models import AuditEvent
from huanjie.core.versioning import StaleEdit
from huanjie.oversight import qa_selectors, qa_services
from huanjie.oversight import training_selectors as sel
from huanjie.oversight import training_services as svc
from huanjie.oversight.models import PolicyQuestion, TrainingAttendance
from tests.factories import PersonFactory, seat
from tests.planning.walker import published_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    day = dt.date(2026, 1, 20)
    monkeypatch.setattr("huanjie.core.workflow.today", lambda: day)
    return day


@pytest.fixture
def campaign(cast):
    return published_campaign(cast.city)


@pytest.fixture
def secretaries(cast):
    out = {}
    for name, unit in (("甲书记", cast.village), ("乙书记", cast.village2), ("丙书记", cast.village_b)):
        p = PersonFactory(name=name, domicile_unit=unit)
        seat(p, unit, "party_org", "secretary")
        out[name] = p
    # a former secretary is not counted
    old = PersonFactory(name="旧书记", domicile_unit=cast.village)
    t = seat(old, cast.village2, "party_org", "deputy_secretary")
    t.end_date = dt.date(2024, 1, 1)
    t.save()
    return out


def _row(rows, town):
    return next(r for r in rows if r.unit.pk == town.pk)


def test_coverage_by_town_against_the_target_at_its_exact_boundary(cast, campaign, secretaries):
    town_op = cast["town_operator"]
    o1 = svc.official_add(actor=town_op, campaign=campaign, town=cast.town, name="张委员", post="组织委员")
    svc.official_add(actor=town_op, campaign=campaign, town=cast.town, name="李干事")
    s = svc.session_create(
        actor=town_op, campaign=campaign, unit=cast.town, title="换届业务培训", held_on=dt.date(2026, 1, 10)
    )
    assert s.level == "town"
    svc.attendance_add(actor=town_op, session=s, person=secretaries["甲书记"])
    svc.attendance_add(actor=town_op, session=s, official=o1)
    with pytest.raises(ValidationError):
        svc.attendance_add(actor=town_op, session=s, person=secretaries["甲书记"])

    city_op = cast["city_operator"]
    svc.setting_save(actor=city_op, campaign=campaign, training_target_percent=50)
    rows = sel.coverage(cast["county_operator"], campaign, [cast.town, cast.town_b])
    r = _row(rows, cast.town)
    assert (r.secretaries, r.secretaries_trained, r.officials, r.officials_trained) == (2, 1, 2, 1)
    assert r.secretaries_pct == "50.0%"
    assert r.met  # 1 of 2 is exactly 50%
    rb = _row(rows, cast.town_b)
    assert (rb.secretaries, rb.secretaries_trained, rb.officials) == (1, 0, 0)
    assert not rb.secretaries_met and rb.officials_met  # no roster: nothing owed

    svc.setting_save(actor=city_op, campaign=campaign, training_target_percent=51)
    r = _row(sel.coverage(cast["county_operator"], campaign, [cast.town]), cast.town)
    assert not r.secretaries_met and not r.met

    total = sel.coverage(cast["county_operator"], campaign, None)
    assert (total.secretaries, total.secretaries_trained, total.officials, total.officials_trained) == (
        3,
        1,
        2,
        1,
    )
    # the other town sees only itself
    other = sel.coverage(cast["other_town_operator"], campaign, None)
    assert (other.secretaries, other.secretaries_trained, other.officials) == (1, 0, 0)


def test_coverage_costs_the_same_queries_for_one_town_or_many(cast, campaign, secretaries):
    user = cast["county_operator"]
    sel.coverage(user, campaign, [cast.town])  # warm the user's scope cache
    with CaptureQueriesContext(connection) as one:
        sel.coverage(user, campaign, [cast.town])
    with CaptureQueriesContext(connection) as two:
        sel.coverage(user, campaign, [cast.town, cast.town_b])
    assert len(one) == len(two) <= 6


def test_the_target_is_set_by_the_city_only_between_1_and_100(cast, campaign):
    with pytest.raises(PermissionDenied):
        svc.setting_save(actor=cast["county_operator"], campaign=campaign, training_target_percent=90)
    for bad in (0, 101):
        with pytest.raises(ValidationError):
            svc.setting_save(actor=cast["city_operator"], campaign=campaign, training_target_percent=bad)
    for good in (1, 100):
        assert (
            svc.setting_save(
                actor=cast["city_operator"], campaign=campaign, training_target_percent=good
            ).training_target_percent
            == good
        )
    assert sel.target_percent(campaign) == 100


def test_bulk_attendance_by_town_and_a_city_session_seen_by_the_town(cast, campaign, secretaries):
    city_op = cast["city_operator"]
    svc.official_add(actor=cast["town_operator"], campaign=campaign, town=cast.town, name="张委员")
    s = svc.session_create(
        actor=city_op,
        campaign=campaign,
        unit=cast.city,
        title="全市村书记示范培训",
        held_on=dt.date(2026, 1, 8),
    )
    assert s.level == "city"
    n = svc.attendance_add_town(actor=city_op, session=s, town=cast.town, secretaries=True, officials=True)
    assert n == 3  # two sitting secretaries and one official
    assert (
        svc.attendance_add_town(actor=city_op, session=s, town=cast.town, secretaries=True, officials=True)
        == 0
    )
    svc.attendance_add_town(actor=city_op, session=s, town=cast.town_b, secretaries=True, officials=False)
    # the town sees the city's session (its people attended) and only its own attendees
    town_op = cast["town_operator"]
    assert list(sel.sessions(town_op, campaign)) == [s]
    assert sel.session(town_op, s.pk) == s
    names = {str(a) for a in sel.attendances(town_op, s)}
    assert names == {"甲书记", "乙书记", "张委员"}
    # the town may not register attendees of the city's session
    with pytest.raises(PermissionDenied):
        svc.attendance_add(actor=town_op, session=s, person=secretaries["甲书记"])
    # a town cannot hold a session for another town's unit
    with pytest.raises(PermissionDenied):
        svc.session_create(
            actor=town_op, campaign=campaign, unit=cast.town_b, title="越权培训", held_on=dt.date(2026, 1, 8)
        )
    with pytest.raises(ValidationError):
        svc.session_create(
            actor=town_op,
            campaign=campaign,
            unit=cast.village,
            title="村级不办培训",
            held_on=dt.date(2026, 1, 8),
        )
    assert TrainingAttendance.objects.filter(session=s).count() == 4


def test_education_upgrading_enrolled_and_completed(cast, campaign, secretaries):
    town_op = cast["town_operator"]
    p = secretaries["甲书记"]
    with pytest.raises(ValidationError):
        svc.upgrade_create(
            actor=town_op,
            campaign=campaign,
            person=p,
            programme="开放大学大专",
            enrolled_on=dt.date(2025, 9, 1),
            completed_on=dt.date(2025, 8, 31),
        )
    u = svc.upgrade_create(
        actor=town_op, campaign=campaign, person=p, programme="开放大学大专", enrolled_on=dt.date(2025, 9, 1)
    )
    assert u.unit == cast.village
    assert list(sel.upgrades(town_op, campaign, state="studying")) == [u]
    assert list(sel.upgrades(town_op, campaign, state="completed")) == []
    with pytest.raises(PermissionDenied):
        svc.upgrade_create(
            actor=cast["other_town_operator"],
            campaign=campaign,
            person=p,
            programme="越权",
            enrolled_on=dt.date(2025, 9, 1),
        )
    done = svc.upgrade_complete(actor=town_op, upgrade=u, completed_on=dt.date(2025, 9, 1), version=u.version)
    assert done.completed_on == dt.date(2025, 9, 1)  # the same day as enrolment is allowed
    with pytest.raises(StaleEdit):
        svc.upgrade_complete(actor=town_op, upgrade=u, completed_on=dt.date(2026, 1, 1), version=u.version)
    assert list(sel.upgrades(town_op, campaign, state="completed")) == [done]
    assert list(sel.upgrades(cast["other_town_operator"], campaign)) == []


def test_the_three_mechanisms_are_recorded_decisions(cast, campaign, secretaries):
    county_op = cast["county_operator"]
    d = svc.decision_create(
        actor=county_op,
        campaign=campaign,
        person=secretaries["甲书记"],
        mechanism="tolerance",
        decision="对其在征地工作中的失误予以容错免责",
        body="清河县委",
        document_no="清委〔2026〕3号",
        decided_on=dt.date(2026, 1, 15),
    )
    assert AuditEvent.objects.filter(model="oversight.MechanismDecision", object_id=str(d.pk)).exists()
    assert list(sel.decisions(cast["town_operator"], campaign, mechanism="tolerance")) == [d]
    assert list(sel.decisions(cast["town_operator"], campaign, mechanism="incentive")) == []
    assert list(sel.decisions(cast["other_town_operator"], campaign)) == []
    with pytest.raises(PermissionDenied):
        svc.decision_create(
            actor=cast["other_town_operator"],
            campaign=campaign,
            person=secretaries["甲书记"],
            mechanism="incentive",
            decision="表彰",
            body="白沙镇党委",
            document_no="白委〔2026〕1号",
            decided_on=dt.date(2026, 1, 15),
        )


def test_questions_from_towns_answered_above_and_published_as_a_searchable_faq(cast, campaign):
    town_op = cast["town_operator"]
    q = qa_services.question_ask(
        actor=town_op,
        campaign=campaign,
        town=cast.town,
        topic="eligibility",
        text="外出务工人员能否登记为候选人？",
    )
    q2 = qa_services.question_ask(
        actor=town_op, campaign=campaign, town=cast.town, topic="voters", text="选民名单何时公布？"
    )
    assert not qa_selectors.may_answer(town_op, q)
    with pytest.raises(PermissionDenied):
        qa_services.question_answer(
            actor=town_op, question=q, answer="可以", published=True, version=q.version
        )
    county_op = cast["county_operator"]
    assert qa_selectors.may_answer(county_op, q)
    done = qa_services.question_answer(
        actor=county_op, question=q, answer="符合条件的，可以登记参选。", published=True, version=q.version
    )
    assert done.answer_unit == cast.county and done.answered_by == county_op.username
    with pytest.raises(StaleEdit):
        qa_services.question_answer(
            actor=county_op, question=q, answer="改", published=True, version=q.version
        )
    qa_services.question_answer(
        actor=county_op, question=q2, answer="选举日二十日前。", published=False, version=q2.version
    )
    # the FAQ: published only, searchable in question and answer, by topic
    assert list(qa_selectors.faq(campaign)) == [PolicyQuestion.objects.get(pk=q.pk)]
    assert [x.pk for x in qa_selectors.faq(campaign, q="务工")] == [q.pk]
    assert [x.pk for x in qa_selectors.faq(campaign, q="登记参选")] == [q.pk]
    assert list(qa_selectors.faq(campaign, q="务工", topic="voters")) == []
    assert list(qa_selectors.faq(campaign, q="公布")) == []
    # another town reads the FAQ but not the question's page
    assert list(qa_selectors.questions(cast["other_town_operator"], campaign)) == []
    assert [x.pk for x in qa_selectors.questions(town_op, campaign, state="answered")] == [q2.pk, q.pk]


def test_pages_render_and_forms_post(cast, campaign, secretaries, client):
    client.force_login(cast["town_operator"])
    r = client.post(
        "/oversight/training/sessions/",
        {"unit": cast.town.pk, "title": "镇级培训", "held_on": "2026-01-12", "place": "镇会议室"},
    )
    assert r.status_code == 302
    s = sel.sessions(cast["town_operator"], campaign).get()
    r = client.post(f"/oversight/training/session/{s.pk}/town/", {"town": cast.town.pk, "secretaries": "on"})
    assert r.status_code == 302
    assert TrainingAttendance.objects.filter(session=s).count() == 2
    for url in (
        "/oversight/training/",
        "/oversight/training/sessions/",
        f"/oversight/training/session/{s.pk}/",
        "/oversight/training/officials/",
        "/oversight/training/upgrades/",
        "/oversight/training/decisions/",
        "/oversight/qa/",
        "/oversight/qa/faq/?q=x&topic=voters",
    ):
        page = client.get(url)
        assert page.status_code == 200, url
    assert "甲书记" in client.get(f"/oversight/training/session/{s.pk}/").content.decode()
    cov = client.get("/oversight/training/").content.decode()
    assert "青石镇" in cov and "白沙镇" not in cov
    r = client.post("/oversight/qa/", {"town": cast.town.pk, "topic": "other", "text": "问题？"})
    assert r.status_code == 302
    q = PolicyQuestion.objects.get()
    assert (
        client.post(
            f"/oversight/qa/question/{q.pk}/answer/", {"answer": "答", "version": q.version}
        ).status_code
        == 403
    )
    client.force_login(cast["county_operator"])
    r = client.post(
        f"/oversight/qa/question/{q.pk}/answer/",
        {"answer": "答复内容", "published": "on", "version": q.version},
    )
    assert r.status_code == 302
    client.force_login(cast["other_town_operator"])
    assert "答复内容" in client.get("/oversight/qa/faq/").content.decode()
    assert client.get(f"/oversight/qa/question/{q.pk}/").status_code == 404


def test_training_lists_cost_the_same_queries_for_few_or_many_rows(cast, campaign, client):
    town_op = cast["town_operator"]
    client.force_login(town_op)
    urls = (
        "/oversight/training/",
        "/oversight/training/sessions/",
        "/oversight/training/officials/",
        "/oversight/training/upgrades/",
        "/oversight/training/decisions/",
        "/oversight/qa/",
        "/oversight/qa/faq/",
    )
    n = {"i": 0}

    def add(k: int) -> None:
        for _ in range(k):
            n["i"] += 1
            i = n["i"]
            p = PersonFactory(name=f"书记{i}", domicile_unit=cast.village)
            seat(p, cast.village, "party_org", "secretary")
            o = svc.official_add(actor=town_op, campaign=campaign, town=cast.town, name=f"干部{i}")
            s = svc.session_create(
                actor=town_op,
                campaign=campaign,
                unit=cast.town,
                title=f"培训{i}",
                held_on=dt.date(2026, 1, 10),
            )
            svc.attendance_add(actor=town_op, session=s, official=o)
            svc.upgrade_create(
                actor=town_op, campaign=campaign, person=p, programme="大专", enrolled_on=dt.date(2025, 9, 1)
            )
            svc.decision_create(
                actor=town_op,
                campaign=campaign,
                person=p,
                mechanism="incentive",
                decision="表彰",
                body="青石镇党委",
                document_no=f"青委〔2026〕{i}号",
                decided_on=dt.date(2026, 1, 15),
            )
            q = qa_services.question_ask(
                actor=town_op, campaign=campaign, town=cast.town, topic="other", text=f"问{i}"
            )
            qa_services.question_answer(
                actor=cast["county_operator"], question=q, answer="答", published=True, version=q.version
            )

    add(1)
    for url in urls:
        client.get(url)
    few = {}
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        few[url] = len(ctx)
    add(5)
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        assert len(ctx) == few[url], url
