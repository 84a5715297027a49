"""Screening one candidate, automatically and explained, with its effect by committee (issue 11 req. 3).

Every check says its result, the evidence (a Chinese sentence) and the citation it rests on; the
result depends on the committee the person is a candidate for (:data:`Side`):

* ``party`` — a 村（社区）党组织 预备人选: statutory bars and substantiated 不能-tier items **block** (no
  “带病上岗”: the 镇党委 may not approve); 不宜 items and the city's guidance **warn** (guidance
  configured as a block blocks); party standing is checked: 预备党员 have no 被选举权 (中国共产党章程
  第七条 [M]), nor members under 留党察看 (第四十条 [M]); a missing 承诺书 warns, or blocks where the
  campaign says so.
* ``committee`` (村/居民委员会) and ``supervision`` (村/居务监督委员会) — candidates come only from lawful
  nomination and “任何组织或者个人不得指定、委派或者撤换村民委员会成员” (村民委员会组织法(2018) 第十一条 /
  (2025) 第十四条 [V]): statutory bars (村民委员会组织法(2025) 第十八条; 城市居民委员会组织法(2025)
  第十八条 [V], from 2026-01-01 only), 被选举权 (2018 第十三条 / 2025 第十六条 [V]) and registration as a
  voter in the place go to the 选举委员会 as **decide** (its decision, recorded with its basis; the
  county's joint review is an opinion). Everything else — 不能/不宜 items of the city's list, age,
  education, 考察 concerns, a missing 承诺书 — **warns** and suggests a talk (谈话); nothing blocks.

Near relatives (民法典 第一千零四十五条, :data:`~huanjie.rules.profiles.KIN_1045`):

* with another candidate for the same 村（居）民委员会, where the law in force or the provincial measure
  has 近亲属回避 (村民委员会组织法(2025) 第八条; 浙江 第三十一条 …, ``profiles.relatives_rule``): the
  选举委员会 decides how it is handled (the law gives no mechanics; who stays is settled after the
  count), no nomination is struck; for the Party committee a warning [M];
* supervision body vs 村（居）民委员会: “村民委员会成员及其近亲属不得担任村务监督机构成员” (村民委员会组织法
  (2018) 第三十二条 / (2025) 第三十七条; 城市居民委员会组织法(2025) 第三十六条 [V]): decide for the
  supervision candidate, a warning for the 村委会 candidate;
* an election-committee member who is nominated, or (2025 texts: “村民选举委员会成员或者其近亲属被提名为
  村民委员会成员候选人的，应当退出村民选举委员会”, 村民委员会组织法(2025) 第十五条) whose near relative is
  nominated, must withdraw (2018 第十二条: the member only; relatives by the provincial measure, e.g.
  浙江 第九条): **flag_election_committee**, never an effect on the candidate.

Findings: only substantiated (查实) findings apply negative-list items and statutory bars, through
:func:`~huanjie.rules.eligibility.candidate_eligibility_on` (the law in force on the step day, the
look-back counted back from it); unsubstantiated ones warn as 待核实. Exceptions: an age relaxation for
an outstanding secretary (“百名示范”…, the speech) needs a recorded county approval (document number
and date) and clears the age guidance only; a 容错纠错 ruling of the county Party committee (document
number) clears one finding, only for a sitting cadre (“对现任‘两委’干部”, the speech), never a statutory
bar nor a 不能-tier item [M].

Contributed checks (:class:`Contributed`): facts other parts of the system hold (the voter roll, the
election committee's members …) come as checks with a ``kind`` the rules turn into a result by side,
exactly as their own: ``condition`` as a statutory condition (block for the Party, the 选举委员会's
decision otherwise), ``policy`` as a warning (and a talk for the 村委会), ``flag`` to the 选举委员会
(never an effect on the candidate), ``pass``. A contributed ``registration`` check answers the
registration question when the candidate's ``registered_voter`` is not known (the rules' own
“未核对” warning is then left out); it never replaces any other check.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, Literal

from huanjie.rules.citations import (
    CITE_PARTY_PROBATION_SANCTION,
    CITE_PARTY_PROBATIONARY,
    CITE_SPEECH_INSPECTION,
    CITE_SPEECH_PLEDGE,
    CITE_SPEECH_RELAXATION,
    CITE_SPEECH_TOLERANCE,
    CITE_VETTING,
    ELECTION_COMMITTEE_ARTICLES,
    JUDGEMENT_AGE_RELAXATION,
    JUDGEMENT_AVOIDANCE_DECIDES,
    JUDGEMENT_CANDIDATE_REGISTERED,
    JUDGEMENT_COMMITTEE_DECIDES,
    JUDGEMENT_COMMITTEE_WARNS,
    JUDGEMENT_PARTY_MEMBER,
    JUDGEMENT_PARTY_PENDING,
    JUDGEMENT_PARTY_RELATIVES,
    JUDGEMENT_TOLERANCE,
    JUDGEMENT_UNSUBSTANTIATED,
    JUDGEMENT_WITHDRAWAL_2018,
    JUDGEMENT_WITHDRAWAL_NO_TEXT,
)
from huanjie.rules.eligibility import (
    CandidateFacts,
    CityGuidance,
    Finding,
    NegativeItem,
    candidate_eligibility_on,
)
from huanjie.rules.explain import LOCAL, Step
from huanjie.rules.profiles import (
    KIN_1045,
    LAWS,
    Law,
    LawEligibility,
    Profile,
    get_profile,
    law_in_force,
    relatives_rule,
)
from huanjie.rules.structure import Education

__all__ = [
    "AgeRelaxation",
    "Check",
    "Contributed",
    "ElectionCommitteeMember",
    "PartyStanding",
    "Related",
    "Result",
    "ScreenedCandidate",
    "Screening",
    "ScreeningFinding",
    "Side",
    "ToleranceRuling",
    "screen",
]

Side = Literal["party", "committee", "supervision"]
Result = Literal["pass", "warn", "block", "decide", "flag_election_committee"]
Effect = Literal["pass", "warn", "block", "decide"]
PartyStanding = Literal["正式党员", "预备党员", "留党察看", "立案审查"]
"""A Party member's standing: full, probationary, under 留党察看 (no 被选举权 during it), or under an open
disciplinary case (立案审查, no sanction decided yet)."""

RESULT_LABELS: dict[str, str] = {
    "pass": "通过",
    "warn": "提示",
    "block": "不能确定",
    "decide": "提请选举委员会决定",
    "flag_election_committee": "提请选举委员会处理（成员退出）",
}

# --- inputs --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScreeningFinding:
    """A dated fact about the candidate: ``ref`` identifies it (a ruling names it), ``code`` maps it
    to a negative-list item or a statutory bar, ``source`` says who reported it (县级联审, 镇级初审,
    信访 …), ``substantiated`` whether it was 查实."""

    ref: str
    code: str
    on: date
    substantiated: bool
    source: str
    department: str = ""
    document: str = ""
    note: str = ""


@dataclass(frozen=True)
class AgeRelaxation:
    """The county's approval to relax the age guidance for an outstanding secretary (“百名示范” …):
    effective only when recorded with its document number and date."""

    document: str
    approved_on: date | None
    reason: str = ""
    approved_by: str = "县委组织部"

    @property
    def recorded(self) -> bool:
        return bool(self.document.strip()) and self.approved_on is not None


@dataclass(frozen=True)
class ToleranceRuling:
    """A 容错纠错 ruling of the county Party committee on one finding (``finding`` = its ``ref``)."""

    finding: str
    document: str
    ruled_on: date | None = None


@dataclass(frozen=True)
class ScreenedCandidate:
    """The person screened. ``incumbent``: holds this post now (连任, for the age caps);
    ``sitting_cadre``: a sitting “两委” cadre (for 容错纠错; an incumbent is one); ``registered_voter``:
    registered to vote in this village (``None``: not known); ``pledge_signed``: the 承诺书 (``None``:
    not tracked); ``inspection_concerns``: concerns recorded by the 考察."""

    person: str
    name: str
    birth_date: date
    sex: Literal["M", "F"]
    post: str
    side: Side
    incumbent: bool = False
    sitting_cadre: bool = False
    education: Education | None = None
    party_member: bool = False
    party_standing: PartyStanding | None = None
    registered_voter: bool | None = None
    deprived_of_political_rights: bool = False
    pledge_signed: bool | None = None
    inspection_concerns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Related:
    """Another candidate (or a sitting ``member``) of the same or a related committee (``side``) and
    what they are to the candidate (``relation``, one of KIN_1045; anything else is not a 近亲属)."""

    person: str
    name: str
    relation: str
    side: Side
    member: bool = False


@dataclass(frozen=True)
class ElectionCommitteeMember:
    """A member of the 村（居）民选举委员会 and what they are to the candidate (``None``: unrelated)."""

    person: str
    name: str
    relation: str | None = None


ContributedKind = Literal["pass", "policy", "condition", "flag"]


@dataclass(frozen=True)
class Contributed:
    """A check answered elsewhere (``code`` names it, e.g. ``registration``): ``kind`` (see the module
    docstring), the evidence ``text`` and the ``citation`` (a registered one, as every check's)."""

    code: str
    kind: ContributedKind
    text: str
    citation: str


# --- output --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """One check: ``result``, the evidence ``text``, the ``citation`` (validated by the registry unless
    ``basis`` is ``local``, a city's own document), and whether a talk (谈话) is suggested."""

    rule: str
    result: Result
    text: str
    citation: str
    basis: str
    provenance: str
    talk: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "result": self.result,
            "result_label": RESULT_LABELS[self.result],
            "text": self.text,
            "citation": self.citation,
            "basis": self.basis,
            "provenance": self.provenance,
            "talk": self.talk,
        }


@dataclass(frozen=True)
class Screening:
    """The checks of one candidate and the ``effect`` for its committee: ``block`` (party only: the
    镇党委 may not approve), ``decide`` (村/居委会, supervision: the 选举委员会 must decide), ``warn`` or
    ``pass``. Flags to the election committee never change the effect."""

    person: str
    side: Side
    law: str
    effect: Effect
    effect_text: str
    checks: tuple[Check, ...]

    def of(self, result: Result) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.result == result)

    @property
    def talk(self) -> bool:
        """A talk (谈话) is suggested."""
        return any(c.talk for c in self.checks)

    @property
    def approvable(self) -> bool:
        """Nothing blocks (for a party 预备人选: the 镇党委 may approve)."""
        return self.effect != "block"

    def as_dict(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "side": self.side,
            "law": self.law,
            "effect": self.effect,
            "effect_text": self.effect_text,
            "talk": self.talk,
            "checks": [c.as_dict() for c in self.checks],
        }


class _Checks:
    def __init__(self, side: Side) -> None:
        self.side = side
        self.items: list[Check] = []

    def add(
        self, rule: str, result: Result, citation: str, text: str, *, local: bool = False, talk: bool = False
    ) -> None:
        step = Step(rule, citation, text, basis=LOCAL if local else "")
        self.from_step(step, result, talk=talk)

    def from_step(self, step: Step, result: Result, *, talk: bool = False) -> None:
        self.items.append(
            Check(step.rule, result, step.text, step.citation, step.basis, step.provenance, talk=talk)
        )

    def statutory(self, rule: str, citation: str, text: str) -> None:
        """A statutory condition: block for the Party, the 选举委员会's decision otherwise."""
        if self.side == "party":
            self.add(rule, "block", citation, f"{text}，不能确定为预备人选")
        else:
            self.add(
                rule,
                "decide",
                f"{citation}；{JUDGEMENT_COMMITTEE_DECIDES}",
                f"{text}，提请选举委员会依法决定",
            )

    def policy(self, rule: str, citation: str, text: str, *, blocks: bool, local: bool = False) -> None:
        """A policy requirement: for the Party block (when configured) or warn; otherwise warn and talk."""
        if self.side == "party":
            self.add(rule, "block" if blocks else "warn", citation, text, local=local)
        else:
            cite = citation if local else f"{citation}；{JUDGEMENT_COMMITTEE_WARNS}"
            self.add(
                rule, "warn", cite, f"{text}（只作提示，建议谈话，不影响候选人资格）", local=local, talk=True
            )


# --- the checks ----------------------------------------------------------------------------------


@cache
def _bar_codes(kind: str) -> frozenset[str]:
    """Every finding code that is a statutory bar in some version of the law of ``kind`` (容错纠错 never
    clears one, whatever the step day; the laws are constants: worked out once per kind)."""
    codes: set[str] = set()
    for law in LAWS.values():
        if law.kind == kind and law.eligibility is not None:
            for bar in law.eligibility.bars:
                codes |= bar.finding_codes
    return frozenset(codes)


def _label(code: str, items: dict[str, NegativeItem]) -> str:
    item = items.get(code)
    return f"“{item.text}”（{code}）" if item is not None else f" {code} "


def _findings(
    c: _Checks,
    cand: ScreenedCandidate,
    findings: Iterable[ScreeningFinding],
    items: dict[str, NegativeItem],
    rulings: Iterable[ToleranceRuling],
    bars: frozenset[str],
) -> list[Finding]:
    """The findings that apply (substantiated and not cleared); warns the unsubstantiated ones and
    judges each 容错纠错 ruling."""
    substantiated: dict[str, ScreeningFinding] = {}
    for f in findings:
        if f.substantiated:
            substantiated[f.ref] = f
            continue
        c.add(
            f"unsubstantiated:{f.code}",
            "warn",
            f"{CITE_VETTING}；{JUDGEMENT_UNSUBSTANTIATED}",
            f"{f.source}{f.department}报告{_label(f.code, items)}（{f.on.isoformat()}）未经查实，"
            "待核实，不作为不予确定的依据",
            talk=c.side != "party",
        )
    cleared: set[str] = set()
    sitting = cand.sitting_cadre or cand.incumbent
    cite = f"{CITE_SPEECH_TOLERANCE}；{JUDGEMENT_TOLERANCE}"
    for r in rulings:
        rule = f"tolerance:{r.finding}"
        found = substantiated.get(r.finding)
        doc = r.document.strip()
        if found is None:
            c.add(
                rule,
                "warn",
                cite,
                f"容错纠错认定（{doc or '无文号'}）所指的核查结论 {r.finding} 不存在或者未经查实，不予适用",
            )
            continue
        item = items.get(found.code)
        if not doc:
            reason = "未记录县级党委的认定文号"
        elif found.code in bars:
            reason = "该情形属于法律规定的候选人禁止情形，容错纠错不能免除"
        elif item is not None and item.tier == "不能":
            reason = f"该情形属于负面清单“不能”类（{item.text}），容错纠错不能免除"
        elif not sitting:
            reason = "本人不是现任“两委”干部，容错纠错只适用于现任干部"
        else:
            cleared.add(found.ref)
            c.add(
                rule,
                "pass",
                cite,
                f"县级党委容错纠错认定（{doc}）：核查结论 {found.code}（{found.on.isoformat()}）"
                "予以容错，不再作为不予确定的依据",
            )
            continue
        c.add(rule, "warn", cite, f"容错纠错认定（{doc or '无文号'}）不予适用：{reason}")
    return [
        Finding(code=f.code, on=f.on, department=f.department or f.source, note=f.note)
        for f in substantiated.values()
        if f.ref not in cleared
    ]


def _approval_text(r: AgeRelaxation | None) -> str:
    assert r is not None and r.approved_on is not None
    reason = f"，{r.reason}" if r.reason else ""
    return f"已经{r.approved_by}批准放宽年龄要求（{r.document}，{r.approved_on.isoformat()}{reason}）"


def _eligibility(
    c: _Checks,
    cand: ScreenedCandidate,
    applying: list[Finding],
    *,
    kind: Literal["village", "community"],
    election_day: date,
    on: date,
    negative_list: tuple[NegativeItem, ...],
    guidance: CityGuidance | None,
    relaxation: AgeRelaxation | None,
) -> None:
    facts = CandidateFacts(
        birth_date=cand.birth_date,
        sex=cand.sex,
        post=cand.post,
        incumbent=cand.incumbent,
        education=cand.education,
        deprived_of_political_rights=cand.deprived_of_political_rights,
        findings=tuple(applying),
    )
    verdict = candidate_eligibility_on(
        facts, kind=kind, election_day=election_day, on=on, negative_list=negative_list, guidance=guidance
    )
    relaxed = relaxation is not None and relaxation.recorded
    approval = _approval_text(relaxation) if relaxed else ""
    age_hit = False
    for step in verdict.explanation.steps:
        blocked, warned = step in verdict.blocks, step in verdict.warnings
        local = step.basis == LOCAL
        if not (blocked or warned):
            c.from_step(step, "pass")
        elif step.rule == "age_cap" and relaxed:
            age_hit = True
            c.add(
                "age_cap",
                "pass",
                f"{CITE_SPEECH_RELAXATION}；{JUDGEMENT_AGE_RELAXATION}",
                f"{step.text}；{approval}",
            )
        elif step.rule.startswith("negative:") or step.rule in ("age_cap", "education"):
            c.policy(step.rule, step.citation, step.text, blocks=blocked, local=local)
        else:  # 被选举权 (age, political rights) and the statutory bars
            c.statutory(step.rule, step.citation, step.text)
    if relaxation is not None and not relaxation.recorded:
        c.add(
            "age_relaxation",
            "warn",
            f"{CITE_SPEECH_RELAXATION}；{JUDGEMENT_AGE_RELAXATION}",
            "放宽年龄要求未记录县级批准的文号和日期，不予适用",
        )
    elif relaxation is not None and not age_hit:
        c.add(
            "age_relaxation",
            "pass",
            f"{CITE_SPEECH_RELAXATION}；{JUDGEMENT_AGE_RELAXATION}",
            f"已记录放宽年龄要求的批准（{relaxation.document}），本人未触及年龄要求，无需适用",
        )


def _party_standing(c: _Checks, cand: ScreenedCandidate) -> None:
    if not cand.party_member:
        c.add("party_standing", "block", JUDGEMENT_PARTY_MEMBER, "不是中共党员，不能作为党组织委员会委员人选")
    elif cand.party_standing == "预备党员":
        c.add(
            "party_standing", "block", CITE_PARTY_PROBATIONARY, "是预备党员，没有被选举权，不能确定为预备人选"
        )
    elif cand.party_standing == "留党察看":
        c.add(
            "party_standing",
            "block",
            CITE_PARTY_PROBATION_SANCTION,
            "在留党察看期间，没有被选举权，不能确定为预备人选",
        )
    elif cand.party_standing == "立案审查":
        c.add("party_standing", "warn", JUDGEMENT_PARTY_PENDING, "正在接受纪律审查，处分尚未作出，待核实")
    elif cand.party_standing == "正式党员":
        c.add("party_standing", "pass", JUDGEMENT_PARTY_MEMBER, "正式党员")
    else:
        c.add(
            "party_standing", "warn", JUDGEMENT_PARTY_MEMBER, "未提供党员身份（正式党员或者预备党员），待核实"
        )


def _registration(c: _Checks, cand: ScreenedCandidate, law: Law, data: LawEligibility) -> None:
    cite = f"{law.cite(data.registration_article)}；{JUDGEMENT_CANDIDATE_REGISTERED}"
    if cand.registered_voter is None:
        c.add("registration", "warn", cite, f"未核对是否在{data.place}登记参加选举")
    elif cand.registered_voter:
        c.add("registration", "pass", cite, f"已在{data.place}登记参加选举")
    else:
        c.statutory("registration", cite, f"未在{data.place}登记参加选举")


def _pledge_and_inspection(c: _Checks, cand: ScreenedCandidate, pledge_blocks_party: bool) -> None:
    if cand.pledge_signed is True:
        c.add("pledge", "pass", CITE_SPEECH_PLEDGE, "已签订换届纪律承诺书")
    elif cand.pledge_signed is False:
        c.policy("pledge", CITE_SPEECH_PLEDGE, "未签订换届纪律承诺书", blocks=pledge_blocks_party)
    for i, concern in enumerate(cand.inspection_concerns, 1):
        c.policy(f"inspection:{i}", CITE_SPEECH_INSPECTION, f"考察意见：{concern}", blocks=False)


def _relatives(
    c: _Checks, cand: ScreenedCandidate, others: Iterable[Related], law: Law, profile: Profile
) -> None:
    others = [r for r in others if r.relation in KIN_1045 and r.person != cand.person]
    if not others:
        return  # the usual case: no near relative among the candidates (the rule is not looked up)
    applies, kinds, rule_cite = relatives_rule(law, profile)
    sched = law.schedule
    sup_cite = law.cite(sched.supervision_article)
    for r in others:
        who = f"{'成员' if r.member else '候选人'}{r.name}是本人的{r.relation}"
        if r.side == cand.side == "party":
            c.add(
                "relatives.party",
                "warn",
                JUDGEMENT_PARTY_RELATIVES,
                f"同一党组织委员会{who}，属于近亲属，注意回避",
            )
        elif r.side == cand.side == "committee":
            if applies and r.relation in kinds:
                c.add(
                    "relatives.committee",
                    "decide",
                    f"{rule_cite}；{JUDGEMENT_AVOIDANCE_DECIDES}",
                    f"同一{sched.committee}{who}，{sched.committee}成员实行近亲属回避，提请选举委员会决定并告知（不取消提名）",
                )
            elif applies:
                c.add(
                    "relatives.committee",
                    "pass",
                    rule_cite,
                    f"同一{sched.committee}{who}，不在本省回避范围内",
                )
            else:
                c.add(
                    "relatives.committee",
                    "pass",
                    law.cite(law.relatives_article),
                    f"同一{sched.committee}{who}；{law.title}未规定近亲属回避",
                )
        elif {r.side, cand.side} == {"committee", "supervision"} and sched.supervision_article:
            if cand.side == "supervision":
                c.statutory(
                    "relatives.supervision",
                    sup_cite,
                    f"{sched.committee}{who}，{sched.committee}成员及其近亲属不得担任{sched.supervision_title}成员",
                )
            else:
                c.add(
                    "relatives.supervision",
                    "warn",
                    sup_cite,
                    f"{sched.supervision_title}{who}：本人当选{sched.committee}成员的，其{r.relation}不得担任"
                    f"{sched.supervision_title}成员（建议谈话）",
                    talk=True,
                )


def _election_committee(
    c: _Checks, cand: ScreenedCandidate, members: Iterable[ElectionCommitteeMember], law: Law
) -> None:
    article = ELECTION_COMMITTEE_ARTICLES.get(law.code)
    title = f"{law.schedule.committee[0]}民选举委员会"
    for m in members:
        self_ = m.person == cand.person
        if not self_ and m.relation not in KIN_1045:
            continue
        if article is None:
            cite = JUDGEMENT_WITHDRAWAL_NO_TEXT
        elif self_ or article[1]:
            cite = law.cite(article[0])
        else:
            cite = f"{law.cite(article[0])}；{JUDGEMENT_WITHDRAWAL_2018}"
        who = "本人是" if self_ else f"本人的{m.relation}{m.name}是"
        c.add(
            "election_committee",
            "flag_election_committee",
            cite,
            f"{who}{title}成员，被提名后应当退出{title}（提请选举委员会处理，不影响本人的候选人资格）",
        )


def _contributed(c: _Checks, extra: Iterable[Contributed]) -> None:
    for x in extra:
        if x.kind == "condition":
            c.statutory(x.code, x.citation, x.text)
        elif x.kind == "policy":
            c.policy(x.code, x.citation, x.text, blocks=False)
        elif x.kind == "flag":
            c.add(
                x.code,
                "flag_election_committee",
                x.citation,
                f"{x.text}（提请选举委员会处理，不影响本人的候选人资格）",
            )
        else:
            c.add(x.code, "pass", x.citation, x.text)


_EFFECT_ORDER: tuple[Effect, ...] = ("block", "decide", "warn")

_EFFECT_TEXT: dict[tuple[str, str], str] = {
    ("party", "block"): "存在不能确定为预备人选的情形，镇党委不得批准（防止“带病上岗”）",
    ("party", "warn"): "有提示事项，确定预备人选时应当说明",
    ("party", "pass"): "未发现不能或者不宜确定的情形",
    (
        "committee",
        "decide",
    ): "有须由选举委员会依法决定的事项；联审意见只是建议，任何组织或者个人不得撤换候选人",
    ("committee", "warn"): "有提示事项，建议谈话；不影响候选人资格",
    ("committee", "pass"): "未发现问题",
}


def screen(
    candidate: ScreenedCandidate,
    *,
    kind: Literal["village", "community"],
    profile: str,
    election_day: date,
    on: date,
    findings: Iterable[ScreeningFinding] = (),
    negative_list: Iterable[NegativeItem] = (),
    guidance: CityGuidance | None = None,
    others: Iterable[Related] = (),
    election_committee: Iterable[ElectionCommitteeMember] = (),
    age_relaxation: AgeRelaxation | None = None,
    rulings: Iterable[ToleranceRuling] = (),
    pledge_blocks_party: bool = False,
    contributed: Iterable[Contributed] = (),
) -> Screening:
    """Screen ``candidate`` on the step day ``on`` (the law of ``kind`` in force that day; see the
    module docstring for the checks and their effect by side). ``profile``: the province (near
    relatives). Raises ``profiles.UnknownCode`` for an unknown profile."""
    law = law_in_force(kind, on)
    assert law.eligibility is not None
    province = get_profile(profile)
    items = tuple(negative_list)
    c = _Checks(candidate.side)
    applying = _findings(c, candidate, findings, {i.code: i for i in items}, rulings, _bar_codes(kind))
    _eligibility(
        c,
        candidate,
        applying,
        kind=kind,
        election_day=election_day,
        on=on,
        negative_list=items,
        guidance=guidance,
        relaxation=age_relaxation,
    )
    extra = tuple(contributed)
    answered = candidate.registered_voter is None and any(x.code == "registration" for x in extra)
    if candidate.side == "party":
        _party_standing(c, candidate)
    elif not answered:
        _registration(c, candidate, law, law.eligibility)
    _pledge_and_inspection(c, candidate, pledge_blocks_party)
    _relatives(c, candidate, others, law, province)
    if candidate.side == "committee":
        _election_committee(c, candidate, election_committee, law)
    _contributed(c, extra)
    results = {ch.result for ch in c.items}
    effect: Effect = next((level for level in _EFFECT_ORDER if level in results), "pass")
    side_key = "party" if candidate.side == "party" else "committee"
    return Screening(
        person=candidate.person,
        side=candidate.side,
        law=law.code,
        effect=effect,
        effect_text=_EFFECT_TEXT[(side_key, effect)],
        checks=tuple(c.items),
    )
