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
    populate_talks_pledges(world)


INSIDE_NOT_FOUND_OK = {
    "vetting:unit": "candidates belong to villages and communities, not towns (the walker fills towns too)",
}


# ---------------------------------------------------------------------------------------------
# Talks (四必谈) and pledges (issue 11 reqs. 7, 9): a talk and a pledge with its stored scan in every
# leaf unit (inside and outside every jurisdiction).

FILLS += [
    Fill("pk", "talk", namespace="vetting", after=("talk",)),
    Fill("pk", "pledge", namespace="vetting", after=("pledge",)),
]

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def populate_talks_pledges(world: World) -> None:
    from django.utils import timezone

    from huanjie.planning import rectification_files as files
    from huanjie.vetting.models import Pledge, Talk

    talks, pledges = [], []
    for leaf in world.shared["leaves"]:
        campaign = _campaign(OrgUnit.objects.get(path=leaf.path[:4]))
        person = PersonFactory(domicile_unit=leaf)
        t = Talk.objects.create(
            campaign=campaign,
            unit=leaf,
            person=person,
            kind="wavering",
            level="town",
            basis="思想波动",
            due_on=dt.date(2026, 3, 1),
            listed_on=dt.date(2026, 1, 5),
            generated=False,
        )
        talks.append(Obj("talk", person.name, {"pk": t.pk}, leaf.path))
        p = Pledge.objects.create(
            campaign=campaign,
            unit=leaf,
            kind="guarantee",
            signer_name=f"工作人员{leaf.code[-3:]}",
            signed_on=dt.date(2026, 1, 5),
            file_name="保证书.pdf",
            content_type="application/pdf",
            size=len(PDF_BYTES),
            digest="-",
            stored=files.store(PDF_BYTES),
            recorded_at=timezone.now(),
            recorded_by="walker",
        )
        pledges.append(Obj("pledge", p.signer_name, {"pk": p.pk}, leaf.path))
    world.objects["talk"] = talks
    world.objects["pledge"] = pledges
