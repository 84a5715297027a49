"""Every read of the planning app, taking the user; one selector per screen, used by the pages and
the API. Jurisdiction: ``planning.view``/``planning.edit`` scope paths (ScopedManager with
``scope_domain = "planning"``); a campaign is seen by everyone holding ``planning.view`` in its city.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from huanjie.core import workflow
from huanjie.core.plugins import CategoryBadge
from huanjie.core.scoping import get_scoped_or_404, path_q, scope_paths
from huanjie.org.choices import LEAF_LEVELS
from huanjie.org.models import OrgUnit
from huanjie.people.models import Tenure
from huanjie.planning import adapters
from huanjie.planning.capabilities import PlanningCap
from huanjie.planning.choices import BodyKind, Problem, RiskFlag, VillageCategory
from huanjie.planning.models import (
    Assessment,
    Batch,
    Campaign,
    CampaignBody,
    CampaignTask,
    CommitteeSeats,
    MemberAssessment,
    Milestone,
    NegativeItem,
    PartySeats,
    ResponsiblePerson,
    ReviewDepartment,
    StructureTarget,
)
from huanjie.planning.models import GuidanceRule as GuidanceRuleRow
from huanjie.rules import campaign as campaign_rules
from huanjie.rules import workflow as wf_rules
from huanjie.rules.campaign import window_law_note
from huanjie.rules.workflow import level_of_path

NOT_FOUND = "未找到，或不在您的管辖范围内"


def _campaign_q(user: Any, capability: str = PlanningCap.VIEW) -> Q:
    """Campaigns of the cities the user's ``capability`` (``planning.view``) jurisdiction lies in (or
    covers)."""
    paths = scope_paths(user, capability)
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
    law_note: str = ""
    """Set when the window straddles a change of the law (rules.campaign.window_law_note)."""


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
        law_note=window_law_note(c.window_start, c.window_end),
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


# ---------------------------------------------------------------------------------------------
# Campaign settings (issue 10 req. 1): not confidential, read by every holder of
# ``planning.settings`` in the campaign's city.


def settings_campaigns(user: Any) -> QuerySet[Campaign]:
    """Campaigns whose settings the user may read: those of the cities their ``planning.settings``
    jurisdiction lies in."""
    return Campaign.objects.filter(_campaign_q(user, PlanningCap.SETTINGS)).select_related("city")


def settings_campaign(user: Any, pk: int) -> Campaign:
    found = settings_campaigns(user).filter(pk=pk).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def manages_campaign(user: Any, c: Campaign) -> bool:
    """Is the user the campaign's city (planning.campaign over it)?"""
    paths = tuple(scope_paths(user, PlanningCap.CAMPAIGN))
    return bool(paths) and c.city.path.startswith(paths)


SETTING_MODELS: dict[str, type[Any]] = {
    "body": CampaignBody,
    "person": ResponsiblePerson,
    "task": CampaignTask,
    "target": StructureTarget,
    "negative": NegativeItem,
    "guidance": GuidanceRuleRow,
    "department": ReviewDepartment,
}


def setting_row(user: Any, kind: str, pk: int) -> Any:
    """A row of a campaign's settings the user may read (404 otherwise)."""
    model = SETTING_MODELS.get(kind)
    found = (
        model.objects.filter(pk=pk, campaign__in=settings_campaigns(user))
        .select_related("campaign", "campaign__city")
        .first()
        if model is not None
        else None
    )
    if found is None:
        raise Http404(NOT_FOUND)
    return found


@dataclass(frozen=True)
class BatchRow:
    number: int
    batch: Batch
    units: int
    pilots: int
    law_note: str


@dataclass(frozen=True)
class TargetRow:
    target: StructureTarget
    definition: campaign_rules.TargetDefinition
    baseline_label: str


@dataclass(frozen=True)
class GuidanceRow:
    rule: GuidanceRuleRow
    post_label: str
    applies_label: str


@dataclass(frozen=True)
class SettingsPage:
    campaign: Campaign
    state_label: str
    locked: bool
    can_edit: bool
    manages: bool
    law_note: str
    batches: list[BatchRow]
    unbatched: int
    pilot_units: list[OrgUnit]
    bodies: list[CampaignBody]
    persons: list[ResponsiblePerson]
    tasks: list[CampaignTask]
    targets: list[TargetRow]
    missing_targets: list[tuple[str, str]]
    negatives: list[NegativeItem]
    guidance: list[GuidanceRow]
    departments: list[ReviewDepartment]


_BODY_ORDER = {k: i for i, k in enumerate(BodyKind.values)}
PILOTS_SHOWN = 60


def settings_page(user: Any, pk: int) -> SettingsPage:
    """The campaign's settings: batches with their villages and the law they fall under, the
    responsibility list, targets with their definitions, the negative list, the guidance and the
    joint-review departments."""
    c = settings_campaign(user, pk)
    spec = workflow.spec_of(c)
    locked = wf_rules.is_locked(spec, c.state)
    manages = manages_campaign(user, c)
    leaves = OrgUnit.objects.filter(path__startswith=c.city.path, level__in=LEAF_LEVELS, is_active=True)
    per_batch = dict(
        leaves.exclude(batch__isnull=True)
        .values("batch")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("batch", "n")
    )
    pilots_per_batch = dict(
        leaves.filter(is_pilot=True)
        .exclude(batch__isnull=True)
        .values("batch")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("batch", "n")
    )
    batches = [
        BatchRow(
            i,
            b,
            per_batch.get(i, 0),
            pilots_per_batch.get(i, 0),
            window_law_note(b.start, b.end),
        )
        for i, b in enumerate(c.batches.all(), start=1)
    ]
    targets = [
        TargetRow(t, campaign_rules.DEFINITIONS[t.code], campaign_rules.BASELINES.get(t.baseline, ""))
        for t in StructureTarget.objects.filter(campaign=c)
        if t.code in campaign_rules.DEFINITIONS
    ]
    set_codes = {r.target.code for r in targets}
    return SettingsPage(
        campaign=c,
        state_label=spec.state_label(c.state),
        locked=locked,
        can_edit=manages and not locked,
        manages=manages,
        law_note=window_law_note(c.window_start, c.window_end),
        batches=batches,
        unbatched=leaves.filter(batch__isnull=True).count(),
        pilot_units=list(leaves.filter(is_pilot=True).order_by("code")[:PILOTS_SHOWN]),
        bodies=sorted(CampaignBody.objects.filter(campaign=c), key=lambda b: (_BODY_ORDER[b.kind], b.pk)),
        persons=list(ResponsiblePerson.objects.filter(campaign=c).select_related("unit")),
        tasks=list(CampaignTask.objects.filter(campaign=c)),
        targets=targets,
        missing_targets=[
            (code, d.label) for code, d in campaign_rules.DEFINITIONS.items() if code not in set_codes
        ],
        negatives=list(NegativeItem.objects.filter(campaign=c)),
        guidance=[
            GuidanceRow(
                g, campaign_rules.POSTS.get(g.post, g.post), campaign_rules.APPLIES_TO.get(g.applies_to, "")
            )
            for g in GuidanceRuleRow.objects.filter(campaign=c)
        ],
        departments=list(ReviewDepartment.objects.filter(campaign=c)),
    )


def responsible_units(user: Any, c: Campaign) -> list[tuple[str, str]]:
    """(code, name) of the units a responsible person may be named for: the campaign's city, its
    counties and towns (for the city's form)."""
    if not manages_campaign(user, c):
        return []
    return list(
        OrgUnit.objects.filter(
            path__startswith=c.city.path, level__in=("city", "county", "town"), is_active=True
        )
        .order_by("path")
        .values_list("code", "name")
    )


def responsible_unit(user: Any, c: Campaign, code: str) -> OrgUnit | None:
    """The unit of that code among :func:`responsible_units` (None: the form says why)."""
    if not manages_campaign(user, c) or not code.isdigit():
        return None
    return (
        OrgUnit.objects.filter(path__startswith=c.city.path, level__in=("city", "county", "town"), code=code)
        .filter(is_active=True)
        .first()
    )


def unit_guidance(user: Any, unit: OrgUnit) -> list[campaign_rules.GuidanceRule]:
    """The age and education guidance of the latest published campaign of the unit's city whose
    settings the user may read (none: the village page shows only the law's checks)."""
    if unit.level not in LEAF_LEVELS:
        return []
    c = (
        settings_campaigns(user)
        .filter(state="published", city__path=unit.path[:4])
        .order_by("-window_start", "-pk")
        .first()
    )
    if c is None:
        return []
    return adapters.guidance_rules(GuidanceRuleRow.objects.filter(campaign=c))


def target_definition(target: StructureTarget) -> campaign_rules.TargetDefinition | None:
    return campaign_rules.DEFINITIONS.get(target.code)


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
