"""The access walker's objects for the election committee, proxies and polling plan (issue 12 reqs.
3, 5, 6): in every leaf unit of the cast's city and of the second city, a committee with a member and
a reserve, a 村委会 election with a plan, a mobile box, a scrutineer and a proxy."""

from __future__ import annotations

import datetime as dt

from huanjie.elections.models import (
    CommitteeSeat,
    Election,
    ElectionCommittee,
    PollingPlan,
    PollingStaff,
    PollingVenue,
    Proxy,
)
from huanjie.org.models import OrgUnit
from huanjie.people.models import Relation
from tests.factories import PersonFactory
from tests.planning.walker import published_campaign as _campaign
from tests.walker_kit import Fill, Obj, World

FILLS = [
    Fill("pk", "ec_committee", namespace="elections_committee", after=("committee",)),
    Fill("pk", "ec_seat", namespace="elections_committee", after=("seat",)),
    Fill("pk", "ec_election", namespace="elections_committee", after=("election",)),
    Fill("pk", "ec_election", namespace="api", after=("elections",)),
]

INSIDE_NOT_FOUND_OK = {
    "elections_committee:unit": "election committees belong to villages and communities, not towns",
    "elections_committee:create": "election committees belong to villages and communities, not towns",
}


def populate_committee(world: World) -> None:
    committees, seats, elections = [], [], []
    for leaf in world.shared["leaves"]:
        campaign = _campaign(OrgUnit.objects.get(path=leaf.path[:4]))
        chair, reserve, principal, proxy = (PersonFactory(domicile_unit=leaf) for _ in range(4))
        Relation.objects.create(person_a=principal, person_b=proxy, kind="spouse")
        committee = ElectionCommittee.objects.create(
            campaign=campaign, unit=leaf, chosen_by="representatives_meeting", chosen_on=dt.date(2026, 1, 10)
        )
        seat = CommitteeSeat.objects.create(committee=committee, person=chair, role="chair", votes=90)
        CommitteeSeat.objects.create(committee=committee, person=reserve, role="reserve", votes=40)
        election = Election.objects.create(
            campaign=campaign, unit=leaf, body="committee", election_day=dt.date(2026, 3, 20)
        )
        plan = PollingPlan.objects.create(election=election, central_venue=f"{leaf.name}文化礼堂")
        box = PollingVenue.objects.create(
            plan=plan, kind="mobile", name="一号流动票箱", approved=True, approval_no="镇选〔2026〕1号"
        )
        PollingStaff.objects.create(plan=plan, person=reserve, role="监票", venue=box)
        Proxy.objects.create(
            election=election,
            principal=principal,
            proxy=proxy,
            relationship="配偶",
            requested_on=dt.date(2026, 3, 10),
        )
        committees.append(Obj("ec_committee", chair.name, {"pk": committee.pk}, leaf.path))
        seats.append(Obj("ec_seat", chair.name, {"pk": seat.pk}, leaf.path))
        elections.append(Obj("ec_election", principal.name, {"pk": election.pk}, leaf.path))
        for p in (chair, reserve, principal, proxy):
            world.person_names[p.name] = leaf.path
    world.objects["ec_committee"] = committees
    world.objects["ec_seat"] = seats
    world.objects["ec_election"] = elections
