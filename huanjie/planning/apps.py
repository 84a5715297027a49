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
    )

    def ready(self) -> None:
        # org's unit page asks this hook and never imports planning.
        from huanjie.core.plugins import seat_counts, unit_panels
        from huanjie.planning import views

        unit_panels.register("planning.links", views.unit_panel)
        seat_counts.register("planning.seats", unit_seat_counts)
        from huanjie.core.plugins import committee_guidance

        committee_guidance.register("planning.guidance", unit_guidance_findings)


def unit_seat_counts(user, unit):  # type: ignore[no-untyped-def]
    """core.plugins.seat_counts: the 职数 decided for ``unit`` in the latest campaign the user may see
    (planning.view: never village operators, who get the law's bounds), with its profile."""
    from huanjie.core.plugins import SeatCounts
    from huanjie.planning.models import CommitteeSeats

    row = (
        CommitteeSeats.objects.visible_to(user)
        .filter(unit=unit)
        .select_related("campaign")
        .order_by("-campaign__window_start", "-pk")
        .first()
    )
    if row is None:
        return None
    return SeatCounts(committee_seats=row.members, profile_code=row.campaign.profile_code)


def unit_guidance_findings(user, unit, members, names, *, education_unknown=frozenset()):  # type: ignore[no-untyped-def]
    """core.plugins.committee_guidance: the age and education guidance of the latest published
    campaign of the unit's city the user may read (planning.settings) applied to the sitting members
    (huanjie.rules.campaign.guidance_findings: rules for all sitting members, not new-only ones)."""
    from huanjie.planning import selectors
    from huanjie.rules.campaign import guidance_findings

    rules = selectors.unit_guidance(user, unit)
    return guidance_findings(members, names, rules, education_unknown=education_unknown) if rules else []
