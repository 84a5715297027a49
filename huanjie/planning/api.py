"""REST API of the planning app: the campaign (with milestones and batches) and a village's
assessment (confidential: the same audit as the page for views from outside the town)."""

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from huanjie.core.api_auth import api_requires
from huanjie.core.api_params import RecordId
from huanjie.planning import selectors, services
from huanjie.planning.capabilities import PlanningCap
from huanjie.planning.models import Assessment, Campaign

router = Router(tags=["换届准备"])


class MilestoneOut(Schema):
    name: str
    date: dt.date


class BatchOut(Schema):
    name: str
    start: dt.date
    end: dt.date


class CampaignOut(Schema):
    pk: int
    name: str
    profile_code: str
    state: str
    window_start: dt.date
    window_end: dt.date
    milestones: list[MilestoneOut]
    batches: list[BatchOut]

    @staticmethod
    def resolve_milestones(obj: Campaign) -> list[MilestoneOut]:
        return list(obj.milestones.all())  # type: ignore[arg-type]

    @staticmethod
    def resolve_batches(obj: Campaign) -> list[BatchOut]:
        return list(obj.batches.all())  # type: ignore[arg-type]


class MemberViewOut(Schema):
    tenure_pk: int
    name: str
    post: str
    view: str | None
    reason: str
    income: str
    ability: str


class AssessmentOut(Schema):
    pk: int
    campaign_pk: int
    unit_code: str
    unit_name: str
    state: str
    grade: str
    category: str
    problems: list[str]
    risks: list[str]
    notes: str
    members: list[MemberViewOut]


@router.get("/campaigns", response=list[CampaignOut], summary="换届工作列表")
@api_requires(PlanningCap.VIEW)
def campaign_list(request: HttpRequest) -> list[Campaign]:
    return list(selectors.campaigns_visible(request.auth).prefetch_related("milestones", "batches"))  # type: ignore[attr-defined]


@router.get("/campaigns/{campaign_pk}", response=CampaignOut, summary="换届工作详情")
@api_requires(PlanningCap.VIEW)
def campaign_detail(request: HttpRequest, campaign_pk: RecordId) -> Campaign:
    return selectors.campaign(request.auth, campaign_pk)  # type: ignore[attr-defined]


@router.get("/assessments/{assessment_pk}", response=AssessmentOut, summary="村（社区）研判（保密）")
@api_requires(PlanningCap.VIEW)
def assessment_detail(request: HttpRequest, assessment_pk: RecordId) -> dict[str, object]:
    """Audited like the page when read from outside the village's town."""
    user = request.auth  # type: ignore[attr-defined]
    a: Assessment = selectors.assessment(user, assessment_pk)
    services.assessment_viewed(actor=user, assessment=a)
    page = selectors.assessment_page(user, a)
    return {
        "pk": a.pk,
        "campaign_pk": a.campaign_id,
        "unit_code": a.unit.code,
        "unit_name": a.unit.name,
        "state": a.state,
        "grade": a.grade,
        "category": a.category,
        "problems": list(a.problems),
        "risks": list(a.risks),
        "notes": a.notes,
        "members": [
            {
                "tenure_pk": m.tenure.pk,
                "name": m.tenure.person.name,
                "post": m.tenure.get_post_display(),
                "view": m.view.view if m.view else None,
                "reason": m.view.reason if m.view else "",
                "income": m.view.income if m.view else "",
                "ability": m.view.ability if m.view else "",
            }
            for m in page.members
        ],
    }


# -- campaign settings (issue 10 req. 1): not confidential, planning.settings -------------------


class TargetOut(Schema):
    code: str
    label: str
    unit: str
    definition: str
    citation: str
    low: float
    high: float | None
    baseline: str
    baseline_date: dt.date | None
    majors: str


class NegativeOut(Schema):
    code: str
    text: str
    tier: str
    lookback_years: int | None
    department: str


class GuidanceOut(Schema):
    post: str
    applies_to: str
    age_limit_male: int | None
    age_limit_female: int | None
    min_education: str
    cutoff: dt.date
    severity: str
    citation: str


class DepartmentOut(Schema):
    name: str
    checks: str
    days: int


class BodyOut(Schema):
    kind: str
    name: str
    head: str
    members: str
    duties: str


class PersonOut(Schema):
    unit_code: str
    unit_name: str
    role: str
    name: str
    position: str


class TaskOut(Schema):
    title: str
    owner: str
    deadline: dt.date


class SettingsOut(Schema):
    campaign_pk: int
    law_note: str
    bodies: list[BodyOut]
    persons: list[PersonOut]
    tasks: list[TaskOut]
    targets: list[TargetOut]
    negative_list: list[NegativeOut]
    guidance: list[GuidanceOut]
    review_departments: list[DepartmentOut]


@router.get("/campaigns/{campaign_pk}/settings", response=SettingsOut, summary="换届工作要求")
@api_requires(PlanningCap.SETTINGS)
def campaign_settings(request: HttpRequest, campaign_pk: RecordId) -> dict[str, object]:
    page = selectors.settings_page(request.auth, campaign_pk)  # type: ignore[attr-defined]
    return {
        "campaign_pk": page.campaign.pk,
        "law_note": page.law_note,
        "bodies": page.bodies,
        "persons": [
            {
                "unit_code": p.unit.code,
                "unit_name": p.unit.name,
                "role": p.role,
                "name": p.name,
                "position": p.position,
            }
            for p in page.persons
        ],
        "tasks": page.tasks,
        "targets": [
            {
                "code": r.target.code,
                "label": r.target.label,
                "unit": r.definition.unit,
                "definition": r.definition.definition,
                "citation": r.definition.citation,
                "low": float(r.target.low),
                "high": None if r.target.high is None else float(r.target.high),
                "baseline": r.target.baseline,
                "baseline_date": r.target.baseline_date,
                "majors": r.target.majors,
            }
            for r in page.targets
        ],
        "negative_list": page.negatives,
        "guidance": [g.rule for g in page.guidance],
        "review_departments": page.departments,
    }
