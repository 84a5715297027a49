"""The oversight app's walker module (Plugin.walker): each area's Fill rules and populate code live
in tests/oversight/walker_<area>.py and are gathered here, one block per area."""

from __future__ import annotations

from tests.oversight import walker_incidents, walker_supervision
from tests.walker_kit import Fill, World

FILLS: list[Fill] = []
INSIDE_NOT_FOUND_OK: dict[str, str] = {}
# Incident reports and supervision (issue 14 reqs. 3, 4).
FILLS += walker_incidents.FILLS + walker_supervision.FILLS


def populate(world: World) -> None:
    """Each area appends its populate call below."""
    # Incident reports and supervision (issue 14 reqs. 3, 4).
    walker_incidents.populate(world)
    walker_supervision.populate(world)
    # Petitions (信访) and risks (风险研判), issue 14 reqs. 1–2.
    from tests.oversight.walker_petitions import populate_petitions

    populate_petitions(world)


# Petitions (信访) and risks (风险研判), issue 14 reqs. 1–2.
from tests.oversight.walker_petitions import FILLS_PETITIONS  # noqa: E402

FILLS += FILLS_PETITIONS
