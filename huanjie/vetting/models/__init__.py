"""Models of the vetting app, one module per area (each area's models are imported here)."""

from huanjie.vetting.models.candidates import Candidate, Finding, PartyRequest
from huanjie.vetting.models.exceptions import AgeRelaxationApproval, ToleranceRuling
from huanjie.vetting.models.nomination import NominationPaperEntry, NominationRound, Nominee
from huanjie.vetting.models.party import Inspection
from huanjie.vetting.models.pledges import Pledge
from huanjie.vetting.models.review import PrecheckAnswer, PrecheckOfficeListing, ReviewBatch, ReviewEntry
from huanjie.vetting.models.talks import Talk

__all__ = [
    "AgeRelaxationApproval",
    "Candidate",
    "Finding",
    "Inspection",
    "NominationPaperEntry",
    "NominationRound",
    "Nominee",
    "PartyRequest",
    "Pledge",
    "PrecheckAnswer",
    "PrecheckOfficeListing",
    "ReviewBatch",
    "ReviewEntry",
    "Talk",
    "ToleranceRuling",
]

# pledge roll-up counts (vettingspeed, issue 11 req. 13)
from huanjie.vetting.models.pledges import PledgeTally

__all__ += ["PledgeTally"]
