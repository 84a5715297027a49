"""The access walker's additions for later rounds, by-elections and follow-on elections (issue 13
reqs. 3, 6). Their routes take the results election's or round's pk (the results area's Fill rules
apply); this adds, in every leaf unit, a second round with its arrangement, a 补选 and a follow-on
election with its result, so the walked pages show them."""

from __future__ import annotations

import datetime as dt

from huanjie.elections.models import ByElection, Election, FollowOnResult, LaterRound, ResultRound
from tests.walker_kit import World

DAY = dt.date(2026, 3, 20)


def populate_followon(world: World) -> None:
    for obj in world.objects.get("results_election", []):
        e = Election.objects.get(pk=obj.values["pk"])
        r = ResultRound.objects.create(
            election=e,
            number=2,
            kind="supplementary",
            voting_day=DAY,
            registered=100,
            posts=[{"post": "委员", "seats": 1, "candidates": ["丙", "丁"]}],
            created_by="walker",
        )
        LaterRound.objects.create(
            round=r, same_day=True, deadline=DAY + dt.timedelta(days=15), created_by="walker"
        )
        child = Election.objects.create(
            campaign=e.campaign,
            unit=e.unit,
            body="committee",
            kind="by_election",
            previous=e,
            election_day=DAY,
        )
        ByElection.objects.create(
            election=child, held_by="representatives", members=30, reason="出缺", created_by="walker"
        )
        reps = Election.objects.create(
            campaign=e.campaign, unit=e.unit, body="representatives", election_day=DAY
        )
        FollowOnResult.objects.create(
            election=reps,
            held_on=DAY,
            members=[{"name": "代表甲", "sex": "女", "role": "村民代表"}],
            recorded_by="walker",
        )
