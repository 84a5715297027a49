"""The access walker's part for Party results and the voiding record (issue 13 reqs. 5, 8): in every
leaf unit, a Party election with a 党员大会 reported to the town (awaiting approval), with one recorded
exclusion; the voiding record is walked over the results area's 村委会 elections."""

from __future__ import annotations

import datetime as dt

from huanjie.elections.models import Election, PartyExclusion, PartyMeeting
from huanjie.org.models import OrgUnit
from tests.planning.walker import published_campaign as _campaign
from tests.walker_kit import Fill, Obj, World

FILLS_PARTY_VOID = [
    Fill("pk", "party_election", namespace="elections_results", after=("party",)),
    Fill("pk", "party_meeting", namespace="elections_results", after=("party_meeting",)),
    Fill("pk", "results_election", namespace="elections_results", after=("void",)),
]


def populate_party_void(world: World) -> None:
    elections, meetings = [], []
    for leaf in world.shared["leaves"]:
        city = OrgUnit.objects.get(path=leaf.path[:4])
        e = Election.objects.create(
            campaign=_campaign(city), unit=leaf, body="party", election_day=dt.date(2026, 3, 10)
        )
        m = PartyMeeting.objects.create(
            election=e,
            kind="members",
            held_on=dt.date(2026, 3, 10),
            full_members=30,
            present=28,
            ballots_issued=28,
            ballots_returned=28,
            posts=[{"post": "委员", "seats": 3, "candidates": ["甲", "乙", "丙", "丁"]}],
            votes={"委员": {"甲": 27, "乙": 26, "丙": 25, "丁": 3}},
            announced={"委员": ["甲", "乙", "丙"]},
            state="submitted",
            created_by="walker",
        )
        PartyExclusion.objects.create(meeting=m, name="外出某", reason="away", approved_by="镇党委")
        elections.append(Obj("party_election", f"party election {leaf.name}", {"pk": e.pk}, leaf.path))
        meetings.append(Obj("party_meeting", f"party meeting {leaf.name}", {"pk": m.pk}, leaf.path))
    world.objects["party_election"] = elections
    world.objects["party_meeting"] = meetings
