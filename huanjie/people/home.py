"""The person registry's contributions to the home page (registered in PeopleConfig.ready())."""

from __future__ import annotations

from huanjie.accounts.models import User
from huanjie.core.plugins import HomeStat
from huanjie.people.capabilities import PeopleCap
from huanjie.people.selectors import sitting_tenures


def sitting_stat(user: User) -> list[HomeStat]:
    if not user.has_capability(PeopleCap.VIEW):
        return []
    sitting = sitting_tenures(user).values("person_id").distinct().count()
    return [HomeStat("在任“两委”成员", sitting, "people", order=40)]
