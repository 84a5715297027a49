"""Law versions and provincial profiles are data (issue 3 req 1)."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import pytest

from huanjie.rules.profiles import LAWS, PROFILES, Profile, UnknownCode, get_law, get_profile


def test_all_laws_and_profiles_of_the_contract_exist() -> None:
    assert set(LAWS) == {
        "village-2018",
        "village-2025",
        "community-2018",
        "community-2025",
        "party-2020",
        "party-1990",
    }
    assert set(PROFILES) == {"national", "zhejiang", "shanghai", "beijing", "henan", "jiangsu"}
    for code, law in LAWS.items():
        assert law.code == code
    for code, profile in PROFILES.items():
        assert profile.code == code


def test_unknown_codes_raise() -> None:
    with pytest.raises(UnknownCode):
        get_law("village-1998")
    with pytest.raises(UnknownCode):
        get_profile("hubei")


def test_citations() -> None:
    law = get_law("village-2025")
    assert law.cite("第十八条") == "村民委员会组织法(2025) 第十八条"
    assert get_law("party-2020").cite("第五条") == "中国共产党基层组织选举工作条例(2020) 第五条 [S]"
    assert get_law("party-1990").cite("") == "中国共产党基层组织选举工作暂行条例(1990) [S]"
    zj = get_profile("zhejiang")
    assert zj.cite("第二十七条", "X") == "浙江省村民委员会选举办法 第二十七条"
    assert zj.cite("", "X") == "X"
    assert get_profile("national").cite("第一条", "全国") == "全国"
    m = dataclasses.replace(zj, reliability="M")
    assert m.cite("第二条", "X") == "浙江省村民委员会选举办法 第二条 [M]"


def test_key_parameters() -> None:
    assert get_profile("zhejiang").two_posts_rule == "ballot_invalid"
    assert get_profile("national").two_posts_rule == "keep_higher"
    assert get_profile("henan").ballots_compared_with == "issued"
    assert get_profile("henan").supplementary_majority_first
    assert get_profile("henan").vacancy_min_members is None
    assert get_profile("beijing").vacancy_requires_head
    assert get_law("community-2025").recall_petition_voters == Fraction(1, 10)
    assert get_law("village-2018").recall_petition_voters == Fraction(1, 5)
    assert get_law("party-2020").party_quorum == Fraction(4, 5)


def test_adding_a_province_is_data() -> None:
    shanxi = Profile(
        code="shanxi", name="山西省", measure="山西省村民委员会选举办法", women_rule="at_least_one"
    )
    assert shanxi.ballots_compared_with == "voters"
    with pytest.raises(dataclasses.FrozenInstanceError):
        shanxi.code = "x"  # type: ignore[misc]
