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
from huanjie.elections.models.results import ResultReceipt, ResultRound, RoundKind, TallySheet  # noqa: F401

# followon (issue 13 reqs. 3, 6): later rounds' arrangements, by-elections, follow-on bodies' results
__all__ += ["ByElection", "ByElectionBody", "FollowOnResult", "LaterRound"]
from huanjie.elections.models.followon import ByElection, ByElectionBody, FollowOnResult, LaterRound  # noqa: E402
