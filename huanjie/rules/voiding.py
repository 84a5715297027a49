"""Voiding a winner's election (当选无效) or a whole election (选举无效), and what follows (issue 13
req. 8). Pure: the profile names who may declare it; anyone else's finding only starts it.

* A winner who won by improper means: “当选无效” (村民委员会组织法(2018) 第十七条 / (2025) 第二十一条 [V]);
  the national text names no body — the township or county government that investigates the report
  is the default [M]; the measures name it: 浙江 第四十一条 (村民选举委员会, 乡镇或县级人民政府), 北京
  第三十八条 (乡镇或区、县人民政府), 河南 第四十四条 (县级人民政府) [V].
* An organization department's or a discipline commission's finding (组织部门、纪检监察机关) is a
  referral: it starts the procedure and has no effect by itself (a judgement from the texts above,
  which give the power to the named bodies only [M]).
* The whole election is void only when a body declares the election itself void: 河南 第三十九条
  “由县级人民政府作出书面决定，并宣布选举无效，依法重新组织选举。重新选举在宣布选举无效后三十日内进行” [V].
* The seat is filled by the profile's remedy: 另行选举 (浙江 第四十一条 “在另行选举中再次当选的，其当选
  无效”) or 补选 ((2018) 第十九条 / (2025) 第二十三条 [V]); 上海 第二十九条 lets the committee stay short
  while three members remain, with the 村民代表会议's consent [V].
* Party elections: the higher Party organization (上级党组织) decides, as it approves the results
  (中国共产党基层组织选举工作条例(2020) [S]).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from huanjie.rules.profiles import Law, Profile

Scope = Literal["winner", "election"]

BODY_LABELS: dict[str, str] = {
    "election_committee": "村（居）民选举委员会",
    "township_government": "乡、镇人民政府（街道办事处）",
    "county_government": "县级人民政府（区、县人民政府）",
    "higher_party_org": "上级党组织（乡镇党委）",
    "organization_department": "党委组织部门",
    "discipline_commission": "纪检监察机关",
}
"""Bodies that declare (the first four) or that only find and refer (the last two)."""

FINDING_ONLY = frozenset({"organization_department", "discipline_commission"})
VOID_BODIES_DEFAULT: tuple[str, ...] = ("township_government", "county_government")
"""Where the measure names no body: the township or county government, which investigates a report
under the national text (村民委员会组织法(2018) 第十七条 / (2025) 第二十一条; legal-rules.md §1) [M]."""
PARTY_BODIES: tuple[str, ...] = ("higher_party_org",)


@dataclass(frozen=True)
class BodyRuling:
    """May ``body`` declare it? ``bodies``: those that may; ``text`` the explanation; ``citation``."""

    allowed: bool
    bodies: tuple[str, ...]
    text: str
    citation: str


@dataclass(frozen=True)
class Remedy:
    """What follows a declaration: ``kind`` is ``supplementary`` (另行选举), ``by_election`` (补选),
    ``may_stay_short`` (补选 unless the named body agrees to leave the seat empty), ``rerun`` (the whole
    election again) or ``party_supplementary`` (the Party organization fills the seat)."""

    kind: str
    text: str
    citation: str
    within_days: int | None = None


def _labels(bodies: tuple[str, ...]) -> str:
    return "、".join(BODY_LABELS[b] for b in bodies)


def bodies_for(profile: Profile, law: Law, scope: Scope) -> tuple[tuple[str, ...], str]:
    """The bodies that may declare ``scope`` void, and the citation."""
    if law.kind == "party":
        return PARTY_BODIES, law.cite("")
    national = law.cite(law.void_article)
    if scope == "election" and profile.void_election_bodies:
        return profile.void_election_bodies, profile.cite(profile.void_election_article, national)
    if profile.void_bodies:
        return profile.void_bodies, profile.cite(profile.void_article, national)
    return VOID_BODIES_DEFAULT, f"{national} [M]"


def may_declare(profile: Profile, law: Law, body: str, scope: Scope) -> BodyRuling:
    """Whether ``body`` may declare ``scope`` (a winner's election, or the election) void."""
    bodies, citation = bodies_for(profile, law, scope)
    what = "当选无效" if scope == "winner" else "选举无效"
    label = BODY_LABELS.get(body, body)
    if body in bodies:
        return BodyRuling(True, bodies, f"{label}有权宣布{what}（可宣布的机关：{_labels(bodies)}）", citation)
    if body in FINDING_ONLY:
        text = f"{label}的调查结论只能启动程序，不产生{what}的效力；须由{_labels(bodies)}宣布"
    else:
        text = f"{label}无权宣布{what}；须由{_labels(bodies)}宣布"
    return BodyRuling(False, bodies, text, citation)


def remedy(profile: Profile, law: Law, scope: Scope, members_left: int) -> Remedy:
    """What follows: ``members_left`` is the number of committee members still in office once the
    voided winners are taken out."""
    if scope == "election":
        days = profile.void_election_rerun_days
        national = law.cite(law.void_article)
        when = f"，在宣布选举无效后 {days} 日内进行" if days else ""
        citation = profile.cite(profile.void_election_article, f"{national} [M]")
        return Remedy("rerun", f"依法重新组织选举{when}", citation, days)
    if law.kind == "party":
        return Remedy(
            "party_supplementary",
            "由上级党组织决定：对出缺的委员名额另行选举或补选",
            law.cite(""),
        )
    national = law.cite(law.by_election_article)
    if profile.void_remedy == "supplementary":
        return Remedy(
            "supplementary",
            "对当选无效的名额另行选举；在另行选举中再次当选的，其当选无效",
            profile.cite(profile.void_remedy_article, national),
        )
    short = profile.vacancy_stay_short_min
    if short is not None and members_left >= short:
        return Remedy(
            "may_stay_short",
            f"村民委员会成员尚有 {members_left} 人，满 {short} 人，经{profile.vacancy_stay_short_by}"
            "同意可以不补选；否则由村民会议或者村民代表会议补选",
            profile.cite(profile.vacancy_stay_short_article, national),
        )
    if short is not None:
        months = profile.vacancy_stay_short_months
        return Remedy(
            "by_election",
            f"村民委员会成员不满 {short} 人，应当在 {months} 个月内由村民会议或者村民代表会议补选",
            profile.cite(profile.vacancy_stay_short_article, national),
        )
    return Remedy("by_election", "出缺的名额由村民会议或者村民代表会议补选", f"{national} [M]")


DEFAULT_REMEDY_DAYS = 30
"""Where the profile sets no period for the remedy, its voting day is first set 30 days after the
decision, the period 河南 第三十九条 gives a re-run (“重新选举在宣布选举无效后三十日内进行”) [M]; the
township moves it when it arranges the vote."""


def remedy_day(rem: Remedy, decided_on: date) -> date:
    """The default voting day of the remedy a declaration of ``decided_on`` opens."""
    return decided_on + timedelta(days=rem.within_days or DEFAULT_REMEDY_DAYS)
