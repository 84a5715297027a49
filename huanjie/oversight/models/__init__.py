"""Models of the oversight app, one module per area (imported here so Django finds them)."""

from huanjie.oversight.models.checklist import ChecklistCheck, ChecklistItem  # noqa: F401
from huanjie.oversight.models.publicity import OpinionEvent, PublicityTask  # noqa: F401
from huanjie.oversight.models.training import (  # noqa: F401
    EducationUpgrade,
    MechanismDecision,
    OversightSetting,
    PolicyQuestion,
    TrainingAttendance,
    TrainingOfficial,
    TrainingSession,
)
