"""The access-control walker for the handover (工作移交, issue 13 req. 7): in every leaf unit on both
sides of every border, the handover of the walker's certified 村委会 election with one item carrying
an encrypted list (populate_results runs first)."""

from __future__ import annotations

import datetime as dt

from huanjie.elections.models import Handover, HandoverItem, ResultRound
from huanjie.planning import rectification_files as files
from huanjie.rules.handover import HANDOVER_ITEMS
from tests.walker_kit import Fill, Obj, World

FILLS_HANDOVER = [
    Fill("pk", "result_handover", namespace="elections_results", after=("handover",)),
    Fill("pk", "result_handover_item", namespace="elections_results", after=("handover-item",)),
]


def populate_handover(world: World) -> None:
    handovers, items = [], []
    for obj in world.objects["result_round"]:
        r = ResultRound.objects.select_related("election", "election__unit").get(pk=obj.values["pk"])
        h = Handover.objects.create(
            election=r.election,
            produced_on=dt.date(2026, 3, 20),
            due_on=dt.date(2026, 3, 30),
            rule="村民委员会组织法(2018) 第二十条",
        )
        first = None
        for code, _ in HANDOVER_ITEMS:
            it = HandoverItem.objects.create(handover=h, topic=code)
            first = first or it
        assert first is not None
        first.evidence_name, first.evidence_stored = "移交清单.pdf", files.store(b"%PDF-1.4\n")
        first.save()
        unit = r.election.unit
        handovers.append(Obj("result_handover", f"handover {unit.name}", {"pk": h.pk}, unit.path))
        items.append(Obj("result_handover_item", f"handover item {unit.name}", {"pk": first.pk}, unit.path))
    world.objects["result_handover"] = handovers
    world.objects["result_handover_item"] = items
