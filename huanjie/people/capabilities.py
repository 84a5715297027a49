"""Capabilities of the person registry's pages and API."""

from enum import StrEnum


class PeopleCap(StrEnum):
    VIEW = "people.view"
    EDIT = "people.edit"
    UNMASK = "people.unmask"
    # Ending a tenure (离任) and confirming a village's committee change set are decided by the town
    # (or higher): a village operator proposes a change set (people.edit) for the town to confirm.
    TENURE_END = "people.tenure_end"
