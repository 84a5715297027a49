"""Models of the oversight app, one module per area (imported here so Django finds them)."""

# Incident reports and supervision (issue 14 reqs. 3, 4).
from huanjie.oversight.models.incidents import Incident, IncidentSeverity, IncidentUpdate  # noqa: F401
from huanjie.oversight.models.supervision import (  # noqa: F401
    Finding,
    FindingFile,
    SupervisionArea,
    SupervisionCheckItem,
    SupervisionGroup,
    SupervisionMember,
    SupervisionVisit,
    VisitCheck,
)
