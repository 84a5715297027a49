from django.apps import AppConfig

from huanjie.core.plugins import NavEntry, Plugin
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
        nav=(
            NavEntry("elections:index", "选举", "check2-square", _VIEW, order=50),
            NavEntry("elections:calendar", "选举日程", "calendar3", _VIEW, order=51),
            NavEntry(
                "elections:oversight", "冲突与违规", "exclamation-triangle", ElectionsCap.OVERSEE, order=52
            ),
            NavEntry("elections_committee:index", "选举委员会", "people", ElectionsCap.VIEW, order=53),
            NavEntry("elections_roll:index", "选民名单", "person-lines-fill", ElectionsCap.VIEW, order=54),
            NavEntry("elections_results:index", "选举结果", "clipboard-check", ElectionsCap.VIEW, order=55),
        ),
        urls=(
            ("elections/", "huanjie.elections.urls"),
            ("elections/docs/", "huanjie.elections.docs_urls"),
            ("elections/committee/", "huanjie.elections.committee_urls"),
            ("elections/roll/", "huanjie.elections.roll_urls"),
            ("elections/results/", "huanjie.elections.results_urls"),
        ),
        api=(
            ("/elections", "huanjie.elections.api.router"),
            ("/elections/committee", "huanjie.elections.committee_api.router"),
            ("/elections/roll", "huanjie.elections.roll_api.router"),
            ("/elections/results", "huanjie.elections.results_api.router"),
        ),
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

    def ready(self) -> None:
        from huanjie.core.plugins import todo_providers
        from huanjie.elections import procedure_selectors

        todo_providers.register("elections.procedure", procedure_selectors.alerts)

        from huanjie.elections import results_selectors

        todo_providers.register("elections.results", results_selectors.alerts)

        # the voter roll and the election committee in a candidate's screening (issue 11 req. 3)
        from huanjie.core.plugins import screening_items, screening_runs
        from huanjie.elections import screening_items as items

        screening_items.register("elections.voter_registration", items.voter_registration)
        screening_items.register("elections.election_committee", items.election_committee_withdrawal)
        screening_runs.register("elections.voter_registration", items.voter_registration_run)
        screening_runs.register("elections.election_committee", items.election_committee_run)

        # the handover after the results (issue 13 req. 7): overdue lists and lists to sign off
        from huanjie.elections import results_handover_selectors

        todo_providers.register("elections.handover", results_handover_selectors.handover_todos)
