"""Teaches the access-control walker the structure pages (issue 15 req. 1): the campaign, a unit by
its code (towns and leaves on both sides of every border) and a figure."""

from __future__ import annotations

from huanjie.org.models import OrgUnit
from tests.planning.walker import published_campaign
from tests.walker_kit import Fill, World

FILLS_STRUCTURE = [
    Fill("campaign", "campaign", namespace="stats_structure"),
    Fill("code", "unit", attr="code", namespace="stats_structure"),
    Fill("figure", values=lambda: ["one_shoulder_village", "women"], namespace="stats_structure"),
]


def populate_structure(world: World) -> None:
    # the campaigns and units are the planning and org walkers'; make sure both cities have one
    for city in OrgUnit.objects.filter(level="city"):
        published_campaign(city)
