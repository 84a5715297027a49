"""Models of the oversight app, one module per area (imported here so Django finds them)."""

# Petitions (信访) and risks (风险研判), issue 14 reqs. 1–2.
from huanjie.oversight.models.petitions import Petition, PetitionSettings, PetitionStep  # noqa: F401
from huanjie.oversight.models.risks import Risk  # noqa: F401
