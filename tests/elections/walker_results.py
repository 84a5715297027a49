"""The access-control walker for the results area (elections_results and its API): in every leaf unit
on both sides of every border, a 村委会 election with a certified round, a verified tally sheet with a
photo of the signed sheet, and its receipt."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from huanjie.elections.models import Election, ResultReceipt, ResultRound, TallySheet
from huanjie.org.models import OrgUnit
from huanjie.planning import rectification_files as files
from tests.planning.walker import published_campaign as _campaign
from tests.walker_kit import Fill, Obj, World

FILLS_RESULTS = [
    Fill("pk", "results_election", namespace="elections_results", after=("election",)),
    Fill("pk", "result_round", namespace="elections_results", after=("round",)),
    Fill("pk", "result_sheet", namespace="elections_results", after=("sheet",)),
    Fill("pk", "result_round", namespace="api", after=("rounds",), within="results/"),
]

INSIDE_NOT_FOUND_OK_RESULTS: dict[str, str] = {}

POSTS = [{"post": "主任", "seats": 1, "candidates": ["甲", "乙"], "women_line": False, "women": []}]


def populate_results(world: World) -> None:
    elections, rounds, sheets = [], [], []
    entrant = world.cast["village_operator"]
    for leaf in world.shared["leaves"]:
        city = OrgUnit.objects.get(path=leaf.path[:4])
        e = Election.objects.create(
            campaign=_campaign(city), unit=leaf, body="committee", election_day=dt.date(2026, 3, 20)
        )
        r = ResultRound.objects.create(
            election=e,
            voting_day=dt.date(2026, 3, 20),
            registered=100,
            posts=POSTS,
            announced={"主任": ["甲"]},
            announced_by="总监票人",
            announced_at=timezone.now(),
            state="certified",
            receipt=f"{leaf.pk:064x}",
            created_by="walker",
        )
        s = TallySheet.objects.create(
            round=r,
            box="中心会场",
            ballots_issued=80,
            ballots_returned=80,
            ballots_invalid=0,
            votes={"主任": {"甲": 60, "乙": 20}},
            entered_by=entrant,
            state="verified",
            photo_name="计票单.jpg",
            photo_stored=files.store(b"\xff\xd8\xff\xe0"),
        )
        ResultReceipt.objects.create(
            round=r,
            code=f"{leaf.pk:064x}",
            payload={"village": leaf.name, "winners": [["主任", ["甲"]]]},
            certified_at=timezone.now(),
            certified_by="walker",
        )
        elections.append(Obj("results_election", f"results election {leaf.name}", {"pk": e.pk}, leaf.path))
        rounds.append(Obj("result_round", f"round {leaf.name}", {"pk": r.pk}, leaf.path))
        sheets.append(Obj("result_sheet", f"sheet {leaf.name}", {"pk": s.pk}, leaf.path))
    world.objects["results_election"] = elections
    world.objects["result_round"] = rounds
    world.objects["result_sheet"] = sheets
