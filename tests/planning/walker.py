"""Teaches the access-control walker the planning app's routes: a published campaign of the cast's
city (seen by every holder of planning.view in it), one of a second city (seen by nobody), their
milestones and batches, and an assessment with a member's view in every leaf unit."""

from __future__ import annotations

import datetime as dt

from huanjie.org.models import OrgUnit
from huanjie.people.models import Tenure
from huanjie.planning.models import Assessment, Batch, Campaign, MemberAssessment, Milestone
from tests.walker_kit import Fill, Obj, World

FILLS = [
    Fill("pk", "campaign", after=("campaign",)),
    Fill("pk", "assessment", after=("assessment",)),
    Fill("pk", "milestone", after=("milestone",)),
    Fill("pk", "batch", after=("batch",)),
    Fill("campaign_pk", "campaign", "pk"),
    Fill("assessment_pk", "assessment", "pk"),
]

INSIDE_NOT_FOUND_OK = {
    "planning:seats": "towns have no seats of their own (the walker fills towns too)",
    "planning:completion_unit": "completion is counted for a city, county or town, not a village",
}


def _campaign(city: OrgUnit, name: str) -> Campaign:
    return Campaign.objects.create(
        city=city,
        name=name,
        profile_code="zhejiang",
        window_start=dt.date(2025, 12, 1),
        window_end=dt.date(2026, 6, 30),
        state="published",
    )


def populate(world: World) -> None:
    cast = world.cast
    other_city = OrgUnit.objects.get(code="329800000000")
    ours = _campaign(cast.city, "2026年村（社区）两委换届")
    theirs = _campaign(other_city, "外市换届工作")
    campaigns = [(ours, True, cast.city.path), (theirs, False, other_city.path)]
    world.objects["campaign"] = [
        Obj("campaign", c.name, {"pk": c.pk}, path, deployment_wide=wide) for c, wide, path in campaigns
    ]
    world.objects["milestone"] = [
        Obj("milestone", m.name, {"pk": m.pk}, path, deployment_wide=wide)
        for c, wide, path in campaigns
        for m in [Milestone.objects.create(campaign=c, name="研判完成", date=dt.date(2026, 1, 15))]
    ]
    world.objects["batch"] = [
        Obj("batch", b.name, {"pk": b.pk}, path, deployment_wide=wide)
        for c, wide, path in campaigns
        for b in [
            Batch.objects.create(
                campaign=c, name="试点", start=dt.date(2025, 12, 1), end=dt.date(2025, 12, 31)
            )
        ]
    ]
    assessments = []
    for leaf in world.shared["leaves"]:
        c = ours if leaf.path.startswith(cast.city.path) else theirs
        a = Assessment.objects.create(campaign=c, unit=leaf, grade="average", category="weak")
        for t in Tenure.objects.filter(committee__org_unit=leaf, end_date__isnull=True):
            MemberAssessment.objects.create(assessment=a, tenure=t, view="adjust", reason="年龄偏大")
        assessments.append(Obj("assessment", str(a), {"pk": a.pk}, leaf.path))
    world.objects["assessment"] = [o for o in assessments if o.path != cast.village2.path]
