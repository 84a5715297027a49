"""Models of the elections app, one module per area (each area's models are imported here)."""

from huanjie.elections.models.committee import *  # noqa: F403  (area: committee, proxies, polling plan)
from huanjie.elections.models.docs import Notice, NoticeKind  # noqa: F401
from huanjie.elections.models.elections import Election, ElectionStep
from huanjie.elections.models.procedure import BoundaryChange, ElectionDependency, GovernmentAct
from huanjie.elections.models.roll import RollConflict, RollEntry, RollObjection, VoterRoll

__all__ = [
    "BoundaryChange",
    "Election",
    "ElectionDependency",
    "ElectionStep",
    "GovernmentAct",
    "RollConflict",
    "RollEntry",
    "RollObjection",
    "VoterRoll",
]

# procedure: corrections of recorded steps and acknowledged alerts
from huanjie.elections.models.procedure import AlertAck, StepCorrection

__all__ += ["AlertAck", "StepCorrection"]
from huanjie.elections.models.results import ResultReceipt, ResultRound, RoundKind, TallySheet  # noqa: E402, F401

# what a certified result does: tenures and the handover (issue 13 req. 7)
__all__ += ["Handover", "HandoverItem", "RoundTenure"]
from huanjie.elections.models.handover import Handover, HandoverItem, RoundTenure  # noqa: E402

# party results (issue 13 req. 5) and voiding (req. 8)
__all__ += ["ExclusionReason", "PartyExclusion", "PartyMeeting", "PartyMeetingKind"]
__all__ += ["VoidDecision", "VoidReferral", "VoidScope"]
from huanjie.elections.models.party_results import (  # noqa: E402
    ExclusionReason,
    PartyExclusion,
    PartyMeeting,
    PartyMeetingKind,
)
from huanjie.elections.models.voiding import VoidDecision, VoidReferral, VoidScope  # noqa: E402
