"""Models of the elections app, one module per area (each area's models are imported here)."""

from huanjie.elections.models.elections import Election, ElectionStep
from huanjie.elections.models.roll import RollConflict, RollEntry, RollObjection, VoterRoll

__all__ = ["Election", "ElectionStep", "RollConflict", "RollEntry", "RollObjection", "VoterRoll"]
