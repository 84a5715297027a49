"""The oversight app's walker module (Plugin.walker): each area's Fill rules and populate code live
in tests/oversight/walker_<area>.py and are gathered here, one block per area."""

from __future__ import annotations

from tests.walker_kit import Fill, World

FILLS: list[Fill] = []
INSIDE_NOT_FOUND_OK: dict[str, str] = {}


def populate(world: World) -> None:
    """Each area appends its populate call below."""
    # Petitions (信访) and risks (风险研判), issue 14 reqs. 1–2.
    from tests.oversight.walker_petitions import populate_petitions

    populate_petitions(world)


# Petitions (信访) and risks (风险研判), issue 14 reqs. 1–2.
from tests.oversight.walker_petitions import FILLS_PETITIONS  # noqa: E402

FILLS += FILLS_PETITIONS
