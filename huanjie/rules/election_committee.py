"""The 村民（居民）选举委员会: how it is chosen, who must leave it, and how its seats are filled
(issue 12 req. 3; legal-rules.md §1, §3, §4).

* Chosen: “由村民会议、村民代表会议或者各村民小组会议推选产生” (村民委员会组织法(2018) 第十二条 / (2025)
  第十五条 [V]); the measures set a size (浙江 第八条, 上海 第七条, 北京 第九条, 河南 第十一条 [V]; elsewhere
  the 民政部 规程's “不少于三人，以奇数为宜” as guidance [S]). The chair (主任) is 推选 by the members
  where the measure says so (河南 第十一条 “主任在村民选举委员会成员中推选产生，不得指定” [V]); elsewhere the
  record says who chose the chair (judgement [M]).
* Withdrawal (:func:`withdrawals`): a member nominated as a candidate must leave (2018 第十二条;
  2025 第十五条; 浙江 第九条, 上海 第七条, 北京 第十一条, 河南 第十二条 [V]); from 2026-01-01 also a member
  whose near relative is nominated (2025 第十五条 “成员或者其近亲属” [V]), and under the 2018 text where the
  measure says so
  (浙江 第九条 “配偶、父母子女、兄弟姐妹” [V]); otherwise a relative's nomination is only reported (the
  article table and the 2018 judgement are the ones :mod:`huanjie.rules.screening` uses). The chair
  nominated for 主任 is the common case: the chair leaves and the members choose a new chair.
* Vacancies (:func:`fill_vacancies`): “按照原推选结果依次递补，也可以另行推选” (the national texts, 浙江
  第九条, 上海 第七条 [V]); 北京 第十一条 and 河南 第十二条 allow a new choice only when the ranking is
  exhausted [V]. A tie at the cut is not settled by the ranking (the meeting decides [M]).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from huanjie.rules.citations import (
    ELECTION_COMMITTEE_ARTICLES,
    JUDGEMENT_EC_CHAIR,
    JUDGEMENT_EC_CHAIR_VACANT,
    JUDGEMENT_EC_SIZE,
    JUDGEMENT_WITHDRAWAL_2018,
    JUDGEMENT_WITHDRAWAL_NO_TEXT,
)
from huanjie.rules.committee_checks import Finding
from huanjie.rules.profiles import KIN_1045, Law, LawKind, Profile, get_profile, law_in_force

__all__ = [
    "CHOSEN_BY_LABELS",
    "ChosenBy",
    "Filling",
    "Member",
    "Nominee",
    "Reserve",
    "Withdrawal",
    "chair_rule",
    "choice_citation",
    "fill_vacancies",
    "size_findings",
    "withdrawals",
]

ChosenBy = Literal["villagers_meeting", "representatives_meeting", "group_meetings"]
CHOSEN_BY_LABELS: dict[str, str] = {
    "villagers_meeting": "村民会议推选",
    "representatives_meeting": "村民代表会议推选",
    "group_meetings": "各村民小组会议推选",
}
"""The three bodies that may choose the committee (2018 第十二条 / 2025 第十五条 [V])."""

Relations = Mapping[tuple[str, str], str]
"""``{(a, b): label}``: ``a`` is ``b``'s label (one of :data:`KIN_1045`); the adapter gives both
directions (父母 one way, 子女 the other)."""


@dataclass(frozen=True)
class Member:
    """A sitting member of the election committee (``chair``: its 主任)."""

    person: str
    name: str
    chair: bool = False


@dataclass(frozen=True)
class Nominee:
    """A person nominated as a candidate for the 村（居）民委员会 (``post`` in Chinese, e.g. 主任)."""

    person: str
    name: str
    post: str


@dataclass(frozen=True)
class Reserve:
    """A person of the original 推选 who was not chosen, with the votes received (the ranking)."""

    person: str
    name: str
    votes: int


@dataclass(frozen=True)
class Withdrawal:
    """What the nomination of ``nominee`` means for ``member``: ``required`` (must leave) or only
    reported (a relative's nomination where no text requires it); ``chair``: the member is the 主任."""

    person: str
    name: str
    nominee: str
    required: bool
    chair: bool
    text: str
    citation: str

    @property
    def finding(self) -> Finding:
        code = "ec_withdrawal" if self.required else "ec_relative_reported"
        return Finding(code, "block" if self.required else "warning", self.text, self.citation)


@dataclass(frozen=True)
class Filling:
    """How the vacancies are filled: ``picks`` from the ranking in order, ``tied`` reserves tied at
    the cut (not picked: the meeting decides), ``shortfall`` seats the ranking cannot fill (另行推选),
    ``new_choice_allowed``: a new choice may replace the ranking altogether."""

    picks: tuple[Reserve, ...]
    tied: tuple[Reserve, ...]
    shortfall: int
    new_choice_allowed: bool
    text: str
    citation: str


def _title(law: Law) -> str:
    return f"{law.schedule.committee[0]}民选举委员会"


def _with_measure(national: str, prof: Profile, article: str) -> str:
    """The national citation joined with the measure's ``article`` (or the profile's inherits note)."""
    if article and prof.measure:
        return f"{national}；{prof.cite(article, '')}"
    return prof.cite("", national)


def choice_citation(*, kind: LawKind, profile: str, day: date) -> str:
    """Who may choose the committee (村民会议、村民代表会议或者各村民小组会议推选), by the text in force on
    ``day`` and the measure's article."""
    law = law_in_force(kind, day)
    prof = get_profile(profile)
    article = ELECTION_COMMITTEE_ARTICLES.get(law.code)
    national = law.cite(article[0]) if article else JUDGEMENT_WITHDRAWAL_NO_TEXT
    return _with_measure(national, prof, prof.election_committee_article)


def chair_rule(*, profile: str) -> tuple[bool, str, str]:
    """``(by_members, text, citation)``: whether the members choose the chair from among themselves
    (河南 第十一条 [V]) or the record names who chose the chair (judgement [M])."""
    prof = get_profile(profile)
    if prof.election_committee_chair_by_members:
        return (
            True,
            "主任在村民选举委员会成员中推选产生，不得指定",
            prof.cite(prof.election_committee_article, ""),
        )
    return False, "主任由推选成员的会议或者成员推选产生，不得指定", JUDGEMENT_EC_CHAIR


def size_findings(count: int, *, profile: str) -> list[Finding]:
    """The committee's size against the measure (a block outside its bounds) or, where the measure
    sets none, the 民政部 规程's guidance (a warning when fewer than three or even)."""
    prof = get_profile(profile)
    bounds = prof.election_committee_size
    if bounds is not None:
        low, high = bounds
        if low <= count <= high:
            return []
        return [
            Finding(
                "ec_size",
                "block",
                f"村民选举委员会现有成员 {count} 人，本省办法规定由主任和委员共{low}至{high}人组成",
                prof.cite(prof.election_committee_article, ""),
            )
        ]
    if count >= 3 and count % 2 == 1:
        return []
    return [
        Finding(
            "ec_size",
            "warning",
            f"村民选举委员会现有成员 {count} 人；规程建议不少于三人，以奇数为宜",
            JUDGEMENT_EC_SIZE,
        )
    ]


def _member_and_nominee(
    m: Member, n: Nominee, relations: Relations, law: Law, prof: Profile, title: str
) -> Withdrawal | None:
    article = ELECTION_COMMITTEE_ARTICLES.get(law.code)
    national = law.cite(article[0]) if article else JUDGEMENT_WITHDRAWAL_NO_TEXT
    committee = law.schedule.committee
    chair_note = ""
    if m.chair:
        by_members, _, _ = chair_rule(profile=prof.code)
        chair_note = (
            "；主任出缺，由成员在村民选举委员会成员中重新推选主任"
            if by_members
            else "；主任出缺，出缺名额依法递补或者另行推选，主任由成员重新推选"
        )
    role = "主任" if m.chair else "成员"
    if m.person == n.person:
        cite = _with_measure(national, prof, prof.election_committee_withdrawal_article)
        if m.chair:
            cite = f"{cite}；{JUDGEMENT_EC_CHAIR_VACANT}"
        text = f"{m.name}是{title}{role}，被提名为{committee}{n.post}候选人，应当退出{title}{chair_note}"
        return Withdrawal(m.person, m.name, n.person, True, m.chair, text, cite)
    relation = relations.get((n.person, m.person))
    if relation not in KIN_1045:
        return None
    who = f"{m.name}（{title}{role}）的{relation}{n.name}被提名为{committee}{n.post}候选人"
    if article is not None and article[1]:
        cite = _with_measure(national, prof, prof.election_committee_withdrawal_article)
        text = f"{who}，{m.name}应当退出{title}{chair_note}"
        return Withdrawal(m.person, m.name, n.person, True, m.chair, text, cite)
    if relation in prof.election_committee_relatives:
        cite = prof.cite(prof.election_committee_withdrawal_article, "")
        text = f"{who}，依照本省办法{m.name}应当退出{title}{chair_note}"
        return Withdrawal(m.person, m.name, n.person, True, m.chair, text, cite)
    cite = f"{national}；{JUDGEMENT_WITHDRAWAL_2018}" if article else national
    text = f"{who}；{law.title}只要求被提名的成员本人退出，近亲属被提名的提请{title}研究（不要求退出）"
    return Withdrawal(m.person, m.name, n.person, False, m.chair, text, cite)


def withdrawals(
    members: Sequence[Member],
    nominees: Sequence[Nominee],
    relations: Relations,
    *,
    kind: LawKind,
    profile: str,
    day: date,
) -> list[Withdrawal]:
    """Who must leave the committee because of the nominations, judged by the text in force on
    ``day`` (the nomination's date) and the measure: one row per member, the member's own nomination
    first, then a relative's that requires withdrawal, then one only reported."""
    law = law_in_force(kind, day)
    prof = get_profile(profile)
    title = _title(law)
    out: list[Withdrawal] = []
    for m in members:
        found = [w for n in nominees if (w := _member_and_nominee(m, n, relations, law, prof, title))]
        if found:
            found.sort(key=lambda w: (w.person != w.nominee, not w.required))
            out.append(found[0])
    return out


def fill_vacancies(
    reserves: Sequence[Reserve],
    vacancies: int,
    excluded: Collection[str],
    *,
    kind: LawKind,
    profile: str,
    day: date,
) -> Filling:
    """Fill ``vacancies`` seats from the original 推选 ranking (most votes first; people in
    ``excluded`` — candidates, their relatives, members already — are skipped); a tie at the cut is
    left to the meeting; the rest is a shortfall for a new 推选."""
    law = law_in_force(kind, day)
    prof = get_profile(profile)
    article = ELECTION_COMMITTEE_ARTICLES.get(law.code)
    national = law.cite(article[0]) if article else JUDGEMENT_WITHDRAWAL_NO_TEXT
    cite = _with_measure(national, prof, prof.election_committee_vacancy_article)
    ranking = sorted((r for r in reserves if r.person not in excluded), key=lambda r: -r.votes)
    picks = list(ranking[:vacancies])
    tied: list[Reserve] = []
    if picks and len(ranking) > len(picks) and ranking[len(picks)].votes == picks[-1].votes:
        cut = picks[-1].votes
        tied = [r for r in ranking if r.votes == cut]
        picks = [r for r in picks if r.votes != cut]
    shortfall = 0 if tied else vacancies - len(picks)
    only_when_short = prof.election_committee_new_choice_only_when_short
    new_choice = shortfall > 0 or not only_when_short
    parts = [f"出缺 {vacancies} 名，按照原推选结果依次递补 {len(picks)} 名"]
    if tied:
        parts.append(
            f"{'、'.join(r.name for r in tied)}得票相等（{tied[0].votes} 票），由推选会议决定递补人选"
        )
    if shortfall:
        parts.append(f"原推选结果不足，尚缺 {shortfall} 名，应当另行推选")
    elif not only_when_short:
        parts.append("也可以另行推选")
    return Filling(tuple(picks), tuple(tied), shortfall, new_choice, "；".join(parts), cite)
