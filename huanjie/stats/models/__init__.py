"""Models of the statistics app, one module per area (imported here so Django finds them)."""

# structure before/after against the targets (issue 15 reqs. 1, 7, 8)
from huanjie.stats.models.structure import StructureBuild, StructureSummary  # noqa: F401
