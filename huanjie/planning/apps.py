from django.apps import AppConfig

from huanjie.core.plugins import NavEntry, Plugin
from huanjie.planning.capabilities import PlanningCap

_VIEW, _EDIT, _REVIEW, _CAMPAIGN = (
    PlanningCap.VIEW,
    PlanningCap.EDIT,
    PlanningCap.REVIEW,
    PlanningCap.CAMPAIGN,
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
        nav=(NavEntry("planning:index", "换届工作", "calendar-check", PlanningCap.VIEW, order=40),),
        urls=(("planning/", "huanjie.planning.urls"),),
        api=(("/planning", "huanjie.planning.api.router"),),
        grants={
            "city_operator": frozenset({_VIEW, _EDIT, _CAMPAIGN}),
            "county_operator": frozenset({_VIEW, _EDIT, _REVIEW}),
            "town_operator": frozenset({_VIEW, _EDIT}),
            "county_approver": frozenset({_VIEW, _REVIEW}),
            "leader": frozenset({_VIEW}),
        },
        walker="tests.planning.walker",
    )

    def ready(self) -> None:
        # org's unit page asks this hook and never imports planning.
        from huanjie.core.plugins import seat_counts, unit_panels
        from huanjie.planning import views

        unit_panels.register("planning.links", views.unit_panel)
        seat_counts.register("planning.seats", unit_seat_counts)
        # Rectification (一村一策) closes the election gate; audits, reserve cadres: unit page links.
        from huanjie.core.plugins import scheduling_gates
        from huanjie.planning import rectification_selectors, rectification_views

        scheduling_gates.register("planning.rectification", rectification_selectors.scheduling_gates)
        unit_panels.register("planning.prep", rectification_views.unit_panel)


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
