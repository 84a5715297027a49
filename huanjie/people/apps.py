from django.apps import AppConfig

from huanjie.core.capabilities import CoreCap
from huanjie.core.plugins import NavEntry, Plugin
from huanjie.people.capabilities import PeopleCap

_OPERATORS = ("city_operator", "county_operator", "town_operator")
_VIEW, _EDIT, _UNMASK = PeopleCap.VIEW, PeopleCap.EDIT, PeopleCap.UNMASK
_CHANGE = PeopleCap.TENURE_CHANGE


class PeopleConfig(AppConfig):
    name = "huanjie.people"
    label = "people"
    verbose_name = "人员与班子"
    plugin = Plugin(
        nav=(
            NavEntry("people:list", "人员", "people", PeopleCap.VIEW, order=30),
            NavEntry("people:conflicts", "登记冲突", "sign-intersection", PeopleCap.VIEW, order=31),
        ),
        urls=(("people/", "huanjie.people.urls"),),
        api=(("/people", "huanjie.people.api.router"),),
        importers={"roster": "huanjie.people.importers.RosterImporter"},
        exporters={"persons": "people:export"},
        grants={
            **{r: frozenset({_VIEW, _EDIT, _UNMASK, _CHANGE, CoreCap.IMPORT_RUN}) for r in _OPERATORS},
            # No _CHANGE: the town decides who joins or leaves a village's committees; the village
            # proposes every such change in a change set (_EDIT) on its committee page, and the
            # town confirms or returns it.
            "village_operator": frozenset({_VIEW, _EDIT}),
            "county_approver": frozenset({_VIEW, _UNMASK}),
            "supervisor": frozenset({_VIEW}),
            "leader": frozenset({_VIEW}),
        },
        walker="tests.people.walker",
    )

    def ready(self) -> None:
        # Lower layers (core's home page, org's tree and unit pages) ask these hooks and never
        # import people.
        from huanjie.core.plugins import home_stats, todo_providers, tree_counters, unit_panels
        from huanjie.people import conflicts, home, selectors, views

        home_stats.register("people.sitting", home.sitting_stat)
        todo_providers.register("people.conflicts", conflicts.conflict_todos)
        tree_counters.register("people.sitting", selectors.sitting_counter)
        unit_panels.register("people.link", views.people_link_panel)
        unit_panels.register("people.structure", views.structure_panel)
        unit_panels.register("people.committees", views.committees_panel)
