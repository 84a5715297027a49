"""Capabilities of the statistics app (issue 15: before/after structure, progress, dashboards,
reporting tables, PDF reports, the signed roll-up for the level above).

Every figure is read within the user's jurisdiction; a list of persons behind a figure shows only
what the person register lets the reader see."""

from enum import StrEnum


class StatsCap(StrEnum):
    VIEW = "stats.view"
    """See the statistics, dashboards and drill-downs of one's jurisdiction."""
    EXPORT = "stats.export"
    """Download the reporting tables (Excel) and the PDF reports of one's jurisdiction."""
    ROLLUP = "stats.rollup"
    """Export the signed roll-up for the level above, and import and verify the roll-ups of the
    levels below (the city, a provincial deployment)."""
