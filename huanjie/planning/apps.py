from django.apps import AppConfig

from huanjie.core.plugins import NavEntry, Plugin
from huanjie.planning.capabilities import PlanningCap

_VIEW, _EDIT, _REVIEW, _CAMPAIGN, _SETTINGS = (
    PlanningCap.VIEW,
    PlanningCap.EDIT,
    PlanningCap.REVIEW,
    PlanningCap.CAMPAIGN,
    PlanningCap.SETTINGS,
)


class PlanningConfig(AppConfig):
    """Campaign, seats and assessments (换届准备).

    Confidentiality (只做不说): ``planning.view`` is granted only up the chain (town, county and city
    operators, county approvers, leaders) — never to village operators, vetting departments or
    supervision groups, who therefore see nothing of this app.
    """

    name = "huanjie.planning"
    label = "planning"
    verbose_name = "换届准备"
    plugin = Plugin(
        nav=(
            NavEntry("planning:index", "换届工作", "calendar-check", PlanningCap.VIEW, order=40),
            NavEntry("planning:settings_index", "换届工作要求", "list-check", PlanningCap.SETTINGS, order=41),
        ),
        urls=(("planning/", "huanjie.planning.urls"),),
        api=(("/planning", "huanjie.planning.api.router"),),
        grants={
            "city_operator": frozenset({_VIEW, _EDIT, _CAMPAIGN, _SETTINGS, PlanningCap.EXPORT}),
            "county_operator": frozenset({_VIEW, _EDIT, _REVIEW, _SETTINGS, PlanningCap.EXPORT}),
            "town_operator": frozenset({_VIEW, _EDIT, _SETTINGS}),
            "county_approver": frozenset({_VIEW, _REVIEW, _SETTINGS, PlanningCap.EXPORT}),
            "leader": frozenset({_VIEW, _SETTINGS, PlanningCap.EXPORT}),
            # The campaign's settings are not confidential (only plans and member views are).
            "village_operator": frozenset({_SETTINGS}),
            "vetting": frozenset({_SETTINGS}),
            "supervisor": frozenset({_SETTINGS}),
        },
        walker="tests.planning.walker",
        # Excel (issue 10 req. 10): templates and imports through the import kit, list exports.
        importers={
            kind: f"huanjie.planning.importers.{name}"
            for kind, name in (
                ("planning_committee_seats", "CommitteeSeatsImporter"),
                ("planning_party_seats", "PartySeatsImporter"),
                ("planning_assessments", "AssessmentImporter"),
                ("planning_member_views", "MemberViewImporter"),
                ("planning_rectification_tasks", "RectificationTaskImporter"),
                ("planning_reserves", "ReserveCadreImporter"),
                ("planning_plans", "PersonnelPlanImporter"),
            )
        },
        exporters={
            "planning_seats": "planning:export_seats",
            "planning_assessments": "planning:export_assessments",
            "planning_member_views": "planning:export_member_views",
            "planning_rectification_tasks": "planning:export_tasks",
            "planning_reserves": "planning:export_reserves",
            "planning_plans": "planning:export_plans",
        },
    )

    def ready(self) -> None:
        # org's unit page asks this hook and never imports planning.
        from huanjie.core.plugins import (
            UnitCategories,
            committee_guidance,
            seat_counts,
            unit_categories,
            unit_panels,
        )
        from huanjie.planning import selectors, views

        unit_panels.register("planning.links", views.unit_panel)
        seat_counts.register("planning.seats", unit_seat_counts)
        committee_guidance.register("planning.guidance", unit_guidance_findings)
        unit_categories.register(
            "planning.category",
            UnitCategories(
                choices=selectors.category_choices,
                badges=selectors.category_badges,
                units_in=selectors.units_in_category,
            ),
        )
        # Rectification (一村一策) closes the election gate; audits, reserve cadres: unit page links.
        from huanjie.core.plugins import scheduling_gates
        from huanjie.planning import rectification_selectors, rectification_views

        scheduling_gates.register("planning.rectification", rectification_selectors.scheduling_gates)
        unit_panels.register("planning.prep", rectification_views.unit_panel)
        _register_progress()


def unit_seat_counts(user, unit_ids):  # type: ignore[no-untyped-def]
    """core.plugins.seat_counts: {unit id: SeatCounts} of the 职数 decided for these units in the
    latest campaign the user may see (planning.view: never village operators, who get the law's
    bounds), with its profile. One query per 500 units."""
    from huanjie.core.plugins import SeatCounts
    from huanjie.planning.models import CommitteeSeats

    ids = sorted(set(unit_ids))
    out = {}
    for i in range(0, len(ids), 500):
        rows = (
            CommitteeSeats.objects.visible_to(user)
            .filter(unit_id__in=ids[i : i + 500])
            .order_by("unit_id", "-campaign__window_start", "-pk")
            .values_list("unit_id", "members", "campaign__profile_code")
        )
        for unit_id, members, profile_code in rows:
            out.setdefault(unit_id, SeatCounts(committee_seats=members, profile_code=profile_code))
    return out


def unit_guidance_findings(user, unit, members, names, *, education_unknown=frozenset()):  # type: ignore[no-untyped-def]
    """core.plugins.committee_guidance: the age and education guidance of the latest published
    campaign of the unit's city the user may read (planning.settings) applied to the sitting members
    (huanjie.rules.campaign.guidance_findings: rules for all sitting members, not new-only ones)."""
    from huanjie.planning import selectors
    from huanjie.rules.campaign import guidance_findings

    rules = selectors.unit_guidance(user, unit)
    return guidance_findings(members, names, rules, education_unknown=education_unknown) if rules else []


def _register_progress() -> None:
    """Progress (issue 10 req. 9): the village's 下一步 panel and the town's milestone to-dos."""
    from huanjie.core.plugins import todo_providers, unit_panels
    from huanjie.planning import progress_selectors, progress_views

    unit_panels.register("planning.progress", progress_views.unit_panel)
    todo_providers.register("planning.progress", progress_selectors.milestone_todos)
