from django.apps import AppConfig

from huanjie.core.plugins import Plugin
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
        nav=(),
        urls=(),
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
