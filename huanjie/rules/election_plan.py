"""Planning a village's elections: their order and dependencies, the days a regular election may be
held on, the deadline of an election after a boundary change, and the conflicts between a village's
election days (issue 12 req. 1).

- Order: the Party organization first by default (:data:`~huanjie.rules.citations.CITE_ORDER`
  “先党组织后村（居）委会” [M]); the order of 村（居）民代表, 村（居）民小组长 and a 预选 is the locality's
  choice, so it is data (each election names the elections it depends on), never fixed here.
- A dependency holds when the election depended on has its day on or before the dependent's day
  (the same day is allowed: the Party organization's vote in the morning, the committee's later).
- A regular election's day lies inside the campaign's window and the village's batch, unless an
  approved postponement (延期换届) moves it, up to the postponement's new date.
- After a boundary change (区划调整), only provinces whose measure sets a deadline have one: 江苏省村民
  委员会选举办法 第四条 “因区划调整需要重新组建村民委员会的，应当自区划批复之日起六个月内进行选举” [V].
  Elsewhere no deadline is verified and the answer says so.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from huanjie.rules.citations import CITE_ORDER

__all__ = [
    "BOUNDARY_DEADLINES",
    "BoundaryDeadline",
    "Conflict",
    "DayCheck",
    "Planned",
    "add_months",
    "boundary_deadline",
    "check_day",
    "conflicts",
    "default_dependencies",
    "dependency_problems",
]

PARTY = "party"
"""The Party organization's body code (elections.choices.Body.PARTY)."""

BOUNDARY_DEADLINES: dict[str, tuple[int, str]] = {
    "jiangsu": (6, "江苏省村民委员会选举办法 第四条"),
}
"""Profile code → (months from the 区划批复, citation) of the provinces whose measure sets a deadline
for the election after a boundary change (only verified texts; 江苏 第四条 [V])."""

NO_DEADLINE = (
    "本省选举办法中未核实到区划调整后重新选举的期限规定，系统不设期限；请按上级换届文件执行并在备注中写明依据"
)


@dataclass(frozen=True)
class Planned:
    """One election of a village as planned: its key (any unique text), body code, election day
    (``None`` until scheduled), the keys it depends on, and a label for messages."""

    key: str
    body: str
    day: date | None
    depends_on: tuple[str, ...] = ()
    label: str = ""


@dataclass(frozen=True)
class DayCheck:
    """The answer for a proposed election day: ``ok``, and every reason it is refused (Chinese)."""

    ok: bool
    reasons: tuple[str, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class BoundaryDeadline:
    """The last day of an election after a boundary change (``None``: no verified deadline), why."""

    deadline: date | None
    text: str
    citation: str


@dataclass(frozen=True)
class Conflict:
    """Two elections of one village whose days do not fit: ``kind`` ``same_day`` (one body twice on a
    day) or ``order`` (a dependency held after the election that depends on it)."""

    kind: str
    first: str
    second: str
    text: str
    citation: str


def default_dependencies(body: str, party_keys: Sequence[str]) -> tuple[str, ...]:
    """What a new election depends on by default: every body but the Party organization waits for the
    village's Party organization election(s) (CITE_ORDER, 先党组织后村（居）委会 [M])."""
    if body == PARTY:
        return ()
    return tuple(party_keys)


def dependency_problems(election: Planned, day: date, others: Sequence[Planned]) -> list[str]:
    """Why ``election`` may not be held on ``day``: an election it depends on without a day or with a
    later day, or an election depending on it already held earlier (CITE_ORDER [M]). Empty when the
    order holds."""
    by_key = {o.key: o for o in others}
    problems: list[str] = []
    for key in election.depends_on:
        dep = by_key.get(key)
        if dep is None:
            continue
        if dep.day is None:
            problems.append(f"须先确定“{dep.label}”的选举日（本选举依赖其先行选举；{CITE_ORDER}）")
        elif dep.day > day:
            problems.append(
                f"“{dep.label}”的选举日 {dep.day.isoformat()} 晚于本次拟定的 {day.isoformat()}，"
                f"不符合先后顺序（{CITE_ORDER}）"
            )
    for other in others:
        if election.key in other.depends_on and other.day is not None and other.day < day:
            problems.append(
                f"“{other.label}”依赖本选举先行，其选举日 {other.day.isoformat()} 早于本次拟定的 "
                f"{day.isoformat()}（{CITE_ORDER}）"
            )
    return problems


def check_day(
    day: date,
    *,
    window: tuple[date, date],
    batch: tuple[str, date, date] | None,
    postponed_to: date | None,
) -> DayCheck:
    """May a regular election (换届选举) be held on ``day``? Inside the campaign window and the batch
    (both ends included), or — with an approved postponement — after the window's start up to the
    postponement's new date (a judgement: the approved postponement replaces the window's and the
    batch's end for this body)."""
    start, end = window
    reasons: list[str] = []
    notes: list[str] = []
    if postponed_to is not None:
        if day < start:
            reasons.append(f"选举日早于换届工作开始日期 {start.isoformat()}")
        elif day > postponed_to:
            reasons.append(f"选举日晚于经批准的延期日期 {postponed_to.isoformat()}")
        else:
            notes.append(f"已经批准延期至 {postponed_to.isoformat()}，不受换届时间窗口和批次限制")
        return DayCheck(not reasons, tuple(reasons), tuple(notes))
    if not start <= day <= end:
        reasons.append(
            f"选举日须在换届工作时间窗口内（{start.isoformat()} 至 {end.isoformat()}）；"
            "如需推迟，请先办理延期换届审批"
        )
    if batch is not None:
        name, b_start, b_end = batch
        if not b_start <= day <= b_end:
            reasons.append(
                f"选举日须在所属批次“{name}”的日期内（{b_start.isoformat()} 至 {b_end.isoformat()}）"
            )
    return DayCheck(not reasons, tuple(reasons), tuple(notes))


def add_months(start: date, months: int) -> date:
    """The end of a period of ``months`` counted from ``start``: the same day of the month that many
    months later, or that month's last day when it has no such day (民法典 第二百零二条: 按照年、月
    计算期间的，到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))


def boundary_deadline(profile_code: str, approved_on: date | None) -> BoundaryDeadline:
    """The deadline of the election after a boundary change, counted from the 区划批复's date, when
    the profile's measure sets one (:data:`BOUNDARY_DEADLINES`); otherwise ``None`` and why."""
    found = BOUNDARY_DEADLINES.get(profile_code)
    if found is None:
        return BoundaryDeadline(None, NO_DEADLINE, "")
    months, citation = found
    if approved_on is None:
        return BoundaryDeadline(None, f"须先登记区划批复日期，选举应自批复之日起{months}个月内进行", citation)
    last = add_months(approved_on, months)
    return BoundaryDeadline(
        last,
        f"应自区划批复之日（{approved_on.isoformat()}）起{months}个月内进行选举，即不迟于 {last.isoformat()}",
        citation,
    )


def conflicts(elections: Sequence[Planned]) -> list[Conflict]:
    """Conflicts between one village's election days: the same body twice on one day, and every
    dependency held after the election that depends on it (CITE_ORDER [M])."""
    found: list[Conflict] = []
    dated = [e for e in elections if e.day is not None]
    for i, a in enumerate(dated):
        for b in dated[i + 1 :]:
            if a.body == b.body and a.day == b.day:
                found.append(
                    Conflict(
                        "same_day",
                        a.key,
                        b.key,
                        f"“{a.label}”与“{b.label}”安排在同一天（{a.day}），同一组织不能同日两次选举",
                        CITE_ORDER,
                    )
                )
    days: dict[str, date] = {e.key: e.day for e in dated if e.day is not None}
    labels = {e.key: e.label for e in elections}
    for e in dated:
        day = days[e.key]
        for key in e.depends_on:
            dep_day = days.get(key)
            if dep_day is not None and dep_day > day:
                found.append(
                    Conflict(
                        "order",
                        key,
                        e.key,
                        f"“{e.label}”（{day}）早于其依赖的“{labels[key]}”（{dep_day}）",
                        CITE_ORDER,
                    )
                )
    return found
