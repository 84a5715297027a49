"""Legal periods and ages (legal-rules.md §8).

- “自 D 起 N 日内” (a period counted in days from day D): the start day is not counted, so the period
  ends on D + N — 民法典 第二百零一条 “开始的当日不计入，自下一日开始计算” [V]. When the last day is a
  statutory holiday it moves to the day after the holiday ends — 民法典 第二百零三条 [V]; the civil-law
  rule is applied to election deadlines by analogy [M].
- “选举日的 N 日前” (a deadline counted back from day E): the act must be done on or before E − N.
  Such a deadline never moves later for a holiday: moving it would shorten the time the law guarantees
  to voters (legal-rules.md §8).
- Ages are whole years on a reference day; an 18th birthday falling on election day counts as 18
  (legal-rules.md §7 convention [M]; age counted to 选举日: 浙江 第十二条, 北京 第十二条, 河南 第十九条 [V]).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

__all__ = [
    "NO_HOLIDAYS",
    "HolidayCalendar",
    "Period",
    "age_on",
    "days_before",
    "period_end",
    "within_period",
]

CITE_PERIOD_START = "民法典 第二百零一条 [V]"
CITE_PERIOD_HOLIDAY = "民法典 第二百零三条 [V]"
_ALL_WEEKDAYS = frozenset(range(7))


@dataclass(frozen=True)
class HolidayCalendar:
    """Days off, as data: statutory holidays, make-up working days (调休上班) and weekly rest days.

    ``rest_weekdays`` uses ``date.weekday()`` numbers (5 = Saturday, 6 = Sunday). A make-up working
    day is a working day even when it falls on a rest weekday or is listed as a holiday. The empty
    calendar (:data:`NO_HOLIDAYS`) never moves a period end.
    """

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    rest_weekdays: frozenset[int] = frozenset()

    def is_rest_day(self, day: date) -> bool:
        """True when ``day`` is a day off under this calendar."""
        if day in self.workdays:
            return False
        return day in self.holidays or day.weekday() in self.rest_weekdays

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, otherwise the first working day after it
        (民法典 第二百零三条: “以法定休假日结束的次日为期间的最后一日”)."""
        if self.rest_weekdays >= _ALL_WEEKDAYS and not any(w >= day for w in self.workdays):
            raise ValueError(f"日历中 {day.isoformat()} 之后没有任何工作日")
        while self.is_rest_day(day):
            day += timedelta(days=1)
        return day


NO_HOLIDAYS = HolidayCalendar()


@dataclass(frozen=True)
class Period:
    """A period of ``days`` days counted from ``start``, with its nominal and its effective end."""

    start: date
    days: int
    nominal_end: date
    end: date

    @property
    def moved(self) -> bool:
        return self.end != self.nominal_end

    def explain(self) -> str:
        """A Chinese sentence saying how the last day was found."""
        text = (
            f"自 {self.start.isoformat()} 起 {self.days} 日内：开始的当日不计入，"
            f"期间最后一日为 {self.nominal_end.isoformat()}（{CITE_PERIOD_START}）"
        )
        if self.moved:
            text += (
                f"；{self.nominal_end.isoformat()} 为休假日，顺延至 {self.end.isoformat()}"
                f"（{CITE_PERIOD_HOLIDAY}）"
            )
        return text


def period_end(start: date, days: int, calendar: HolidayCalendar = NO_HOLIDAYS) -> Period:
    """The last day of “自 ``start`` 起 ``days`` 日内” (民法典 第二百零一条, 第二百零三条 [V]).

    Published 2026-02-28, five days for objections → last day 2026-03-05 (legal-rules.md §10 ex. 16).
    """
    if days < 0:
        raise ValueError("期间天数不能为负数")
    nominal = start + timedelta(days=days)
    return Period(start=start, days=days, nominal_end=nominal, end=calendar.next_working_day(nominal))


def within_period(day: date, start: date, days: int, calendar: HolidayCalendar = NO_HOLIDAYS) -> bool:
    """True when ``day`` falls on or before the (possibly moved) last day of the period."""
    return day <= period_end(start, days, calendar).end


def days_before(anchor: date, days: int) -> date:
    """The latest day that satisfies “``anchor`` 的 ``days`` 日前”: ``anchor − days``.

    E.g. the voter list “应当在选举日的二十日前…公布” (村民委员会组织法(2018) 第十四条 / (2025) 第十七条 [V]):
    election 2026-03-20 → publish on or before 2026-02-28. Never moved by holidays (legal-rules.md §8).
    """
    if days < 0:
        raise ValueError("提前天数不能为负数")
    return anchor - timedelta(days=days)


def age_on(birth: date, on: date) -> int:
    """Age in whole years (周岁) on day ``on``; the birthday itself counts (legal-rules.md §7 [M]).

    Someone born on 29 February reaches a new age on 1 March in common years.
    """
    if on < birth:
        raise ValueError(f"参照日 {on.isoformat()} 早于出生日期 {birth.isoformat()}")
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
