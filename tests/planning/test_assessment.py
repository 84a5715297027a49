import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from huanjie.core.models import WorkflowHistory
from huanjie.core.workflow import RecordLocked, StaleRecord, TransitionRefused, awaiting
from huanjie.planning import services
from huanjie.planning.models import Assessment, MemberAssessment
from tests.factories import PersonFactory, seat

pytestmark = pytest.mark.django_db


def _fill(cast, a, **kw):
    args = {
        "grade": "poor",
        "category": "weak",
        "problems": ["economy"],
        "risks": ["clan"],
        "notes": "班子较弱",
    }
    return services.assessment_update(actor=cast["town_operator"], assessment=a, **(args | kw))


def test_one_assessment_per_village_opened_by_its_town(cast, published):
    services.assessment_create(actor=cast["town_operator"], campaign=published, unit=cast.village)
    with pytest.raises(ValidationError):
        services.assessment_create(actor=cast["town_operator"], campaign=published, unit=cast.village)
    with pytest.raises(PermissionDenied):
        services.assessment_create(actor=cast["other_town_operator"], campaign=published, unit=cast.village2)
    with pytest.raises(PermissionDenied):
        services.assessment_create(actor=cast["county_operator"], campaign=published, unit=cast.village2)


def test_fields_are_checked(cast, assessment):
    with pytest.raises(ValidationError) as exc:
        _fill(cast, assessment, grade="x", problems=["nope"], risks=["bad"])
    assert set(exc.value.message_dict) == {"grade", "problems", "risks"}


def test_member_views_only_for_sitting_members(cast, assessment, sitting):
    services.member_view_set(
        actor=cast["town_operator"],
        assessment=assessment,
        tenure=sitting,
        view="leave",
        reason="年龄超过70岁",
    )
    services.member_view_set(
        actor=cast["town_operator"], assessment=assessment, tenure=sitting, view="adjust", reason="能力不足"
    )
    assert MemberAssessment.objects.get().view == "adjust"
    elsewhere = seat(
        PersonFactory(domicile_unit=cast.village_b), cast.village_b, "villagers_committee", "chair"
    )
    with pytest.raises(ValidationError):
        services.member_view_set(
            actor=cast["town_operator"], assessment=assessment, tenure=elsewhere, view="stay", reason="x"
        )
    with pytest.raises(ValidationError) as exc:
        services.member_view_set(
            actor=cast["town_operator"], assessment=assessment, tenure=sitting, view="?", reason=""
        )
    assert set(exc.value.message_dict) == {"view", "reason"}


def test_submit_return_resubmit_approve_with_a_fixed_clock(cast, assessment, fixed_today):
    town, approver = cast["town_operator"], cast["county_approver"]
    with pytest.raises(TransitionRefused, match="上报前请填写"):
        services.assessment_act(actor=town, assessment=assessment, name="submit")
    _fill(cast, assessment)
    services.assessment_act(actor=town, assessment=assessment, name="submit")
    assert assessment.state == "submitted" and assessment.state_due == fixed_today + dt.timedelta(days=7)
    # Locked while submitted.
    with pytest.raises(RecordLocked):
        _fill(cast, assessment)
    # The approver sees it among the to-dos; the town does not approve.
    assert [a.record for a in awaiting(approver)] == [assessment]
    with pytest.raises(PermissionDenied):
        services.assessment_act(actor=town, assessment=assessment, name="approve")
    with pytest.raises(TransitionRefused, match="须填写理由"):
        services.assessment_act(actor=approver, assessment=assessment, name="return", reason="")
    services.assessment_act(actor=approver, assessment=assessment, name="return", reason="问题分析不具体")
    assert assessment.state == "returned"
    _fill(cast, assessment, notes="补充了问题分析")
    assessment.refresh_from_db()
    services.assessment_act(actor=town, assessment=assessment, name="submit")
    services.assessment_act(actor=cast["county_operator"], assessment=assessment, name="approve")
    assert assessment.state == "approved"
    with pytest.raises(RecordLocked):
        _fill(cast, assessment)
    rows = (
        WorkflowHistory.objects.exclude(transition="publish")
        .order_by("pk")
        .values_list("transition", "reason")
    )
    assert list(rows) == [("submit", ""), ("return", "问题分析不具体"), ("submit", ""), ("approve", "")]


def test_a_stale_form_is_refused(cast, assessment):
    stale = Assessment.objects.get(pk=assessment.pk)
    _fill(cast, assessment)
    services.assessment_act(actor=cast["town_operator"], assessment=assessment, name="submit")
    with pytest.raises(StaleRecord):
        services.assessment_act(actor=cast["county_approver"], assessment=stale, name="approve")


def test_the_county_approves_in_bulk(cast, published, client):
    town = cast["town_operator"]
    records = []
    for unit in (cast.village, cast.village2):
        a = services.assessment_create(actor=town, campaign=published, unit=unit)
        _fill(cast, a)
        a.refresh_from_db()
        services.assessment_act(actor=town, assessment=a, name="submit")
        records.append(a)
    draft = services.assessment_create(
        actor=cast["other_town_operator"], campaign=published, unit=cast.village_b
    )
    client.force_login(cast["county_approver"])
    url = reverse("planning:assessments_bulk", args=[published.pk])
    r = client.post(url, {"ids": [a.pk for a in records]})
    assert r.status_code == 302
    assert set(Assessment.objects.values_list("state", flat=True)) == {"approved", "draft"}
    # A draft is not offered for approval.
    r = client.post(url, {"ids": [draft.pk]})
    assert r.status_code == 400
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_the_town_fills_the_assessment_through_the_page(cast, published, sitting, client):
    client.force_login(cast["town_operator"])
    r = client.post(reverse("planning:assessment_new", args=[published.pk]), {"unit": cast.village.code})
    assert r.status_code == 302
    a = Assessment.objects.get()
    loaded = client.get(a.get_absolute_url()).context["form"]
    edit = {"grade": "fairly_good", "category": "weak", "problems": ["economy", "petition"], "notes": "x"}
    seen = {"version": loaded["version"].value(), "seen": loaded["seen"].value()}
    r = client.post(reverse("planning:assessment_edit", args=[a.pk]), {**edit, **seen})
    assert r.status_code == 302
    # The same form sent again is stale (the first save made a new version): refused, nothing lost.
    r = client.post(reverse("planning:assessment_edit", args=[a.pk]), {**edit, "notes": "y", **seen})
    assert r.status_code == 400 and "此记录已被他人修改" in r.content.decode()
    a.refresh_from_db()
    assert (a.notes, a.version) == ("x", 2)
    r = client.post(
        reverse("planning:assessment_member", args=[a.pk]),
        {"tenure": sitting.pk, "view": "stay", "reason": "群众认可"},
    )
    assert r.status_code == 302
    r = client.post(reverse("planning:assessment_act", args=[a.pk]), {"action": "submit"})
    assert r.status_code == 302
    page = client.get(a.get_absolute_url()).content.decode()
    assert "已上报" in page and "群众认可" in page and "集体经济薄弱" in page and "软弱涣散" in page


def test_the_home_page_lists_the_to_dos_of_the_workflow(cast, assessment, fixed_today, client):
    client.force_login(cast["town_operator"])
    todos = client.get("/").context["todos"]
    # A new draft carries its deadline (ASSESSMENT_SPEC.due_days["draft"]) from its creation.
    assert assessment.state_due is not None
    assert [(t.url, t.due) for t in todos] == [(assessment.get_absolute_url(), assessment.state_due)]
    _fill(cast, assessment)
    services.assessment_act(actor=cast["town_operator"], assessment=assessment, name="submit")
    client.force_login(cast["county_approver"])
    todos = client.get("/").context["todos"]
    assert [(t.url, t.due) for t in todos] == [
        (assessment.get_absolute_url(), fixed_today + dt.timedelta(days=7))
    ]
    assert "东村研判" in todos[0].label


def test_an_approved_assessment_is_unlocked_only_by_the_city_with_a_reason(cast, assessment):
    _fill(cast, assessment)
    services.assessment_act(actor=cast["town_operator"], assessment=assessment, name="submit")
    services.assessment_act(actor=cast["county_approver"], assessment=assessment, name="approve")
    for role in ("town_operator", "county_operator"):
        with pytest.raises(PermissionDenied):
            services.assessment_act(actor=cast[role], assessment=assessment, name="unlock", reason="补充")
    with pytest.raises(TransitionRefused):
        services.assessment_act(actor=cast["city_operator"], assessment=assessment, name="unlock", reason="")
    services.assessment_act(
        actor=cast["city_operator"], assessment=assessment, name="unlock", reason="补充风险点"
    )
    assert assessment.state == "returned"
    _fill(cast, assessment, risks=["clan", "land"])
