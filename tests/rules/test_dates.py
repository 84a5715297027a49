"""Legal periods (民法典 第二百零一条, 第二百零三条) and ages: legal-rules.md §7, §8, §10 ex. 16-17."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huanjie.rules.dates import (
    NO_HOLIDAYS,
    HolidayCalendar,
    Period,
    age_on,
    days_before,
    period_end,
    within_period,
)

E = date(2026, 3, 20)
WEEKENDS = HolidayCalendar(rest_weekdays=frozenset({5, 6}))


def test_example16_voter_list_deadline_is_e_minus_20() -> None:
    assert days_before(E, 20) == date(2026, 2, 28)


def test_example16_objections_to_a_list_published_feb_28_run_to_mar_5() -> None:
    period = period_end(date(2026, 2, 28), 5)
    assert period == Period(
        start=date(2026, 2, 28), days=5, nominal_end=date(2026, 3, 5), end=date(2026, 3, 5)
    )
    assert not period.moved
    assert within_period(date(2026, 3, 5), date(2026, 2, 28), 5)
    assert not within_period(date(2026, 3, 6), date(2026, 2, 28), 5)


def test_example16_other_deadlines() -> None:
    assert days_before(E, 5) == date(2026, 3, 15)
    assert days_before(E, 3) == date(2026, 3, 17)
    assert period_end(E, 30).end == date(2026, 4, 19)
    assert period_end(E, 15).end == date(2026, 4, 4)


def test_zero_days() -> None:
    assert days_before(E, 0) == E
    assert period_end(E, 0).end == E


@pytest.mark.parametrize("fn", [days_before, lambda d, n: period_end(d, n).end])
def test_negative_days_are_refused(fn: object) -> None:
    with pytest.raises(ValueError, match="负数"):
        fn(E, -1)  # type: ignore[operator]


def test_period_end_on_a_holiday_moves_to_the_next_working_day() -> None:
    # 2026-04-19 is a Sunday: with weekends off the 30-day window ends on Monday 04-20.
    period = period_end(E, 30, WEEKENDS)
    assert period.nominal_end == date(2026, 4, 19)
    assert period.end == date(2026, 4, 20)
    assert period.moved
    text = period.explain()
    assert "2026-04-19 为休假日，顺延至 2026-04-20" in text
    assert "民法典 第二百零三条" in text


def test_explain_without_move_cites_article_201_only() -> None:
    text = period_end(date(2026, 2, 28), 5).explain()
    assert text == (
        "自 2026-02-28 起 5 日内：开始的当日不计入，期间最后一日为 2026-03-05（民法典 第二百零一条 [V]）"
    )


def test_statutory_holiday_run_and_make_up_day() -> None:
    # A National Day style run: 10-01..10-07 off, Sunday 10-11 is a make-up working day.
    holidays = frozenset(date(2026, 10, d) for d in range(1, 8))
    cal = HolidayCalendar(
        holidays=holidays, workdays=frozenset({date(2026, 10, 11)}), rest_weekdays=frozenset({5, 6})
    )
    assert period_end(date(2026, 9, 28), 5, cal).end == date(2026, 10, 8)
    assert cal.is_rest_day(date(2026, 10, 10))
    assert not cal.is_rest_day(date(2026, 10, 11))
    # Saturday 10-10 is off; the make-up Sunday 10-11 is the next working day.
    assert period_end(date(2026, 10, 5), 5, cal).end == date(2026, 10, 11)
    assert period_end(date(2026, 10, 6), 5, cal).end == date(2026, 10, 11)
    # Sunday 10-18 is an ordinary rest day → Monday 10-19.
    assert period_end(date(2026, 10, 13), 5, cal).end == date(2026, 10, 19)


def test_make_up_day_overrides_a_listed_holiday() -> None:
    day = date(2026, 5, 1)
    cal = HolidayCalendar(holidays=frozenset({day}), workdays=frozenset({day}))
    assert not cal.is_rest_day(day)


def test_days_before_never_moves_for_holidays() -> None:
    # E - 20 = 2026-02-28 is a Saturday; the deadline stays 02-28 whatever the calendar says.
    assert WEEKENDS.is_rest_day(days_before(E, 20))
    assert days_before(E, 20) == date(2026, 2, 28)


def test_empty_calendar_never_moves() -> None:
    assert NO_HOLIDAYS.next_working_day(date(2026, 4, 19)) == date(2026, 4, 19)


def test_a_calendar_without_any_working_day_is_refused() -> None:
    every_day = HolidayCalendar(rest_weekdays=frozenset(range(7)))
    with pytest.raises(ValueError, match="没有任何工作日"):
        every_day.next_working_day(E)
    only_past_workday = HolidayCalendar(
        rest_weekdays=frozenset(range(7)), workdays=frozenset({date(2026, 1, 1)})
    )
    with pytest.raises(ValueError, match="没有任何工作日"):
        only_past_workday.next_working_day(E)
    future_workday = HolidayCalendar(
        rest_weekdays=frozenset(range(7)), workdays=frozenset({date(2026, 3, 23)})
    )
    assert future_workday.next_working_day(E) == date(2026, 3, 23)


# --- ages: legal-rules.md §10 ex. 17 -----------------------------------------------------------------


def test_example17_eighteenth_birthday_on_election_day() -> None:
    assert age_on(date(2008, 3, 20), E) == 18
    assert age_on(date(2008, 3, 21), E) == 17


def test_leap_day_birthday() -> None:
    born = date(2008, 2, 29)
    assert age_on(born, date(2026, 2, 28)) == 17
    assert age_on(born, date(2026, 3, 1)) == 18
    assert age_on(born, date(2028, 2, 29)) == 20


def test_age_before_birth_is_refused() -> None:
    with pytest.raises(ValueError, match="早于出生日期"):
        age_on(date(2026, 3, 21), E)


def anniversary(birth: date, years: int) -> date:
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:  # 29 February in a common year
        return date(birth.year + years, 3, 1)


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
    st.integers(min_value=0, max_value=36500),
)
def test_age_is_the_number_of_anniversaries_reached(birth: date, offset: int) -> None:
    on = birth + timedelta(days=offset)
    age = age_on(birth, on)
    assert anniversary(birth, age) <= on < anniversary(birth, age + 1)


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 1, 1)), st.integers(min_value=0, max_value=60)
)
def test_period_end_is_never_before_nominal_and_is_a_working_day(start: date, days: int) -> None:
    period = period_end(start, days, WEEKENDS)
    assert period.nominal_end == start + timedelta(days=days)
    assert 0 <= (period.end - period.nominal_end).days <= 2
    assert not WEEKENDS.is_rest_day(period.end)
