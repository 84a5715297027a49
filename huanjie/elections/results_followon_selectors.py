"""Reads for the follow-on elections (issue 13 req. 6): the village's follow-on elections of the
campaign as steps (村务监督委员会, 村民代表, 村民小组长 and the supporting organizations the campaign
plans), each with its recorded result and the engine's check (huanjie.rules.followon)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from huanjie.elections import procedure_adapters as ad
from huanjie.elections import results_selectors as sel
from huanjie.elections.choices import Body
from huanjie.elections.models import Election, FollowOnResult, ResultRound
from huanjie.rules import followon
from huanjie.rules.profiles import law_in_force

FOLLOWON_BODIES = (Body.SUPERVISION, Body.REPRESENTATIVES, Body.GROUP_LEADERS, Body.OTHER)
SEXES = ("男", "女")


def committee_members(e: Election) -> list[str]:
    """The winners of the village's 村（居）委会 election of the same campaign, as announced in its
    certified rounds (the 村民委员会成员 a follow-on check needs)."""
    names: list[str] = []
    rounds = ResultRound.objects.filter(
        election__campaign=e.campaign, election__unit=e.unit, election__body=Body.COMMITTEE, state="certified"
    ).order_by("election_id", "number")
    for r in rounds:
        for winners in r.announced.values():
            names += [n for n in winners if n not in names]
    return names


def check(
    e: Election, members: list[dict[str, str]], committee_count: int
) -> followon.Check | followon.Composition | None:
    """The engine's check of a follow-on result: the 村民代表会议's make-up for 村民代表 ((2018) 第二十五条 /
    (2025) 第二十九条), no 村委会 member on the 村务监督委员会 ((2018) 第三十二条 / (2025) 第三十七条);
    村民小组长 and other organizations have no statutory numbers to check."""
    day = e.election_day
    law = law_in_force(ad.law_kind(e), day or e.campaign.window_start)
    if e.body == Body.REPRESENTATIVES:
        return followon.assembly_composition(
            representatives=len(members),
            women_representatives=sum(1 for m in members if m.get("sex") == "女"),
            committee_members=committee_count,
            law=law,
        )
    if e.body == Body.SUPERVISION:
        return followon.supervision_conflicts(
            members=[m["name"] for m in members], committee=committee_members(e), relatives={}, law=law
        )
    return None


def result_of(e: Election) -> FollowOnResult | None:
    return FollowOnResult.objects.filter(election=e).first()


@dataclass
class StepRow:
    election: Election
    result: FollowOnResult | None


@dataclass
class FollowOnPage:
    election: Election
    result: FollowOnResult | None
    can_edit: bool
    steps: list[StepRow]
    committee: list[str]
    women: int
    is_representatives: bool


def followon_page(user: Any, pk: int) -> FollowOnPage:
    e = sel.election(user, pk)
    siblings = list(
        Election.objects.filter(campaign=e.campaign, unit=e.unit, body__in=FOLLOWON_BODIES).order_by(
            "order", "pk"
        )
    )
    results = {r.election_id: r for r in FollowOnResult.objects.filter(election__in=siblings)}
    result = results.get(e.pk)
    return FollowOnPage(
        election=e,
        result=result,
        can_edit=e.body in FOLLOWON_BODIES and sel.may_edit(user, e),
        steps=[StepRow(s, results.get(s.pk)) for s in siblings],
        committee=committee_members(e),
        women=sum(1 for m in (result.members if result else []) if m.get("sex") == "女"),
        is_representatives=e.body == Body.REPRESENTATIVES,
    )
