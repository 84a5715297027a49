"""The screening adapter feeds each candidate's near relatives among the village's other standing
candidates to the rules (issue 11 req. 3): same 村委会 → the 选举委员会 decides (浙江: 近亲属回避),
supervision committee vs 村委会 → the statutory bar goes to the 选举委员会, same Party committee →
a warning; a withdrawn relative no longer counts; relations read from either side."""

from __future__ import annotations

import datetime as dt

import pytest

from huanjie.people.models import Relation
from huanjie.planning.models import Campaign
from huanjie.vetting import screening
from huanjie.vetting.models import Candidate
from tests.factories import PersonFactory
from tests.vetting.helpers import nominated

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 3, 1)


@pytest.fixture
def campaign(cast):
    return Campaign.objects.create(
        city=cast.city,
        name="换届",
        profile_code="zhejiang",
        window_start=dt.date(2025, 12, 1),
        window_end=dt.date(2026, 6, 30),
        state="published",
    )


def _relation(a, b, kind):
    if kind in ("spouse", "sibling") and a.pk > b.pk:
        a, b = b, a
    Relation.objects.create(person_a=a, person_b=b, kind=kind)


def _rules(c, rule):
    return [(x.result, x.text) for x in screening.screen(c, on=ON).checks if x.rule == rule]


def test_spouses_on_the_same_committee_go_to_the_election_committee(cast, campaign):
    a, b = PersonFactory(domicile_unit=cast.village), PersonFactory(domicile_unit=cast.village)
    ca = nominated(campaign, cast.village, a)
    nominated(campaign, cast.village, b, post="member")
    _relation(a, b, "spouse")
    found = _rules(ca, "relatives.committee")
    assert [r for r, _ in found] == ["decide"] and f"{b.name}是本人的配偶" in found[0][1]


def test_parent_and_child_read_from_either_side(cast, campaign):
    parent, child = PersonFactory(domicile_unit=cast.village), PersonFactory(domicile_unit=cast.village)
    c_parent = nominated(campaign, cast.village, parent)
    c_child = nominated(campaign, cast.village, child, post="member")
    _relation(parent, child, "parent")
    assert "是本人的子女" in _rules(c_parent, "relatives.committee")[0][1]
    assert "是本人的父母" in _rules(c_child, "relatives.committee")[0][1]


def test_supervision_candidate_with_a_relative_on_the_committee(cast, campaign):
    a, b = PersonFactory(domicile_unit=cast.village), PersonFactory(domicile_unit=cast.village)
    nominated(campaign, cast.village, a)
    sup = nominated(campaign, cast.village, b, side="supervision", post="supervision_chair")
    _relation(a, b, "sibling")
    assert [r for r, _ in _rules(sup, "relatives.supervision")] == ["decide"]


def test_party_relatives_warn_and_withdrawn_or_other_villages_do_not_count(cast, campaign):
    a, b, d = (PersonFactory(domicile_unit=cast.village) for _ in range(3))
    ca = Candidate.objects.create(
        campaign=campaign,
        unit=cast.village,
        person=a,
        side="party",
        post="secretary",
        source="sitting",
        channel="two_recommendations",
        votes_members=30,
        votes_public=100,
    )
    Candidate.objects.create(
        campaign=campaign,
        unit=cast.village,
        person=b,
        side="party",
        post="party_member",
        source="sitting",
        channel="two_recommendations",
        votes_members=20,
        votes_public=90,
    )
    _relation(a, b, "spouse")
    assert [r for r, _ in _rules(ca, "relatives.party")] == ["warn"]
    # a withdrawn relative, and a relative standing in another village, are no conflict
    other = nominated(campaign, cast.village, d, withdrawn_on=dt.date(2026, 2, 1))
    _relation(a, d, "sibling")
    far = PersonFactory(domicile_unit=cast.village2)
    nominated(campaign, cast.village2, far)
    _relation(a, far, "child")
    texts = [t for x in ("relatives.committee", "relatives.supervision") for _, t in _rules(ca, x)]
    assert other.person.name not in " ".join(texts) and far.name not in " ".join(texts)


def test_the_campaign_run_finds_the_same_relatives_as_one_candidate_s_screening(cast, campaign):
    """``huanjie screen`` reads the relatives of every candidate in one query
    (``screening._campaign_relatives``); each candidate gets what its own screening finds — read
    from either side of the record, not a withdrawn relative, not one of another village or another
    campaign — and a pair recorded both ways counts once."""
    a, b, d, e, f = (PersonFactory(domicile_unit=cast.village) for _ in range(5))
    ca = nominated(campaign, cast.village, a)
    cb = nominated(campaign, cast.village, b, post="member")
    cd = nominated(campaign, cast.village, d, side="supervision", post="supervision_chair")
    ce = nominated(campaign, cast.village, e, post="member", withdrawn_on=dt.date(2026, 2, 1))
    far = PersonFactory(domicile_unit=cast.village2)
    nominated(campaign, cast.village2, far)
    later = Campaign.objects.create(
        city=cast.city,
        name="补选",
        profile_code="zhejiang",
        window_start=dt.date(2026, 7, 1),
        window_end=dt.date(2026, 9, 30),
        state="published",
    )
    nominated(later, cast.village, f)
    _relation(a, b, "spouse")
    _relation(d, a, "parent")  # read from the other side: d is a's parent
    _relation(a, e, "sibling")  # e withdrew
    _relation(a, far, "child")  # another village
    _relation(a, f, "child")  # another campaign
    rows = list(Candidate.objects.filter(campaign=campaign).select_related("unit", "person", "campaign"))
    one_by_one = {pk: found for pk, found in screening._relatives(rows).items() if found}
    run = screening._campaign_relatives(campaign)
    assert run == one_by_one
    assert sorted((r.name, r.relation) for r in run[ca.pk]) == sorted([(b.name, "配偶"), (d.name, "父母")])
    # b and d each with a; e withdrew: no relative of a's any more, but still screened with a
    assert {pk: [r.name for r in found] for pk, found in run.items() if pk != ca.pk} == {
        cb.pk: [a.name],
        cd.pk: [a.name],
        ce.pk: [a.name],
    }

    Relation.objects.create(person_a=b, person_b=a, kind="spouse")  # the same pair recorded both ways
    assert [r.name for r in screening._campaign_relatives(campaign)[ca.pk]].count(b.name) == 1
