"""Every read of the planning app, taking the user; one selector per screen, used by the pages and
the API. Jurisdiction: ``planning.view``/``planning.edit`` scope paths (ScopedManager with
``scope_domain = "planning"``); a campaign is seen by everyone holding ``planning.view`` in its city.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from huanjie.core import workflow
from huanjie.core.plugins import CategoryBadge
from huanjie.core.scoping import get_scoped_or_404, path_q, scope_paths
from huanjie.org.choices import LEAF_LEVELS
from huanjie.org.models import OrgUnit
from huanjie.people.models import Tenure
from huanjie.planning.capabilities import PlanningCap
from huanjie.planning.choices import Problem, RiskFlag, VillageCategory
from huanjie.planning.models import (
    Assessment,
    Batch,
    Campaign,
    CommitteeSeats,
    MemberAssessment,
    Milestone,
    PartySeats,
)
from huanjie.rules import workflow as wf_rules
from huanjie.rules.workflow import level_of_path

NOT_FOUND = "未找到，或不在您的管辖范围内"


def _campaign_q(user: Any) -> Q:
    """Campaigns of the cities the user's ``planning.view`` jurisdiction lies in (or covers)."""
    paths = scope_paths(user, PlanningCap.VIEW)
    if not paths:
        return Q(pk__in=[])
    prefixes = {p[:i] for p in paths for i in range(1, len(p) + 1)}
    return Q(city__path__in=prefixes) | path_q("city__path", paths)


def campaigns_visible(user: Any) -> QuerySet[Campaign]:
    return Campaign.objects.filter(_campaign_q(user)).select_related("city")


def campaign(user: Any, pk: int) -> Campaign:
    found = campaigns_visible(user).filter(pk=pk).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def may_create_campaign(user: Any) -> list[OrgUnit]:
    """The cities in which the user may open a campaign."""
    paths = [p for p in scope_paths(user, PlanningCap.CAMPAIGN) if level_of_path(p) == "city"]
    if not paths:
        return []
    return list(OrgUnit.objects.filter(path__in=paths, level="city", is_active=True).order_by("code"))


@dataclass(frozen=True)
class CampaignPage:
    campaign: Campaign
    milestones: list[Milestone]
    batches: list[Batch]
    state_label: str
    locked: bool
    can_edit: bool
    actions: list[workflow.NextAction]
    history: list[Any]


def campaign_page(user: Any, pk: int) -> CampaignPage:
    c = campaign(user, pk)
    spec = workflow.spec_of(c)
    locked = wf_rules.is_locked(spec, c.state)
    manages = user.has_capability(PlanningCap.CAMPAIGN) and c.city.path.startswith(
        tuple(scope_paths(user, PlanningCap.CAMPAIGN))
    )
    return CampaignPage(
        campaign=c,
        milestones=list(c.milestones.all()),
        batches=list(c.batches.all()),
        state_label=spec.state_label(c.state),
        locked=locked,
        can_edit=manages and not locked,
        actions=workflow.next_actions(user, c) if manages else [],
        history=workflow.history(c) if manages else [],
    )


def milestone(user: Any, pk: int) -> Milestone:
    found = (
        Milestone.objects.filter(pk=pk, campaign__in=campaigns_visible(user))
        .select_related("campaign")
        .first()
    )
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def batch(user: Any, pk: int) -> Batch:
    found = (
        Batch.objects.filter(pk=pk, campaign__in=campaigns_visible(user)).select_related("campaign").first()
    )
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def _town_edit_paths(user: Any) -> list[str]:
    return [p for p in scope_paths(user, PlanningCap.EDIT) if level_of_path(p) == "town"]


def prepares(user: Any, unit: OrgUnit) -> bool:
    """Does the user prepare this village's records (its town's operator)?"""
    return unit.path.startswith(tuple(_town_edit_paths(user))) if _town_edit_paths(user) else False


def leaf_unit(user: Any, c: Campaign, code: str) -> OrgUnit:
    """A village or community of the campaign's city inside the user's planning jurisdiction (404)."""
    paths = scope_paths(user, PlanningCap.VIEW)
    unit = None
    if paths and code.isdigit():
        unit = (
            OrgUnit.objects.filter(path_q("path", paths), code=code, level__in=LEAF_LEVELS)
            .filter(path__startswith=c.city.path)
            .first()
        )
    if unit is None:
        raise Http404(NOT_FOUND)
    return unit


@dataclass(frozen=True)
class SeatsPage:
    campaign: Campaign
    unit: OrgUnit
    committee: CommitteeSeats | None
    party: PartySeats | None
    can_edit: bool


def seats_page(user: Any, pk: int, code: str) -> SeatsPage:
    c = campaign(user, pk)
    unit = leaf_unit(user, c, code)
    return SeatsPage(
        campaign=c,
        unit=unit,
        committee=CommitteeSeats.objects.visible_to(user).filter(campaign=c, unit=unit).first(),
        party=PartySeats.objects.visible_to(user).filter(campaign=c, unit=unit).first(),
        can_edit=prepares(user, unit) and c.state == "published",
    )


@dataclass(frozen=True)
class AssessmentRow:
    assessment: Assessment
    state_label: str
    reviewable: bool


@dataclass(frozen=True)
class AssessmentsPage:
    campaign: Campaign
    rows: list[AssessmentRow]
    new_units: list[tuple[str, str]]
    can_bulk_approve: bool


def preparable_units(user: Any, c: Campaign) -> list[tuple[str, str]]:
    """(code, name) of the villages the user prepares that have no assessment yet in the campaign."""
    paths = _town_edit_paths(user)
    if not paths or c.state != "published":
        return []
    taken = Assessment.objects.filter(campaign=c).values("unit_id")
    return list(
        OrgUnit.objects.filter(path_q("path", paths), level__in=LEAF_LEVELS, is_active=True)
        .filter(path__startswith=c.city.path)
        .exclude(pk__in=taken)
        .order_by("code")
        .values_list("code", "name")
    )


def assessments_page(user: Any, pk: int, state: str = "") -> AssessmentsPage:
    c = campaign(user, pk)
    qs = Assessment.objects.visible_to(user).filter(campaign=c).select_related("unit").order_by("unit__code")
    spec = Assessment.workflow_spec
    if state in spec.states:
        qs = qs.filter(state=state)
    rows = []
    for a in qs:
        names = {x.name for x in workflow.next_actions(user, a)}
        rows.append(AssessmentRow(a, spec.state_label(a.state), "approve" in names))
    return AssessmentsPage(
        campaign=c,
        rows=rows,
        new_units=preparable_units(user, c),
        can_bulk_approve=any(r.reviewable for r in rows),
    )


def assessment_states() -> list[tuple[str, str]]:
    return list(Assessment.workflow_spec.states.items())


def assessment(user: Any, pk: int) -> Assessment:
    return get_scoped_or_404(  # type: ignore[no-any-return]
        Assessment.objects.select_related("unit", "campaign", "campaign__city"), user, pk=pk
    )


def assessments_by_pk(user: Any, pks: list[int]) -> list[Assessment]:
    return list(Assessment.objects.visible_to(user).filter(pk__in=pks).select_related("unit"))


@dataclass(frozen=True)
class MemberRow:
    tenure: Tenure
    view: MemberAssessment | None


@dataclass(frozen=True)
class AssessmentPage:
    assessment: Assessment
    state_label: str
    problems: list[str]
    risks: list[str]
    members: list[MemberRow]
    can_edit: bool
    actions: list[workflow.NextAction]
    history: list[Any]


def sitting_tenures(unit: OrgUnit) -> list[Tenure]:
    return list(
        Tenure.objects.filter(committee__org_unit=unit, end_date__isnull=True)
        .select_related("person", "committee")
        .order_by("committee__kind", "post", "pk")
    )


def assessment_page(user: Any, a: Assessment) -> AssessmentPage:
    """The assessment with a view of each sitting member; ``a`` comes from :func:`assessment`."""
    views = {m.tenure_id: m for m in MemberAssessment.objects.visible_to(user).filter(assessment=a)}
    spec = Assessment.workflow_spec
    return AssessmentPage(
        assessment=a,
        state_label=spec.state_label(a.state),
        problems=[Problem(p).label for p in a.problems if p in Problem.values],
        risks=[RiskFlag(r).label for r in a.risks if r in RiskFlag.values],
        members=[MemberRow(t, views.get(t.pk)) for t in sitting_tenures(a.unit)],
        can_edit=prepares(user, a.unit) and not wf_rules.is_locked(spec, a.state),
        actions=workflow.next_actions(user, a),
        history=workflow.history(a),
    )


def sitting_tenure(a: Assessment, pk: int) -> Tenure:
    found = Tenure.objects.filter(pk=pk, committee__org_unit_id=a.unit_id, end_date__isnull=True).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def unit_links(user: Any, unit: OrgUnit) -> dict[str, Any] | None:
    """Links from a village's or community's page to its seats and assessment in the latest
    published campaign; None when the user has no planning view over the unit (保密)."""
    paths = tuple(scope_paths(user, PlanningCap.VIEW))
    if unit.level not in LEAF_LEVELS or not paths or not unit.path.startswith(paths):
        return None
    c = (
        campaigns_visible(user)
        .filter(state="published", city__path=unit.path[:4])
        .order_by("-window_start", "-pk")
        .first()
    )
    if c is None:
        return None
    a = Assessment.objects.visible_to(user).filter(campaign=c, unit=unit).first()
    return {"planning_campaign": c, "planning_assessment": a}


# -- the 村（社区）类别 as badges and filters of the org and people lists (core.plugins.unit_categories) --

CATEGORY_TONES = {
    VillageCategory.WEAK: "danger",
    VillageCategory.COMPLEX: "warning",
    VillageCategory.KEY: "info",
}
"""The categories shown as badges (an ordinary village has none), with their colour."""


def _latest_assessment_pk() -> Subquery:
    """For an ``unit_id`` of the outer query: the pk of the unit's assessment in its latest campaign."""
    return Subquery(
        Assessment.objects.filter(unit_id=OuterRef("unit_id"))
        .order_by("-campaign__window_start", "-pk")
        .values("pk")[:1]
    )


def _categorised(user: Any) -> QuerySet[Assessment]:
    """The latest assessment of each unit, among those the user may see (保密: planning.view in its
    jurisdiction; never village operators, vetting departments or supervision groups)."""
    return Assessment.objects.visible_to(user).exclude(category="").filter(pk=_latest_assessment_pk())


def category_choices(user: Any) -> list[tuple[str, str]]:
    """The category filter's options, or none for a user who may not see assessments."""
    if not scope_paths(user, PlanningCap.VIEW):
        return []
    return [(str(c.value), str(c.label)) for c in VillageCategory]


def category_badges(user: Any, unit_ids: list[int]) -> dict[int, list[CategoryBadge]]:
    """The category badges of these units (one query), from the latest assessment the user may see."""
    if not unit_ids or not scope_paths(user, PlanningCap.VIEW):
        return {}
    rows = _categorised(user).filter(unit_id__in=unit_ids).values_list("unit_id", "category")
    return {
        unit_id: [
            CategoryBadge(code, str(VillageCategory(code).label), CATEGORY_TONES[VillageCategory(code)])
        ]
        for unit_id, code in rows
        if code in CATEGORY_TONES
    }


def units_in_category(user: Any, code: str) -> Any:
    """The ids of the units whose latest assessment (visible to the user) puts them in ``code``."""
    return _categorised(user).filter(category=code).values("unit_id")
