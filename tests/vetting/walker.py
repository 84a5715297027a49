"""Teaches the access-control walker the vetting app's routes: a candidate in every leaf unit of the
cast's city (under our published campaign) and of the second city (under its own)."""

from __future__ import annotations

import datetime as dt

from huanjie.org.models import OrgUnit
from huanjie.planning.models import Campaign
from huanjie.vetting.models import Candidate
from tests.factories import PersonFactory
from tests.walker_kit import Fill, Obj, World

FILLS = [
    Fill("pk", "candidate", namespace="vetting", after=("candidate",)),
    Fill("pk", "candidate", namespace="api", after=("candidates",)),
]


def _campaign(city: OrgUnit) -> Campaign:
    found = Campaign.objects.filter(city=city, state="published").first()
    if found is not None:
        return found
    return Campaign.objects.create(
        city=city,
        name=f"{city.name}换届工作",
        profile_code="zhejiang",
        window_start=dt.date(2025, 12, 1),
        window_end=dt.date(2026, 6, 30),
        state="published",
    )


def populate(world: World) -> None:
    objs = []
    for leaf in world.shared["leaves"]:
        city = OrgUnit.objects.get(path=leaf.path[:4])
        person = PersonFactory(domicile_unit=leaf)
        c = Candidate.objects.create(
            campaign=_campaign(city),
            unit=leaf,
            person=person,
            side="committee",
            post="chair",
            source="sitting",
            channel="voters",
            nomination_votes=120,
        )
        objs.append(Obj("candidate", person.name, {"pk": c.pk}, leaf.path))
    world.objects["candidate"] = objs
    populate_nomination(world)


INSIDE_NOT_FOUND_OK = {
    "vetting:unit": "candidates belong to villages and communities, not towns (the walker fills towns too)",
}


# --- nomination (村（居）民委员会 candidates; issue 11 req. 2) ----------------------------------------

FILLS += [
    Fill("pk", "nomination_round", namespace="vetting", after=("nomination",)),
    Fill("nominee", "nominee", namespace="vetting", after=("nominee",)),
    Fill("pk", "nomination_round", namespace="api", after=("rounds",)),
]
INSIDE_NOT_FOUND_OK["vetting:unit_nominations"] = (
    "nominations belong to villages and communities, not towns (the walker fills towns too)"
)
INSIDE_NOT_FOUND_OK["vetting:nomination_qualification"] = (
    "only candidates from a nomination round have a qualification page (party 预备人选 do not)"
)


def populate_nomination(world: World) -> None:
    """A nomination round in every leaf unit, with the leaf's walker candidate as its nominee."""
    import datetime as dt

    from huanjie.vetting.models import NominationRound, Nominee

    rounds, nominees = [], []
    for obj in world.objects["candidate"]:
        c = Candidate.objects.select_related("unit", "person").get(pk=obj.values["pk"])
        r, _ = NominationRound.objects.get_or_create(
            campaign=c.campaign,
            unit=c.unit,
            side="committee",
            defaults={
                "method": "nomination",
                "held_on": dt.date(2026, 3, 1),
                "election_day": dt.date(2026, 3, 20),
                "registered": 1000,
                "participants": 600,
                "seats_vice": 1,
                "seats_member": 3,
            },
        )
        n = Nominee.objects.create(
            round=r,
            person=c.person,
            post=c.post,
            nominator="voter",
            nominated_on=r.held_on,
            votes=120,
            candidate=c,
        )
        rounds.append(Obj("nomination_round", f"{c.unit.name}候选人提名", {"pk": r.pk}, c.unit.path))
        nominees.append(Obj("nominee", c.person.name, {"pk": n.pk}, c.unit.path))
    world.objects["nomination_round"] = rounds
    world.objects["nominee"] = nominees
