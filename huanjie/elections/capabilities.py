"""Capabilities of the elections app (procedure, rolls, proxies, polling plan, documents)."""

from enum import StrEnum


class ElectionsCap(StrEnum):
    VIEW = "elections.view"
    """See the elections, their steps, rolls and documents within the jurisdiction."""
    EDIT = "elections.edit"
    """Schedule elections and record their steps, rolls, proxies and polling plans (village and town)."""
    OVERSEE = "elections.oversee"
    """The county's view of conflicts, violations and overdue steps; decides roll conflicts it holds."""
    CIVIL = "elections.civil"
    """Civil affairs (民政, the government's election-guidance office): record the decisions and
    filings (备案) the profile gives the government."""
