"""GB 11643-1999 citizen identity numbers: legal-rules.md §7 examples, boundaries and properties."""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huanjie.rules.ids import (
    PROVINCE_CODES,
    CitizenId,
    InvalidCitizenId,
    check_char,
    make_citizen_id,
    mask_citizen_id,
    parse_citizen_id,
)

TODAY = date(2026, 3, 20)


def reason_of(raw: str, today: date = TODAY) -> str:
    with pytest.raises(InvalidCitizenId) as info:
        parse_citizen_id(raw, today=today)
    assert isinstance(info.value, ValueError)
    assert str(info.value) == info.value.reason
    return info.value.reason


# --- legal-rules.md §7 worked examples ------------------------------------------------------------


def test_section7_example_female_with_x_check() -> None:
    cid = parse_citizen_id("11010519491231002X", today=TODAY)
    assert cid == CitizenId(
        number="11010519491231002X", birth_date=date(1949, 12, 31), sex="F", region="110105"
    )


def test_section7_example_born_1880_male() -> None:
    cid = parse_citizen_id("440524188001010014", today=TODAY)
    assert cid.birth_date == date(1880, 1, 1)
    assert cid.sex == "M"
    assert cid.region == "440524"


def test_section7_example_wrong_check_digit_should_be_4() -> None:
    assert reason_of("130402198207290622") == "校验码错误：应为 4，实际为 2"
    assert parse_citizen_id("130402198207290624", today=TODAY).sex == "F"


def test_check_char_values_from_section7() -> None:
    assert check_char("11010519491231002") == "X"
    assert check_char("44052418800101001") == "4"
    assert check_char("13040219820729062") == "4"


@pytest.mark.parametrize("bad", ["1234567890123456", "1101051949123100", "1101051949123100a"])
def test_check_char_rejects_anything_but_17_digits(bad: str) -> None:
    with pytest.raises(ValueError, match="17 digits"):
        check_char(bad)


# --- normalisation ----------------------------------------------------------------------------------


def test_spaces_and_lowercase_x_are_accepted() -> None:
    cid = parse_citizen_id(" 110105 19491231 002x ", today=TODAY)
    assert cid.number == "11010519491231002X"


def test_legacy_15_digit_number_is_upgraded() -> None:
    # 15 digits: region 440524, birth 800101 (1980-01-01), sequence 001.
    cid = parse_citizen_id("440524800101001", today=TODAY)
    first17 = "44052419800101001"
    assert cid.number == first17 + check_char(first17)
    assert cid.birth_date == date(1980, 1, 1)
    assert cid.sex == "M"


def test_legacy_number_with_year_00_is_refused() -> None:
    assert "1900" in reason_of("440524000101001")


def test_legacy_number_must_be_digits() -> None:
    assert reason_of("44052480010100X") == "15 位旧号码应全部为数字"


# --- each reason ----------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["", "1101051949123100", "11010519491231002X1", "4405248001010011"])
def test_wrong_length(raw: str) -> None:
    assert reason_of(raw).startswith("长度应为 18 位（或 15 位旧号码）")


def test_non_digit_in_first_17() -> None:
    assert reason_of("1101051949123100AX") == "前 17 位应全部为数字"


def test_bad_last_character() -> None:
    assert reason_of("11010519491231002Y") == "第 18 位校验码应为数字或 X"


@pytest.mark.parametrize(
    "prefix", ["99", "00", "10", "16", "20", "24", "30", "38", "40", "47", "55", "60", "66", "72", "83"]
)
def test_region_prefix_outside_province_codes(prefix: str) -> None:
    first17 = prefix + "0105199001010011"[:15]
    raw = first17 + check_char(first17)
    assert reason_of(raw).startswith(f"地区码 {prefix}0105 无效")


def test_every_listed_province_code_is_accepted() -> None:
    assert len(PROVINCE_CODES) == 34
    for code in PROVINCE_CODES:
        number = make_citizen_id(code + "0102", date(1990, 1, 1), 11)
        assert parse_citizen_id(number, today=TODAY).region == code + "0102"


@pytest.mark.parametrize("birth", ["19491331", "19490229", "20000230", "19490001", "00000101"])
def test_impossible_birth_date(birth: str) -> None:
    first17 = "110105" + birth + "002"
    assert reason_of(first17 + check_char(first17)) == f"出生日期 {birth} 无效"


def test_leap_day_birth_is_valid() -> None:
    assert parse_citizen_id(make_citizen_id("110105", date(2000, 2, 29), 2), today=TODAY).birth_date == date(
        2000, 2, 29
    )


def test_birth_date_today_is_valid_tomorrow_is_not() -> None:
    born_today = make_citizen_id("320321", TODAY, 123)
    assert parse_citizen_id(born_today, today=TODAY).birth_date == TODAY
    born_tomorrow = make_citizen_id("320321", date(2026, 3, 21), 123)
    assert reason_of(born_tomorrow) == "出生日期 2026-03-21 晚于今天（2026-03-20）"


def test_today_defaults_to_the_real_date() -> None:
    far_future = make_citizen_id("320321", date(9999, 12, 31), 1)
    reason = reason_of(far_future, today=date.today())
    with pytest.raises(InvalidCitizenId) as info:
        parse_citizen_id(far_future)
    assert info.value.reason == reason


# --- sex -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seq", "sex"), [(0, "F"), (1, "M"), (2, "F"), (998, "F"), (999, "M"), (10, "F"), (11, "M")]
)
def test_sex_from_17th_digit(seq: int, sex: str) -> None:
    assert parse_citizen_id(make_citizen_id("320321", date(1990, 5, 6), seq), today=TODAY).sex == sex


# --- make / mask ----------------------------------------------------------------------------------


def test_make_citizen_id_layout() -> None:
    number = make_citizen_id("320321", date(1990, 5, 6), 7)
    assert number[:17] == "32032119900506007"
    assert number[17] == check_char(number[:17])


@pytest.mark.parametrize("region", ["32032", "3203211", "32032a", "990000"])
def test_make_citizen_id_rejects_bad_region(region: str) -> None:
    with pytest.raises(ValueError, match="地区码"):
        make_citizen_id(region, date(1990, 1, 1), 1)


@pytest.mark.parametrize("seq", [-1, 1000])
def test_make_citizen_id_rejects_bad_sequence(seq: int) -> None:
    with pytest.raises(ValueError, match="顺序码"):
        make_citizen_id("320321", date(1990, 1, 1), seq)


def test_mask_keeps_only_the_address_code() -> None:
    assert mask_citizen_id("320321199001011234") == "320321************"
    assert mask_citizen_id("11010519491231002x") == "110105************"
    assert mask_citizen_id("440524800101001") == "440524*********"


def _candidates(masked: str, year: int, month: int, sex: str) -> list[str]:
    """Every valid number consistent with what a role without the unmask capability sees: the masked
    number, 出生年月 and 性别 (the region is in the masked number itself). Enumerated from scratch:
    every day of the month and every sequence code of that sex, with its check character."""
    out = []
    for day in range(1, 32):
        try:
            birth = date(year, month, day)
        except ValueError:
            continue
        for seq in range(1000):
            number = make_citizen_id(masked[:6], birth, seq)
            cid = parse_citizen_id(number, today=TODAY)
            if mask_citizen_id(number) == masked and cid.sex == sex:
                out.append(number)
    return out


@pytest.mark.parametrize(
    ("birth", "seq"),
    [(date(1975, 2, 14), 11), (date(1980, 2, 29), 2), (date(1990, 12, 31), 999), (date(2001, 6, 1), 0)],
)
def test_masked_id_with_birth_month_and_sex_leaves_at_least_1000_candidates(birth: date, seq: int) -> None:
    """Hardening issue 7: masked ID + 出生年月 + 性别 leave ≥ 1,000 possible numbers (February of a
    common year is the worst case: 28 days × 500 sequence codes)."""
    number = make_citizen_id("329901", birth, seq)
    cid = parse_citizen_id(number, today=TODAY)
    found = _candidates(mask_citizen_id(number), birth.year, birth.month, cid.sex)
    assert number in found
    assert len(found) >= 1000
    assert len(found) == calendar.monthrange(birth.year, birth.month)[1] * 500


def test_showing_the_check_character_or_more_would_leave_too_few() -> None:
    """Why the mask shows nothing after the address code: each further character shown divides the
    candidates (February: 14,000) — the last two (sequence digit + check) leave about 254."""
    number = make_citizen_id("329901", date(1975, 2, 14), 11)
    pool = [make_citizen_id("329901", date(1975, 2, d), s) for d in range(1, 29) for s in range(1, 1000, 2)]
    assert len(pool) == 14_000
    last2 = [n for n in pool if n[-2:] == number[-2:]]
    assert len(last2) < 1000


@pytest.mark.parametrize(("raw", "masked"), [("", ""), ("12345", "*****"), ("1234567890", "**********")])
def test_mask_short_input_shows_nothing(raw: str, masked: str) -> None:
    assert mask_citizen_id(raw) == masked


# --- properties --------------------------------------------------------------------------------------

regions = st.builds(
    lambda p, rest: p + rest,
    st.sampled_from(sorted(PROVINCE_CODES)),
    st.text(alphabet="0123456789", min_size=4, max_size=4),
)
births = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)


@given(regions, births, st.integers(min_value=0, max_value=999))
def test_generated_numbers_round_trip(region: str, birth: date, seq: int) -> None:
    number = make_citizen_id(region, birth, seq)
    cid = parse_citizen_id(number, today=TODAY)
    assert cid.number == number
    assert cid.birth_date == birth
    assert cid.region == region
    assert cid.sex == ("M" if seq % 2 else "F")
    assert parse_citizen_id(number.lower(), today=TODAY) == cid


@given(regions, births, st.integers(min_value=0, max_value=999), st.integers(min_value=0, max_value=16))
def test_any_single_digit_change_is_detected(region: str, birth: date, seq: int, pos: int) -> None:
    number = make_citizen_id(region, birth, seq)
    changed = str((int(number[pos]) + 1) % 10)
    tampered = number[:pos] + changed + number[pos + 1 :]
    with pytest.raises(InvalidCitizenId):
        parse_citizen_id(tampered, today=TODAY)


@given(regions, st.dates(min_value=date(1901, 1, 1), max_value=date(1999, 12, 31)), st.integers(0, 999))
def test_legacy_upgrade_is_valid_and_equals_the_18_digit_number(region: str, birth: date, seq: int) -> None:
    legacy = f"{region}{birth:%y%m%d}{seq:03d}"
    cid = parse_citizen_id(legacy, today=TODAY)
    assert cid.number == make_citizen_id(region, birth, seq)
    assert cid.birth_date == birth
