"""The person registry's contributions to the home page (registered in PeopleConfig.ready())."""

from __future__ import annotations

from huanjie.accounts.models import User
from huanjie.core.plugins import HomeStat
from huanjie.people.capabilities import PeopleCap
from huanjie.people.selectors import sitting_figures

TWO_COMMITTEES_LABEL = "在任“两委”成员"
"""Distinct people sitting on the Party organization or the villagers'/residents' committee: the same
figure as the tree's 在任 counter and the village page's structure card (not the 监委会)."""
SUPERVISION_LABEL = "在任监委会成员"


def sitting_stat(user: User) -> list[HomeStat]:
    if not user.has_capability(PeopleCap.VIEW):
        return []
    two, supervision = sitting_figures(user)
    return [
        HomeStat(TWO_COMMITTEES_LABEL, two, "people", order=40),
        HomeStat(SUPERVISION_LABEL, supervision, "eye", order=41),
    ]
