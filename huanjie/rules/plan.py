"""The personnel plan (人事安排初步方案, issue 10 req. 7) as rules: the seats against the decided 职数,
a candidate whose domicile is not in the village, and the projection of the planned members into
whole-number totals that add up across villages, towns, counties and the city (so the wider figures
are SQL sums of per-village rows) with the figures and verdicts computed from them.

Legal anchors:
- a person whose 户籍 is not in the village may be registered as a voter there (and so stand for the
  村民委员会) only after residing — under the 2025 text also doing village work — there for the set
  period, applying, and with the 村民会议 or 村民代表会议's consent: 村民委员会组织法(2018) 第十三条（三）
  / (2025) 第十六条（三）（四） [V] (the categories are the law's, ``LawEligibility.categories``);
- 一肩挑 means the Party secretary becomes 村民委员会主任 "通过法定程序" ((2025) 第八条 [V]): an outside
  secretary must be registered as a voter first, like any other candidate for the committee;
- the 职数 are the decided numbers (``planning.CommitteeSeats``/``PartySeats``): a plan cannot hold more.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date
from fractions import Fraction
from typing import Literal

from huanjie.rules import citations
from huanjie.rules.campaign import TargetParams, persons_once, verdict
from huanjie.rules.committee_checks import Finding
from huanjie.rules.dates import age_on
from huanjie.rules.planning import law_in_force
from huanjie.rules.profiles import LawKind
from huanjie.rules.structure import MemberInput, education_at_least

__all__ = [
    "FIGURES",
    "Figure",
    "Totals",
    "figures",
    "outside_registration",
    "seats_over",
    "totals",
]

SeatSide = Literal["party", "committee"]
SIDE_TITLES: dict[str, str] = {"party": "党组织委员", "committee": "村（居）民委员会成员"}


def seats_over(side: SeatSide, decided: int | None, planned: int) -> list[Finding]:
    """A block when the plan has no decided 职数 for ``side`` (nothing to plan against) or holds more
    seats than decided; exactly the decided number is fine."""
    title = SIDE_TITLES[side]
    if decided is None:
        return [
            Finding(
                "no_seats",
                "block",
                f"尚未确定{title}职数，请先在“职数”页登记决定（或批复），再上报方案",
                citations.JUDGEMENT_PLAN_SEATS,
            )
        ]
    if planned > decided:
        return [
            Finding(
                "seats_over",
                "block",
                f"{title}拟任 {planned} 人，超过确定的职数 {decided} 人",
                citations.JUDGEMENT_PLAN_SEATS,
            )
        ]
    return []


def outside_registration(
    *, name: str, domiciled_here: bool, kind: LawKind, on: date, one_shoulder: bool
) -> list[Finding]:
    """A warning for a planned 村（居）民委员会 member (``one_shoulder``: a secretary planned to be chair
    too) whose 户籍 is not in the village (a 机关下派 or outside secretary): before standing they must
    be registered as a voter there under one of the law's categories for persons without 户籍 —
    residence (or, from 2026, village work) there for the set period, their application, and where
    the law says so the consent of the 村民会议 or 村民代表会议. The categories and the article come
    from the text in force on ``on`` (the planned election day); nothing for a person domiciled in
    the village or before any text."""
    law = law_in_force(kind, on)
    elig = law.eligibility if law is not None else None
    if law is None or elig is None or domiciled_here:
        return []
    outside = [c for c in elig.categories if c.min_months or c.approval_by]
    if outside:
        ways = "；或".join(c.text for c in outside)
        need = f"须先依法登记为{elig.place}选民：{ways}"
    else:
        need = f"须先依法在{elig.place}参加选民登记"
    role = "拟“一肩挑”（书记兼任主任）" if one_shoulder else "拟任村（居）民委员会成员"
    return [
        Finding(
            "outside_registration",
            "warning",
            f"{name}{role}，户籍不在{elig.place}，{need}",
            law.cite(elig.registration_article),
        )
    ]


@dataclass(frozen=True)
class Totals:
    """Whole-number totals of planned members (persons once) that add across units: a village's row,
    or the sum of many. ``age_sum`` is the sum of whole-year ages on the new term's start;
    ``baseline_*`` the same for the members the plan is compared with (the sitting ones)."""

    units: int = 0
    villages: int = 0
    villages_one_shoulder: int = 0
    communities: int = 0
    communities_one_shoulder: int = 0
    members: int = 0
    women: int = 0
    college: int = 0
    new_members: int = 0
    new_college: int = 0
    cross: int = 0
    age_sum: int = 0
    baseline_members: int = 0
    baseline_age_sum: int = 0

    def __add__(self, other: Totals) -> Totals:
        return Totals(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})


def totals(
    *,
    kind: Literal["village", "community"],
    members: Iterable[MemberInput],
    new_keys: Iterable[str],
    on: date,
    baseline: Iterable[MemberInput],
    baseline_on: date,
) -> Totals:
    """One village's (``kind``) row: its planned members (posts joined per person), which of them are
    new (``new_keys``), ages on ``on`` (the new term's start) and the baseline's on ``baseline_on``."""
    people = persons_once(members)
    before = persons_once(baseline)
    new = set(new_keys)
    secretary = {m.person_key for m in people if ("party", "书记") in m.posts}
    chair = {m.person_key for m in people if ("committee", "主任") in m.posts}
    one_shoulder = bool(secretary & chair)
    newcomers = [m for m in people if m.person_key in new]
    return Totals(
        units=1,
        villages=int(kind == "village"),
        villages_one_shoulder=int(kind == "village" and one_shoulder),
        communities=int(kind == "community"),
        communities_one_shoulder=int(kind == "community" and one_shoulder),
        members=len(people),
        women=sum(1 for m in people if m.sex == "F"),
        college=sum(1 for m in people if education_at_least(m.education, "大专")),
        new_members=len(newcomers),
        new_college=sum(1 for m in newcomers if education_at_least(m.education, "大专")),
        cross=sum(1 for m in people if {k for k, _ in m.posts} >= {"party", "committee"}),
        age_sum=sum(age_on(m.birth_date, on) for m in people),
        baseline_members=len(before),
        baseline_age_sum=sum(age_on(m.birth_date, baseline_on) for m in before),
    )


def _pct(part: int, whole: int) -> Fraction | None:
    return Fraction(100 * part, whole) if whole else None


def _value(code: str, t: Totals) -> Fraction | None:
    if code == "average_age":
        if not t.members or not t.baseline_members:
            return None
        return Fraction(t.baseline_age_sum, t.baseline_members) - Fraction(t.age_sum, t.members)
    counts = {
        "college": (t.college, t.members),
        "college_new": (t.new_college, t.new_members),
        "one_shoulder_village": (t.villages_one_shoulder, t.villages),
        "one_shoulder_community": (t.communities_one_shoulder, t.communities),
        "cross_serving": (t.cross, t.members),
        "women": (t.women, t.members),
    }
    part, whole = counts[code]
    return _pct(part, whole)


FIGURES: tuple[str, ...] = (
    "average_age",
    "college",
    "college_new",
    "one_shoulder_village",
    "one_shoulder_community",
    "cross_serving",
    "women",
)
"""The targets (huanjie.rules.campaign.DEFINITIONS) a plan's members decide; 专业对口 and 后备干部 are
counted elsewhere (fields studied, reserve cadres)."""


@dataclass(frozen=True)
class Figure:
    """One target's projected value (in the target's unit) and its verdict against the range."""

    code: str
    value: Fraction | None
    verdict: str


def figures(t: Totals, targets: Mapping[str, TargetParams]) -> list[Figure]:
    """The projected value of each target the campaign set (in ``FIGURES`` order) and its verdict
    (``campaign.verdict``: both ends of the range count as reached)."""
    return [
        Figure(code, value, verdict(value, targets[code]))
        for code in FIGURES
        if code in targets
        for value in [_value(code, t)]
    ]
