"""Citizen identity numbers (公民身份号码) per GB 11643-1999 《公民身份号码》 [V: weights and check table
verified by computation; the standard's wording is [S]].

An 18-character number is: a 6-digit address code (GB/T 2260 administrative division), an 8-digit
birth date ``YYYYMMDD`` (GB/T 7408), a 3-digit sequence code (odd = male, even = female) and one
check character computed with ISO 7064:1983 MOD 11-2. Legacy 15-digit numbers have a 2-digit year
and no check character; they are upgraded by inserting "19" and computing the check character.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

__all__ = [
    "PROVINCE_CODES",
    "CitizenId",
    "InvalidCitizenId",
    "check_char",
    "make_citizen_id",
    "mask_citizen_id",
    "parse_citizen_id",
]

# W_i = 2^(18-i) mod 11 for i = 1..17 (GB 11643-1999 校验码, ISO 7064 MOD 11-2).
_WEIGHTS: tuple[int, ...] = tuple(pow(2, 17 - i, 11) for i in range(17))
# Y = S mod 11 → check character (GB 11643-1999 校验码).
_CHECK_TABLE = "10X98765432"

#: First two digits of a valid address code: province-level divisions of GB/T 2260
#: (11-15 North, 21-23 North-east, 31-37 East, 41-46 Central-south, 50-54 South-west,
#: 61-65 North-west, 71 Taiwan, 81 Hong Kong, 82 Macao).
PROVINCE_CODES: frozenset[str] = frozenset(
    [str(n) for n in range(11, 16)]
    + [str(n) for n in range(21, 24)]
    + [str(n) for n in range(31, 38)]
    + [str(n) for n in range(41, 47)]
    + [str(n) for n in range(50, 55)]
    + [str(n) for n in range(61, 66)]
    + ["71", "81", "82"]
)

_DIGITS = frozenset("0123456789")


class InvalidCitizenId(ValueError):
    """A number that is not a valid citizen identity number; ``reason`` says why, in Chinese."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class CitizenId:
    """A validated 18-character citizen identity number and what it encodes (GB 11643-1999)."""

    number: str
    birth_date: date
    sex: Literal["M", "F"]
    region: str


def _is_digits(text: str) -> bool:
    return bool(text) and all(c in _DIGITS for c in text)


def check_char(first17: str) -> str:
    """The check character of the first 17 digits (GB 11643-1999 校验码, ISO 7064:1983 MOD 11-2) [V].

    S = Σ a_i × W_i with W = 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2; the check is "10X98765432"[S mod 11].
    """
    if len(first17) != 17 or not _is_digits(first17):
        raise ValueError("check_char needs exactly 17 digits")
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_TABLE[total % 11]


def _parse_birth(text: str) -> date:
    try:
        return date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise InvalidCitizenId(f"出生日期 {text} 无效") from None


def _upgrade_legacy(number: str) -> str:
    """15-digit legacy number → 18 characters: insert "19" before the 2-digit year, add the check.

    GB 11643-1999 replaced the 15-digit numbers of 1984; all of them belong to people born in the
    1900s [S]. A year "00" (1900) is ambiguous and implausible, so it is refused rather than guessed.
    """
    if not _is_digits(number):
        raise InvalidCitizenId("15 位旧号码应全部为数字")
    if number[6:8] == "00":
        raise InvalidCitizenId("15 位旧号码的出生年份 00 无法确定（1900 年？），请核对后录入 18 位号码")
    first17 = number[:6] + "19" + number[6:]
    return first17 + check_char(first17)


def parse_citizen_id(raw: str, *, today: date | None = None) -> CitizenId:
    """Parse and validate a citizen identity number (GB 11643-1999 《公民身份号码》 [V]/[S]).

    Spaces are removed and a lowercase ``x`` is accepted; a 15-digit legacy number is upgraded to
    18 characters. Checks, in order: length; characters; address code (a GB/T 2260 province prefix);
    birth date (a real calendar date, not after ``today``); the MOD 11-2 check character.
    Sex comes from the 17th digit: odd = male, even = female
    (GB 11643-1999 顺序码: “奇数分配给男性，偶数分配给女性” [S]).
    Raises :class:`InvalidCitizenId` with a Chinese reason.
    """
    number = "".join(raw.split()).upper()
    if len(number) == 15:
        number = _upgrade_legacy(number)
    elif len(number) != 18:
        raise InvalidCitizenId(f"长度应为 18 位（或 15 位旧号码），实际为 {len(number)} 位")
    first17, last = number[:17], number[17]
    if not _is_digits(first17):
        raise InvalidCitizenId("前 17 位应全部为数字")
    if last not in _DIGITS and last != "X":
        raise InvalidCitizenId("第 18 位校验码应为数字或 X")
    region = number[:6]
    if region[:2] not in PROVINCE_CODES:
        raise InvalidCitizenId(f"地区码 {region} 无效：前两位 {region[:2]} 不是省级行政区划代码")
    birth = _parse_birth(number[6:14])
    reference = today if today is not None else date.today()
    if birth > reference:
        raise InvalidCitizenId(f"出生日期 {birth.isoformat()} 晚于今天（{reference.isoformat()}）")
    expected = check_char(first17)
    if last != expected:
        raise InvalidCitizenId(f"校验码错误：应为 {expected}，实际为 {last}")
    sex: Literal["M", "F"] = "M" if int(number[16]) % 2 == 1 else "F"
    return CitizenId(number=number, birth_date=birth, sex=sex, region=region)


def mask_citizen_id(number: str) -> str:
    """Mask a number for display: the 6-digit address code and 12 asterisks (DESIGN.md house rule 8).

    ``320321199001011234`` → ``320321************``. Roles that may not unmask see 出生年月 and 性别
    beside the masked number (official rosters carry both), so the birth day AND the whole sequence
    and check code must stay hidden: the candidates left are (days of the month) × (500 sequence codes
    of one sex) ≥ 28 × 500 = 14,000, never fewer than 1,000 (hardening issue 7). Showing even the
    check character would leave about 14,000 / 11 ≈ 1,270, and the last two characters (sequence
    digit + check) about 14,000 / 55 ≈ 254: too few. Anything of 10 characters or fewer is masked
    entirely, so that a malformed input never shows more than a well-formed one would.
    """
    compact = "".join(number.split()).upper()
    if len(compact) <= 10:
        return "*" * len(compact)
    return compact[:6] + "*" * (len(compact) - 6)


def make_citizen_id(region: str, birth: date, seq: int) -> str:
    """Build a valid 18-character number (GB 11643-1999) for demo data and tests.

    ``seq`` is the 3-digit sequence code, 0-999; odd is male and even is female (顺序码).
    """
    if len(region) != 6 or not _is_digits(region) or region[:2] not in PROVINCE_CODES:
        raise ValueError(f"地区码 {region} 无效")
    if not 0 <= seq <= 999:
        raise ValueError(f"顺序码 {seq} 应在 0-999 之间")
    first17 = f"{region}{birth.year:04d}{birth.month:02d}{birth.day:02d}{seq:03d}"
    return first17 + check_char(first17)
