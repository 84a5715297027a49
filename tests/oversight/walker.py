"""The oversight app's walker module (Plugin.walker): each area's Fill rules and populate code live
in tests/oversight/walker_<area>.py and are gathered here, one block per area."""

from __future__ import annotations

from tests.oversight.walker_training import FILLS_TRAINING, populate_training
from tests.walker_kit import Fill, World

FILLS: list[Fill] = [*FILLS_TRAINING]
INSIDE_NOT_FOUND_OK: dict[str, str] = {}


def populate(world: World) -> None:
    """Each area appends its populate call below."""
    populate_training(world)
