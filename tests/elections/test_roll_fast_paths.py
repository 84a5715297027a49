"""The roll importer's fast paths accept and refuse exactly what the general ones do."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from huanjie.elections.roll_importers import _FastIds, _masked
from huanjie.rules.ids import InvalidCitizenId, make_citizen_id, mask_citizen_id, parse_citizen_id

TODAY = dt.date(2026, 3, 1)


def _general(raw: str) -> tuple[str, dt.date, str] | None:
    try:
        cid = parse_citizen_id(raw, today=TODAY)
    except InvalidCitizenId:
        return None
    return cid.number, cid.birth_date, cid.sex


def _valid(rng: random.Random) -> str:
    birth = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(35_000))
    return make_citizen_id(rng.choice(["110101", "320321", "419800", "650102"]), birth, rng.randrange(1000))


def test_fast_ids_agree_with_parse_citizen_id_on_valid_numbers():
    rng = random.Random(12)
    fast = _FastIds(TODAY)
    for _ in range(3000):
        number = _valid(rng)
        assert fast(number) == _general(number)
        assert fast(number) is not None or _general(number) is None


@pytest.mark.parametrize(
    "raw",
    [
        "11010119900307851x",  # lowercase x: the general path uppercases it
        "110101199003078516",  # wrong check character
        "1101011990030785",  # 16 characters
        "110101900307851",  # a 15-digit legacy number (upgraded by the general path)
        "990101199003078515",  # no such province
        "110101199002308515",  # 30 February
        "110101203001018515",  # born after today
        "１10101199003078515",  # a full-width digit
        "11010119900307851５",
        " 110101199003078515",
        "1101011990 0307851",
        "11010119900307851X",
    ],
)
def test_fast_ids_leave_everything_else_to_the_general_path(raw):
    fast = _FastIds(TODAY)
    got = fast(raw)
    assert got is None or got == _general(raw)
    if got is None and _general(raw) is not None:  # the general path still accepts it (e.g. x → X)
        assert _general(raw)[0] != raw


def test_fast_ids_memoise_a_bad_birth_date_as_bad():
    fast = _FastIds(TODAY)
    bad = "110101199002308515"
    assert fast(bad) is None
    assert fast(bad) is None
    assert fast.births["19900230"] is None


def test_masked_is_mask_citizen_id_for_parsed_numbers():
    rng = random.Random(3)
    for _ in range(200):
        number = _valid(rng)
        assert _masked(number) == mask_citizen_id(number)
