"""The elections app's walker module (Plugin.walker): each area's fill rules and objects (the lead
merges the areas' calls)."""

from __future__ import annotations

from tests.elections import walker_committee
from tests.walker_kit import World

FILLS = [*walker_committee.FILLS]
INSIDE_NOT_FOUND_OK = {**walker_committee.INSIDE_NOT_FOUND_OK}


def populate(world: World) -> None:
    walker_committee.populate_committee(world)
