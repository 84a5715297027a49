"""Models of the vetting app, one module per area (each area's models are imported here)."""

from huanjie.vetting.models.candidates import Candidate, Finding, PartyRequest
from huanjie.vetting.models.party import Inspection
from huanjie.vetting.models.review import PrecheckAnswer, PrecheckOfficeListing, ReviewBatch, ReviewEntry

__all__ = [
    "Candidate",
    "Finding",
    "Inspection",
    "PartyRequest",
    "PrecheckAnswer",
    "PrecheckOfficeListing",
    "ReviewBatch",
    "ReviewEntry",
]
