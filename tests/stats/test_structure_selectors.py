"""The structure selectors (issue 15 req. 1): figures of a town, county and city from the per-village
summary, paired before/after, against the campaign's targets; drill-down to villages and persons."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from huanjie.planning import services as planning_services
from huanjie.planning.models import StructureTarget
from huanjie.stats import structure_selectors as sel
from tests.factories import PersonFactory, seat

START, END = dt.date(2025, 12, 1), dt.date(2026, 6, 30)
OLD, NEW = dt.date(2021, 3, 1), dt.date(2026, 3, 15)


@pytest.fixture
def campaign(cast):
    c = planning_services.campaign_create(
        actor=cast["city_operator"],
        city=cast.city,
        name="2026年换届",
        profile_code="zhejiang",
        window_start=START,
        window_end=END,
    )
    StructureTarget.objects.create(
        campaign=c,
        code="average_age",
        label="平均年龄下降",
        low=Decimal(3),
        high=Decimal(5),
        baseline="previous_term",
    )
    StructureTarget.objects.create(campaign=c, code="one_shoulder_village", label="村一肩挑", low=Decimal(90))
    StructureTarget.objects.create(campaign=c, code="women", label="女性", low=Decimal(30))
    return c


def _end(t, day=NEW):
    t.end_date, t.end_reason = day, "term_end"
    t.save()


def person(unit, born, sex="M", education="secondary", status="cpc"):
    return PersonFactory(
        domicile_unit=unit, birth_date=born, sex=sex, education=education, political_status=status
    )


@pytest.fixture
def town_data(cast):
    """东村: outgoing secretary A (一肩挑, born 1966) and member B (woman, 1971); new term: C (1991,
    大专, 一肩挑 and cross-serving) and B re-elected. 西村: outgoing D (1970) secretary only, not yet
    elected (pending)."""
    v, w = cast.village, cast.village2
    a = person(v, dt.date(1966, 1, 10))
    b = person(v, dt.date(1971, 5, 1), sex="F", status="masses")
    c = person(v, dt.date(1991, 2, 1), education="junior_college")
    d = person(w, dt.date(1970, 7, 1))
    for t in (
        seat(a, v, "party_org", "secretary", start=OLD, term=11),
        seat(a, v, "villagers_committee", "chair", start=OLD, term=11),
        seat(b, v, "villagers_committee", "member", start=OLD, term=11),
    ):
        _end(t)
    seat(c, v, "party_org", "secretary", start=NEW, term=12)
    seat(c, v, "villagers_committee", "chair", start=NEW, term=12)
    seat(b, v, "villagers_committee", "member", start=NEW, term=12)
    seat(d, w, "party_org", "secretary", start=OLD, term=11)
    return {"a": a, "b": b, "c": c, "d": d}


def test_town_figures_paired_before_after(cast, campaign, town_data):
    leader = cast["leader"]
    after = sel.figures(leader, campaign, cast.town, basis="after")
    c = after.counts
    assert (c.units, c.villages, c.members) == (2, 1, 2)
    # ages on the new term's start 2026-03-15: C 35, B 54 → 89/2; before on 2021-03-01: A 55, B 49 → 52
    assert c.average_age == Fraction(89, 2)
    assert c.average_age_change == Fraction(89, 2) - 52
    assert after.values["age_change"].text == "-7.5岁"
    assert (c.new_members, c.reelected, c.new_college) == (1, 1, 1)
    assert after.values["women"].value == 50
    assert after.values["one_shoulder_village"].text == "100.0%"
    checks = {t.code: t for t in after.targets}
    assert checks["average_age"].verdict == "above" and checks["average_age"].gap == Fraction(5, 2)
    assert checks["one_shoulder_village"].verdict == "met"
    before = sel.figures(leader, campaign, cast.town, basis="before")
    assert (before.counts.villages, before.counts.members, before.counts.villages_one_shoulder) == (2, 3, 1)
    assert before.values["one_shoulder_village"].value == 50
    assert {t.code: t.verdict for t in before.targets}["one_shoulder_village"] == "below"
    assert {t.code: t.gap for t in before.targets}["one_shoulder_village"] == -40
    # children: the two villages; 西村 is pending on the after basis
    assert [r.unit for r in after.children] == [cast.village, cast.village2]
    assert after.children[1].counts.members == 0


def test_rollup_to_city_and_drilldown(cast, campaign, town_data):
    leader = cast["leader"]
    city = sel.figures(leader, campaign, None, basis="before")
    assert city.unit == cast.city
    assert [r.unit for r in city.children] == [cast.county, cast.county2]
    assert city.children[0].counts + city.children[1].counts == city.counts
    assert city.counts.units == 4 and city.children[1].counts.members == 0
    d = sel.drilldown(leader, campaign, cast.town, "one_shoulder_village", basis="before", without=True)
    assert d.kind == "villages" and [v.unit for v in d.villages] == [cast.village2]
    d = sel.drilldown(leader, campaign, cast.village, "women", basis="after")
    assert d.kind == "persons" and [p.person_id for p in d.persons] == [town_data["b"].pk]
    assert d.persons[0].new is False
    d = sel.drilldown(leader, campaign, cast.city, "women", basis="after")
    assert d.kind == "children"


def test_outside_jurisdiction(cast, campaign, town_data):
    other = cast["other_town_operator"]
    with pytest.raises(Http404):
        sel.figures(other, campaign, cast.town)
    with pytest.raises(Http404):
        sel.drilldown(other, campaign, cast.village, "women")
    assert sel.figures(other, campaign).unit == cast.town_b
    with pytest.raises(Http404):
        sel.campaign(cast["vetting"], campaign.pk)


def test_plan_basis_needs_planning_view(cast, campaign, town_data, django_user_model):
    from tests.factories import user_with_role

    # a role with stats.view but without planning.view does not exist in the grants; refuse anyway
    u = user_with_role("nobody", "village_operator", cast.village)
    with pytest.raises((PermissionDenied, Http404)):
        sel.figures(u, campaign, cast.village, basis="plan")


def test_the_query_count_does_not_grow_with_the_villages(cast, campaign, town_data, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from tests.factories import unit

    client.force_login(cast["leader"])
    url = reverse("stats_structure:unit", args=[campaign.pk, cast.city.code])
    client.get(url)  # builds the summary
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for i in range(12):
        v = unit(f"329901001{400 + i}", "village", f"加{i}村", cast.town)
        p = PersonFactory(domicile_unit=v, birth_date=dt.date(1980, 1, 1))
        seat(p, v, "party_org", "secretary", start=OLD, term=11)
    client.get(url)  # the new villages: rows marked stale on creation, filled by this read
    with CaptureQueriesContext(connection) as big:
        assert client.get(url).status_code == 200
    assert len(big) == len(small)
    assert sel.figures(cast["leader"], campaign, basis="before").counts.units == 16
