"""Teaches the access-control walker the elections app's routes: in every leaf unit of the cast's
city (under our published campaign) and of the second city (under its own), a scheduled
村（居）民委员会 election with a recorded step carrying an evidence file and a civil-affairs act."""

from __future__ import annotations

import datetime as dt

from huanjie.elections.models import Election, ElectionStep, GovernmentAct
from huanjie.org.models import OrgUnit
from huanjie.planning import rectification_files as files
from tests.planning.walker import published_campaign as _campaign
from tests.walker_kit import Fill, Obj, World

FILLS_PROCEDURE = [
    Fill("pk", "election", namespace="elections", after=("election",)),
    Fill("pk", "election_step", namespace="elections", after=("step",)),
    Fill("pk", "election", namespace="api", after=("elections",)),
]


def populate_procedure(world: World) -> None:
    elections, steps = [], []
    for leaf in world.shared["leaves"]:
        city = OrgUnit.objects.get(path=leaf.path[:4])
        e = Election.objects.create(
            campaign=_campaign(city), unit=leaf, body="committee", election_day=dt.date(2026, 3, 20)
        )
        s = ElectionStep.objects.create(
            election=e,
            key="voter_list",
            title="公布选民名单",
            done_on=dt.date(2026, 2, 27),
            law_code="village-2025",
            recorded_by="镇操作员",
            evidence_name="选民名单公告.pdf",
            evidence_stored=files.store(b"%PDF-1.4\n"),
        )
        GovernmentAct.objects.create(
            election=e,
            kind="filing",
            document_no="民备〔2026〕1号",
            date=dt.date(2026, 3, 25),
            recorded_by="民政",
        )
        elections.append(Obj("election", f"election {leaf.name}", {"pk": e.pk}, leaf.path))
        steps.append(Obj("election_step", f"step {leaf.name}", {"pk": s.pk}, leaf.path))
    world.objects["election"] = elections
    world.objects["election_step"] = steps
