"""Fixtures of the elections tests: a published campaign of the cast's city under a profile, a 村委会
election, people of the village and candidates."""

from __future__ import annotations

import datetime as dt

import pytest

from huanjie.elections.models import Election
from huanjie.people.models import Relation
from huanjie.planning.models import Campaign
from huanjie.vetting.models import Candidate
from tests.factories import PersonFactory

E_DAY = dt.date(2026, 3, 20)


def make_campaign(cast, profile="zhejiang"):
    return Campaign.objects.create(
        city=cast.city,
        name="2026年换届",
        profile_code=profile,
        window_start=dt.date(2025, 12, 1),
        window_end=dt.date(2026, 6, 30),
        state="published",
    )


@pytest.fixture
def campaign(cast):
    return make_campaign(cast)


@pytest.fixture
def election(cast, campaign):
    return Election.objects.create(campaign=campaign, unit=cast.village, body="committee", election_day=E_DAY)


def villager(cast, name=None):
    return PersonFactory(domicile_unit=cast.village, **({"name": name} if name else {}))


def relate(a, b, kind):
    """``a`` is ``kind`` of ``b``."""
    return Relation.objects.create(person_a=a, person_b=b, kind=kind)


def nominate(campaign, unit, person, post="chair"):
    return Candidate.objects.create(
        campaign=campaign,
        unit=unit,
        person=person,
        side="committee",
        post=post,
        source="other",
        channel="voters",
    )
