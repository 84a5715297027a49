"""The access walker's additions for individual ballot entry (issue 13 req. 1): in every leaf unit a
ballot of the results area's tally sheet, for the ``ballot/<pk>/`` routes (the sheet and round routes
take the results area's Fill rules)."""

from __future__ import annotations

from huanjie.elections.models import Ballot, TallySheet
from tests.walker_kit import Fill, Obj, World

FILLS_BALLOTS = [
    Fill("pk", "result_ballot", namespace="elections_results", after=("ballot",)),
]


def populate_ballots(world: World) -> None:
    out = []
    for obj in world.objects.get("result_sheet", []):
        s = TallySheet.objects.get(pk=obj.values["pk"])
        b = Ballot.objects.create(
            sheet=s, number=1, marks=[["甲"]], entered_by=world.cast["village_operator"]
        )
        out.append(Obj("result_ballot", f"ballot {obj.label}", {"pk": b.pk}, obj.path))
    world.objects["result_ballot"] = out
