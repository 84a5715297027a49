"""Reads of individual ballot entry (issue 13 req. 1): a box's ballots and the sheet numbers they
give, counted by the law engine's ballot rules (huanjie.rules.counting.count_ballots): a section
marking more names than the post's seats, or one name twice, is invalid for that post and still
counts as a ballot (北京 第二十八条 / 浙江 第二十七条 / 上海 第十九条 / 河南 第三十五条;
legal-rules.md §4 ex. 4); an unreadable ballot is a 废票 counted in the ballots (北京 第二十八条
“废票计入选票总数”); one person marked for two posts follows the profile's rule (浙江 第二十七条
“选举同一人为两项以上职务的无效”)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from huanjie.core.scoping import get_scoped_or_404
from huanjie.elections import procedure_adapters as ad
from huanjie.elections import results_selectors as rsel
from huanjie.elections.models import Ballot, ResultRound, TallySheet
from huanjie.rules import counting
from huanjie.rules.citations import provenance_label
from huanjie.rules.profiles import get_profile, law_in_force

RECENT = 50
"""Ballots listed on the entry page unless all are asked for (the newest first)."""


def _row(b: Ballot, n_posts: int) -> counting.BallotRow:
    if b.unreadable:
        return None
    marks = list(b.marks or [])
    marks += [[]] * (n_posts - len(marks))
    return tuple(tuple(m) for m in marks[:n_posts])


def count(r: ResultRound, ballots: Sequence[Ballot]) -> counting.BallotCount:
    """The box's ballots counted with the campaign's profile and the text in force on the voting day
    (the way the round's verdict is judged)."""
    e = r.election
    posts = [
        counting.PostTally(post=p["post"], seats=int(p["seats"]), candidates=tuple(p["candidates"]), votes={})
        for p in r.posts
    ]
    return counting.count_ballots(
        posts,
        [_row(b, len(posts)) for b in ballots],
        get_profile(e.campaign.profile_code),
        law_in_force(ad.law_kind(e), r.voting_day),
    )


def sheet_numbers(r: ResultRound, ballots: Sequence[Ballot]) -> dict[str, Any]:
    """The tally sheet's numbers the ballots give: returned (every ballot), invalid as a whole (the
    unreadable ones), each post's invalid sections and its votes."""
    bc = count(r, ballots)
    return {
        "ballots_returned": bc.ballots,
        "ballots_invalid": bc.unreadable,
        "votes": {p.post: {n: v for n, v in sorted(p.votes.items()) if v} for p in bc.posts},
        "section_invalid": {p.post: p.invalid - bc.unreadable for p in bc.posts if p.invalid > bc.unreadable},
    }


def section_problems(posts: Sequence[Mapping[str, Any]], marks: Sequence[Sequence[str]]) -> list[str]:
    """Why sections of one ballot are invalid, in Chinese (shown beside the ballot as entered)."""
    out = []
    for p, names in zip(posts, marks, strict=False):
        if len(names) > int(p["seats"]):
            out.append(f"{p['post']}栏所选 {len(names)} 人多于应选 {p['seats']} 名，该栏无效")
        elif len(set(names)) != len(names):
            out.append(f"{p['post']}栏重复标记同一人，该栏无效")
    return out


@dataclass(frozen=True)
class BallotLine:
    ballot: Ballot
    marks: list[tuple[str, str]]
    problems: list[str]


@dataclass
class BallotsPage:
    sheet: TallySheet
    lines: list[BallotLine]
    total: int
    shown_all: bool
    checks: list[rsel.Check]
    steps: list[dict[str, str]]
    can_edit: bool
    legend: list[tuple[str, int, list[tuple[int, str]]]]
    vote_rows: list[tuple[str, int, list[tuple[str, int, bool]], int]]


def ballots_page(user: Any, pk: int, *, show_all: bool = False) -> BallotsPage:
    s = rsel.sheet(user, pk)
    r = s.round
    ballots = list(Ballot.objects.filter(sheet=s).order_by("number"))
    lines = []
    shown = ballots if show_all else ballots[-RECENT:]
    for b in reversed(shown):
        marks = [] if b.unreadable else list(b.marks or [])
        lines.append(
            BallotLine(
                b,
                [(p["post"], "、".join(m) or "未选") for p, m in zip(r.posts, marks, strict=False)],
                ["废票（整张无效）"] if b.unreadable else section_problems(r.posts, marks),
            )
        )
    steps = []
    if ballots:
        steps = [
            {
                "text": st.text.removesuffix(f"（{st.citation}）"),
                "citation": st.citation,
                "provenance": provenance_label(st.citation),
            }
            for st in count(r, ballots).steps
        ]
    return BallotsPage(
        sheet=s,
        lines=lines,
        total=len(ballots),
        shown_all=show_all or len(ballots) <= RECENT,
        checks=rsel.checks_of(s),
        steps=steps,
        can_edit=rsel.may_edit(user, r.election) and rsel.sheet_editable(s),
        legend=[
            (p["post"], int(p["seats"]), [(i + 1, n) for i, n in enumerate(p["candidates"])]) for p in r.posts
        ],
        vote_rows=rsel.vote_rows(s),
    )


def ballot(user: Any, pk: int, action: str = "view") -> Ballot:
    return get_scoped_or_404(  # type: ignore[no-any-return]
        Ballot.objects.select_related("sheet", "sheet__round", "sheet__round__election__unit"),
        user,
        action,
        pk=pk,
    )
