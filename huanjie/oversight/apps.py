from django.apps import AppConfig

from huanjie.core.plugins import NavEntry, Plugin
from huanjie.oversight.capabilities import OversightCap

_VIEW, _EDIT = OversightCap.VIEW, OversightCap.EDIT
_HANDLE, _REVIEW = OversightCap.PETITION_HANDLE, OversightCap.REVIEW


class OversightConfig(AppConfig):
    """Oversight (issue 14): petitions, risks and contingency plans, incident reports up the chain,
    supervision groups and their findings, violations with enforced consequences, training, policy
    Q&A, election-day checklists, publicity and public opinion.

    Each area lives in its own modules (``<area>_models``, ``<area>_services``, ``<area>_views`` …)
    and adds its navigation entries, URL files and API routers below, one block per area."""

    name = "huanjie.oversight"
    label = "oversight"
    verbose_name = "监督"
    plugin = Plugin(
        nav=(
            # Incident reports and supervision (issue 14 reqs. 3, 4).
            NavEntry("oversight_incidents:list", "重大事件报送", "megaphone", _VIEW, order=60),
            NavEntry("oversight_supervision:findings", "督导问题", "binoculars", _VIEW, order=61),
        ),
        urls=(
            ("oversight/incidents/", "huanjie.oversight.incidents_urls"),
            ("oversight/supervision/", "huanjie.oversight.supervision_urls"),
        ),
        api=(),
        walker="tests.oversight.walker",
        grants={
            "city_operator": frozenset({_VIEW, _EDIT, _HANDLE, _REVIEW}),
            "county_operator": frozenset({_VIEW, _EDIT, _HANDLE, _REVIEW}),
            "county_approver": frozenset({_VIEW, _REVIEW}),
            "town_operator": frozenset({_VIEW, _EDIT, _HANDLE}),
            "leader": frozenset({_VIEW}),
            "supervisor": frozenset({_VIEW, OversightCap.SUPERVISE}),
        },
    )

    def ready(self) -> None:
        # Incident reports and supervision (issue 14 reqs. 3, 4): a supervisor's jurisdiction is his
        # groups' (core scoping's membership scope); overdue acknowledgements on the home page.
        from huanjie.core.plugins import todo_providers
        from huanjie.core.scoping import MembershipScope, register_membership_scope
        from huanjie.oversight import incidents_selectors, supervision_services

        register_membership_scope(
            MembershipScope(
                "supervisor",
                frozenset({_VIEW, OversightCap.SUPERVISE}),
                supervision_services.supervised_paths,
            )
        )
        todo_providers.register("oversight.incidents", incidents_selectors.overdue_todos)
