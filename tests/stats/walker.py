"""The statistics app's walker module (Plugin.walker): each area's Fill rules and populate code live
in tests/stats/walker_<area>.py and are gathered here."""

from __future__ import annotations

from tests.stats import walker_dossier, walker_tables
from tests.stats.walker_dash import FILLS_DASH, populate_dash
from tests.stats.walker_structure import FILLS_STRUCTURE, populate_structure
from tests.walker_kit import Fill, World

FILLS: list[Fill] = [
    *FILLS_STRUCTURE,  # structure before/after against the targets
    # reporting tables and the signed roll-up (issue 15 reqs. 4, 6)
    *walker_tables.FILLS,
    # the village dossiers and campaign reports (issue 15 req. 5)
    *walker_dossier.FILLS_DOSSIER,
    # progress and dashboards (issue 15 reqs. 2, 3)
    *FILLS_DASH,
]
INSIDE_NOT_FOUND_OK: dict[str, str] = {}


def populate(world: World) -> None:
    populate_structure(world)  # structure before/after against the targets
    # reporting tables and the signed roll-up (issue 15 reqs. 4, 6)
    walker_tables.populate(world)
    # the village dossiers and campaign reports (issue 15 req. 5)
    walker_dossier.populate_dossier(world)
    # progress and dashboards (issue 15 reqs. 2, 3)
    populate_dash(world)
