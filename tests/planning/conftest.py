import datetime as dt

import pytest

from huanjie.planning import services
from tests.factories import PersonFactory, seat


@pytest.fixture
def fixed_today(monkeypatch):
    day = dt.date(2026, 1, 5)
    monkeypatch.setattr("huanjie.core.workflow.today", lambda: day)
    return day


@pytest.fixture
def campaign(cast):
    c = services.campaign_create(
        actor=cast["city_operator"],
        city=cast.city,
        name="2026年换届",
        profile_code="zhejiang",
        window_start=dt.date(2025, 12, 1),
        window_end=dt.date(2026, 6, 30),
    )
    return c


@pytest.fixture
def published(cast, campaign):
    services.campaign_act(actor=cast["city_operator"], campaign=campaign, name="publish")
    return campaign


@pytest.fixture
def sitting(cast):
    p = PersonFactory(name="钱东升", domicile_unit=cast.village)
    return seat(p, cast.village, "villagers_committee", "chair")


@pytest.fixture
def assessment(cast, published, sitting):
    return services.assessment_create(actor=cast["town_operator"], campaign=published, unit=cast.village)
