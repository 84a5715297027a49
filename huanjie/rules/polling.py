"""Proxies' deadlines and the polling plan: stations, mobile boxes, secret booths and election staff
(issue 12 reqs. 5, 6; legal-rules.md §1, §3, §8).

* Proxies (:func:`proxy_verdict`): who may act, the cap of three and candidates excluded are judged
  by :func:`huanjie.rules.eligibility.proxy_eligibility`; added here: the request deadline (浙江
  第二十五条 “选举日的三日前”, 上海 第十六条 “选举日五日前” [V]; exactly on the limit warns, legal-rules.md
  §8 [M]), no proxy made on the voting day where the measure forbids it (上海 第十六条 “禁止投票现场
  临时委托”; 浙江 第二十五条 unpublished proxies are void [V]), none after the vote, and none in
  居民代表 mode (城市居民委员会组织法(2025) 第十九条 “采取居民代表选举方式的，不实行委托投票” [V]).
  The published list (:func:`proxy_list_findings`): 上海 “选举日二日前” [V]; elsewhere before election
  day (浙江 第二十五条, 北京 第二十五条, 河南 第三十条 [V]).
* Venues (:func:`venue_findings`): a 秘密写票处 at every place of voting (2018 第十五条 / 2025 第十八条
  “选举时，应当设立秘密写票处” [V]); each 流动票箱 with the measure's minimum of 监票人 (浙江 第二十四条,
  北京 第二十三条, 河南 第三十一条: three [V]; unverified profiles: three as a warning [M]) and, in 浙江,
  the town's approval (第二十四条 [V]); each 投票站 too in 北京 (第二十三条 [V]).
* Staff (:func:`staff_findings`): candidates and the relatives each measure names may not be the staff
  it names (浙江 第二十二条; 上海 第十四条; 北京 第二十一条; 河南 第三十二条 [V]); unverified profiles warn
  on every 近亲属 for 唱票/计票/监票 [M].
* Meeting the voters (:func:`meeting_findings`): “村民选举委员会应当组织候选人与村民见面” (2018 第十五条 /
  2025 第十八条 [V]) before election day (浙江 第二十三条 “选举日停止竞职活动”; 上海 第十三条 [V]).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from huanjie.rules.citations import JUDGEMENT_MOBILE_BOX, JUDGEMENT_PROXY_ON_LIMIT, JUDGEMENT_STAFF_RELATIVES
from huanjie.rules.committee_checks import Finding
from huanjie.rules.dates import days_before
from huanjie.rules.eligibility import ProxyFacts, Verdict, proxy_eligibility
from huanjie.rules.explain import Explanation, Step
from huanjie.rules.profiles import (
    KIN_1045,
    MOBILE_BOX_DEFAULT_SCRUTINEERS,
    NEAR_RELATIVES,
    LawKind,
    get_profile,
    law_in_force,
)

__all__ = [
    "DEFAULT_STAFF_ROLES",
    "NO_PROXY_IN_REPRESENTATIVES_MODE",
    "Mode",
    "Staff",
    "VenueKind",
    "meeting_findings",
    "proxy_list_findings",
    "proxy_verdict",
    "staff_findings",
    "staff_rule",
    "venue_findings",
]

Mode = Literal["all_voters", "households", "representatives"]
"""How a community votes (城市居民委员会组织法(2025) 第十九条): all voters, 户代表 or 居民代表; villages
always ``all_voters``."""
VenueKind = Literal["central", "station", "mobile"]

NO_PROXY_IN_REPRESENTATIVES_MODE: dict[str, str] = {"community-2025": "第十九条"}
"""Law versions that forbid proxies when a community elects through 居民代表, and the article (the
2018 residents' law is silent)."""

DEFAULT_STAFF_ROLES: tuple[str, ...] = ("唱票", "计票", "监票")
"""The roles an unverified profile's bar is applied to [M]."""


def _merge(base: Verdict, blocks: list[Step], warnings: list[Step]) -> Verdict:
    explanation = Explanation(steps=[*base.explanation.steps, *blocks, *warnings])
    return Verdict(
        eligible=base.eligible and not blocks,
        blocks=(*base.blocks, *blocks),
        warnings=(*base.warnings, *warnings),
        explanation=explanation,
    )


def proxy_verdict(
    facts: ProxyFacts,
    *,
    requested_on: date,
    kind: LawKind,
    profile: str,
    election_day: date,
    mode: Mode = "all_voters",
) -> Verdict:
    """May this proxy be registered on ``requested_on`` for a vote on ``election_day``?"""
    law = law_in_force(kind, election_day)
    prof = get_profile(profile)
    nat = law.cite(law.schedule.election_article)
    blocks: list[Step] = []
    warnings: list[Step] = []
    article = NO_PROXY_IN_REPRESENTATIVES_MODE.get(law.code)
    if mode == "representatives" and article:
        blocks.append(Step("proxy.mode", law.cite(article), "采取居民代表选举方式的，不实行委托投票"))
    base = proxy_eligibility(facts, kind=kind, profile=profile, election_day=election_day)
    cite = prof.cite(prof.proxy_article, nat)
    days = prof.proxy_request_days_before
    if requested_on > election_day:
        blocks.append(Step("proxy.deadline", nat, "选举日已过，不能再办理委托投票"))
    elif days is not None:
        limit = days_before(election_day, days)
        if requested_on > limit:
            text = (
                f"委托投票应当在选举日的{days}日前（{limit.isoformat()}以前）提出，"
                f"{requested_on.isoformat()}已逾期"
            )
            blocks.append(Step("proxy.deadline", cite, text))
        elif requested_on == limit:
            text = f"恰为选举日前{days}日（{limit.isoformat()}）提出，部分地方理解为须再提前一日"
            warnings.append(Step("proxy.deadline", f"{cite}；{JUDGEMENT_PROXY_ON_LIMIT}", text))
    elif requested_on == election_day and not prof.proxy_on_site:
        blocks.append(Step("proxy.deadline", cite, "禁止在投票现场临时委托，委托投票应当在选举日前办理"))
    return _merge(base, blocks, warnings)


def proxy_list_findings(
    published_on: date | None, *, kind: LawKind, profile: str, election_day: date
) -> list[Finding]:
    """The list of principals and proxies must be published (2018 第十五条 / 2025 第十八条
    “村民选举委员会应当公布委托人和受委托人的名单” [V]) by the measure's day (上海 第十六条: 选举日二日前) or
    before election day."""
    law = law_in_force(kind, election_day)
    prof = get_profile(profile)
    cite = prof.cite(prof.proxy_article, law.cite(law.schedule.election_article))
    days = prof.proxy_list_days_before
    limit = days_before(election_day, days if days is not None else 1)
    due = f"选举日的{days}日前" if days is not None else "选举日前"
    if published_on is None:
        return [
            Finding(
                "proxy_list_missing",
                "warning",
                f"委托投票名单尚未公布，应当在{due}（{limit.isoformat()}以前）公布",
                cite,
            )
        ]
    if published_on > limit:
        return [
            Finding(
                "proxy_list_late",
                "block",
                f"委托投票名单于{published_on.isoformat()}公布，晚于{due}（{limit.isoformat()}）",
                cite,
            )
        ]
    return []


def venue_findings(
    venue: VenueKind,
    *,
    scrutineers: int,
    booths: int,
    approved: bool,
    kind: LawKind,
    profile: str,
    election_day: date,
) -> list[Finding]:
    """Checks of one place of voting: secret booths (central and stations), scrutineers (mobile
    boxes; stations where the measure says so), the town's approval of a mobile box (浙江)."""
    law = law_in_force(kind, election_day)
    prof = get_profile(profile)
    out: list[Finding] = []
    if venue != "mobile" and booths < 1:
        out.append(
            Finding(
                "secret_booth", "block", "投票场所应当设立秘密写票处", law.cite(law.schedule.election_article)
            )
        )
    if venue == "mobile":
        minimum = prof.mobile_box_min_scrutineers
        if minimum is not None:
            if scrutineers < minimum:
                out.append(
                    Finding(
                        "mobile_scrutineers",
                        "block",
                        f"流动票箱现有监票人 {scrutineers} 名，每个流动票箱应当有{minimum}名以上监票人负责",
                        prof.cite(prof.mobile_box_article, ""),
                    )
                )
        elif scrutineers < MOBILE_BOX_DEFAULT_SCRUTINEERS:
            out.append(
                Finding(
                    "mobile_scrutineers",
                    "warning",
                    f"流动票箱现有监票人 {scrutineers} 名，通例每个流动票箱不少于"
                    f"{MOBILE_BOX_DEFAULT_SCRUTINEERS}名（本省条款未核实）",
                    JUDGEMENT_MOBILE_BOX,
                )
            )
        if prof.mobile_box_needs_approval and not approved:
            out.append(
                Finding(
                    "mobile_approval",
                    "block",
                    "设立流动票箱应当由村民选举委员会提出，报乡、镇选举工作指导机构批准，并公告选民名单和监票人名单",
                    prof.cite(prof.mobile_box_article, ""),
                )
            )
    elif venue == "station" and prof.station_min_scrutineers and scrutineers < prof.station_min_scrutineers:
        out.append(
            Finding(
                "station_scrutineers",
                "block",
                f"投票站现有监票人 {scrutineers} 名，"
                f"每个投票站应当有{prof.station_min_scrutineers}名以上监票人负责",
                prof.cite(prof.mobile_box_article, ""),
            )
        )
    return out


@dataclass(frozen=True)
class Staff:
    """One member of the election staff: ``role`` in Chinese (唱票, 计票, 监票, 发票, 代书, 其他)."""

    person: str
    name: str
    role: str


def staff_rule(*, profile: str) -> tuple[bool, tuple[str, ...], frozenset[str], str]:
    """``(verified, roles, barred relatives, citation)`` of the profile's staff rule; an unverified
    profile applies every 近亲属 to 唱票/计票/监票 as a warning [M]."""
    prof = get_profile(profile)
    if prof.staff_barred_relatives is not None and prof.staff_roles:
        return True, prof.staff_roles, prof.staff_barred_relatives, prof.cite(prof.staff_article, "")
    return False, DEFAULT_STAFF_ROLES, NEAR_RELATIVES, JUDGEMENT_STAFF_RELATIVES


def staff_findings(
    staff: Sequence[Staff],
    candidates: Mapping[str, str],
    relations: Mapping[tuple[str, str], str],
    *,
    profile: str,
) -> list[Finding]:
    """Candidates (``candidates``: person key → name) and their barred relatives among the staff
    (``relations``: ``(a, b)`` → what ``a`` is to ``b``):
    blocks under a verified profile, warnings otherwise; a near relative outside the measure's list
    is not barred (nothing reported)."""
    verified, roles, kinds, cite = staff_rule(profile=profile)
    severity: Literal["block", "warning"] = "block" if verified else "warning"
    out: list[Finding] = []
    for s in staff:
        if s.role not in roles and "其他" not in roles:
            continue
        for key, name in candidates.items():
            if s.person == key:
                out.append(Finding("staff_candidate", severity, f"候选人{name}不得担任{s.role}人员", cite))
                continue
            relation = relations.get((s.person, key))
            if relation in kinds and relation in KIN_1045:
                out.append(
                    Finding(
                        "staff_relative",
                        severity,
                        f"{s.name}是候选人{name}的{relation}，不得担任{s.role}人员",
                        cite,
                    )
                )
    return out


def meeting_findings(on: date, *, kind: LawKind, profile: str, election_day: date) -> list[Finding]:
    """Candidates meet the voters (竞职陈述) before election day: campaigning stops on the day."""
    law = law_in_force(kind, election_day)
    if on < election_day:
        return []
    cite = law.cite(law.schedule.election_article)
    return [
        Finding(
            "meeting_late",
            "block",
            "候选人与选民见面（竞职陈述）应当在选举日前进行，选举日停止竞职活动",
            cite,
        )
    ]
