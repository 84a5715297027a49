from django.apps import AppConfig

from huanjie.core.plugins import Plugin
from huanjie.elections.capabilities import ElectionsCap

_VIEW, _EDIT = ElectionsCap.VIEW, ElectionsCap.EDIT


class ElectionsConfig(AppConfig):
    """Elections (issue 12): every village's schedule and steps, the election committee, voter rolls,
    proxies, the polling plan and the printed documents; civil affairs (民政) reads them and records
    the government's decisions and filings."""

    name = "huanjie.elections"
    label = "elections"
    verbose_name = "选举"
    plugin = Plugin(
        urls=(("elections/roll/", "huanjie.elections.roll_urls"),),
        importers={"elections_roll": "huanjie.elections.roll_importers.VoterRollImporter"},
        walker="tests.elections.walker",
        grants={
            "city_operator": frozenset({_VIEW, ElectionsCap.OVERSEE}),
            "county_operator": frozenset({_VIEW, ElectionsCap.OVERSEE}),
            "county_approver": frozenset({_VIEW, ElectionsCap.OVERSEE}),
            "town_operator": frozenset({_VIEW, _EDIT}),
            "village_operator": frozenset({_VIEW, _EDIT}),
            "leader": frozenset({_VIEW}),
            "supervisor": frozenset({_VIEW}),
            "civil_affairs": frozenset({_VIEW, ElectionsCap.CIVIL}),
        },
    )
