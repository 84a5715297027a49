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
from dataclasses import dataclass, field, fields
from datetime import date
from fractions import Fraction
from typing import Any, Literal, cast

from huanjie.rules import registry
from huanjie.rules.dates import age_on
from huanjie.rules.planning import law_in_force

__all__ = [
    "AGE_BANDS",
    "EDUCATION_LEVELS",
    "CommitteeKind",
    "Delta",
    "Education",
    "MemberInput",
    "StructureCounts",
    "StructureStats",
    "age_band",
    "compare_terms",
    "education_at_least",
    "one_decimal",
    "pct",
    "structure_stats",
    "target_gap",
    "target_value",
    "unit_counts",
    "woman_rule",
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


# -- counts that add up across villages (issue 15 req. 1) ------------------------------------------


def _add_maps(a: Mapping[str, int], b: Mapping[str, int]) -> dict[str, int]:
    out = dict(a)
    for k, v in b.items():
        out[k] = out.get(k, 0) + v
    return out


@dataclass(frozen=True)
class StructureCounts:
    """Whole numbers of one village's (or many villages') “两委” members, persons counted once across
    both committees, that add across villages: a town's, county's or city's counts are the sum of its
    villages' (``a + b``), so every share and average of a level is exact (a Fraction of two sums),
    never an average of averages.

    ``units``: villages and communities counted (reporting or not); ``villages``/``communities``:
    those with members on this basis (the 一肩挑 rates' denominators, villages and communities apart);
    ``age_sum``: whole-year ages on the basis' date; ``baseline_*``: the paired previous term's
    members and age sum (the average-age change is paired term against term: only villages that have
    both count); ``new_members``: members not in the paired previous term (新进), ``reelected`` those
    who were (连任); ``*_without_woman``: committees with members and no woman, by committee type."""

    units: int = 0
    villages: int = 0
    communities: int = 0
    villages_one_shoulder: int = 0
    communities_one_shoulder: int = 0
    members: int = 0
    party_committee: int = 0
    villager_committee: int = 0
    age_sum: int = 0
    age_bands: Mapping[str, int] = field(default_factory=dict)
    education: Mapping[str, int] = field(default_factory=dict)
    college: int = 0
    new_members: int = 0
    new_college: int = 0
    reelected: int = 0
    field_fit: int = 0
    women: int = 0
    party_members: int = 0
    cross_serving: int = 0
    party_without_woman: int = 0
    villagers_without_woman: int = 0
    residents_without_woman: int = 0
    sources: Mapping[str, int] = field(default_factory=dict)
    baseline_members: int = 0
    baseline_age_sum: int = 0

    def __add__(self, other: StructureCounts) -> StructureCounts:
        values: dict[str, Any] = {}
        for f in fields(self):
            a, b = getattr(self, f.name), getattr(other, f.name)
            values[f.name] = _add_maps(a, b) if isinstance(a, Mapping) else a + b
        return StructureCounts(**values)

    @property
    def average_age(self) -> Fraction | None:
        return Fraction(self.age_sum, self.members) if self.members else None

    @property
    def baseline_average_age(self) -> Fraction | None:
        return Fraction(self.baseline_age_sum, self.baseline_members) if self.baseline_members else None

    @property
    def average_age_change(self) -> Fraction | None:
        """After minus before in years (negative: younger), paired term against term."""
        a, b = self.average_age, self.baseline_average_age
        return None if a is None or b is None else a - b


def unit_counts(
    *,
    kind: Literal["village", "community"],
    members: Iterable[MemberInput],
    on: date,
    baseline: Iterable[MemberInput] | None = None,
    baseline_on: date | None = None,
    new_keys: Iterable[str] | None = None,
    fields_of: Mapping[str, Iterable[str]] | None = None,
    listed_fields: Iterable[str] = (),
) -> StructureCounts:
    """One village's (``kind``) counts: ``members`` (rows of one person are joined: counted once),
    ages in whole years on ``on``; ``baseline`` the paired previous term (ages on ``baseline_on``),
    which also tells new from re-elected members unless ``new_keys`` names the new ones (a plan's 进
    lines); ``fields_of`` (person key → fields studied or worked in) against ``listed_fields`` (the
    campaign's 专业对口 fields). A committee type whose members include no woman is counted in
    ``*_without_woman`` (the 村（居）民委员会's legal requirement: :func:`woman_rule`)."""
    people = _persons_once(members)
    before = _persons_once(baseline or ())
    if before and baseline_on is None:
        raise ValueError("有比较基准时须给出基准日期")
    before_keys = {m.person_key for m in before}
    if new_keys is not None:
        new = set(new_keys) & {m.person_key for m in people}
    elif baseline is not None:
        new = {m.person_key for m in people} - before_keys
    else:
        new = set()
    stats = structure_stats(people, on)
    newcomers = [m for m in people if m.person_key in new]
    wanted = {f.strip() for f in listed_fields if f.strip()}
    fits = fields_of or {}
    party_side = [m for m in people if any(k == "party" for k, _ in m.posts)]
    committee_side = [m for m in people if any(k == "committee" for k, _ in m.posts)]
    reporting = bool(people)
    paired = reporting and bool(before)

    def no_woman(side: list[MemberInput]) -> int:
        return int(bool(side) and not any(m.sex == "F" for m in side))

    return StructureCounts(
        units=1,
        villages=int(kind == "village" and reporting),
        communities=int(kind == "community" and reporting),
        villages_one_shoulder=int(kind == "village" and stats.one_shoulder),
        communities_one_shoulder=int(kind == "community" and stats.one_shoulder),
        members=stats.total,
        party_committee=stats.party_committee,
        villager_committee=stats.villager_committee,
        age_sum=sum(age_on(m.birth_date, on) for m in people),
        age_bands={k: v for k, v in stats.age_bands.items() if v},
        education={k: v for k, v in stats.education.items() if v},
        college=stats.college_or_above,
        new_members=len(newcomers),
        new_college=sum(1 for m in newcomers if education_at_least(m.education, "大专")),
        reelected=(len(people) - len(newcomers)) if (baseline is not None or new_keys is not None) else 0,
        field_fit=sum(1 for m in people if wanted & {f.strip() for f in fits.get(m.person_key, ())}),
        women=stats.women,
        party_members=stats.party_members,
        cross_serving=stats.cross_serving,
        party_without_woman=no_woman(party_side),
        villagers_without_woman=no_woman(committee_side) if kind == "village" else 0,
        residents_without_woman=no_woman(committee_side) if kind == "community" else 0,
        sources={k: v for k, v in stats.sources.items() if v},
        baseline_members=len(before) if paired else 0,
        baseline_age_sum=sum(age_on(m.birth_date, cast(date, baseline_on)) for m in before) if paired else 0,
    )


def _persons_once(members: Iterable[MemberInput]) -> list[MemberInput]:
    """One row per person, posts joined (as huanjie.rules.campaign.persons_once, which imports this
    module: kept here to avoid the cycle)."""
    merged: dict[str, MemberInput] = {}
    for m in members:
        seen = merged.get(m.person_key)
        merged[m.person_key] = (
            m
            if seen is None
            else MemberInput(
                person_key=seen.person_key,
                birth_date=seen.birth_date,
                sex=seen.sex,
                education=seen.education,
                is_party_member=seen.is_party_member or m.is_party_member,
                source=seen.source or m.source,
                posts=seen.posts | m.posts,
            )
        )
    return list(merged.values())


def pct(part: int, whole: int) -> Fraction | None:
    """``part`` as an exact per cent of ``whole``; ``None`` when ``whole`` is 0."""
    return Fraction(100 * part, whole) if whole else None


def target_value(code: str, c: StructureCounts) -> Fraction | None:
    """The value of the campaign target ``code`` (huanjie.rules.campaign.DEFINITIONS: the one named
    definition of each target) from the counts, in the target's unit: years of decrease for
    ``average_age`` (previous term minus new term, paired), per cent otherwise. ``None`` when there
    is nothing to count, or for a target these counts do not hold (``reserve_per_unit``)."""
    if code == "average_age":
        change = c.average_age_change
        return None if change is None else -change
    parts: dict[str, tuple[int, int]] = {
        "college": (c.college, c.members),
        "college_new": (c.new_college, c.new_members),
        "field_fit": (c.field_fit, c.members),
        "one_shoulder_village": (c.villages_one_shoulder, c.villages),
        "one_shoulder_community": (c.communities_one_shoulder, c.communities),
        "cross_serving": (c.cross_serving, c.members),
        "women": (c.women, c.members),
    }
    if code not in parts:
        return None
    return pct(*parts[code])


def target_gap(value: Fraction | None, low: Fraction, high: Fraction | None) -> Fraction | None:
    """By how much ``value`` misses the range [``low``, ``high``]: negative below it (short by),
    positive above it, 0 within (both ends count as reached); ``None`` without a value."""
    if value is None:
        return None
    if value < low:
        return value - low
    if high is not None and value > high:
        return value - high
    return Fraction(0)


def one_decimal(value: Fraction | None, unit: str = "") -> str:
    """An exact value shown rounded half up to one decimal (``—`` for none): 2/3 → “0.7”."""
    if value is None:
        return "—"
    tenths = value * 10
    sign = -1 if tenths < 0 else 1
    n = abs(tenths)
    rounded = (n.numerator * 2 + n.denominator) // (2 * n.denominator)
    whole, frac = divmod(rounded, 10)
    text = f"{'-' if sign < 0 and rounded else ''}{whole}.{frac}"
    return f"{text}{unit}"


COMMITTEE_TYPES: tuple[tuple[str, str], ...] = (
    ("party_org", "党组织"),
    ("villagers_committee", "村民委员会"),
    ("residents_committee", "居民委员会"),
)
"""The committee types whose lack of a woman is counted (``*_without_woman`` of StructureCounts)."""


_RESIDENTS_WOMEN_FROM = date(2026, 1, 1)
"""城市居民委员会组织法(2025) 第八条 “应当有妇女成员” applies from this day (legal-rules.md §2)."""


def woman_rule(committee_type: str, on: date) -> str:
    """The legal basis for a woman on a committee of ``committee_type`` on ``on``, or ``"none"``:
    村民委员会 “应当有妇女成员” (村民委员会组织法(2018) 第六条 / (2025) 第八条 [V]); 居民委员会 the same
    (城市居民委员会组织法(2025) 第八条 [V]; the earlier text's 第七条 has no such clause); the Party
    organization has no legal requirement (the speech asks for more women cadres: a policy, not a rule)."""
    kind = {"villagers_committee": "village", "residents_committee": "community"}.get(committee_type)
    if kind is None:
        return "none"
    law = law_in_force(cast(Any, kind), on)
    if law is None or not law.composition_article:
        return "none"
    if kind == "community" and law.effective_from < _RESIDENTS_WOMEN_FROM:
        return "none"  # the earlier 居委会 text (第七条) sets the size only, no women's clause
    return law.cite(law.composition_article)
