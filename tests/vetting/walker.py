"""Teaches the access-control walker the vetting app's routes: a candidate in every leaf unit of the
cast's city (under our published campaign) and of the second city (under its own)."""

from __future__ import annotations

import datetime as dt

from huanjie.org.models import OrgUnit
from huanjie.planning.models import Campaign
from huanjie.vetting.models import Candidate
from tests.factories import PersonFactory
from tests.walker_kit import Fill, Obj, World

FILLS = [
    Fill("pk", "candidate", namespace="vetting", after=("candidate",)),
    Fill("pk", "candidate", namespace="api", after=("candidates",)),
]


def _campaign(city: OrgUnit) -> Campaign:
    found = Campaign.objects.filter(city=city, state="published").first()
    if found is not None:
        return found
    return Campaign.objects.create(
        city=city,
        name=f"{city.name}换届工作",
        profile_code="zhejiang",
        window_start=dt.date(2025, 12, 1),
        window_end=dt.date(2026, 6, 30),
        state="published",
    )


def populate(world: World) -> None:
    objs = []
    for leaf in world.shared["leaves"]:
        city = OrgUnit.objects.get(path=leaf.path[:4])
        person = PersonFactory(domicile_unit=leaf)
        c = Candidate.objects.create(
            campaign=_campaign(city),
            unit=leaf,
            person=person,
            side="committee",
            post="chair",
            source="sitting",
            channel="voters",
            nomination_votes=120,
        )
        objs.append(Obj("candidate", person.name, {"pk": c.pk}, leaf.path))
    world.objects["candidate"] = objs


INSIDE_NOT_FOUND_OK = {
    "vetting:unit": "candidates belong to villages and communities, not towns (the walker fills towns too)",
}
