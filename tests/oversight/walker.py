"""The oversight app's walker module (Plugin.walker): each area's Fill rules and populate code live
in tests/oversight/walker_<area>.py and are gathered here."""

from __future__ import annotations

from tests.oversight import walker_incidents, walker_supervision
from tests.oversight.walker_petitions import FILLS_PETITIONS, populate_petitions
from tests.oversight.walker_training import FILLS_TRAINING, populate_training
from tests.oversight.walker_violations import FILLS_VIOLATIONS, populate_violations
from tests.walker_kit import Fill, World

FILLS: list[Fill] = [
    *FILLS_TRAINING,
    *walker_incidents.FILLS,
    *walker_supervision.FILLS,
    *FILLS_PETITIONS,
]
# violations (三个一律), issue 14 req. 5
FILLS += FILLS_VIOLATIONS
INSIDE_NOT_FOUND_OK: dict[str, str] = {}


def populate(world: World) -> None:
    # training, Q&A, checklist, publicity (issue 14 reqs. 6–8)
    populate_training(world)
    # incident reports and supervision (reqs. 3, 4)
    walker_incidents.populate(world)
    walker_supervision.populate(world)
    # petitions (信访) and risks (风险研判), reqs. 1–2
    populate_petitions(world)
    # violations (三个一律), req. 5
    populate_violations(world)
