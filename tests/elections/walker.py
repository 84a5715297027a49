"""The elections app's walker module (Plugin.walker): each area's Fill rules and populate code live
in tests/elections/walker_<area>.py and are gathered here."""

from __future__ import annotations

from tests.elections import walker_committee
from tests.elections.walker_ballots import FILLS_BALLOTS, populate_ballots  # individual ballots
from tests.elections.walker_docs import FILLS_DOCS, INSIDE_NOT_FOUND_OK_DOCS, populate_docs
from tests.elections.walker_filing import FILLS_FILING, populate_filing  # filing (备案)
from tests.elections.walker_followon import populate_followon
from tests.elections.walker_handover import FILLS_HANDOVER, populate_handover
from tests.elections.walker_party_void import FILLS_PARTY_VOID, populate_party_void
from tests.elections.walker_procedure import FILLS_PROCEDURE, populate_procedure
from tests.elections.walker_results import FILLS_RESULTS, INSIDE_NOT_FOUND_OK_RESULTS, populate_results
from tests.elections.walker_roll import FILLS as ROLL_FILLS
from tests.elections.walker_roll import INSIDE_NOT_FOUND_OK as ROLL_NOT_FOUND_OK
from tests.elections.walker_roll import populate_roll
from tests.walker_kit import Fill, World

FILLS: list[Fill] = [
    *FILLS_PROCEDURE,
    *FILLS_DOCS,
    *walker_committee.FILLS,
    *ROLL_FILLS,
    *FILLS_RESULTS,
    *FILLS_HANDOVER,
    *FILLS_PARTY_VOID,
    *FILLS_FILING,
    *FILLS_BALLOTS,
]
INSIDE_NOT_FOUND_OK: dict[str, str] = {
    **INSIDE_NOT_FOUND_OK_DOCS,
    **walker_committee.INSIDE_NOT_FOUND_OK,
    **ROLL_NOT_FOUND_OK,
    **INSIDE_NOT_FOUND_OK_RESULTS,
}


def populate(world: World) -> None:
    populate_procedure(world)
    populate_docs(world)
    walker_committee.populate_committee(world)
    populate_roll(world)
    populate_results(world)
    populate_followon(world)
    populate_handover(world)
    populate_party_void(world)
    populate_filing(world)
    populate_ballots(world)
