"""Capabilities of the person registry's pages and API."""

from enum import StrEnum


class PeopleCap(StrEnum):
    VIEW = "people.view"
    EDIT = "people.edit"
    UNMASK = "people.unmask"
