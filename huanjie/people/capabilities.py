"""Capabilities of the person registry's pages and API."""

from enum import StrEnum


class PeopleCap(StrEnum):
    VIEW = "people.view"
    EDIT = "people.edit"
    UNMASK = "people.unmask"
    # Changing a committee's membership directly — seating a member (任职) or ending a tenure (离任) —
    # and confirming or returning a village's change set are decided by the town (or higher). A
    # village operator proposes every such change in a change set (people.edit) on the committee
    # page of his own village, for the town to confirm (issue 9 req. 11).
    TENURE_CHANGE = "people.tenure_change"
