"""Models of the statistics app, one module per area (imported here so Django finds them)."""

# PDF reports: the village dossiers of a jurisdiction (issue 15 req. 5)
from huanjie.stats.models.reports import ReportJob  # noqa: F401
