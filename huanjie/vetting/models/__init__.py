"""Models of the vetting app, one module per area (each area's models are imported here)."""

from huanjie.vetting.models.candidates import Candidate, Finding, PartyRequest
from huanjie.vetting.models.nomination import NominationPaperEntry, NominationRound, Nominee  # nomination

__all__ = ["Candidate", "Finding", "NominationPaperEntry", "NominationRound", "Nominee", "PartyRequest"]
