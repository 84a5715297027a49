"""The ordered election procedure and its deadlines (legal-rules.md §4, §8; issue 3 req. 6).

From the election day E, a law version and a provincial profile, :func:`build_schedule` lists the
procedure steps in order, each with its latest (or earliest) date and its citation. :func:`validate`
takes the dates on which steps actually happened and returns every violation: late, early, missing
(deadline passed and no date), out of order, and — as warnings — a date exactly on an “N 日前” limit,
which some offices read as “N+1 days before” (legal-rules.md §8).

Two kinds of counting (see ``dates.py``):
- “选举日的 N 日前” → on or before E − N; never moved by holidays;
- “自 D 起 N 日内” → D + N (民法典 第二百零一条), moved past holidays by the calendar (第二百零三条).

A later step counted from an earlier one (objections from the voter list's publication, the handover
from the result) uses the earlier step's actual date when it is known, otherwise its computed limit.
Per-law articles live in ``Law.schedule`` (:class:`~huanjie.rules.profiles.LawSchedule`); provincial
days and articles in ``profiles.Profile``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from huanjie.rules.citations import (
    CITE_ORDER,
    CITE_PARTY_APPROVAL,
    CITE_PARTY_VETTING,
    CITE_PROVINCIAL_USAGE,
    JUDGEMENT_LAW_ON_DAY,
    lookup,
)
from huanjie.rules.dates import NO_HOLIDAYS, HolidayCalendar, days_before, period_end
from huanjie.rules.profiles import (
    CHANGES,
    Law,
    LawKind,
    LawSchedule,
    Profile,
    get_law,
    get_profile,
    law_in_force,
)

__all__ = [
    "LawSchedule",
    "PlannedStep",
    "Schedule",
    "StepRule",
    "Violation",
    "build_schedule",
    "procedure",
    "validate",
]

Counting = Literal["before", "within", "after", "on"]
"""``before``: on or before anchor − days; ``within``: on or before anchor + days (period end, may
move); ``after``: on or after anchor + days; ``on``: exactly the anchor day."""
ViolationKind = Literal["late", "early", "missing", "out_of_order", "on_limit"]
Severity = Literal["error", "warning"]

ELECTION = "election"


@dataclass(frozen=True)
class StepRule:
    """One step of the procedure: when it must happen relative to ``anchors``, and why.

    ``anchors``: steps whose date this one is counted from; the first with an actual date is used,
    otherwise the last one's reference date (its actual date, or else its own limit).
    ``required``: the step must happen (objections, proxies and the supplementary round need not).
    ``after``: steps that must not happen later than this one (order).
    """

    key: str
    title: str
    counting: Counting
    days: int
    anchors: tuple[str, ...]
    citation: str
    required: bool = True
    after: tuple[str, ...] = ()
    earliest_anchor: str | None = None
    """Also not before this step's reference date (e.g. the handover not before the result)."""
    warn_on_limit: bool = False
    """The text reads “选举日的 N 日前”: a date exactly on E − N is flagged, since some offices read it
    as N + 1 days (legal-rules.md §8). Steps that merely have to come before the election are not."""

    def __post_init__(self) -> None:
        lookup(self.citation)  # only registered citations (huanjie.rules.citations)


@dataclass(frozen=True)
class PlannedStep:
    """A step with its computed dates: ``latest`` and/or ``earliest`` (``None`` when open)."""

    rule: StepRule
    latest: date | None
    earliest: date | None
    explanation: str


@dataclass(frozen=True)
class Violation:
    """A step done late, early, not at all, out of order, or (warning) exactly on the limit."""

    step: str
    kind: ViolationKind
    severity: Severity
    citation: str
    text: str
    actual: date | None = None
    limit: date | None = None


@dataclass(frozen=True)
class Schedule:
    """The planned steps for one election, in procedure order.

    ``step_laws``: the law code each step was judged by, when the schedule was built with
    :func:`build_schedule_in_force`; ``transition``: what changes when the election straddles the
    day a new text takes effect (empty otherwise)."""

    law: str
    profile: str
    election_day: date
    steps: tuple[PlannedStep, ...]
    actual: Mapping[str, date] = field(default_factory=dict)
    step_laws: Mapping[str, str] = field(default_factory=dict)
    transition: tuple[str, ...] = ()

    def step(self, key: str) -> PlannedStep:
        for planned in self.steps:
            if planned.rule.key == key:
                return planned
        raise KeyError(key)


def _cite(law: Law, article: str, profile: Profile, provincial_article: str) -> str:
    """The national citation, plus the provincial article when the profile has one."""
    national = law.cite(article)
    provincial = profile.cite(provincial_article, "") or profile.inherits_note
    return f"{national}；{provincial}" if provincial else national


def _committee_steps(law: Law, sched: LawSchedule, profile: Profile) -> list[StepRule]:
    """村（居）民委员会 procedure: legal-rules.md §4 steps 0-18 that carry a date, plus the order
    party election → committee election → supervision committee (DOMAIN.md 28)."""
    voter_cite = _cite(law, sched.voter_list_article, profile, profile.voter_list_article)
    election_cite = law.cite(sched.election_article)
    steps: list[StepRule] = [
        StepRule(
            key="party_election",
            title=f"{sched.party_org}换届选举（先于{sched.committee}选举）",
            counting="before",
            days=1,
            anchors=(ELECTION,),
            citation=CITE_ORDER,
        ),
    ]
    if sched.audit_article:
        steps.append(
            StepRule(
                key="audit_published",
                title="公布离任经济责任审计结果",
                counting="before",
                days=1,
                anchors=(ELECTION,),
                citation=law.cite(sched.audit_article),
            )
        )
    steps += [
        StepRule(
            key="voter_list",
            title="公布选民名单",
            counting="before",
            days=sched.voter_list_days_before,
            anchors=(ELECTION,),
            warn_on_limit=True,
            citation=voter_cite,
        ),
        StepRule(
            key="objections",
            title="对选民名单提出申诉",
            counting="within",
            days=sched.objection_days,
            anchors=("voter_list",),
            citation=voter_cite,
            required=False,
        ),
        StepRule(
            key="objection_decisions",
            title="作出申诉处理决定并公布",
            counting="within",
            days=sched.decision_days,
            anchors=("objections",),
            citation=voter_cite,
            required=False,
        ),
        StepRule(
            key="candidate_list",
            title="公布正式候选人名单",
            counting="before",
            days=profile.candidate_list_days_before,
            anchors=(ELECTION,),
            warn_on_limit=True,
            citation=profile.cite(
                profile.candidate_list_article, f"{election_cite}；{CITE_PROVINCIAL_USAGE}"
            ),
            after=("voter_list",),
        ),
    ]
    if profile.candidate_withdrawal_days_before is not None:
        steps.append(
            StepRule(
                key="candidate_withdrawal",
                title="候选人书面申请退出",
                counting="before",
                days=profile.candidate_withdrawal_days_before,
                anchors=(ELECTION,),
                warn_on_limit=True,
                citation=profile.cite(profile.candidate_withdrawal_article, election_cite),
                required=False,
                after=("candidate_list",),
            )
        )
    if profile.proxy_request_days_before is not None:
        steps.append(
            StepRule(
                key="proxy_requests",
                title="办理委托投票手续",
                counting="before",
                days=profile.proxy_request_days_before,
                anchors=(ELECTION,),
                warn_on_limit=True,
                citation=profile.cite(profile.proxy_article, election_cite),
                required=False,
                after=("voter_list",),
            )
        )
    if profile.proxy_list_days_before is not None:
        steps.append(
            StepRule(
                key="proxy_list",
                title="公布委托人和受委托人名单",
                counting="before",
                days=profile.proxy_list_days_before,
                anchors=(ELECTION,),
                warn_on_limit=True,
                citation=profile.cite(profile.proxy_article, election_cite),
                required=False,
                after=("proxy_requests",) if profile.proxy_request_days_before is not None else (),
            )
        )
    if profile.notice_days_before is not None:
        steps.append(
            StepRule(
                key="election_notice",
                title="公布选举时间、地点、方式和监票、唱票、计票人员",
                counting="before",
                days=profile.notice_days_before,
                anchors=(ELECTION,),
                warn_on_limit=True,
                citation=profile.cite(profile.notice_article, election_cite),
            )
        )
    supplementary_cite = _cite(law, law.supplementary_article, profile, profile.supplementary_article)
    steps += [
        StepRule(
            key=ELECTION,
            title=f"{sched.committee}选举日（投票、公开计票、当场公布结果）",
            counting="on",
            days=0,
            anchors=(ELECTION,),
            citation=election_cite,
        ),
        StepRule(
            key="supplementary",
            title="另行选举（不足的名额）",
            counting="within" if profile.supplementary_window_days is not None else "after",
            days=profile.supplementary_window_days or 0,
            anchors=(ELECTION,),
            citation=supplementary_cite,
            required=False,
        ),
        StepRule(
            key="result_announced",
            title="公布当选名单（新一届产生）",
            counting="on",
            days=0,
            anchors=("supplementary", ELECTION),
            citation=election_cite,
            required=False,
        ),
        StepRule(
            key="handover",
            title="新老班子工作移交",
            counting="within",
            days=sched.handover_days,
            anchors=("result_announced",),
            citation=_cite(law, sched.handover_article, profile, profile.handover_article),
            earliest_anchor="result_announced",
        ),
    ]
    if sched.supervision_title:
        steps.append(
            StepRule(
                key="supervision_election",
                title=f"推选{sched.supervision_title}（在{sched.committee}选举之后）",
                counting="after",
                days=0,
                anchors=(ELECTION,),
                citation=f"{law.cite(sched.supervision_article)}；{CITE_ORDER}",
            )
        )
    return steps


def _party_steps(law: Law, sched: LawSchedule) -> list[StepRule]:
    """Party organization election: vetting before, approval of the secretary after, and the
    committee election afterwards (DOMAIN.md 28). The 2020 条例's own time limits are not verified
    (legal-rules.md §12 item 3), so no other deadline is invented here."""
    tag = "" if law.reliability == "V" else f" [{law.reliability}]"
    election_cite = law.cite(sched.rights_article) if sched.rights_article else f"{law.title}{tag}"
    return [
        StepRule(
            key="candidate_vetting",
            title="候选人预备人选报上级党组织审查",
            counting="before",
            days=1,
            anchors=(ELECTION,),
            citation=CITE_PARTY_VETTING,
        ),
        StepRule(
            key=ELECTION,
            title=f"{sched.party_org}党员大会选举",
            counting="on",
            days=0,
            anchors=(ELECTION,),
            citation=election_cite,
        ),
        StepRule(
            key="secretary_approval",
            title="书记、副书记报上级党组织批准",
            counting="after",
            days=0,
            anchors=(ELECTION,),
            citation=CITE_PARTY_APPROVAL,
        ),
        StepRule(
            key="committee_election",
            title="村（居）民委员会选举（在党组织换届之后）",
            counting="after",
            days=1,
            anchors=(ELECTION,),
            citation=CITE_ORDER,
            required=False,
        ),
    ]


def procedure(law_code: str, profile_code: str) -> tuple[StepRule, ...]:
    """The ordered procedure steps for a law version and a profile (legal-rules.md §4).

    Raises ``profiles.UnknownCode`` for an unknown law or profile.
    """
    law = get_law(law_code)
    profile = get_profile(profile_code)
    sched = law.schedule
    if sched.kind == "party":
        return tuple(_party_steps(law, sched))
    return tuple(_committee_steps(law, sched, profile))


def _reference(
    key: str, election_day: date, actual: Mapping[str, date], computed: Mapping[str, PlannedStep]
) -> date:
    """The date a later step is counted from: the actual date if known, else the computed limit."""
    if key == ELECTION:
        return election_day
    if key in actual:
        return actual[key]
    planned = computed[key]
    limit = planned.latest if planned.latest is not None else planned.earliest
    assert limit is not None  # every anchor step has a limit (procedure invariant)
    return limit


def _anchor_date(
    rule: StepRule, election_day: date, actual: Mapping[str, date], computed: Mapping[str, PlannedStep]
) -> date:
    for key in rule.anchors:
        if key != ELECTION and key in actual:
            return actual[key]
    return _reference(rule.anchors[-1], election_day, actual, computed)


def _plan(
    rule: StepRule,
    election_day: date,
    actual: Mapping[str, date],
    computed: Mapping[str, PlannedStep],
    calendar: HolidayCalendar,
) -> PlannedStep:
    anchor = _anchor_date(rule, election_day, actual, computed)
    latest: date | None
    earliest: date | None
    if rule.counting == "before":
        latest, earliest = days_before(anchor, rule.days), None
        text = f"应不迟于 {anchor.isoformat()} 的 {rule.days} 日前，即 {latest.isoformat()} 或之前"
    elif rule.counting == "within":
        period = period_end(anchor, rule.days, calendar)
        latest, earliest = period.end, anchor
        text = period.explain()
    elif rule.counting == "after":
        latest, earliest = None, anchor + timedelta(days=rule.days)
        text = f"应在 {earliest.isoformat()} 或之后"
    else:
        latest = earliest = anchor
        text = f"应在 {anchor.isoformat()} 当日"
    if rule.earliest_anchor is not None:
        earliest = _reference(rule.earliest_anchor, election_day, actual, computed)
    return PlannedStep(rule=rule, latest=latest, earliest=earliest, explanation=f"{rule.title}：{text}")


def build_schedule(
    law_code: str,
    profile_code: str,
    election_day: date,
    *,
    actual: Mapping[str, date] | None = None,
    calendar: HolidayCalendar = NO_HOLIDAYS,
) -> Schedule:
    """Every step of :func:`procedure` with its latest / earliest date for election day E.

    Example (legal-rules.md §10 ex. 16, E = 2026-03-20, 浙江): voter list by 2026-02-28 (E−20,
    村民委员会组织法(2025) 第十七条 [V]); objections to a list published 02-28 up to 03-05 (民法典
    第二百零一条); candidate list by 03-15; proxies by 03-17 (浙江省村民委员会选举办法 第二十五条 [V]);
    另行选举 by 04-19 (第二十九条, 30 days); handover within 10 days of the result (第二十四条).
    """
    known: Mapping[str, date] = dict(actual or {})
    rules = procedure(law_code, profile_code)
    unknown = sorted(set(known) - {r.key for r in rules})
    if unknown:
        raise ValueError(f"未知的程序步骤：{'、'.join(unknown)}")
    computed: dict[str, PlannedStep] = {}
    for rule in rules:
        computed[rule.key] = _plan(rule, election_day, known, computed, calendar)
    return Schedule(
        law=law_code,
        profile=profile_code,
        election_day=election_day,
        steps=tuple(computed.values()),
        actual=known,
    )


def validate(schedule: Schedule, *, as_of: date | None = None) -> list[Violation]:
    """Compare actual dates with the schedule; return every violation, in procedure order.

    - ``late``: after the latest date; ``early``: before the earliest date;
    - ``missing``: a required step with no date whose deadline has passed by ``as_of``
      (``as_of=None``: the election is over, every required step must have a date);
    - ``out_of_order``: before a step that must precede it;
    - ``on_limit`` (warning): exactly on an “N 日前” limit, e.g. the voter list on E−20, which some
      offices read as E−21 (legal-rules.md §8).
    """
    actual = schedule.actual
    found: list[Violation] = []
    for planned in schedule.steps:
        rule = planned.rule
        done = actual.get(rule.key)
        if done is None:
            due = planned.latest
            overdue = as_of is None or (due is not None and due < as_of)
            if rule.required and overdue:
                deadline = f"（期限 {due.isoformat()}）" if due is not None else ""
                found.append(
                    Violation(
                        step=rule.key,
                        kind="missing",
                        severity="error",
                        citation=rule.citation,
                        text=f"{rule.title}：没有记录办理日期{deadline}",
                        limit=due,
                    )
                )
            continue
        if planned.latest is not None and done > planned.latest:
            days = (done - planned.latest).days
            found.append(
                Violation(
                    step=rule.key,
                    kind="late",
                    severity="error",
                    citation=rule.citation,
                    text=f"{rule.title}：{done.isoformat()} 办理，晚于最迟日期 {planned.latest.isoformat()}"
                    f" {days} 日",
                    actual=done,
                    limit=planned.latest,
                )
            )
        elif rule.warn_on_limit and done == planned.latest:
            found.append(
                Violation(
                    step=rule.key,
                    kind="on_limit",
                    severity="warning",
                    citation=rule.citation,
                    text=f"{rule.title}：{done.isoformat()} 恰为“{rule.days} 日前”的最后一天；"
                    f"部分地方理解为须提前 {rule.days + 1} 日，请核实当地口径",
                    actual=done,
                    limit=planned.latest,
                )
            )
        if planned.earliest is not None and done < planned.earliest:
            found.append(
                Violation(
                    step=rule.key,
                    kind="early",
                    severity="error",
                    citation=rule.citation,
                    text=f"{rule.title}：{done.isoformat()} 办理，"
                    f"早于最早日期 {planned.earliest.isoformat()}",
                    actual=done,
                    limit=planned.earliest,
                )
            )
        for before_key in rule.after:
            previous = actual.get(before_key)
            if previous is not None and done < previous:
                title = schedule.step(before_key).rule.title
                found.append(
                    Violation(
                        step=rule.key,
                        kind="out_of_order",
                        severity="error",
                        citation=rule.citation,
                        text=f"{rule.title}（{done.isoformat()}）早于应在其之前的“{title}”（{previous.isoformat()}）",
                        actual=done,
                        limit=previous,
                    )
                )
    return found


def build_schedule_in_force(
    kind: LawKind,
    profile_code: str,
    election_day: date,
    *,
    actual: Mapping[str, date] | None = None,
    calendar: HolidayCalendar = NO_HOLIDAYS,
) -> Schedule:
    """Like :func:`build_schedule`, but every step is judged by the text in force on that step's own
    day (its actual date when known, otherwise its limit): registration and nomination in December
    2025 under the 2018 text, voting and counting by the election day's (issue 8 req. 11; a judgement
    on retroactivity, :data:`~huanjie.rules.citations.JUDGEMENT_LAW_ON_DAY` [M]). The day counts of
    the two texts are the same; what changes is the article each step rests on. An election that
    straddles the day a new text takes effect lists what changes in ``transition``."""
    law = law_in_force(kind, election_day)
    base = build_schedule(law.code, profile_code, election_day, actual=actual, calendar=calendar)
    done = dict(actual or {})
    steps: list[PlannedStep] = []
    step_laws: dict[str, str] = {}
    for planned in base.steps:
        key = planned.rule.key
        day = done.get(key) or planned.latest or planned.earliest or election_day
        step_law = law_in_force(kind, day)
        step_laws[key] = step_law.code
        if step_law.code != law.code:
            other = {r.key: r for r in procedure(step_law.code, profile_code)}
            rule = other.get(key, planned.rule)
            text = f"{planned.explanation}（该步骤在 {day.isoformat()}，适用当日施行的{step_law.title}）"
            planned = PlannedStep(
                rule=rule, latest=planned.latest, earliest=planned.earliest, explanation=text
            )
        steps.append(planned)
    codes = sorted(set(step_laws.values()), key=lambda c: get_law(c).effective_from)
    transition: tuple[str, ...] = ()
    if len(codes) > 1:
        new = get_law(codes[-1])
        head = (
            f"本次选举跨越 {new.effective_from.isoformat()}：此前的步骤适用{get_law(codes[0]).title}，"
            f"此后的步骤适用{new.title}（{JUDGEMENT_LAW_ON_DAY}）"
        )
        transition = (head, *CHANGES.get((codes[0], codes[-1]), ()))
    return Schedule(
        law=law.code,
        profile=profile_code,
        election_day=election_day,
        steps=tuple(steps),
        actual=base.actual,
        step_laws=step_laws,
        transition=transition,
    )
