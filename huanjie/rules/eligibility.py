"""Who may vote, and who may stand (issue 3 req. 7; legal-rules.md §1, §2, §6, §7).

Voters (:func:`voter_eligibility`): 年满十八周岁 on 选举日 — the 18th birthday itself counts
(legal-rules.md §7 convention [M]; age counted to 选举日: 浙江 第十二条, 北京 第十二条, 河南 第十九条 [V]);
no one deprived of political rights (村民委员会组织法(2018) 第十三条 / (2025) 第十六条 [V]); registered in
one of the categories of the law version in force (2018: three; 2025 adds 从事村务工作; 城市居民委员会
组织法(2025) 第十六条 adds 社区工作者 working six months or more [V]), plus provincial extras as data;
never registered elsewhere as well (“不得再参加其他地方村民委员会的选举”).

Candidates (:func:`candidate_eligibility`): 被选举权 as above; the statutory bars of the 2025 texts
(村民委员会组织法(2025) 第十八条; 城市居民委员会组织法(2025) 第十八条, without 宗族 [V]); a city's
negative list supplied as data (tier 不能 = block, 不宜 = warn, with a look-back window, legal-rules.md §6
[S]); and the city's guidance on age caps and education (warnings unless configured as blocks [S]).

Every verdict lists its steps (rule, citation, Chinese sentence) and keeps blocks and warnings apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from huanjie.rules.citations import CITE_VETTING, JUDGEMENT_CONFLICT, JUDGEMENT_EXEMPT, JUDGEMENT_LAW_ON_DAY
from huanjie.rules.dates import age_on
from huanjie.rules.explain import Explanation, Step
from huanjie.rules.profiles import (
    KIN_1045,
    Law,
    LawEligibility,
    LawKind,
    RegistrationCategory,
    StatutoryBar,
    get_law,
    get_profile,
    law_in_force,
)
from huanjie.rules.structure import Education, education_at_least

__all__ = [
    "AgeCap",
    "CandidateFacts",
    "CityGuidance",
    "EducationPreference",
    "Finding",
    "LawEligibility",
    "NegativeItem",
    "ProxyFacts",
    "RegistrationCategory",
    "StatutoryBar",
    "Verdict",
    "VoterFacts",
    "anniversary",
    "candidate_eligibility",
    "candidate_eligibility_on",
    "proxy_eligibility",
    "voter_eligibility",
    "voter_eligibility_on",
]

EXEMPT = "exempt_from_criminal_punishment"
"""Finding code for 免予刑事处罚: never triggers the statutory bar “因犯罪受过刑事处罚” [M]."""

Tier = Literal["不能", "不宜"]
VOTING_AGE = 18
MONTHS_PER_YEAR = 12


def anniversary(day: date, *, years: int = 0, months: int = 0) -> date:
    """``day`` moved forward by whole years and months; a day missing in the target month (29-31)
    becomes the 1st of the next month, as for ages (dates.age_on)."""
    total = day.year * MONTHS_PER_YEAR + day.month - 1 + years * MONTHS_PER_YEAR + months
    year, month = divmod(total, MONTHS_PER_YEAR)
    try:
        return date(year, month + 1, day.day)
    except ValueError:
        year, month = divmod(total + 1, MONTHS_PER_YEAR)
        return date(year, month + 1, 1)


# --- a city's data (the law's and the province's are on profiles.Law and profiles.Profile) -------


@dataclass(frozen=True)
class NegativeItem:
    """One item of a city's negative list (“十不选” etc., legal-rules.md §6 [S]).

    ``lookback_years``: the item applies while fewer than this many years have passed since the
    finding's date (“未满 5 年”); ``None``: it applies however old the finding is.
    """

    code: str
    text: str
    tier: Tier
    lookback_years: int | None
    department: str
    citation: str
    """The city's document, e.g. ``某市村（社区）“两委”换届工作意见 第三条 [S]``."""


@dataclass(frozen=True)
class Finding:
    """A dated fact reported by a vetting department (联审): the look-back counts from ``on``
    (e.g. the day a sentence ended or a sanction was imposed)."""

    code: str
    on: date
    department: str = ""
    note: str = ""


@dataclass(frozen=True)
class AgeCap:
    """“新任书记、主任不超过 45 周岁” and the like: ``max_age`` in whole years on ``cutoff``.

    ``sex``, ``posts`` and ``incumbent`` restrict who the cap applies to (``None`` = everyone).
    """

    max_age: int
    cutoff: date
    citation: str
    sex: Literal["M", "F"] | None = None
    posts: frozenset[str] | None = None
    incumbent: bool | None = None
    block: bool = False


@dataclass(frozen=True)
class EducationPreference:
    """“原则上具有大专及以上学历”: ``minimum`` level for ``posts`` (``None`` = every post)."""

    minimum: Education
    citation: str
    posts: frozenset[str] | None = None
    block: bool = False


@dataclass(frozen=True)
class CityGuidance:
    """The city's 换届 document as data (legal-rules.md §6: “Store age limits as parameters”)."""

    age_caps: tuple[AgeCap, ...] = ()
    education: tuple[EducationPreference, ...] = ()


# --- inputs and verdict ---------------------------------------------------------------------------


@dataclass(frozen=True)
class VoterFacts:
    """What the roll knows about a person: ``category`` is a :class:`RegistrationCategory` code;
    ``since``: start of residence or work in the place (for categories with ``min_months``)."""

    birth_date: date
    category: str
    deprived_of_political_rights: bool = False
    registered_elsewhere: bool = False
    applied: bool = False
    approved: bool = False
    since: date | None = None


@dataclass(frozen=True)
class CandidateFacts:
    """A proposed candidate: the post sought, whether they hold it now, and the vetting findings."""

    birth_date: date
    sex: Literal["M", "F"]
    post: str
    incumbent: bool = False
    education: Education | None = None
    deprived_of_political_rights: bool = False
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class Verdict:
    """``eligible`` is False when any block applies; ``warnings`` never make it False."""

    eligible: bool
    blocks: tuple[Step, ...]
    warnings: tuple[Step, ...]
    explanation: Explanation = field(default_factory=Explanation)

    def as_dict(self) -> dict[str, Any]:
        return {
            "eligible": self.eligible,
            "blocks": [s.as_dict() for s in self.blocks],
            "warnings": [s.as_dict() for s in self.warnings],
            "explanation": self.explanation.as_list(),
        }


class _Collector:
    """Builds a :class:`Verdict`: every step goes to the explanation; blocks and warns are kept apart."""

    def __init__(self) -> None:
        self.explanation = Explanation()
        self.blocks: list[Step] = []
        self.warnings: list[Step] = []

    def note(self, rule: str, citation: str, text: str, *, local: bool = False) -> None:
        """``local``: the citation is the city's own document (input data, not in the registry)."""
        self.explanation.add(rule, citation, text, local=local)

    def block(self, rule: str, citation: str, text: str, *, local: bool = False) -> None:
        self.note(rule, citation, text, local=local)
        self.blocks.append(self.explanation.steps[-1])

    def warn(self, rule: str, citation: str, text: str, *, local: bool = False) -> None:
        self.note(rule, citation, text, local=local)
        self.warnings.append(self.explanation.steps[-1])

    def verdict(self) -> Verdict:
        return Verdict(
            eligible=not self.blocks,
            blocks=tuple(self.blocks),
            warnings=tuple(self.warnings),
            explanation=self.explanation,
        )


def _law_data(law_code: str) -> tuple[Law, LawEligibility]:
    law = get_law(law_code)
    if law.eligibility is None:
        raise ValueError(f"{law.title} 的选举权由党内法规规定，不适用村（居）民委员会选民资格规则")
    return law, law.eligibility


def _rights(
    c: _Collector, law: Law, data: LawEligibility, birth: date, deprived: bool, day: date, what: str
) -> None:
    """年满十八周岁 on the day, and not deprived of political rights (2018 第十三条 / 2025 第十六条)."""
    cite = law.cite(data.rights_article)
    if birth > day:
        c.block("age", cite, f"出生日期 {birth.isoformat()} 晚于选举日 {day.isoformat()}，不具有{what}")
    else:
        age = age_on(birth, day)
        eighteenth = anniversary(birth, years=VOTING_AGE)
        if age >= VOTING_AGE:
            c.note(
                "age",
                cite,
                f"出生于 {birth.isoformat()}，年满十八周岁之日为 {eighteenth.isoformat()}，"
                f"至选举日 {day.isoformat()} 年满 {age} 周岁，具有{what}",
            )
        else:
            c.block(
                "age",
                cite,
                f"出生于 {birth.isoformat()}，至选举日 {day.isoformat()} 为 {age} 周岁，"
                f"{eighteenth.isoformat()} 方年满十八周岁，不具有{what}",
            )
    if deprived:
        c.block("political_rights", cite, f"依照法律被剥夺政治权利，不具有{what}")


def voter_eligibility(
    facts: VoterFacts,
    *,
    law: str,
    election_day: date,
    profile: str = "national",
    extra_categories: Sequence[RegistrationCategory] = (),
) -> Verdict:
    """Voter eligibility on election day under law version ``law`` (see the module docstring).

    The categories are the law's, then the province's (``Profile.categories`` of ``profile``), then
    ``extra_categories`` (e.g. a local pilot); a later category replaces an earlier one with its code.
    Raises ``profiles.UnknownCode`` for an unknown law or profile.
    Example (legal-rules.md §10 ex. 17): born 2008-03-20, election 2026-03-20 → eligible; born
    2008-03-21 → not.
    """
    law_obj, data = _law_data(law)
    provincial = get_profile(profile).categories
    c = _Collector()
    _rights(c, law_obj, data, facts.birth_date, facts.deprived_of_political_rights, election_day, "选举权")
    reg_cite = law_obj.cite(data.registration_article)
    if facts.registered_elsewhere:
        c.block(
            "registered_elsewhere",
            reg_cite,
            "已在户籍所在地或者居住地登记参加选举，不得再参加其他地方的选举",
        )
    categories: Mapping[str, RegistrationCategory] = {
        cat.code: cat for cat in (*data.categories, *provincial, *extra_categories)
    }
    category = categories.get(facts.category)
    if category is None:
        known = "、".join(categories)
        c.block(
            "category", reg_cite, f"登记类别 {facts.category} 不属于{law_obj.title}规定的登记类别（{known}）"
        )
        return c.verdict()
    cite = category.source or reg_cite
    # a caller's own category (a local pilot) cites the caller's document: input data, not looked up
    loc = bool(category.source) and category in tuple(extra_categories)
    c.note("category", cite, f"登记类别：{category.text}", local=loc)
    if category.min_months:
        _check_duration(c, category, facts.since, election_day, cite, data.place, loc)
    if category.needs_application and not facts.applied:
        c.block("application", cite, "本人未表示或者申请参加选举，不予登记", local=loc)
    if category.approval_by:
        if facts.approved:
            c.note("approval", cite, f"已经{category.approval_by}同意", local=loc)
        else:
            c.block("approval", cite, f"尚未经{category.approval_by}同意，不予登记", local=loc)
    return c.verdict()


def _check_duration(
    c: _Collector,
    category: RegistrationCategory,
    since: date | None,
    day: date,
    cite: str,
    place: str,
    local: bool = False,
) -> None:
    span = _months_text(category.min_months)
    if since is None:
        c.block("duration", cite, f"未提供在{place}居住或者工作的起始日期，无法确认是否满{span}", local=local)
        return
    reached = anniversary(since, months=category.min_months)
    if reached <= day:
        text = f"自 {since.isoformat()} 起至选举日已满{span}（{reached.isoformat()} 届满）"
        c.note("duration", cite, text, local=local)
    else:
        text = f"自 {since.isoformat()} 起至选举日不满{span}（{reached.isoformat()} 方届满）"
        c.block("duration", cite, text, local=local)


def _months_text(months: int) -> str:
    if months % MONTHS_PER_YEAR == 0:
        return f"{months // MONTHS_PER_YEAR}年"
    return f"{months}个月"


def candidate_eligibility(
    facts: CandidateFacts,
    *,
    law: str,
    election_day: date,
    negative_list: Iterable[NegativeItem] = (),
    guidance: CityGuidance | None = None,
    reference_date: date | None = None,
) -> Verdict:
    """Whether a person may be a candidate for ``facts.post``.

    1. 被选举权 on election day (2018 第十三条 / 2025 第十六条 [V]).
    2. Statutory bars of the law version (村民委员会组织法(2025) 第十八条 [V]: “被开除中国共产党党籍，
       因犯罪受过刑事处罚，利用宗族或者黑恶势力从事非法活动，组织或者参加非法宗教活动或者邪教活动的，
       不得作为候选人”; 城市居民委员会组织法(2025) 第十八条 the same without 宗族) → block, whatever the date.
    3. Negative list: a finding with the item's code applies while the look-back window, counted back
       from ``reference_date`` (default: election day), has not elapsed → 不能: block, 不宜: warn.
    4. City guidance: age caps (age on each cap's own cut-off date) and education → warn, or block
       when the item says so.
    """
    law_obj, data = _law_data(law)
    reference = reference_date or election_day
    c = _Collector()
    _rights(c, law_obj, data, facts.birth_date, facts.deprived_of_political_rights, election_day, "被选举权")
    codes = {f.code for f in facts.findings}
    bar_cite = law_obj.cite(data.candidate_article)
    for bar in data.bars:
        hits = sorted(codes & bar.finding_codes)
        if hits:
            c.block(
                f"bar:{bar.code}", bar_cite, f"{bar.text}，依法不得作为候选人（核查结论：{'、'.join(hits)}）"
            )
    if not data.bars:
        c.note("bars", bar_cite, f"{law_obj.title}未规定法定的候选人禁止情形，以负面清单为准")
    if EXEMPT in codes:
        c.note(
            "exempt",
            JUDGEMENT_EXEMPT,
            "核查结论为免予刑事处罚：不属于“因犯罪受过刑事处罚”，不触发法定禁止情形",
        )
    items = list(negative_list)
    for item in items:
        for finding in (f for f in facts.findings if f.code == item.code):
            _apply_item(c, item, finding, reference)
    listed = {item.code for item in items} | {code for bar in data.bars for code in bar.finding_codes}
    for finding in facts.findings:
        if finding.code not in listed:
            c.note(
                f"unlisted:{finding.code}",
                CITE_VETTING,
                f"核查结论 {finding.code}（{finding.on.isoformat()}）不在法定情形和负面清单内，仅供参考",
            )
    if guidance is not None:
        _apply_guidance(c, facts, guidance)
    return c.verdict()


def _apply_item(c: _Collector, item: NegativeItem, finding: Finding, reference: date) -> None:
    source = f"（{finding.department or item.department}核查，{finding.on.isoformat()}）"
    rule = f"negative:{item.code}"
    if item.lookback_years is not None:
        ends = anniversary(finding.on, years=item.lookback_years)
        if ends <= reference:
            c.note(
                rule,
                item.citation,
                f"{item.text}{source}：至 {reference.isoformat()} 已满 {item.lookback_years} 年"
                f"（{ends.isoformat()} 届满），不再适用",
                local=True,
            )
            return
        window = f"，至 {reference.isoformat()} 未满 {item.lookback_years} 年（{ends.isoformat()} 届满）"
    else:
        window = ""
    if item.tier == "不能":
        c.block(rule, item.citation, f"{item.text}{source}{window}，不能确定为候选人", local=True)
    else:
        c.warn(rule, item.citation, f"{item.text}{source}{window}，不宜确定为候选人", local=True)


def _applies(cap_posts: frozenset[str] | None, post: str) -> bool:
    return cap_posts is None or post in cap_posts


def _apply_guidance(c: _Collector, facts: CandidateFacts, guidance: CityGuidance) -> None:
    for cap in guidance.age_caps:
        if cap.sex not in (None, facts.sex) or cap.incumbent not in (None, facts.incumbent):
            continue
        if not _applies(cap.posts, facts.post) or facts.birth_date > cap.cutoff:
            continue
        age = age_on(facts.birth_date, cap.cutoff)
        who = "连任" if facts.incumbent else "新任"
        if age <= cap.max_age:
            c.note(
                "age_cap",
                cap.citation,
                f"{who}{facts.post}年龄上限 {cap.max_age} 周岁（计算至 {cap.cutoff.isoformat()}），"
                f"实际 {age} 周岁，符合",
                local=True,
            )
            continue
        text = (
            f"{who}{facts.post}年龄上限 {cap.max_age} 周岁（计算至 {cap.cutoff.isoformat()}），"
            f"实际 {age} 周岁，超过上限"
        )
        (c.block if cap.block else c.warn)("age_cap", cap.citation, text, local=True)
    for pref in guidance.education:
        if not _applies(pref.posts, facts.post):
            continue
        if facts.education is None:
            c.warn(
                "education", pref.citation, f"未提供学历，无法核对“{pref.minimum}及以上”的要求", local=True
            )
        elif education_at_least(facts.education, pref.minimum):
            c.note(
                "education",
                pref.citation,
                f"学历 {facts.education}，符合“{pref.minimum}及以上”的要求",
                local=True,
            )
        else:
            text = f"学历 {facts.education}，低于“{pref.minimum}及以上”的要求"
            (c.block if pref.block else c.warn)("education", pref.citation, text, local=True)


def _on_day(c: _Collector, kind: LawKind, on: date, what: str) -> str:
    law = law_in_force(kind, on)
    c.note("law_on_day", JUDGEMENT_LAW_ON_DAY, f"{what}于 {on.isoformat()} 进行，适用当日施行的{law.title}")
    return law.code


def _merge(first: _Collector, verdict: Verdict) -> Verdict:
    steps = [*first.explanation.steps, *verdict.explanation.steps]
    return Verdict(
        eligible=verdict.eligible,
        blocks=verdict.blocks,
        warnings=verdict.warnings,
        explanation=Explanation(steps),
    )


def candidate_eligibility_on(
    facts: CandidateFacts,
    *,
    kind: LawKind,
    election_day: date,
    on: date,
    negative_list: Iterable[NegativeItem] = (),
    guidance: CityGuidance | None = None,
) -> Verdict:
    """:func:`candidate_eligibility` judged by the text in force on ``on``, the day of the step (the
    nomination, the vetting, a later review): the 2025 statutory bars apply only from 2026-01-01
    (issue 8 req. 11). Example: election day 2026-01-10, a sentence served out in 2014 → eligible when
    nominated in December 2025 (2018 text: no statutory bar), barred when judged in March 2026.
    Look-back windows of the negative list count back from ``on``."""
    c = _Collector()
    code = _on_day(c, kind, on, "候选人资格审查")
    verdict = candidate_eligibility(
        facts,
        law=code,
        election_day=election_day,
        negative_list=negative_list,
        guidance=guidance,
        reference_date=on,
    )
    return _merge(c, verdict)


def voter_eligibility_on(
    facts: VoterFacts,
    *,
    kind: LawKind,
    election_day: date,
    on: date,
    profile: str = "national",
    extra_categories: Sequence[RegistrationCategory] = (),
) -> Verdict:
    """:func:`voter_eligibility` with the registration categories of the text in force on ``on`` (the
    registration day): registering in December 2025 follows the 2018 text (no 从事村务工作 category),
    whatever the election day. Age is still counted to the election day."""
    c = _Collector()
    code = _on_day(c, kind, on, "选民登记")
    verdict = voter_eligibility(
        facts, law=code, election_day=election_day, profile=profile, extra_categories=extra_categories
    )
    return _merge(c, verdict)


@dataclass(frozen=True)
class ProxyFacts:
    """A written proxy (委托投票): ``relationship`` is the proxy's relationship to the principal, one
    of :data:`~huanjie.rules.profiles.KIN_1045`, or ``None`` when the proxy is not a near relative;
    ``accepted`` is the number of principals the proxy has already accepted."""

    relationship: str | None
    proxy_is_candidate: bool = False
    accepted: int = 0


def proxy_eligibility(facts: ProxyFacts, *, kind: LawKind, profile: str, election_day: date) -> Verdict:
    """May this villager vote for the principal? Judged by the text in force on election day.

    * who: 村民委员会组织法(2018) 第十五条 “近亲属”; (2025) 第十八条 “近亲属或者其他村民”. The provincial
      measures (浙江 第二十五条, 上海 第十六条, 北京 第二十五条, 河南 第三十条) list near relatives
      only: under
      the 2018 text they agree with it; from 2026-01-01 the national text prevails (conflict table [M]);
    * at most three principals per proxy (2025 texts; every provincial measure);
    * candidates may not act as proxies (2025 texts; 浙江 第二十五条, 北京 第二十五条).
    """
    law = law_in_force(kind, election_day)
    prof = get_profile(profile)
    nat = law.cite(law.schedule.election_article)
    prov = prof.cite(prof.proxy_article, nat)
    c = _Collector()
    relative = facts.relationship in KIN_1045
    if relative:
        c.note("proxy.who", prov, f"受托人为委托人的{facts.relationship}，属于近亲属")
    elif law.proxy_others:
        c.note("proxy.who", nat, "受托人不是近亲属，但为本村其他村民，可以接受委托")
        if prof.proxy_article:
            c.note(
                "proxy.conflict",
                f"{prov}；{JUDGEMENT_CONFLICT}",
                f"{prof.name}办法只允许委托近亲属；{law.title}允许其他村民，"
                "自 2026-01-01 起适用国家法律〔判断〕",
            )
    else:
        c.block("proxy.who", prov, "受托人不是委托人的近亲属，不能接受委托")
    cap = law.proxy_cap or prof.proxy_cap
    cap_cite = nat if law.proxy_cap else prov
    if facts.accepted >= cap:
        c.block("proxy.cap", cap_cite, f"受托人已接受 {facts.accepted} 人委托，每人接受委托不得超过 {cap} 人")
    barred = not law.candidates_may_be_proxies or prof.proxy_candidates_barred
    if facts.proxy_is_candidate and barred:
        c.block(
            "proxy.candidate", nat if not law.candidates_may_be_proxies else prov, "候选人不得接受委托投票"
        )
    return c.verdict()
