"""Reads for later rounds, re-runs and by-elections (issue 13 req. 3): the engine's timing check,
the roll a later day copies, the proxies' and notices' steps for that day, the ballot with only the
unfilled posts, and the pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from huanjie.elections import docs_ballots
from huanjie.elections import procedure_adapters as ad
from huanjie.elections import results_selectors as sel
from huanjie.elections.choices import Body, Kind
from huanjie.elections.models import ByElection, Election, LaterRound, ResultRound, RoundKind, VoterRoll
from huanjie.rules import followon
from huanjie.rules.dates import days_before
from huanjie.rules.profiles import get_profile, law_in_force
from huanjie.rules.schedule import procedure

RERUN_NEXT = ("new_election", "decision_needed")
LATER_DAY_STEPS = ("proxy_requests", "proxy_list", "election_notice")
"""The procedure's steps taken again for a later voting day: proxies and the polling notice."""


def _law_and_profile(e: Election, day: dt.date) -> tuple[Any, Any]:
    return law_in_force(ad.law_kind(e), day), get_profile(e.campaign.profile_code)


def timing(e: Election, kind: str, first_day: dt.date, day: dt.date) -> followon.RoundTiming:
    """The engine's judgement of the later round's day (same day / within the profile's window)."""
    law, profile = _law_and_profile(e, day)
    return followon.round_timing(kind=kind, first_day=first_day, day=day, profile=profile, law=law)  # type: ignore[arg-type]


def roll_to_copy(e: Election, day: dt.date) -> VoterRoll | None:
    """The village's roll of the last voting day (not yet copied on), which a later day updates."""
    return (
        VoterRoll.objects.filter(unit=e.unit, voting_day=day, superseded=False)
        .order_by("-pk")
        .select_related("unit")
        .first()
    )


@dataclass(frozen=True)
class DayStep:
    title: str
    due: dt.date
    citation: str


def later_day_steps(e: Election, day: dt.date) -> list[DayStep]:
    """The proxies' and the polling notice's steps counted back from a later voting day (the same
    rules as for the first day: the profile's proxy deadlines and notice days)."""
    law, profile = _law_and_profile(e, day)
    out = []
    for rule in procedure(law.code, profile.code):
        if rule.key in LATER_DAY_STEPS and rule.counting == "before":
            out.append(DayStep(rule.title, days_before(day, rule.days), rule.citation))
    if not any(s.title.startswith("委托") or "委托" in s.title for s in out) and profile.proxy_article:
        # No day count in the measure (北京 第二十五条: proxies before the voting day): the day before.
        cite = profile.cite(profile.proxy_article, law.cite(law.validity_article))
        out.append(DayStep("重新办理委托投票（投票日前）", days_before(day, 1), cite))
    return out


def notice_body(e: Election, r: ResultRound) -> str:
    posts = "、".join(f"{p['post']}{p['seats']}名" for p in r.posts)
    names = "；".join(f"{p['post']}：{'、'.join(p['candidates'])}" for p in r.posts if p["candidates"])
    what = r.get_kind_display().split("（")[0]
    return (
        f"根据第{r.number - 1}轮投票结果，定于{r.voting_day.year}年{r.voting_day.month}月{r.voting_day.day}日"
        f"进行{what}，应选{posts}。"
        + (f"候选人（按得票多少为序）：{names}。" if names else "")
        + "选民名单已按新的投票日更新并重新公布；需要委托投票的，请重新办理委托手续。"
    )


def rerun_allowed(e: Election) -> bool:
    last = ResultRound.objects.filter(election=e).order_by("-number").first()
    return bool(last and last.state == "certified" and last.engine.get("next") in RERUN_NEXT)


def later_ballots(r: ResultRound) -> list[docs_ballots.Ballot]:
    """The ballot of a later round: only its posts (the unfilled ones), candidates in the previous
    round's vote order (docs_ballots.ballot_for_round)."""
    e = r.election
    previous = ResultRound.objects.filter(election=e, number=r.number - 1).first()
    votes: dict[tuple[str, str], int] = {}
    if previous is not None:
        for p in previous.engine.get("posts", []):
            for name, n in p.get("votes", []):
                votes[(p["post"], name)] = int(n)
    _, profile = _law_and_profile(e, r.voting_day)
    ballots = docs_ballots.ballot_for_round(
        [(p["post"], int(p["seats"])) for p in r.posts],
        [(p["post"], n, votes.get((p["post"], n), 0)) for p in r.posts for n in p["candidates"]],
        committee=f"{e.unit.name}{ad.label(e)}",
        profile=profile,
        unit=e.unit.name,
        date=f"{r.voting_day.year}年{r.voting_day.month}月{r.voting_day.day}日",
    )
    if r.kind != RoundKind.SUPPLEMENTARY:
        label = r.get_kind_display().split("（")[0]
        ballots = [replace(b, subtitle=label) for b in ballots]
    return ballots


# ---------------------------------------------------------------------------------------------
# Pages


@dataclass
class LaterPage:
    election: Election
    rounds: list[ResultRound]
    rows: list[tuple[ResultRound, LaterRound | None]]
    can_edit: bool
    next_kinds: list[tuple[str, str]]
    first_day: dt.date | None
    preview: followon.RoundTiming | None
    preview_kind: str
    preview_day: dt.date | None
    day_steps: list[DayStep]
    rerun_allowed: bool
    children: list[Election]
    by_elections: list[ByElection]
    engine_next: str
    can_by_elect: bool
    notes: list[str] = field(default_factory=list)


def later_page(user: Any, pk: int, *, kind: str = "", day: dt.date | None = None) -> LaterPage:
    e = sel.election(user, pk)
    rounds = list(ResultRound.objects.filter(election=e).order_by("number"))
    arrangements = {a.round_id: a for a in LaterRound.objects.filter(round__election=e)}
    kinds = sel.next_kinds(rounds)
    first_day = rounds[0].voting_day if rounds else None
    kind = kind if kind in dict(kinds) else (kinds[0][0] if kinds else "")
    preview = None
    steps: list[DayStep] = []
    if kind and first_day is not None:
        day = day if day is not None and day >= first_day else first_day
        preview = timing(e, kind, first_day, day)
        if preview.new_roll:
            steps = later_day_steps(e, day)
    children = list(Election.objects.filter(previous=e).select_related("unit").order_by("pk"))
    by = list(ByElection.objects.filter(election__previous=e).select_related("election").order_by("pk"))
    return LaterPage(
        election=e,
        rounds=rounds,
        rows=[(r, arrangements.get(r.pk)) for r in rounds],
        can_edit=sel.may_edit(user, e),
        next_kinds=kinds,
        first_day=first_day,
        preview=preview,
        preview_kind=kind,
        preview_day=day if preview is not None else None,
        day_steps=steps,
        rerun_allowed=rerun_allowed(e) and not any(c.kind == Kind.RE_ELECTION for c in children),
        children=children,
        by_elections=by,
        engine_next=rounds[-1].engine.get("next_label", "") if rounds else "",
        can_by_elect=e.body == Body.COMMITTEE and sel.may_edit(user, e),
    )


def by_election_check(be: ByElection) -> followon.Check | None:
    """The engine's turnout check of a 补选, once its round records who voted."""
    r = ResultRound.objects.filter(election=be.election).order_by("number").first()
    if r is None or r.voted is None:
        return None
    law, profile = _law_and_profile(be.election, r.voting_day)
    return followon.by_election_turnout(
        body=be.held_by,  # type: ignore[arg-type]
        members=be.members,
        voting=r.voted,
        law=law,
        profile=profile,
    )
