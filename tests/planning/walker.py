"""Teaches the access-control walker the planning app's routes: a published campaign of the cast's
city (seen by every holder of planning.view in it), one of a second city (seen by nobody), their
milestones and batches, and an assessment with a member's view in every leaf unit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from huanjie.org.models import OrgUnit
from huanjie.people.models import Tenure
from huanjie.planning.models import (
    Assessment,
    Batch,
    Campaign,
    CampaignBody,
    CampaignTask,
    GuidanceRule,
    MemberAssessment,
    Milestone,
    NegativeItem,
    ResponsiblePerson,
    ReviewDepartment,
    StructureTarget,
)
from tests.walker_kit import Fill, Obj, World

SETTING_KINDS = ("body", "person", "task", "target", "negative", "guidance", "department")

FILLS = [
    Fill("pk", "campaign", after=("campaign",)),
    Fill("pk", "assessment", after=("assessment",)),
    Fill("pk", "milestone", after=("milestone",)),
    Fill("pk", "batch", after=("batch",)),
    Fill("campaign_pk", "campaign", "pk"),
    # Campaign settings (issue 10 req. 1): settings/<kind>/<pk>/delete/ and settings/target/<pk>/edit/
    *(Fill("pk", f"setting_{kind}", namespace="planning", after=(kind,)) for kind in SETTING_KINDS),
    Fill("assessment_pk", "assessment", "pk"),
    # Rectification, postponements, economic audits, reserve cadres (issue 10 reqs. 4–6)
    Fill("pk", "rectification", after=("rectification",)),
    Fill("pk", "rectification_task", after=("rectification-task",)),
    Fill("pk", "evidence", after=("evidence",)),
    Fill("pk", "postponement", after=("postponement",)),
    Fill("pk", "econ_audit", after=("econ-audit",)),
    Fill("pk", "reserve", after=("reserve",)),
]

INSIDE_NOT_FOUND_OK = {
    "planning:seats": "towns have no seats of their own (the walker fills towns too)",
    "planning:completion_unit": "completion is counted for a city, county or town, not a village",
    "planning:reserves": "towns have no reserve cadres of their own (the walker fills towns too)",
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


def published_campaign(city: OrgUnit) -> Campaign:
    """The city's published campaign (created when there is none): other apps' walkers hang their
    records on it."""
    found = Campaign.objects.filter(city=city, state="published").first()
    return found if found is not None else _campaign(city, f"{city.name}换届工作")


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
    populate_settings(world, campaigns)
    _populate_prep(world, ours, theirs)


def _settings(c: Campaign, unit: OrgUnit) -> dict[str, object]:
    """One row of each kind of the campaign's settings (issue 10 req. 1)."""
    return {
        "body": CampaignBody.objects.create(campaign=c, kind="leadership_group", name="换届工作领导小组"),
        "person": ResponsiblePerson.objects.create(
            campaign=c, unit=unit, role="first", name="赵书记", position="市委书记"
        ),
        "task": CampaignTask.objects.create(
            campaign=c, title="研判", owner="市委组织部", deadline=dt.date(2026, 1, 15)
        ),
        "target": StructureTarget.objects.create(
            campaign=c, code="college", label="大专及以上学历占比", low=Decimal(50)
        ),
        "negative": NegativeItem.objects.create(
            campaign=c, code="1", text="受过刑事处罚", tier="cannot", department="公安局"
        ),
        "guidance": GuidanceRule.objects.create(
            campaign=c,
            post="secretary",
            applies_to="all",
            age_limit_male=60,
            cutoff=dt.date(2026, 12, 31),
            severity="warning",
            citation="市委换届工作动员部署会议讲话：三升一降·年龄明显下降",
        ),
        "department": ReviewDepartment.objects.create(
            campaign=c, name="公安局", checks="违法犯罪记录", days=5
        ),
    }


def populate_settings(world: World, campaigns: list[tuple[Campaign, bool, str]]) -> None:
    """Settings rows of our city's campaign (read by every holder of planning.settings in the city:
    deployment-wide within it) and of the other city's (seen by nobody)."""
    for c, wide, path in campaigns:
        for kind, row in _settings(c, c.city).items():
            world.objects.setdefault(f"setting_{kind}", []).append(
                Obj(f"setting_{kind}", str(row), {"pk": row.pk}, path, deployment_wide=wide)  # type: ignore[attr-defined]
            )


def _populate_prep(world: World, ours: Campaign, theirs: Campaign) -> None:
    """In every leaf unit: a rectification with a task and an evidence file, a postponement, an
    economic audit (villages) and a reserve cadre."""
    import datetime as dt

    from huanjie.planning import rectification_files as files
    from huanjie.planning.models import (
        EconomicAudit,
        EvidenceFile,
        Postponement,
        Rectification,
        RectificationTask,
        ReserveCadre,
    )
    from tests.factories import PersonFactory

    cast = world.cast
    kinds = ("rectification", "rectification_task", "evidence", "postponement", "econ_audit", "reserve")
    out: dict[str, list[Obj]] = {k: [] for k in kinds}
    for leaf in world.shared["leaves"]:
        c = ours if leaf.path.startswith(cast.city.path) else theirs
        r = Rectification.objects.create(campaign=c, unit=leaf, category="weak", measures="整顿软弱涣散")
        t = RectificationTask.objects.create(
            rectification=r,
            track="petition",
            title="化解信访积案",
            owner="镇信访办",
            deadline=dt.date(2026, 2, 1),
        )
        ev = EvidenceFile.objects.create(
            task=t,
            name="台账.pdf",
            content_type="application/pdf",
            size=9,
            digest="0" * 64,
            stored=files.store(b"%PDF-1.4\n"),
            uploaded_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
            uploaded_by="镇操作员",
        )
        p = Postponement.objects.create(
            campaign=c,
            unit=leaf,
            body="committee",
            due_date=dt.date(2026, 6, 30),
            new_date=dt.date(2026, 12, 31),
            reason="整顿未完成",
            applicant="乡、镇人民政府",
            chain=["乡、镇人民政府报请", "县级人民政府批准"],
            limit_months=6,
            limit_soft=True,
            citation="浙江省村民委员会选举办法 第三条",
            created_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
        )
        person = PersonFactory(domicile_unit=leaf)
        rc = ReserveCadre.objects.create(
            unit=leaf, person=person, source="graduate", added_on=dt.date(2026, 1, 5)
        )
        for kind, obj in (
            ("rectification", r),
            ("rectification_task", t),
            ("evidence", ev),
            ("postponement", p),
        ):
            out[kind].append(Obj(kind, f"{kind} {leaf.name}", {"pk": obj.pk}, leaf.path))
        out["reserve"].append(Obj("reserve", f"reserve {leaf.name}", {"pk": rc.pk}, leaf.path))
        if leaf.level == "village":
            a = EconomicAudit.objects.create(
                campaign=c,
                unit=leaf,
                organiser="township",
                auditor="青石会计师事务所",
                started_on=dt.date(2026, 1, 5),
                items=["debts", "finance", "funds", "grants", "projects"],
            )
            out["econ_audit"].append(Obj("econ_audit", f"audit {leaf.name}", {"pk": a.pk}, leaf.path))
    world.objects.update(out)


# -- Personnel plans (issue 10 req. 7) ---------------------------------------------------------------
from huanjie.people.models import Person  # noqa: E402
from huanjie.planning.models import PersonnelPlan, PlanProjection, PlanSeat  # noqa: E402

FILLS += [
    Fill("pk", "plan", namespace="planning", after=("plan",)),
    Fill("seat_pk", "plan_seat", namespace="planning", after=("seat",)),
]
INSIDE_NOT_FOUND_OK["planning:plan_summary_unit"] = (
    "plans are summed for a city, county or town, not a village"
)

_populate_before_plans = populate


def populate(world: World) -> None:  # type: ignore[no-redef]
    """…and a personnel plan with one seat in every leaf unit (of our city's campaign or the other's)."""
    _populate_before_plans(world)
    campaigns = {o.path: o.values["pk"] for o in world.objects["campaign"]}
    plans, seats = [], []
    for leaf in world.shared["leaves"]:
        pk = next(v for path, v in campaigns.items() if leaf.path.startswith(path))
        p = PersonnelPlan.objects.create(campaign_id=pk, unit=leaf)
        person = Person.objects.filter(domicile_unit=leaf).first()
        if person is not None:
            s = PlanSeat.objects.create(
                plan=p, side="committee", post="member", decision="enter", person=person
            )
            seats.append(Obj("plan_seat", str(s), {"pk": s.pk}, leaf.path))
        PlanProjection.objects.create(
            plan=p,
            campaign_id=pk,
            city_path=leaf.path[:4],
            county_path=leaf.path[:6],
            town_path=leaf.path[:9],
            state=p.state,
        )
        plans.append(Obj("plan", str(p), {"pk": p.pk}, leaf.path))
    world.objects["plan"] = plans
    world.objects["plan_seat"] = seats


# Progress of the preparation (issue 10 req. 9): counted for a city, county or town, not a village.
INSIDE_NOT_FOUND_OK["planning:progress_unit"] = (
    "progress is counted for a city, county or town, not a village"
)
