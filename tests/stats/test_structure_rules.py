"""The additive structure counts of huanjie.rules.structure (issue 15 req. 1): persons once across
both committees, paired before/after, exact shares and averages of sums, targets' values and gaps at
their boundaries, one-decimal display, the woman rule by committee type and date."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from huanjie.rules.structure import (
    MemberInput,
    StructureCounts,
    one_decimal,
    target_gap,
    target_value,
    unit_counts,
    woman_rule,
)

ON = dt.date(2026, 3, 1)
BEFORE_ON = dt.date(2021, 3, 1)


def m(key, born, sex="M", edu="中专或高中", party=True, source="", *posts):
    return MemberInput(key, born, sex, edu, party, source, frozenset(posts))


SEC = ("party", "书记")
CHAIR = ("committee", "主任")
PMEM = ("party", "委员")
CMEM = ("committee", "委员")


def test_a_person_on_both_committees_counts_once_and_makes_one_shoulder():
    rows = [
        m("1", dt.date(1990, 3, 1), "M", "大专", True, "graduate", SEC),
        m("1", dt.date(1990, 3, 1), "M", "大专", True, "graduate", CHAIR),
        m("2", dt.date(1980, 3, 2), "F", "初中及以下", False, "", CMEM),
    ]
    c = unit_counts(kind="village", members=rows, on=ON)
    assert (c.members, c.party_committee, c.villager_committee, c.cross_serving) == (2, 1, 2, 1)
    assert (c.villages, c.villages_one_shoulder, c.communities) == (1, 1, 0)
    # 36 on its birthday, 45 the day before the 46th
    assert c.age_sum == 36 + 45 and c.age_bands == {"36-45岁": 2}
    assert (c.college, c.women, c.party_members) == (1, 1, 1)
    assert (c.party_without_woman, c.villagers_without_woman) == (1, 0)
    assert c.sources == {"graduate": 1, "": 1}
    assert (c.new_members, c.reelected) == (0, 0)  # no pairing: new vs re-elected unknown


def test_paired_terms_new_and_reelected_and_the_age_change():
    before = [
        m("1", dt.date(1960, 1, 1), "M", "大专", True, "", SEC),
        m("2", dt.date(1970, 1, 1), "F", "大专", True, "", CMEM),
    ]
    after = [
        m("2", dt.date(1970, 1, 1), "F", "大专", True, "", SEC),
        m("3", dt.date(1996, 1, 1), "M", "大学本科", False, "", CHAIR),
    ]
    c = unit_counts(kind="community", members=after, on=ON, baseline=before, baseline_on=BEFORE_ON)
    assert (c.new_members, c.reelected, c.new_college) == (1, 1, 1)
    assert (c.communities, c.communities_one_shoulder, c.residents_without_woman) == (1, 0, 1)
    # before: 61 and 51 on 2021-03-01 (avg 56); after: 56 and 30 on 2026-03-01 (avg 43)
    assert (c.baseline_members, c.baseline_age_sum, c.age_sum) == (2, 112, 86)
    assert c.average_age_change == -13
    assert target_value("average_age", c) == 13
    assert target_value("college_new", c) == 100


def test_counts_add_and_shares_are_of_the_sums():
    a = unit_counts(
        kind="village", members=[m("1", dt.date(1990, 1, 1), "F", "大专", True, "", SEC, CHAIR)], on=ON
    )
    b = unit_counts(
        kind="village",
        members=[m(str(i), dt.date(1970, 1, 1), "M", "初中及以下", True, "", CMEM) for i in range(2, 5)],
        on=ON,
    )
    total = a + b
    assert (total.units, total.villages, total.villages_one_shoulder, total.members) == (2, 2, 1, 4)
    assert target_value("women", total) == 25  # not the average of 100% and 0%
    assert target_value("one_shoulder_village", total) == 50
    assert total.average_age == Fraction(36 + 3 * 56, 4)
    assert total + StructureCounts() == total


def test_an_empty_village_reports_nothing():
    c = unit_counts(kind="village", members=[], on=ON)
    assert (c.units, c.villages, c.members) == (1, 0, 0)
    assert target_value("women", c) is None and c.average_age is None


@pytest.mark.parametrize(
    ("value", "low", "high", "gap"),
    [
        (Fraction(3), Fraction(3), Fraction(5), 0),
        (Fraction(5), Fraction(3), Fraction(5), 0),
        (Fraction(299, 100), Fraction(3), Fraction(5), Fraction(-1, 100)),
        (Fraction(501, 100), Fraction(3), Fraction(5), Fraction(1, 100)),
        (Fraction(200), Fraction(90), None, 0),
        (None, Fraction(90), None, None),
    ],
)
def test_the_gap_to_a_target_at_its_boundaries(value, low, high, gap):
    assert target_gap(value, low, high) == gap


def test_one_decimal_rounds_half_up_exactly():
    assert one_decimal(Fraction(1, 3), "%") == "0.3%"
    assert one_decimal(Fraction(1, 20)) == "0.1"
    assert one_decimal(Fraction(-1, 20)) == "-0.1"
    assert one_decimal(Fraction(-1, 30)) == "0.0"
    assert one_decimal(Fraction(2449, 100)) == "24.5"
    assert one_decimal(None) == "—"


def test_the_woman_rule_by_committee_type_and_date():
    assert woman_rule("villagers_committee", dt.date(2025, 12, 31)) == "村民委员会组织法(2018) 第六条"
    assert woman_rule("villagers_committee", dt.date(2026, 1, 1)) == "村民委员会组织法(2025) 第八条"
    assert woman_rule("residents_committee", dt.date(2025, 12, 31)) == "none"
    assert woman_rule("residents_committee", dt.date(2026, 1, 1)) == "城市居民委员会组织法(2025) 第八条"
    assert woman_rule("party_org", dt.date(2026, 1, 1)) == "none"
