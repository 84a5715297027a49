"""Models of the statistics app, one module per area (imported here so Django finds them)."""

# PDF reports: the village dossiers of a jurisdiction (issue 15 req. 5)
from huanjie.stats.models.reports import ReportJob  # noqa: F401

# the signed roll-up for the level above (issue 15 req. 6)
from huanjie.stats.models.rollup import ImportedRollup  # noqa: F401

# structure before/after against the targets (issue 15 reqs. 1, 7, 8)
from huanjie.stats.models.structure import StructureBuild, StructureSummary  # noqa: F401
