"""Structure statistics of the two committees (班子结构; issue 3 req. 8, legal-rules.md §6).

For a set of members and their posts on a date: average age (an exact :class:`~fractions.Fraction`
of whole-year ages), age bands, education shares, women, Party members, 一肩挑 (the Party secretary is
also the committee chair), 交叉任职 (one person in both committees) and sources; and the change
between two terms. The Django side builds :class:`MemberInput` rows from its models.

Legal anchors: women members “应当有妇女成员” (村民委员会组织法(2018) 第六条 / (2025) 第八条 [V]);
一肩挑 and 交叉任职 “村民委员会主任可以由村党组织负责人通过法定程序担任…可以交叉任职” ((2025) 第八条 [V];
before 2026 Party policy, 农村基层组织工作条例(2019) [S]); national outcome figures in §6 are [S].
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any, Literal, cast

from huanjie.rules import registry
from huanjie.rules.dates import age_on

__all__ = [
    "AGE_BANDS",
    "EDUCATION_LEVELS",
    "CommitteeKind",
    "Delta",
    "Education",
    "MemberInput",
    "StructureStats",
    "age_band",
    "compare_terms",
    "education_at_least",
    "structure_stats",
]

Education = Literal["研究生", "大学本科", "大专", "中专或高中", "初中及以下"]
EDUCATION_LEVELS: tuple[Education, ...] = cast(
    "tuple[Education, ...]", tuple(label for _, label in registry.EDUCATIONS)
)
"""Highest first; a person's highest completed level (the labels of registry.EDUCATIONS)."""
_EDUCATION_CODE = {label: code for code, label in registry.EDUCATIONS}

CommitteeKind = registry.Side
"""``party``: 村（社区）党组织班子; ``committee``: 村（居）民委员会."""

PARTY_SECRETARY = "书记"
COMMITTEE_CHAIR = "主任"
_HEAD_LABEL: Mapping[CommitteeKind, str] = {"party": PARTY_SECRETARY, "committee": COMMITTEE_CHAIR}

AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("35岁及以下", 0, 35),
    ("36-45岁", 36, 45),
    ("46-55岁", 46, 55),
    ("56-60岁", 56, 60),
    ("60岁以上", 61, None),
)
"""(label, lowest age, highest age or ``None``), both ends included (“以下/以上” include the number,
民法典 第一千二百五十九条 [V])."""


def education_at_least(level: Education, minimum: Education) -> bool:
    """True when ``level`` is ``minimum`` or higher (e.g. 大学本科 counts as 大专及以上); by label, the
    rank itself is registry.education_at_least."""
    return registry.education_at_least(_EDUCATION_CODE[level], _EDUCATION_CODE[minimum])


def age_band(age: int) -> str:
    """The label of the band holding ``age`` (whole years)."""
    for label, low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return label
    raise ValueError(f"年龄 {age} 无效")


@dataclass(frozen=True)
class MemberInput:
    """One person serving on the date, with every post held: ``(committee_kind, post)`` pairs such as
    ``("party", "书记")`` or ``("committee", "主任")``."""

    person_key: str
    birth_date: date
    sex: Literal["M", "F"]
    education: Education
    is_party_member: bool
    source: str
    """Where the person comes from (e.g. 本村致富能手, 退役军人, 返乡大学生); free text, counted as given."""
    posts: frozenset[tuple[CommitteeKind, str]]


@dataclass(frozen=True)
class StructureStats:
    """The structure of one set of members on ``on``; shares are exact fractions of ``total``."""

    on: date
    total: int
    party_committee: int
    """People in the Party organization's leadership."""
    villager_committee: int
    """People on the 村（居）民委员会."""
    average_age: Fraction | None
    age_bands: Mapping[str, int]
    education: Mapping[str, int]
    college_or_above: int
    """大专及以上."""
    women: int
    party_members: int
    one_shoulder: bool
    """一肩挑: the same person is Party secretary and committee chair."""
    cross_serving: int
    """交叉任职: people on both."""
    sources: Mapping[str, int]

    def share(self, count: int) -> Fraction | None:
        """``count / total`` exactly, or ``None`` for an empty set."""
        return Fraction(count, self.total) if self.total else None

    def as_dict(self) -> dict[str, Any]:
        def fr(value: Fraction | None) -> str | None:
            return None if value is None else f"{value.numerator}/{value.denominator}"

        return {
            "on": self.on.isoformat(),
            "total": self.total,
            "party_committee": self.party_committee,
            "villager_committee": self.villager_committee,
            "average_age": fr(self.average_age),
            "age_bands": dict(self.age_bands),
            "education": dict(self.education),
            "college_or_above": self.college_or_above,
            "college_or_above_share": fr(self.share(self.college_or_above)),
            "women": self.women,
            "women_share": fr(self.share(self.women)),
            "party_members": self.party_members,
            "party_members_share": fr(self.share(self.party_members)),
            "one_shoulder": self.one_shoulder,
            "cross_serving": self.cross_serving,
            "cross_serving_share": fr(self.share(self.cross_serving)),
            "sources": dict(self.sources),
        }


def structure_stats(members: Iterable[MemberInput], on: date) -> StructureStats:
    """Structure of the members serving on ``on`` (ages in whole years on that date, dates.age_on).

    A person appearing twice (same ``person_key``) is refused: merge their posts first.
    """
    people = list(members)
    keys = Counter(m.person_key for m in people)
    duplicates = sorted(k for k, n in keys.items() if n > 1)
    if duplicates:
        raise ValueError(f"人员重复：{'、'.join(duplicates)}（同一人的多个职务应合并为一条）")
    ages = [age_on(m.birth_date, on) for m in people]
    bands = {label: 0 for label, _, _ in AGE_BANDS}
    for age in ages:
        bands[age_band(age)] += 1
    education: dict[str, int] = dict.fromkeys(EDUCATION_LEVELS, 0)
    for m in people:
        education[m.education] += 1
    in_party = [m for m in people if any(kind == "party" for kind, _ in m.posts)]
    in_committee = [m for m in people if any(kind == "committee" for kind, _ in m.posts)]
    roles = [registry.roles_held((kind, post == _HEAD_LABEL[kind]) for kind, post in m.posts) for m in people]
    return StructureStats(
        on=on,
        total=len(people),
        party_committee=len(in_party),
        villager_committee=len(in_committee),
        average_age=Fraction(sum(ages), len(ages)) if ages else None,
        age_bands=bands,
        education=education,
        college_or_above=sum(1 for m in people if education_at_least(m.education, "大专")),
        women=sum(1 for m in people if m.sex == "F"),
        party_members=sum(1 for m in people if m.is_party_member),
        one_shoulder=any("dual_role" in r for r in roles),
        cross_serving=sum(1 for r in roles if "cross_holding" in r),
        sources=dict(sorted(Counter(m.source for m in people).items())),
    )


@dataclass(frozen=True)
class Delta:
    """After minus before, for every count and share (shares as exact fractions)."""

    before: StructureStats
    after: StructureStats

    def as_dict(self) -> dict[str, Any]:
        b, a = self.before.as_dict(), self.after.as_dict()
        out: dict[str, Any] = {"before": b, "after": a, "change": {}}
        for key, old in b.items():
            new = a[key]
            if isinstance(old, bool) or key == "on":
                out["change"][key] = None if old == new else f"{old} → {new}"
            elif isinstance(old, int):
                out["change"][key] = new - old
            elif isinstance(old, dict):
                out["change"][key] = {k: new.get(k, 0) - old.get(k, 0) for k in sorted({*old, *new})}
            else:
                out["change"][key] = _fraction_delta(old, new)
        return out

    @property
    def average_age_change(self) -> Fraction | None:
        if self.before.average_age is None or self.after.average_age is None:
            return None
        return self.after.average_age - self.before.average_age


def _fraction_delta(old: str | None, new: str | None) -> str | None:
    if old is None or new is None:
        return None
    diff = Fraction(new) - Fraction(old)
    return f"{diff.numerator}/{diff.denominator}"


def compare_terms(
    before: Iterable[MemberInput], before_on: date, after: Iterable[MemberInput], after_on: date
) -> Delta:
    """Before/after structure of two terms (e.g. the outgoing team on election day and the new one):
    “平均年龄下降 4.62 岁” and similar figures (legal-rules.md §6 [S])."""
    return Delta(before=structure_stats(before, before_on), after=structure_stats(after, after_on))
