"""Teaches the access-control walker the petitions (信访) and risks (风险研判) routes: in every leaf
unit of the cast's city (under our published campaign) and of the second city (under its own), a
petition with a handling step and a high-risk village risk."""

from __future__ import annotations

import datetime as dt

from huanjie.core import crypto
from huanjie.org.models import OrgUnit
from huanjie.oversight.models import Petition, PetitionStep, Risk
from tests.planning.walker import published_campaign as _campaign
from tests.walker_kit import Fill, Obj, World

FILLS_PETITIONS = [
    Fill("pk", "petition", namespace="oversight_petitions"),
    Fill("pk", "risk", namespace="oversight_risks"),
    Fill("pk", "petition", namespace="api", after=("petitions",)),
    Fill("pk", "risk", namespace="api", after=("risks",)),
]


def populate_petitions(world: World) -> None:
    petitions, risks = [], []
    for leaf in world.shared["leaves"]:
        city = OrgUnit.objects.get(path=leaf.path[:4])
        c = _campaign(city)
        p = Petition.objects.create(
            campaign=c,
            unit=leaf,
            channel="letter",
            category="bribery",
            received_on=dt.date(2026, 3, 1),
            summary=f"反映{leaf.name}拉票",
            petitioner_name_cipher=crypto.encrypt("信访人"),
            accept_due=dt.date(2026, 3, 16),
        )
        PetitionStep.objects.create(petition=p, on=dt.date(2026, 3, 2), note="走访", actor_name="镇操作员")
        r = Risk.objects.create(
            campaign=c, unit=leaf, kind="village", title="宗族矛盾", level="high", cause="争位", owner="镇长"
        )
        petitions.append(Obj("petition", f"petition {leaf.name}", {"pk": p.pk}, leaf.path))
        risks.append(Obj("risk", f"risk {leaf.name}", {"pk": r.pk}, leaf.path))
    world.objects["petition"] = petitions
    world.objects["risk"] = risks
