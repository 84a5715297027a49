"""The statistics app's walker module (Plugin.walker): each area's Fill rules and populate code live
in tests/stats/walker_<area>.py and are gathered here."""

from __future__ import annotations

from tests.stats.walker_structure import FILLS_STRUCTURE, populate_structure
from tests.walker_kit import Fill, World

FILLS: list[Fill] = [
    *FILLS_STRUCTURE,  # structure before/after against the targets
]
INSIDE_NOT_FOUND_OK: dict[str, str] = {}

# progress and dashboards (issue 15 reqs. 2, 3)
from tests.stats.walker_dash import FILLS_DASH, populate_dash  # noqa: E402

FILLS += FILLS_DASH


def populate(world: World) -> None:
    populate_structure(world)  # structure before/after against the targets
    # progress and dashboards (issue 15 reqs. 2, 3)
    populate_dash(world)
