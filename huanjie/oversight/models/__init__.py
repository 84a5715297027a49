"""Models of the oversight app, one module per area (imported here so Django finds them): petitions
(信访) and risks (风险研判), issue 14 reqs. 1–2; incident reports and supervision, reqs. 3–4."""

from huanjie.oversight.models.incidents import Incident, IncidentSeverity, IncidentUpdate  # noqa: F401
from huanjie.oversight.models.petitions import Petition, PetitionSettings, PetitionStep  # noqa: F401
from huanjie.oversight.models.risks import Risk  # noqa: F401
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
