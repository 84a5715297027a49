"""The elections app's access-control walker: one module for the plugin, each area adds its own
populate_<area> (tests/elections/walker_<area>.py)."""

from __future__ import annotations

from tests.elections.walker_roll import FILLS as ROLL_FILLS
from tests.elections.walker_roll import INSIDE_NOT_FOUND_OK as ROLL_NOT_FOUND_OK
from tests.elections.walker_roll import populate_roll
from tests.walker_kit import World

FILLS = [*ROLL_FILLS]
INSIDE_NOT_FOUND_OK = {**ROLL_NOT_FOUND_OK}


def populate(world: World) -> None:
    populate_roll(world)
