"""The access-control walker for the election documents (elections_docs): an election with a notice
in every leaf unit on both sides of every border, and every town to print a town's ballots."""

from __future__ import annotations

import datetime as dt

from huanjie.elections.models import Election, Notice
from huanjie.org.models import OrgUnit
from tests.planning.walker import published_campaign as _campaign
from tests.walker_kit import Fill, Obj, World

FILLS_DOCS = [
    Fill("pk", "election", namespace="elections_docs", after=("election",)),
    Fill("pk", "notice", namespace="elections_docs", after=("notice",)),
    Fill("code", "town", "code", namespace="elections_docs", after=("town",)),
]

INSIDE_NOT_FOUND_OK_DOCS: dict[str, str] = {}


def populate_docs(world: World) -> None:
    elections, notices = [], []
    for leaf in world.shared["leaves"]:
        city = OrgUnit.objects.get(path=leaf.path[:4])
        e = Election.objects.create(
            campaign=_campaign(city), unit=leaf, body="committee", election_day=dt.date(2026, 3, 20)
        )
        n = Notice.objects.create(
            election=e,
            number=1,
            kind="voter_list",
            title=f"{leaf.name}村民选举委员会关于选民名单的公告",
            body="现将选民名单公告如下。",
            issuer=f"{leaf.name}村民选举委员会",
            issued_on=dt.date(2026, 2, 28),
            issued_by="walker",
        )
        elections.append(Obj("election", str(e), {"pk": e.pk}, leaf.path))
        notices.append(Obj("notice", str(n), {"pk": n.pk}, leaf.path))
    world.objects["election"] = elections
    world.objects["notice"] = notices
    world.objects["town"] = [
        Obj("town", t.name, {"code": t.code}, t.path)
        for t in OrgUnit.objects.filter(level="town").order_by("path")
    ]
