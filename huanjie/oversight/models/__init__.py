"""Models of the oversight app, one module per area (imported here so Django finds them): petitions
(信访) and risks (风险研判), issue 14 reqs. 1–2; incident reports and supervision, reqs. 3–4;
training, policy Q&A, the election-day checklist and publicity, reqs. 6–8."""

from huanjie.oversight.models.checklist import ChecklistCheck, ChecklistItem  # noqa: F401
from huanjie.oversight.models.incidents import Incident, IncidentSeverity, IncidentUpdate  # noqa: F401
from huanjie.oversight.models.petitions import Petition, PetitionSettings, PetitionStep  # noqa: F401
from huanjie.oversight.models.publicity import OpinionEvent, PublicityTask  # noqa: F401
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
from huanjie.oversight.models.training import (  # noqa: F401
    EducationUpgrade,
    MechanismDecision,
    OversightSetting,
    PolicyQuestion,
    TrainingAttendance,
    TrainingOfficial,
    TrainingSession,
)

# violations (三个一律), issue 14 req. 5
from huanjie.oversight.models.violations import (  # noqa: F401
    ViolationAccountability,
    ViolationCase,
    ViolationConsequence,
    ViolationFile,
    ViolationParty,
)
