"""Why a member joins or leaves a committee (issue 9 req. 2): the legal causes of a change, per law
version (by the date of the change: the 2018 texts until 2025-12-31, the 2025 texts from 2026-01-01,
``profiles.law_in_force``) and province (``Profile``), each with the body that decides it, whether a
document number is required, and the article it rests on.

村民委员会 (村民委员会组织法 [V] unless tagged):
- start: 选举 by the registered villagers ((2018) 第十一条 / (2025) 第十四条); 补选 by the 村民会议 or
  村民代表会议 ((2018) 第十九条 / (2025) 第二十三条);
- end: 任期届满 ((2018) 第十一条 / (2025) 第十四条); 罢免 by the villagers' vote ((2018) 第十六条 /
  (2025) 第十九条); 辞职, ending when the 村民会议 or 村民代表会议 approves ((2025) 第二十条; before
  2026 only where the province provides it: ``Profile.resignation_article``, e.g. 浙江 第三十七条,
  北京 第三十五条, 河南 第四十五条); 职务自行终止 on loss of capacity or a criminal sentence ((2018)
  第十八条 / (2025) 第二十二条; the court document as evidence is a judgement [M]); 当选无效, investigated
  and decided by the township or county government ((2018) 第十七条 / (2025) 第二十一条); two successive
  不称职 verdicts of the 民主评议 ((2018) 第三十三条 / (2025) 第三十八条); death [M];
- “任何组织或者个人不得指定、委派或者撤换村民委员会成员” ((2018) 第十一条 / (2025) 第十四条): an
  organization's appointment or removal is refused, citing it.
居民委员会 (城市居民委员会组织法): 选举 ((2018) 第八条 / (2025) 第十四条 [S: summary]); 补选 and 撤换 by
the 居民会议 ((2018) 第十条 [S: summary]); 罢免 ((2018) 第十条 / (2025) 第二十条); the other causes by
analogy with the village law [M].
党组织: 选举 (党员大会, 委员会; 基层组织选举工作条例(2020) [S]); the higher Party organization's decision
(appointment, removal, transfer), always with its document number (党章 [M: article to confirm]);
任期届满; death.
村（居）务监督委员会: 推选 by the 村民会议 or 村民代表会议 ((2018) 第三十二条 / (2025) 第三十七条 [V];
居务: 城市居民委员会组织法(2025) 第三十六条 [S]); its term is the committee's ((2025) 第三十七条); a member
who becomes a 村民委员会 member or near relative of one may not serve (same articles); resignation,
recall and 补选 by the body that chose them [M]; death.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from huanjie.rules.citations import (
    CITE_DEATH,
    CITE_PARTY_DECISION,
    CITE_PARTY_ELECTED,
    JUDGEMENT_COURT_EVIDENCE,
    JUDGEMENT_RESIDENTS_CHANGE,
    JUDGEMENT_SUPERVISION_CHANGE,
)
from huanjie.rules.planning import law_in_force
from huanjie.rules.profiles import TRANSITION_DAY, Law, Profile

__all__ = [
    "BODIES",
    "COMMITTEES",
    "ORGANIZATIONS",
    "Cause",
    "Refusal",
    "cause_label",
    "causes",
    "check",
    "law_for",
]

Direction = Literal["start", "end"]
Level = Literal["village", "community"]

COMMITTEES: Mapping[str, str] = {
    "party_org": "党组织",
    "villagers_committee": "村民委员会",
    "residents_committee": "居民委员会",
    "supervision_committee": "村（居）务监督委员会",
}
"""The committee kinds (people.choices.CommitteeKind codes) and their names."""

BODIES: Mapping[str, str] = {
    "villagers_vote": "登记参加选举的村民投票",
    "villagers_meeting": "村民会议",
    "villagers_representatives": "村民代表会议",
    "residents_vote": "本居住地区选民投票",
    "residents_meeting": "居民会议",
    "residents_representatives": "居民代表会议",
    "party_members_meeting": "党员大会",
    "party_committee": "党组织委员会",
    "higher_party_org": "上级党组织",
    "township_government": "乡、镇人民政府（街道办事处）",
    "county_government": "县级人民政府",
    "township_party_committee": "乡镇（街道）党（工）委",
    "court": "人民法院",
    "by_law": "依法终止（无需决定）",
}
"""Deciding bodies, by code."""

ORGANIZATIONS = frozenset(
    {"township_government", "county_government", "township_party_committee", "higher_party_org"}
)
"""Bodies that are organizations (not the villagers or residents themselves)."""

ORGANIZATION_CAUSES = frozenset({"org_appointment", "org_removal"})
"""An organization's appointment or removal: never a cause for a 村（居）民委员会 member."""

SELF_GOVERNMENT = frozenset({"villagers_committee", "residents_committee"})

_LABELS: Mapping[str, str] = {
    "elected": "选举产生",
    "by_election": "补选",
    "selected": "推选产生",
    "party_decision": "上级党组织决定",
    "org_appointment": "组织任命",
    "term_end": "任期届满",
    "recalled": "罢免",
    "resigned": "辞职",
    "terminated": "职务自行终止",
    "election_void": "当选无效",
    "review_unfit": "民主评议连续两次不称职",
    "removed": "居民会议撤换",
    "disqualified": "不得担任（成为村（居）民委员会成员或其近亲属）",
    "deceased": "去世",
    "org_removal": "组织免职",
}


def cause_label(code: str) -> str:
    """The Chinese label of a cause code (the code itself when unknown)."""
    return _LABELS.get(code, code)


@dataclass(frozen=True)
class Cause:
    """One legal cause of a change: ``bodies`` may decide it (codes of :data:`BODIES`), a document
    number is required when ``document_required``, and ``rule`` is its citation."""

    code: str
    direction: Direction
    bodies: tuple[str, ...]
    document_required: bool
    rule: str

    @property
    def label(self) -> str:
        return cause_label(self.code)

    @property
    def body_labels(self) -> tuple[str, ...]:
        return tuple(BODIES[b] for b in self.bodies)


@dataclass(frozen=True)
class Refusal:
    """Why a change is refused: ``code`` (stable), the Chinese sentence and the rule."""

    code: str
    message: str
    rule: str


def law_for(committee: str, level: Level, day: date) -> Law | None:
    """The national text a change of ``committee`` in a unit of ``level`` is judged by on ``day``:
    the village law in a village, the residents' law in a community; ``None`` for the Party
    organization (Party regulations, not a version switch) and before the earliest text known."""
    if committee == "party_org":
        return None
    return law_in_force("village" if level == "village" else "community", day)


_VILLAGE_ASSEMBLIES = ("villagers_meeting", "villagers_representatives")
_RESIDENT_ASSEMBLIES = ("residents_meeting", "residents_representatives")


def _cite(law: Law, article: str, fallback: str) -> str:
    return law.cite(article) if article else fallback


def _villagers(law: Law, profile: Profile, direction: Direction) -> tuple[Cause, ...]:
    direct = law.cite(law.direct_election_article)
    if direction == "start":
        return (
            Cause("elected", "start", ("villagers_vote",), False, direct),
            Cause("by_election", "start", _VILLAGE_ASSEMBLIES, False, law.cite(law.by_election_article)),
        )
    out = [
        Cause("term_end", "end", ("by_law",), False, direct),
        Cause("recalled", "end", ("villagers_vote",), False, law.cite(law.recall_article)),
    ]
    if law.resignation_article:
        out.append(Cause("resigned", "end", _VILLAGE_ASSEMBLIES, False, law.cite(law.resignation_article)))
    elif profile.resignation_article and profile.measure:
        out.append(
            Cause(
                "resigned", "end", _VILLAGE_ASSEMBLIES, False, profile.cite(profile.resignation_article, "")
            )
        )
    out += [
        Cause(
            "terminated",
            "end",
            ("court",),
            True,
            f"{law.cite(law.termination_article)}；{JUDGEMENT_COURT_EVIDENCE}",
        ),
        Cause(
            "election_void",
            "end",
            ("township_government", "county_government"),
            True,
            law.cite(law.void_article),
        ),
        Cause("review_unfit", "end", _VILLAGE_ASSEMBLIES, False, law.cite(law.review_article)),
        Cause("deceased", "end", ("by_law",), False, CITE_DEATH),
    ]
    return tuple(out)


def _residents(law: Law, direction: Direction) -> tuple[Cause, ...]:
    direct = law.cite(law.direct_election_article)
    analogy = JUDGEMENT_RESIDENTS_CHANGE
    if direction == "start":
        return (
            Cause("elected", "start", ("residents_vote",), False, direct),
            Cause(
                "by_election",
                "start",
                _RESIDENT_ASSEMBLIES,
                False,
                _cite(law, law.by_election_article, analogy),
            ),
        )
    return (
        Cause("term_end", "end", ("by_law",), False, direct),
        Cause("recalled", "end", ("residents_vote",), False, law.cite(law.recall_article)),
        Cause("removed", "end", ("residents_meeting",), False, _cite(law, law.removal_article, analogy)),
        Cause("resigned", "end", _RESIDENT_ASSEMBLIES, False, analogy),
        Cause("terminated", "end", ("court",), True, f"{analogy}；{JUDGEMENT_COURT_EVIDENCE}"),
        Cause("election_void", "end", ("township_government", "county_government"), True, analogy),
        Cause("deceased", "end", ("by_law",), False, CITE_DEATH),
    )


def _party(direction: Direction) -> tuple[Cause, ...]:
    decision = Cause("party_decision", direction, ("higher_party_org",), True, CITE_PARTY_DECISION)
    if direction == "start":
        return (
            Cause(
                "elected", "start", ("party_members_meeting", "party_committee"), False, CITE_PARTY_ELECTED
            ),
            decision,
        )
    return (
        Cause("term_end", "end", ("by_law",), False, CITE_PARTY_ELECTED),
        decision,
        Cause("deceased", "end", ("by_law",), False, CITE_DEATH),
    )


def _supervision(law: Law, level: Level, direction: Direction) -> tuple[Cause, ...]:
    bodies = _VILLAGE_ASSEMBLIES if level == "village" else _RESIDENT_ASSEMBLIES
    article = law.schedule.supervision_article
    chosen = _cite(law, article, JUDGEMENT_SUPERVISION_CHANGE)
    judgement = JUDGEMENT_SUPERVISION_CHANGE
    if direction == "start":
        return (
            Cause("selected", "start", bodies, False, chosen),
            Cause("by_election", "start", bodies, False, judgement),
        )
    return (
        Cause("term_end", "end", ("by_law",), False, chosen),
        Cause("disqualified", "end", ("by_law",), False, chosen),
        Cause("resigned", "end", bodies, False, judgement),
        Cause("recalled", "end", bodies, False, judgement),
        Cause("deceased", "end", ("by_law",), False, CITE_DEATH),
    )


def causes(
    committee: str, direction: Direction, *, level: Level, day: date, profile: Profile
) -> tuple[Cause, ...]:
    """The causes a change of ``committee`` (a CommitteeKind code) in a unit of ``level`` may have on
    ``day`` under ``profile``, in the order a form lists them. Unknown committee: ``()``."""
    if committee == "party_org":
        return _party(direction)
    if committee not in COMMITTEES:
        return ()
    law = law_for(committee, level, day)
    if law is None:
        return ()
    if committee == "supervision_committee":
        return _supervision(law, level, direction)
    if committee == "villagers_committee":
        return _villagers(law, profile, direction)
    return _residents(law, direction)


def _no_appointment(committee: str, law: Law) -> Refusal:
    title = COMMITTEES[committee]
    article = law.direct_election_article
    return Refusal(
        "organization",
        f"{title}成员由选民直接选举产生，任何组织或者个人不得指定、委派或者撤换{title}成员；"
        f"乡镇党委、政府等组织不能任免{title}成员，请按选举、补选、罢免等法定程序办理",
        law.cite(article),
    )


def check(
    committee: str,
    direction: Direction,
    cause: str,
    body: str,
    document_number: str,
    *,
    level: Level,
    day: date,
    profile: Profile,
) -> Refusal | None:
    """``None`` when ``cause`` decided by ``body`` (with ``document_number``) is a lawful reason for
    the change on ``day``; otherwise why not, in Chinese, with the rule."""
    options = causes(committee, direction, level=level, day=day, profile=profile)
    found = next((c for c in options if c.code == cause), None)
    law = law_for(committee, level, day)
    organization = cause in ORGANIZATION_CAUSES or body in ORGANIZATIONS
    title = COMMITTEES.get(committee, committee)
    if law is None and committee in COMMITTEES and committee != "party_org":
        return Refusal(
            "no_law",
            f"变动日期 {day.isoformat()} 早于本系统收录的最早法律文本的施行日期，请核对变动日期",
            "",
        )
    if found is None:
        if committee in SELF_GOVERNMENT and organization and law is not None:
            return _no_appointment(committee, law)
        if committee == "villagers_committee" and cause == "resigned" and law is not None:
            later = law_for(committee, level, TRANSITION_DAY)
            assert later is not None  # the 2025 text
            return Refusal(
                "resignation_not_provided",
                f"变动日期 {day.isoformat()} 适用{law.title}，该法未规定村民委员会成员辞职，"
                f"本省选举办法也未作规定；自 {TRANSITION_DAY.isoformat()} 起适用"
                f"{later.title}{later.resignation_article}，"
                "辞职经村民会议或者村民代表会议审议通过后终止职务。此前请按罢免、职务终止等程序办理",
                later.cite(later.resignation_article),
            )
        verb = "任职" if direction == "start" else "离任"
        allowed = "、".join(c.label for c in options) or "无"
        return Refusal("cause", f"{title}成员的{verb}原因不能为“{cause_label(cause)}”（可选：{allowed}）", "")
    if body not in found.bodies:
        if committee in SELF_GOVERNMENT and organization and law is not None:
            return _no_appointment(committee, law)
        return Refusal(
            "body",
            f"“{found.label}”的决定机关应为{'或'.join(found.body_labels)}",
            found.rule,
        )
    if found.document_required and not document_number.strip():
        return Refusal(
            "document",
            f"“{found.label}”须填写{BODIES[body]}的文件（文书）编号",
            found.rule,
        )
    return None
