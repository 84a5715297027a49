"""Models of the elections app, one module per area (each area's models are imported here)."""

from huanjie.elections.models.elections import Election, ElectionStep

__all__ = ["Election", "ElectionStep"]
