"""Village preparation rules as pure data and functions (issue 10 reqs. 4–6): postponing an
election (延期换届) by the profile's chain, the 任期和离任经济责任审计's statutory items and its
publication before the election, and reserve cadres (后备干部) against a target.

Sources (read in full):

- 村民委员会组织法(2018) 第三十五条 [V] (LawRefBook/Laws, 宪法相关法/村民委员会组织法(2018-12-29).md):
  “村民委员会成员实行任期和离任经济责任审计，审计包括下列事项：（一）本村财务收支情况；（二）本村债权债务
  情况；（三）政府拨付和接受社会捐赠的资金、物资管理使用情况；（四）本村生产经营和建设项目的发包管理以及
  公益事业建设项目招标投标情况；（五）本村资金管理使用以及本村集体资产、资源的承包、租赁、担保、出让情况，
  征地补偿费的使用、分配情况；（六）本村五分之一以上的村民要求审计的其他事项。村民委员会成员的任期和离任
  经济责任审计，由县级人民政府农业部门、财政部门或者乡、民族乡、镇的人民政府负责组织，审计结果应当公布，
  其中离任经济责任审计结果应当在下一届村民委员会选举之前公布。”
- 村民委员会组织法(2025) 第四十条 [V] (X-STORAGE/Laws, 村民委员会组织法(2025-10-28).md): the same
  frame with items （四）“本村公益事业建设项目招标投标情况” and （五）“本村资金管理使用情况”, organised by
  “县级人民政府农业农村部门、财政部门或者乡、民族乡、镇的人民政府”.
- Postponement: the profile's :class:`~huanjie.rules.profiles.PostponementRule` (J1 第四条, 浙江 第三条,
  上海 第五条 [V]; 中国共产党基层组织选举工作条例 第三条 [S]).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from huanjie.rules.profiles import LAWS, POSTPONEMENT_DEFAULT, PROFILES, PostponementRule

# --- postponement ---------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months; a day the target month lacks becomes its last day
    (2026-08-31 + 6 → 2027-02-28), as 民法典 第二百零二条 counts a period in months [M: by analogy]."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class PostponementBasis:
    """The rule a postponement follows, with the citation it rests on."""

    rule: PostponementRule
    citation: str


def postponement_basis(profile_code: str, body: str, on: date) -> PostponementBasis:
    """The chain for postponing the ``body``'s election (``committee``: the 村民委员会, by the
    province's profile; ``party``: the Party organization, by the Party regulation in force on
    ``on``). A profile without a verified rule gets :data:`POSTPONEMENT_DEFAULT` [M]."""
    if body == "party":
        law = max(
            (x for x in LAWS.values() if x.kind == "party" and x.effective_from <= on and x.postponement),
            key=lambda x: x.effective_from,
            default=None,
        )
        if law is not None and law.postponement is not None:
            return PostponementBasis(law.postponement, law.cite(law.postponement_article))
        return PostponementBasis(POSTPONEMENT_DEFAULT, "上级党组织审批（党内法规未核实）[M]")
    profile = PROFILES.get(profile_code) or PROFILES["national"]
    if profile.postponement is not None:
        return PostponementBasis(profile.postponement, profile.cite(profile.postponement_article, ""))
    return PostponementBasis(POSTPONEMENT_DEFAULT, "村民委员会组织法未规定延期程序，按县级审批处理 [M]")


@dataclass(frozen=True)
class ShiftCheck:
    """A requested shift against the limit: ``ok`` within it; otherwise ``blocking`` for an absolute
    limit, a warning (needs a stated special reason) for a soft one."""

    ok: bool
    blocking: bool
    limit_date: date | None
    message: str


def check_shift(rule: PostponementRule, due: date, new_date: date) -> ShiftCheck:
    """Is ``new_date`` within the rule's limit counted from ``due`` (the date the election was due)?
    The limit's last day is included (“不得超过”: exactly the limit is allowed)."""
    if new_date <= due:
        return ShiftCheck(False, True, None, "延期后的日期应晚于原定日期")
    if rule.limit_months is None:
        return ShiftCheck(True, False, None, "法规未规定延期期限，由审批机关确定")
    limit = add_months(due, rule.limit_months)
    span = f"{rule.limit_months // 12} 年" if rule.limit_months % 12 == 0 else f"{rule.limit_months} 个月"
    if new_date <= limit:
        return ShiftCheck(True, False, limit, f"在期限内（最迟 {limit:%Y-%m-%d}）")
    if rule.soft:
        return ShiftCheck(
            False,
            False,
            limit,
            f"超过一般期限（{span}，最迟 {limit:%Y-%m-%d}）："
            "法规规定“一般”不超过，须写明特殊理由并经审批机关同意",
        )
    return ShiftCheck(False, True, limit, f"超过法定期限（{span}，最迟 {limit:%Y-%m-%d}），不能延期至该日")


def chain_steps(rule: PostponementRule) -> tuple[str, ...]:
    """Every record the postponement needs, in order: the approvals, then the filing if any."""
    return rule.approvals + ((rule.filing,) if rule.filing else ())


def next_step(rule: PostponementRule, recorded: int) -> str | None:
    """The step after ``recorded`` steps of the chain are recorded; ``None`` when all are."""
    steps = chain_steps(rule)
    return steps[recorded] if recorded < len(steps) else None


# --- economic audits ------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditItem:
    code: str
    text: str
    on_request: bool = False
    """Only when at least a fifth of the villagers ask for it (item 六)."""


_ITEMS_2018 = (
    AuditItem("finance", "本村财务收支情况"),
    AuditItem("debts", "本村债权债务情况"),
    AuditItem("grants", "政府拨付和接受社会捐赠的资金、物资管理使用情况"),
    AuditItem("projects", "本村生产经营和建设项目的发包管理以及公益事业建设项目招标投标情况"),
    AuditItem(
        "funds",
        "本村资金管理使用以及本村集体资产、资源的承包、租赁、担保、出让情况，征地补偿费的使用、分配情况",
    ),
    AuditItem("requested", "本村五分之一以上的村民要求审计的其他事项", on_request=True),
)
_ITEMS_2025 = (
    AuditItem("finance", "本村财务收支情况"),
    AuditItem("debts", "本村债权债务情况"),
    AuditItem("grants", "政府拨付和接受社会捐赠的资金、物资管理使用情况"),
    AuditItem("projects", "本村公益事业建设项目招标投标情况"),
    AuditItem("funds", "本村资金管理使用情况"),
    AuditItem("requested", "本村五分之一以上的村民要求审计的其他事项", on_request=True),
)
AUDIT_ITEMS: dict[str, tuple[AuditItem, ...]] = {"village-2018": _ITEMS_2018, "village-2025": _ITEMS_2025}
"""The statutory items by law version (2018 第三十五条 / 2025 第四十条)."""

AUDIT_ORGANISERS: dict[str, tuple[tuple[str, str], ...]] = {
    "village-2018": (
        ("county_agri", "县级人民政府农业部门"),
        ("county_finance", "县级人民政府财政部门"),
        ("township", "乡、民族乡、镇的人民政府"),
    ),
    "village-2025": (
        ("county_agri", "县级人民政府农业农村部门"),
        ("county_finance", "县级人民政府财政部门"),
        ("township", "乡、民族乡、镇的人民政府"),
    ),
}
"""Who may organise the audit (same articles)."""


def audit_law_code(on: date) -> str:
    """The village law in force on ``on`` (the 2018 text until 2025-12-31, the 2025 text after)."""
    return "village-2025" if on >= LAWS["village-2025"].effective_from else "village-2018"


def missing_items(law_code: str, covered: set[str], requested: bool) -> list[str]:
    """The statutory items the audit does not cover; item 六 only when the villagers asked."""
    return [
        i.text for i in AUDIT_ITEMS[law_code] if i.code not in covered and (requested or not i.on_request)
    ]


@dataclass(frozen=True)
class PublicationCheck:
    ok: bool
    message: str
    citation: str


def audit_published_in_time(published_on: date | None, election_day: date) -> PublicationCheck:
    """“离任经济责任审计结果应当在下一届村民委员会选举之前公布” (2018 第三十五条 / 2025 第四十条, the text in
    force on the election day). Publication the day before the election is in time; on the election
    day itself it is not (a date cannot show the publication preceded the vote, and villagers must
    be able to read it before voting [M]); after it, or never, it is late."""
    law = LAWS[audit_law_code(election_day)]
    citation = law.cite(law.schedule.audit_article)
    if published_on is None:
        return PublicationCheck(False, "离任经济责任审计结果尚未公布，须在选举日之前公布", citation)
    if published_on < election_day:
        return PublicationCheck(True, f"审计结果已于 {published_on:%Y-%m-%d} 公布，早于选举日", citation)
    when = "选举当日" if published_on == election_day else "选举日之后"
    return PublicationCheck(
        False, f"审计结果于 {published_on:%Y-%m-%d}（{when}）公布，须在选举日之前公布", citation
    )


# --- reserve cadres -------------------------------------------------------------------------

RESERVE_TARGET_DEFAULT = 2
"""Reserve cadres wanted per village or community until the campaign sets its own target (a house
default [M]; the speech names the shortage, 后备力量缺乏, not a number)."""


@dataclass(frozen=True)
class ReserveRatio:
    count: int
    target: int
    ratio: Fraction | None
    """count / target; ``None`` when the target is zero."""
    met: bool


def reserve_ratio(count: int, target: int = RESERVE_TARGET_DEFAULT) -> ReserveRatio:
    """The village's reserve cadres against the target (met when ``count >= target``)."""
    if target <= 0:
        return ReserveRatio(count, 0, None, True)
    return ReserveRatio(count, target, Fraction(count, target), count >= target)
