"""The statistics app's walker module (Plugin.walker): each area's Fill rules and populate code live
in tests/stats/walker_<area>.py and are gathered here."""

from __future__ import annotations

from tests.stats import walker_dossier
from tests.walker_kit import Fill, World

FILLS: list[Fill] = [
    # the village dossiers (issue 15 req. 5)
    *walker_dossier.FILLS_DOSSIER,
]
INSIDE_NOT_FOUND_OK: dict[str, str] = {}


def populate(world: World) -> None:
    # the village dossiers (issue 15 req. 5)
    walker_dossier.populate_dossier(world)
