"""Capabilities of the oversight app (issue 14: petitions, risks, incident reports, supervision,
violations, training and policy Q&A, election-day checklists, publicity and public opinion).

A petitioner's identity is readable only with ``oversight.petition_handle`` (the handlers), and each
reading is audited; a supervision group's member writes only the visits and findings of the groups
he belongs to (``oversight.supervise``) and reads only their assigned jurisdictions."""

from enum import StrEnum


class OversightCap(StrEnum):
    VIEW = "oversight.view"
    """See the registers (petitions without the petitioner's identity, risks, incidents, findings,
    cases, training, Q&A) within the jurisdiction."""
    EDIT = "oversight.edit"
    """Register and handle petitions, risks, incidents, cases, training and questions (town, county,
    city operators within their jurisdiction)."""
    PETITION_HANDLE = "oversight.petition_handle"
    """Handle petitions and read the petitioner's identity (audited on every view)."""
    REVIEW = "oversight.review"
    """Review risks and contingency plans, acknowledge incident reports from below, answer questions
    (the county and the city)."""
    SUPERVISE = "oversight.supervise"
    """Record the visits and findings of one's own supervision groups (巡回督导组, 双联直挂)."""
