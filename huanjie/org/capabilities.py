"""Capabilities of the org tree's pages and API."""

from enum import StrEnum


class OrgCap(StrEnum):
    VIEW = "org.view"
    EDIT = "org.edit"
