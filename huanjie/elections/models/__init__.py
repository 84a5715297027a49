"""Models of the elections app, one module per area (each area's models are imported here)."""

# individual ballots of a box (issue 13 req. 1)
from huanjie.elections.models.ballots import Ballot
from huanjie.elections.models.committee import *  # noqa: F403  (area: committee, proxies, polling plan)
from huanjie.elections.models.docs import Notice, NoticeKind  # noqa: F401
from huanjie.elections.models.elections import Election, ElectionStep

# filing (备案) of 村（居）委会 results (issue 13 req. 4)
from huanjie.elections.models.filing import ResultFiling

# later rounds' arrangements, by-elections, follow-on bodies' results (issue 13 reqs. 3, 6)
from huanjie.elections.models.followon import ByElection, ByElectionBody, FollowOnResult, LaterRound

# what a certified result does: tenures and the handover (issue 13 req. 7)
from huanjie.elections.models.handover import Handover, HandoverItem, RoundTenure

# party results (issue 13 req. 5)
from huanjie.elections.models.party_results import (
    ExclusionReason,
    PartyExclusion,
    PartyMeeting,
    PartyMeetingKind,
)
from huanjie.elections.models.procedure import (
    AlertAck,
    BoundaryChange,
    ElectionDependency,
    GovernmentAct,
    StepCorrection,
)
from huanjie.elections.models.results import ResultReceipt, ResultRound, RoundKind, TallySheet
from huanjie.elections.models.roll import RollConflict, RollEntry, RollObjection, VoterRoll

# voiding (issue 13 req. 8)
from huanjie.elections.models.voiding import VoidDecision, VoidReferral, VoidScope

__all__ = [
    "AlertAck",
    "Ballot",
    "BoundaryChange",
    "ByElection",
    "ByElectionBody",
    "Election",
    "ElectionDependency",
    "ElectionStep",
    "ExclusionReason",
    "FollowOnResult",
    "GovernmentAct",
    "Handover",
    "HandoverItem",
    "LaterRound",
    "PartyExclusion",
    "PartyMeeting",
    "PartyMeetingKind",
    "ResultFiling",
    "ResultReceipt",
    "ResultRound",
    "RollConflict",
    "RollEntry",
    "RollObjection",
    "RoundKind",
    "RoundTenure",
    "StepCorrection",
    "TallySheet",
    "VoidDecision",
    "VoidReferral",
    "VoidScope",
    "VoterRoll",
]
