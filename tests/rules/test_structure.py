"""Structure statistics of the two committees (issue 3 req. 8)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huanjie.rules.structure import (
    AGE_BANDS,
    EDUCATION_LEVELS,
    MemberInput,
    age_band,
    compare_terms,
    education_at_least,
    structure_stats,
)

ON = date(2026, 3, 20)


def member(
    key: str,
    born: date,
    *posts: tuple[str, str],
    sex: str = "M",
    education: str = "大专",
    party: bool = True,
    source: str = "本村致富能手",
) -> MemberInput:
    return MemberInput(
        person_key=key,
        birth_date=born,
        sex=sex,  # type: ignore[arg-type]
        education=education,  # type: ignore[arg-type]
        is_party_member=party,
        source=source,
        posts=frozenset(posts),  # type: ignore[arg-type]
    )


SECRETARY_CHAIR = member("A", date(1980, 3, 20), ("party", "书记"), ("committee", "主任"))  # 46 on ON
DEPUTY = member(
    "B", date(1990, 3, 21), ("party", "副书记"), ("committee", "委员"), sex="F", education="大学本科"
)  # 35
PARTY_ONLY = member(
    "C", date(1966, 3, 20), ("party", "委员"), education="中专或高中", source="退役军人"
)  # 60
COMMITTEE_ONLY = member(
    "D", date(1965, 3, 21), ("committee", "委员"), sex="F", education="初中及以下", party=False
)  # 60 (61 tomorrow)
YOUNG = member(
    "E", date(2000, 1, 1), ("committee", "副主任"), education="研究生", party=False, source="返乡大学生"
)  # 26
TEAM = [SECRETARY_CHAIR, DEPUTY, PARTY_ONLY, COMMITTEE_ONLY, YOUNG]


def test_counts_and_shares_of_a_team() -> None:
    s = structure_stats(TEAM, ON)
    assert s.total == 5
    assert s.party_committee == 3
    assert s.villager_committee == 4
    assert s.average_age == Fraction(46 + 35 + 60 + 60 + 26, 5)
    assert s.average_age == Fraction(227, 5)
    assert s.women == 2
    assert s.share(s.women) == Fraction(2, 5)
    assert s.party_members == 3
    assert s.one_shoulder is True
    assert s.cross_serving == 2
    assert s.college_or_above == 3
    assert s.education == {"研究生": 1, "大学本科": 1, "大专": 1, "中专或高中": 1, "初中及以下": 1}
    assert s.sources == {"本村致富能手": 3, "返乡大学生": 1, "退役军人": 1}


def test_age_band_boundaries_counted_on_the_date() -> None:
    s = structure_stats(TEAM, ON)
    assert s.age_bands == {"35岁及以下": 2, "36-45岁": 0, "46-55岁": 1, "56-60岁": 2, "60岁以上": 0}
    later = structure_stats(TEAM, date(2026, 3, 21))  # D turns 61, B turns 36
    assert later.age_bands == {"35岁及以下": 1, "36-45岁": 1, "46-55岁": 1, "56-60岁": 1, "60岁以上": 1}


@pytest.mark.parametrize(
    ("age", "label"),
    [
        (0, "35岁及以下"),
        (35, "35岁及以下"),
        (36, "36-45岁"),
        (45, "36-45岁"),
        (46, "46-55岁"),
        (55, "46-55岁"),
        (56, "56-60岁"),
        (60, "56-60岁"),
        (61, "60岁以上"),
        (99, "60岁以上"),
    ],
)
def test_age_bands(age: int, label: str) -> None:
    assert age_band(age) == label


def test_negative_age_is_refused() -> None:
    with pytest.raises(ValueError, match="年龄 -1 无效"):
        age_band(-1)


def test_no_one_shoulder_when_secretary_and_chair_differ() -> None:
    secretary = member("S", date(1980, 1, 1), ("party", "书记"))
    chair = member("T", date(1980, 1, 1), ("committee", "主任"))
    s = structure_stats([secretary, chair], ON)
    assert s.one_shoulder is False
    assert s.cross_serving == 0
    # The chair as Party deputy is 交叉任职 but not 一肩挑.
    chair_deputy = member("T", date(1980, 1, 1), ("committee", "主任"), ("party", "副书记"))
    assert structure_stats([secretary, chair_deputy], ON).cross_serving == 1
    assert structure_stats([secretary, chair_deputy], ON).one_shoulder is False


def test_empty_set() -> None:
    s = structure_stats([], ON)
    assert s.total == 0
    assert s.average_age is None
    assert s.share(0) is None
    assert s.as_dict()["women_share"] is None


def test_duplicate_person_is_refused() -> None:
    with pytest.raises(ValueError, match="人员重复：A"):
        structure_stats([SECRETARY_CHAIR, SECRETARY_CHAIR], ON)


def test_education_order() -> None:
    assert education_at_least("大学本科", "大专")
    assert education_at_least("大专", "大专")
    assert not education_at_least("中专或高中", "大专")
    assert EDUCATION_LEVELS[0] == "研究生"
    assert len(AGE_BANDS) == 5


def test_as_dict_uses_exact_fractions() -> None:
    d = structure_stats(TEAM, ON).as_dict()
    assert d["average_age"] == "227/5"
    assert d["women_share"] == "2/5"
    assert d["college_or_above_share"] == "3/5"
    assert d["cross_serving_share"] == "2/5"
    assert d["one_shoulder"] is True
    assert d["on"] == "2026-03-20"


def test_before_after_delta() -> None:
    new_member = member(
        "F",
        date(1995, 6, 1),
        ("committee", "委员"),
        sex="F",
        education="大学本科",
        party=False,
        source="返乡大学生",
    )
    after = [SECRETARY_CHAIR, DEPUTY, YOUNG, new_member]
    delta = compare_terms(TEAM, date(2021, 3, 20), after, ON)
    before_avg = Fraction(41 + 30 + 55 + 55 + 21, 5)
    after_avg = Fraction(46 + 35 + 26 + 30, 4)
    assert delta.average_age_change == after_avg - before_avg
    change = delta.as_dict()["change"]
    assert change["total"] == -1
    assert change["women"] == 0
    assert change["party_members"] == -1
    assert change["one_shoulder"] is None
    assert change["on"] == "2021-03-20 → 2026-03-20"
    assert change["women_share"] == "1/10"  # 2/4 - 2/5
    assert change["sources"] == {"本村致富能手": -1, "返乡大学生": 1, "退役军人": -1}
    assert change["education"]["初中及以下"] == -1


def test_delta_with_an_empty_term() -> None:
    delta = compare_terms([], ON, TEAM, ON)
    assert delta.average_age_change is None
    change = delta.as_dict()["change"]
    assert change["average_age"] is None
    assert change["total"] == 5
    split = compare_terms(TEAM, ON, [member("Z", date(1980, 1, 1), ("party", "书记"))], ON).as_dict()[
        "change"
    ]
    assert split["one_shoulder"] == "True → False"


members = st.builds(
    lambda i, born, sex, edu, party, kinds: member(
        f"P{i}",
        born,
        *[(k, "委员") for k in kinds],
        sex=sex,
        education=edu,
        party=party,
    ),
    st.integers(min_value=0, max_value=10_000),
    st.dates(min_value=date(1950, 1, 1), max_value=date(2008, 1, 1)),
    st.sampled_from(["M", "F"]),
    st.sampled_from(EDUCATION_LEVELS),
    st.booleans(),
    st.sets(st.sampled_from(["party", "committee"]), min_size=1),
)


@given(st.lists(members, max_size=15, unique_by=lambda m: m.person_key))
def test_partitions_add_up(team: list[MemberInput]) -> None:
    s = structure_stats(team, ON)
    assert sum(s.age_bands.values()) == s.total
    assert sum(s.education.values()) == s.total
    assert sum(s.sources.values()) == s.total
    assert s.party_committee + s.villager_committee - s.cross_serving == s.total
    if team:
        assert s.average_age is not None
        assert 18 <= s.average_age <= 77
