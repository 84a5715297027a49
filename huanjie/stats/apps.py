from django.apps import AppConfig

from huanjie.core.plugins import NavEntry, Plugin
from huanjie.stats.capabilities import StatsCap

# reporting tables (req. 4)
from huanjie.stats.tables_kinds import KINDS as TABLE_KINDS

_VIEW, _EXPORT, _ROLLUP = StatsCap.VIEW, StatsCap.EXPORT, StatsCap.ROLLUP


class StatsConfig(AppConfig):
    """Statistics and reports (issue 15): the before/after structure of every village rolled up to
    the city against the campaign's targets, progress, leaders' dashboards with drill-down, the
    reporting tables in Excel, PDF reports and a signed roll-up for the level above.

    Each area lives in its own modules (``<area>_selectors``, ``<area>_views`` …) and adds its
    navigation entries, URL files and API routers below, one block per area."""

    name = "huanjie.stats"
    label = "stats"
    verbose_name = "统计"
    plugin = Plugin(
        nav=(
            # structure before/after against the targets (issue 15 reqs. 1, 7)
            NavEntry("stats_structure:index", "班子结构", "people", _VIEW, order=80),
            # progress and dashboards (reqs. 2, 3)
            NavEntry("stats_dash:index", "数据看板", "bar-chart", _VIEW, order=81),
            # reporting tables (req. 4)
            NavEntry("stats_tables:index", "统计报表", "table", _EXPORT, order=82),
            # PDF reports and the signed roll-up (reqs. 5, 6)
            NavEntry("stats_reports:index", "报告与汇总上报", "file-earmark-pdf", _EXPORT, order=83),
        ),
        urls=(
            ("stats/structure/", "huanjie.stats.structure_urls"),
            ("stats/dash/", "huanjie.stats.dash_urls"),
            ("stats/tables/", "huanjie.stats.tables_urls"),
            ("stats/reports/", "huanjie.stats.reports_urls"),
            ("stats/dossiers/", "huanjie.stats.dossier_urls"),
        ),
        api=(
            # progress and dashboards (reqs. 2, 3): the dashboard's figures and the villages behind them
            ("/stats", "huanjie.stats.dash_api.router"),
        ),
        walker="tests.stats.walker",
        # reporting tables (req. 4): layouts as data, replaceable per city
        layouts=(*TABLE_KINDS,),
        grants={
            "city_operator": frozenset({_VIEW, _EXPORT, _ROLLUP}),
            "county_operator": frozenset({_VIEW, _EXPORT}),
            "county_approver": frozenset({_VIEW, _EXPORT}),
            "town_operator": frozenset({_VIEW, _EXPORT}),
            "leader": frozenset({_VIEW, _EXPORT}),
        },
    )

    def ready(self) -> None:
        # structure (issue 15 req. 8): the per-village summary follows tenures, persons and plans
        from huanjie.stats import structure_services

        structure_services.connect()
