from django.apps import AppConfig

from huanjie.core.capabilities import CoreCap
from huanjie.core.plugins import NavEntry, Plugin
from huanjie.org.capabilities import OrgCap

_BUSINESS = ("city_operator", "county_operator", "town_operator", "village_operator", "county_approver")
_OPERATORS = ("city_operator", "county_operator", "town_operator")


class OrgConfig(AppConfig):
    name = "huanjie.org"
    label = "org"
    verbose_name = "组织机构"
    plugin = Plugin(
        nav=(
            NavEntry("org:tree", "组织机构", "diagram-3", OrgCap.VIEW, order=10),
            NavEntry("org:unit_list", "村（社区）列表", "list-ul", OrgCap.VIEW, order=20),
        ),
        urls=(("org/", "huanjie.org.urls"),),
        api=(("/org", "huanjie.org.api.router"),),
        importers={"org_units": "huanjie.org.importers.OrgUnitImporter"},
        exporters={"org_units": "org:unit_export"},
        grants={
            **{
                r: frozenset({OrgCap.VIEW})
                for r in (*_BUSINESS, "vetting", "supervisor", "civil_affairs", "leader")
            },
            **{r: frozenset({OrgCap.VIEW, OrgCap.EDIT, CoreCap.IMPORT_RUN}) for r in _OPERATORS},
        },
        walker="tests.org.walker",
    )

    def ready(self) -> None:
        from huanjie.core import plugins
        from huanjie.org import home

        plugins.home_stats.register("org.units", home.unit_stats)
        plugins.home_panels.register("org.scope", home.scope_panel)
