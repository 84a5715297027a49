"""The dashboards (issue 15 reqs. 2, 3) for the access walker and the tests.

- ``FILLS_DASH`` / ``populate_dash``: the dashboards' routes take an area's code (a city, county or
  town; a village has no dashboard, its page is the org app's): areas on both sides of every border,
  and in a village of each city a certified committee election with its handover, so the figures and
  the village lists have something to show (and to leak, were the scoping wrong).
- Builders of fixed progress data for the tests: a published campaign with two batches and two
  milestones, and per village the records that make each stage (written directly: the tests read
  figures; the services that write these records are the other apps' and are tested there)."""

from __future__ import annotations

import datetime as dt

from huanjie.elections.models import Election, Handover, ResultRound
from huanjie.org.models import OrgUnit
from huanjie.oversight.models import Petition, Risk
from huanjie.planning.models import Assessment, Batch, Campaign, Milestone, PersonnelPlan, Rectification
from huanjie.vetting.models import PartyRequest
from tests.walker_kit import Fill, Obj, World

FILLS_DASH = [
    Fill("code", "dash_area", "code", namespace="stats_dash"),
    Fill("code", "dash_area", "code", namespace="api", within="stats/dash/"),
    Fill("key", namespace="api", within="stats/dash/", values=lambda: ["stages", "petitions"]),
]


def populate_dash(world: World) -> None:
    from tests.planning.walker import published_campaign

    cast = world.cast
    other_city = OrgUnit.objects.get(code="329800000000")
    other_county = OrgUnit.objects.get(code="329801000000")
    other_town = OrgUnit.objects.get(code="329801001000")
    areas = [cast.city, cast.county, cast.county2, cast.town, cast.town_b, cast.street]
    areas += [other_city, other_county, other_town]
    world.objects["dash_area"] = [Obj("dash_area", u.name, {"code": u.code}, u.path) for u in areas]
    north = OrgUnit.objects.get(code="329801001201")
    for village in (cast.village, north):
        city = OrgUnit.objects.get(path=village.path[:4])
        elected(published_campaign(city), village, dt.date(2026, 4, 18), signed_off=True)


TODAY = dt.date(2027, 2, 10)


def campaign(city: OrgUnit) -> Campaign:
    c = Campaign.objects.create(
        city=city,
        name="2026年村（社区）两委换届",
        profile_code="zhejiang",
        window_start=dt.date(2026, 11, 1),
        window_end=dt.date(2027, 3, 31),
        state="published",
    )
    Milestone.objects.create(campaign=c, name="村（社区）研判完成", date=dt.date(2026, 12, 15))
    Milestone.objects.create(campaign=c, name="人事安排初步方案上报", date=dt.date(2027, 3, 1))
    Batch.objects.create(
        campaign=c, name="第一批（试点）", start=dt.date(2026, 12, 20), end=dt.date(2027, 1, 20)
    )
    Batch.objects.create(campaign=c, name="第二批", start=dt.date(2027, 2, 1), end=dt.date(2027, 2, 28))
    return c


def stages(c: Campaign, unit: OrgUnit, upto: int, *, day: dt.date = dt.date(2027, 1, 18)) -> None:
    """Make ``unit`` reach the first ``upto`` stages (0–6) in order: 研判 (category ordinary, so no
    整顿 is needed), plan, 预备人选, election certified on ``day``, handover signed off."""
    if upto >= 1:
        Assessment.objects.create(campaign=c, unit=unit, state="approved", category="ordinary")
    if upto >= 3:
        PersonnelPlan.objects.create(campaign=c, unit=unit, state="approved")
    if upto >= 4:
        PartyRequest.objects.create(campaign=c, unit=unit, state="approved")
    if upto >= 5:
        elected(c, unit, day, signed_off=upto >= 6)


def elected(c: Campaign, unit: OrgUnit, day: dt.date, *, signed_off: bool) -> Handover:
    """A regular committee election of ``unit`` with a certified round on ``day`` and its handover
    (due ten days later: 《村民委员会组织法》第二十条), signed off by the town or still open."""
    e = Election.objects.create(campaign=c, unit=unit, body="committee", election_day=day)
    ResultRound.objects.create(election=e, voting_day=day, registered=900, created_by="t", state="certified")
    return Handover.objects.create(
        election=e,
        produced_on=day,
        due_on=day + dt.timedelta(days=10),
        state="signed_off" if signed_off else "open",
    )


def rectify(c: Campaign, unit: OrgUnit, *, cleared: bool) -> None:
    Rectification.objects.create(
        campaign=c, unit=unit, category="weak", state="cleared" if cleared else "submitted"
    )


def risk(c: Campaign, unit: OrgUnit, level: str) -> Risk:
    return Risk.objects.create(
        campaign=c, unit=unit, kind="village", title="宗族矛盾", level=level, cause="争位", owner="镇长"
    )


def petition(
    c: Campaign, unit: OrgUnit, *, state: str = "registered", due: dt.date | None = None
) -> Petition:
    from huanjie.core import crypto

    return Petition.objects.create(
        campaign=c,
        unit=unit,
        channel="letter",
        category="bribery",
        received_on=dt.date(2027, 1, 5),
        summary="反映拉票",
        petitioner_name_cipher=crypto.encrypt("信访人"),
        accept_due=dt.date(2027, 1, 20),
        state=state,
        state_due=due,
    )
