"""The access walker's part for the filing (备案) of certified results (issue 13 req. 4): in every leaf
unit, the results area's certified round filed with the township (not yet acknowledged). The voiding
page's forms (void/<pk>/decide/, void/<pk>/referral/) are filled by walker_party_void's rule."""

from __future__ import annotations

from django.utils import timezone

from huanjie.elections.models import ResultFiling, ResultReceipt
from tests.walker_kit import Fill, Obj, World

FILLS_FILING = [
    Fill("pk", "result_filing", namespace="elections_results", after=("filing",)),
]


def populate_filing(world: World) -> None:
    rows = []
    for o in world.objects["result_round"]:
        receipt = ResultReceipt.objects.get(round_id=o.values["pk"])
        f = ResultFiling.objects.create(
            receipt=receipt,
            filed_with="乡、镇人民政府",
            citation="北京市村民委员会选举办法 第三十一条",
            filed_by="walker",
            filed_at=timezone.now(),
        )
        rows.append(Obj("result_filing", f"filing {o.label}", {"pk": f.pk}, o.path))
    world.objects["result_filing"] = rows
