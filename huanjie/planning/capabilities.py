"""Capabilities of the planning app (campaign, seats, assessments)."""

from enum import StrEnum


class PlanningCap(StrEnum):
    VIEW = "planning.view"
    """See the campaign and, within the jurisdiction, seats and assessments (保密: never granted to
    village operators, vetting departments or supervision groups)."""
    EDIT = "planning.edit"
    """Prepare a village's records (the town), unlock locked ones (the level above)."""
    REVIEW = "planning.review"
    """Return or approve what the town submitted (the county)."""
    CAMPAIGN = "planning.campaign"
    """Set up and publish the campaign (the city)."""
    SETTINGS = "planning.settings"
    """Read the campaign's settings (responsibility list, targets, negative list, guidance, joint-review
    departments) of the user's city: not confidential, so also village operators, vetting departments
    and supervision groups; its age and education guidance joins the village page's checks."""
    EXPORT = "planning.export"
    """Print (PDF) or export confidential planning records (personnel plans): county level and above
    only (只做不说 overrides “every list exports”); never towns, villages, vetting or supervision."""
