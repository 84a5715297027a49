"""Capabilities of the person registry's pages and API."""

from enum import StrEnum


class PeopleCap(StrEnum):
    VIEW = "people.view"
    EDIT = "people.edit"
    UNMASK = "people.unmask"
    # Ending a tenure (离任) is decided by the town (or higher): a village operator may only report it.
    TENURE_END = "people.tenure_end"
