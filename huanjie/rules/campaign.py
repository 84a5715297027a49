"""The campaign's settings as rules (issue 10 req. 1): when a window straddles a change of the law,
the structure targets — each with one named, parameterised definition used everywhere —, the legal
requirement of a woman on every 村（居）民委员会 (a block on plan submission, not a target), and the
city's age and education guidance as findings like :mod:`huanjie.rules.committee_checks`'.

Members come in as :class:`~huanjie.rules.structure.MemberInput` rows; a person holding several posts
(交叉任职, 一肩挑) is **one** person everywhere here (:func:`persons_once`).

Legal and policy anchors:
- each step is judged by the text in force on its date (the 2018 texts until 2025-12-31, the 2025
  texts from 2026-01-01): citations.JUDGEMENT_LAW_ON_DAY [M];
- “村民委员会成员中，应当有妇女成员” (村民委员会组织法(2018) 第六条 / (2025) 第八条 [V]; 城市居民委员会
  组织法(2025) 第八条 [V]);
- 三升一降, 一肩挑, 后备力量, 十不选 and the age and education guidance: the city's deployment speech
  (citations.CITE_SPEECH_* — local documents, their figures are the campaign's parameters).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Literal

from huanjie.rules import citations
from huanjie.rules.committee_checks import Finding, Severity
from huanjie.rules.dates import age_on
from huanjie.rules.planning import law_in_force
from huanjie.rules.profiles import LAWS, LawKind
from huanjie.rules.structure import Education, MemberInput, education_at_least, structure_stats

__all__ = [
    "DEFINITIONS",
    "GuidanceRule",
    "TargetDefinition",
    "TargetParams",
    "UnitOutcome",
    "Verdict",
    "age_drop",
    "average_age",
    "college_share",
    "committee_woman",
    "cross_serving_share",
    "field_fit_share",
    "guidance_findings",
    "law_changes_within",
    "one_shoulder_rate",
    "persons_once",
    "reserve_per_unit",
    "target_params_problems",
    "verdict",
    "window_law_note",
    "women_share",
]


# -- the law in force across a window ---------------------------------------------------------------


def law_changes_within(start: date, end: date, kind: LawKind = "village") -> list[date]:
    """The days in ``(start, end]`` on which a new ``kind`` text takes effect: a window holding one
    is judged by two texts (the steps before the day by the old one)."""
    days = sorted({law.effective_from for law in LAWS.values() if law.kind == kind})
    return [d for d in days if start < d <= end]


def window_law_note(start: date, end: date, kind: LawKind = "village") -> str:
    """The Chinese note of a window (a campaign's or a batch's) that straddles a change of the law;
    ``""`` when one text governs it throughout."""
    changes = law_changes_within(start, end, kind)
    if not changes:
        return ""
    day = changes[0]
    before = law_in_force(kind, date.fromordinal(day.toordinal() - 1))
    after = law_in_force(kind, day)
    old = before.title if before else "此前的文本"
    new = after.title if after else "新文本"
    return (
        f"{start:%Y-%m-%d} 至 {end:%Y-%m-%d} 跨越 {day:%Y-%m-%d}：此前的步骤适用{old}，"
        f"此后的步骤适用{new}；同一村（社区）的选举如跨越该日，各步骤按其日期分别适用"
    )


# -- persons counted once ----------------------------------------------------------------------------


def persons_once(members: Iterable[MemberInput]) -> list[MemberInput]:
    """One row per person (``person_key``), the posts of every row of the person joined: a person in
    both committees counts once in every figure. Rows of one key that disagree on the person's
    birth date, sex or education are refused (they are not one person)."""
    merged: dict[str, MemberInput] = {}
    for m in members:
        seen = merged.get(m.person_key)
        if seen is None:
            merged[m.person_key] = m
            continue
        if (seen.birth_date, seen.sex, seen.education) != (m.birth_date, m.sex, m.education):
            raise ValueError(f"人员 {m.person_key} 的出生日期、性别或学历前后不一致")
        merged[m.person_key] = MemberInput(
            person_key=seen.person_key,
            birth_date=seen.birth_date,
            sex=seen.sex,
            education=seen.education,
            is_party_member=seen.is_party_member or m.is_party_member,
            source=seen.source,
            posts=seen.posts | m.posts,
        )
    return list(merged.values())


# -- structure targets: one definition each -----------------------------------------------------------

TargetCode = Literal[
    "average_age",
    "college",
    "college_new",
    "field_fit",
    "one_shoulder_village",
    "one_shoulder_community",
    "cross_serving",
    "women",
    "reserve_per_unit",
]
Baseline = Literal["previous_term", "sitting_on"]
BASELINES: dict[str, str] = {
    "previous_term": "上届班子在其任期开始时",
    "sitting_on": "指定日期在任的成员",
}


@dataclass(frozen=True)
class TargetDefinition:
    """A named structure target: what is counted (``definition``), its unit, which parameters it
    takes and the document it comes from."""

    code: TargetCode
    label: str
    unit: Literal["岁", "%", "人"]
    definition: str
    citation: str
    uses_baseline: bool = False
    uses_fields: bool = False


DEFINITIONS: dict[str, TargetDefinition] = {
    d.code: d
    for d in (
        TargetDefinition(
            "average_age",
            "“两委”成员平均年龄下降",
            "岁",
            "“两委”成员（一人多职只计一次）在新一届任期开始日的平均周岁年龄，与基准（上届班子在其任期"
            "开始日的平均年龄，或指定日期在任成员在该日的平均年龄）相比下降的岁数",
            citations.CITE_SPEECH_AGE,
            uses_baseline=True,
        ),
        TargetDefinition(
            "college",
            "大专及以上学历占比",
            "%",
            "“两委”成员（一人多职只计一次）中大专及以上学历者所占比例",
            citations.CITE_SPEECH_EDUCATION,
        ),
        TargetDefinition(
            "college_new",
            "新进成员大专及以上学历占比",
            "%",
            "新一届“两委”成员中上届不在任者（新进成员）里大专及以上学历者所占比例",
            citations.CITE_SPEECH_EDUCATION,
        ),
        TargetDefinition(
            "field_fit",
            "专业对口成员占比",
            "%",
            "“两委”成员（一人多职只计一次）中所学或从事专业属于本次换届所列专业者所占比例",
            citations.CITE_SPEECH_FIELD,
            uses_fields=True,
        ),
        TargetDefinition(
            "one_shoulder_village",
            "村书记、主任“一肩挑”比例",
            "%",
            "村（不含社区）中党组织书记同时任村民委员会主任的村所占比例",
            citations.CITE_SPEECH_ONE_SHOULDER,
        ),
        TargetDefinition(
            "one_shoulder_community",
            "社区书记、主任“一肩挑”比例",
            "%",
            "社区中党组织书记同时任居民委员会主任的社区所占比例",
            citations.CITE_SPEECH_ONE_SHOULDER,
        ),
        TargetDefinition(
            "cross_serving",
            "“两委”交叉任职比例",
            "%",
            "“两委”成员（一人多职只计一次）中同时在党组织和村（居）民委员会任职者所占比例",
            citations.CITE_SPEECH_FUNCTION,
        ),
        TargetDefinition(
            "women",
            "女性成员占比",
            "%",
            "“两委”成员（一人多职只计一次）中女性所占比例（每个村（居）民委员会应有妇女成员是法律要求，"
            "在人事安排方案上报时作为不得通过的检查，不作为目标）",
            citations.CITE_SPEECH_FUNCTION,
        ),
        TargetDefinition(
            "reserve_per_unit",
            "每村（社区）后备干部人数",
            "人",
            "后备干部人数除以村（社区）个数",
            citations.CITE_SPEECH_RESERVE,
        ),
    )
}


@dataclass(frozen=True)
class TargetParams:
    """A campaign's parameters of one target: the range aimed at (``low`` and, if any, ``high``;
    percentages as numbers of per cent), the baseline of an age target and its date, the fields of a
    professional-fit target."""

    low: Fraction
    high: Fraction | None = None
    baseline: Baseline | None = None
    baseline_date: date | None = None
    fields: tuple[str, ...] = field(default=())


def target_params_problems(code: str, params: TargetParams) -> dict[str, str]:
    """Why these parameters do not fit the target ``code`` (field → Chinese message); empty when
    they do."""
    d = DEFINITIONS.get(code)
    if d is None:
        return {"code": "请选择目标"}
    errors: dict[str, str] = {}
    if params.low < 0:
        errors["low"] = "目标下限不能为负数"
    if d.unit == "%" and (params.low > 100 or (params.high is not None and params.high > 100)):
        errors["high" if params.low <= 100 else "low"] = "比例不能超过 100%"
    if params.high is not None and params.high < params.low:
        errors["high"] = "目标上限不能小于下限"
    if d.uses_baseline:
        if params.baseline not in BASELINES:
            errors["baseline"] = "请选择平均年龄的比较基准"
        elif params.baseline == "sitting_on" and params.baseline_date is None:
            errors["baseline_date"] = "以指定日期在任成员为基准时，请填写该日期"
    if d.uses_fields and not params.fields:
        errors["fields"] = "请列出对口的专业"
    return errors


Verdict = Literal["below", "met", "above", "unknown"]
VERDICT_LABELS: dict[str, str] = {
    "below": "未达到",
    "met": "达到",
    "above": "超出目标区间",
    "unknown": "暂无数据",
}


def verdict(value: Fraction | None, params: TargetParams) -> Verdict:
    """Where ``value`` (in the target's unit: years of decrease, per cent, persons) stands against
    the range; both ends count as reached (“下降 3—5 岁”: exactly 3 and exactly 5 are met)."""
    if value is None:
        return "unknown"
    if value < params.low:
        return "below"
    if params.high is not None and value > params.high:
        return "above"
    return "met"


def _percent(part: int, whole: int) -> Fraction | None:
    return Fraction(100 * part, whole) if whole else None


def average_age(members: Iterable[MemberInput], on: date) -> Fraction | None:
    """The average age in whole years on ``on`` of the persons (each once), exactly; None if none."""
    return structure_stats(persons_once(members), on).average_age


def age_drop(
    baseline: Iterable[MemberInput], baseline_on: date, new: Iterable[MemberInput], new_on: date
) -> Fraction | None:
    """The ``average_age`` target's value: the baseline's average age on ``baseline_on`` (the previous
    term at its start, or the sitting members on a stated date) minus the new term's on ``new_on``
    (the start of the new term). Positive: younger. None when either side is empty."""
    before = average_age(baseline, baseline_on)
    after = average_age(new, new_on)
    if before is None or after is None:
        return None
    return before - after


def college_share(
    members: Iterable[MemberInput], *, previous: Iterable[str] | None = None
) -> Fraction | None:
    """Per cent of the persons with 大专及以上 (``college``); with ``previous`` (the keys of the
    previous term) only among the new members (``college_new``)."""
    people = persons_once(members)
    if previous is not None:
        old = set(previous)
        people = [m for m in people if m.person_key not in old]
    return _percent(sum(1 for m in people if education_at_least(m.education, "大专")), len(people))


def field_fit_share(
    members: Iterable[MemberInput], fields_of: Mapping[str, Iterable[str]], listed: Iterable[str]
) -> Fraction | None:
    """Per cent of the persons whose fields (``fields_of``: person key → fields studied or worked
    in) include one the campaign lists (``listed``)."""
    wanted = {f.strip() for f in listed if f.strip()}
    people = persons_once(members)
    fit = sum(1 for m in people if wanted & {f.strip() for f in fields_of.get(m.person_key, ())})
    return _percent(fit, len(people))


def cross_serving_share(members: Iterable[MemberInput]) -> Fraction | None:
    """Per cent of the persons on both the Party organization and the 村（居）民委员会."""
    people = persons_once(members)
    both = sum(1 for m in people if {kind for kind, _ in m.posts} >= {"party", "committee"})
    return _percent(both, len(people))


def women_share(members: Iterable[MemberInput]) -> Fraction | None:
    """Per cent of the persons who are women."""
    people = persons_once(members)
    return _percent(sum(1 for m in people if m.sex == "F"), len(people))


@dataclass(frozen=True)
class UnitOutcome:
    """One village or community: its kind and whether its secretary is also its chair (一肩挑)."""

    kind: Literal["village", "community"]
    one_shoulder: bool


def one_shoulder_rate(units: Iterable[UnitOutcome], kind: Literal["village", "community"]) -> Fraction | None:
    """Per cent of the ``kind`` units with 一肩挑 (villages and communities are counted apart)."""
    of_kind = [u for u in units if u.kind == kind]
    return _percent(sum(1 for u in of_kind if u.one_shoulder), len(of_kind))


def reserve_per_unit(reserves: int, units: int) -> Fraction | None:
    """Reserve cadres per village or community."""
    return Fraction(reserves, units) if units else None


# -- a woman on every 村（居）民委员会: a legal requirement ------------------------------------------------


def committee_woman(
    sexes: Iterable[Literal["M", "F"]], *, kind: LawKind, on: date, title: str = "村民委员会"
) -> list[Finding]:
    """A block when the 村（居）民委员会 planned or elected (``sexes`` of its members) has no woman,
    under the text in force on ``on`` (村民委员会组织法(2018) 第六条 / (2025) 第八条; 城市居民委员会
    组织法(2025) 第八条). Nothing before any text, for an empty committee or with a woman."""
    people = list(sexes)
    law = law_in_force(kind, on)
    if law is None or not people or "F" in people:
        return []
    return [
        Finding(
            "no_woman",
            "block",
            f"{title}成员中应当有妇女成员，当前 {len(people)} 人中没有女性",
            law.cite(law.composition_article),
        )
    ]


# -- the city's age and education guidance ---------------------------------------------------------

Post = Literal["secretary", "chair", "any"]
POSTS: dict[str, str] = {"secretary": "党组织书记", "chair": "村（居）民委员会主任", "any": "“两委”成员"}
AppliesTo = Literal["all", "new"]
APPLIES_TO: dict[str, str] = {"all": "现任及新提名人选", "new": "仅新提名人选"}
_POST_MATCH: dict[str, tuple[str, str]] = {"secretary": ("party", "书记"), "chair": ("committee", "主任")}


@dataclass(frozen=True)
class GuidanceRule:
    """One line of the city's guidance: for holders of ``post`` (``all`` sitting and new, or only
    ``new`` nominees), a man who has reached ``age_limit_male`` (“男满 60 岁一般不继续提名书记”) or a
    woman who has reached ``age_limit_female`` by ``cutoff``, or a person below ``min_education``, is
    flagged as ``severity`` (``warning``: 一般; ``block``: 不得) with ``citation``."""

    post: Post
    applies_to: AppliesTo
    cutoff: date
    severity: Severity
    citation: str
    age_limit_male: int | None = None
    age_limit_female: int | None = None
    min_education: Education | None = None


def _holds(m: MemberInput, post: Post) -> bool:
    return post == "any" or _POST_MATCH[post] in m.posts


def guidance_findings(
    members: Iterable[MemberInput],
    names: Mapping[str, str],
    rules: Iterable[GuidanceRule],
    *,
    new_keys: Iterable[str] | None = None,
    education_unknown: Iterable[str] = (),
) -> list[Finding]:
    """Each member (each person once) against each guidance rule. ``new_keys``: the persons newly
    nominated (a plan); ``None`` for the sitting committees (the registry), where only rules for
    ``all`` apply. Ages are whole years on the rule's cut-off date (dates.age_on): 满 60 岁 is reached
    on the 60th birthday. ``education_unknown``: persons whose education is not recorded (their
    education is not judged)."""
    new = set(new_keys) if new_keys is not None else set()
    unknown = set(education_unknown)
    out: list[Finding] = []
    people = persons_once(members)
    for rule in rules:
        if rule.applies_to == "new" and new_keys is None:
            continue
        who = POSTS[rule.post]
        for m in people:
            if not _holds(m, rule.post) or (rule.applies_to == "new" and m.person_key not in new):
                continue
            name = names.get(m.person_key, m.person_key)
            limit = rule.age_limit_male if m.sex == "M" else rule.age_limit_female
            age = age_on(m.birth_date, rule.cutoff)
            if limit is not None and age >= limit:
                sex = "男" if m.sex == "M" else "女"
                out.append(
                    Finding(
                        "guidance_age",
                        rule.severity,
                        f"{name}截至 {rule.cutoff:%Y-%m-%d} 年满 {age} 周岁，按本次换届要求，{sex}满 "
                        f"{limit} 周岁{'不得' if rule.severity == 'block' else '一般不'}提名为{who}",
                        rule.citation,
                    )
                )
            low_education = rule.min_education is not None and not education_at_least(
                m.education, rule.min_education
            )
            if low_education and m.person_key not in unknown:
                out.append(
                    Finding(
                        "guidance_education",
                        rule.severity,
                        f"{name}学历为{m.education}，本次换届要求{who}"
                        f"{'须' if rule.severity == 'block' else '一般'}具有{rule.min_education}及以上学历",
                        rule.citation,
                    )
                )
    return out
