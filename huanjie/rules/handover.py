"""After the vote (issue 13 req. 7): the handover (工作移交) of the outgoing committee to the new one,
and how long the ballots are kept.

Handover: “村民委员会应当自新一届村民委员会产生之日起十日内完成工作移交。工作移交由村民选举委员会主持，
由乡、民族乡、镇的人民政府监督。” (村民委员会组织法 (2018) 第二十条 / (2025) 第二十四条 [V]). The ten days
are counted as every period is (民法典 第二百零一条, 第二百零三条: the first day not counted,
dates.period_end): a committee produced on 2026-03-20 hands over by 2026-03-30 — on time that day,
late on 2026-03-31. What is handed over — seals (印章), archives (档案), accounts (账目), assets (资产),
claims and debts (债权债务) — is the usual content of a handover list; the law does not enumerate it
[M: 判断，按常见移交清单].

Ballots: 上海市村民委员会选举办法 第二十三条 “所有选票应当在选举工作结束当天及时封存，交由乡、镇人民政府保管，
至少保存至下一届村民委员会选举工作结束为止” [V]; 河南省实施《村民委员会组织法》办法 第三十七条 “选票由乡、
民族乡、镇的人民政府统一封存，期限三年” [V]. The national law and the other profiles' texts seen say
nothing on it: this module then keeps them until the next committee's election, five years on (the
term, (2018) 第十一条 / (2025) 第十四条) — the longer of the two verified rules [M: 判断，未见本省规定].
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from huanjie.rules.dates import Period, period_end

__all__ = ["HANDOVER_ITEMS", "Retention", "handover_on_time", "handover_period", "retention"]

HANDOVER_ITEMS: tuple[tuple[str, str], ...] = (
    ("seals", "印章"),
    ("archives", "档案资料"),
    ("accounts", "财务账目"),
    ("assets", "集体资产"),
    ("debts", "债权债务"),
)
"""What the outgoing committee hands over, in the order of the list [M: 判断，按常见移交清单]."""

JUDGEMENT_HANDOVER_ITEMS = "判断：法律未列举移交事项，按常见移交清单（印章、档案、账目、资产、债权债务）[M]"
JUDGEMENT_RETENTION = (
    "判断：法律和本省办法未见选票保存期限的规定，按保存至下一届选举工作结束（任期五年）处理 [M]"
)
CITE_RETENTION_SHANGHAI = "上海市村民委员会选举办法 第二十三条"
CITE_RETENTION_HENAN = "河南省实施《村民委员会组织法》办法 第三十七条"
TERM_YEARS = 5


def handover_period(produced_on: date, days: int = 10) -> Period:
    """The handover period: ``days`` days from the day the new committee was produced."""
    return period_end(produced_on, days)


def handover_on_time(produced_on: date, done_on: date, days: int = 10) -> bool:
    """True when a handover completed on ``done_on`` is within the period (the last day included)."""
    return done_on <= handover_period(produced_on, days).end


@dataclass(frozen=True)
class Retention:
    """Until when the ballots of an election are kept, why, and on what rule."""

    until: date
    text: str
    rule: str


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February → 28 February
        return day.replace(year=day.year + years, day=28)


def retention(profile_code: str, voting_day: date) -> Retention:
    """The retention of the ballots voted on ``voting_day`` under the province ``profile_code``."""
    if profile_code == "henan":
        until = _years_later(voting_day, 3)
        return Retention(until, "由乡镇人民政府统一封存，期限三年", CITE_RETENTION_HENAN)
    until = _years_later(voting_day, TERM_YEARS)
    if profile_code == "shanghai":
        return Retention(
            until, "交乡镇人民政府保管，至少保存至下一届村民委员会选举工作结束", CITE_RETENTION_SHANGHAI
        )
    return Retention(until, "保存至下一届选举工作结束（按任期五年计）", JUDGEMENT_RETENTION)
