"""Who may declare a winner's election or an election void, and the remedy, per profile (issue 13
req. 8): 浙江 第四十一条, 北京 第三十八条, 河南 第四十四条 / 第三十九条, 上海 第二十九条."""

from __future__ import annotations

from datetime import date

import pytest

from huanjie.rules.profiles import get_profile, law_in_force
from huanjie.rules.voiding import bodies_for, may_declare, remedy

VILLAGE = law_in_force("village", date(2026, 3, 1))
PARTY = law_in_force("party", date(2026, 3, 1))
ALL = ("election_committee", "township_government", "county_government", "higher_party_org")


@pytest.mark.parametrize(
    ("code", "allowed", "article"),
    [
        ("zhejiang", {"election_committee", "township_government", "county_government"}, "第四十一条"),
        ("beijing", {"township_government", "county_government"}, "第三十八条"),
        ("henan", {"county_government"}, "第四十四条"),
    ],
)
def test_each_profile_names_its_voiding_body(code, allowed, article):
    p = get_profile(code)
    for body in ALL:
        ruling = may_declare(p, VILLAGE, body, "winner")
        assert ruling.allowed is (body in allowed), body
        assert ruling.citation == f"{p.measure} {article}"
    assert "无权宣布当选无效" in may_declare(p, VILLAGE, "higher_party_org", "winner").text


@pytest.mark.parametrize("body", ["organization_department", "discipline_commission"])
def test_a_finding_only_starts_it(body):
    ruling = may_declare(get_profile("zhejiang"), VILLAGE, body, "winner")
    assert not ruling.allowed
    assert "只能启动程序" in ruling.text and "不产生当选无效的效力" in ruling.text


def test_silent_measures_fall_back_to_the_investigating_governments():
    bodies, citation = bodies_for(get_profile("shanghai"), VILLAGE, "winner")
    assert bodies == ("township_government", "county_government")
    assert citation == "村民委员会组织法(2025) 第二十一条 [M]"
    assert not may_declare(get_profile("national"), VILLAGE, "election_committee", "winner").allowed


def test_the_whole_election_is_voided_by_the_county_in_henan_and_re_run_in_30_days():
    hn = get_profile("henan")
    assert may_declare(hn, VILLAGE, "county_government", "election").allowed
    refused = may_declare(hn, VILLAGE, "township_government", "election")
    assert not refused.allowed and "选举无效" in refused.text
    assert refused.citation == "河南省实施《村民委员会组织法》办法 第三十九条"
    r = remedy(hn, VILLAGE, "election", 0)
    assert (r.kind, r.within_days) == ("rerun", 30)
    assert "三十" not in r.text and "30 日内" in r.text
    # elsewhere the winner's bodies apply to the election too, and no period is set
    assert bodies_for(get_profile("beijing"), VILLAGE, "election")[0] == (
        "township_government",
        "county_government",
    )
    other = remedy(get_profile("beijing"), VILLAGE, "election", 0)
    assert (other.kind, other.within_days, other.text) == ("rerun", None, "依法重新组织选举")
    assert other.citation == "村民委员会组织法(2025) 第二十一条 [M]"


def test_party_elections_the_higher_organization_decides():
    p = get_profile("zhejiang")
    assert may_declare(p, PARTY, "higher_party_org", "winner").allowed
    assert not may_declare(p, PARTY, "township_government", "winner").allowed
    assert may_declare(p, PARTY, "higher_party_org", "election").citation.endswith("[S]")
    assert remedy(p, PARTY, "winner", 4).kind == "party_supplementary"


def test_remedies():
    zj = remedy(get_profile("zhejiang"), VILLAGE, "winner", 2)
    assert zj.kind == "supplementary" and "再次当选的，其当选无效" in zj.text
    assert zj.citation == "浙江省村民委员会选举办法 第四十一条"
    sh = get_profile("shanghai")
    # exactly three members left: the committee may stay short with the 村民代表会议's consent
    at3 = remedy(sh, VILLAGE, "winner", 3)
    assert at3.kind == "may_stay_short" and "村民代表会议同意可以不补选" in at3.text
    assert at3.citation == "上海市村民委员会选举办法 第二十九条"
    at2 = remedy(sh, VILLAGE, "winner", 2)
    assert at2.kind == "by_election" and "3 个月内" in at2.text
    bj = remedy(get_profile("beijing"), VILLAGE, "winner", 5)
    assert bj.kind == "by_election" and bj.citation == "村民委员会组织法(2025) 第二十三条 [M]"


def test_the_remedy_day_is_the_profiles_period_else_thirty_days():
    """河南 第三十九条: “重新选举在宣布选举无效后三十日内进行”; without a period, 30 days [M]."""
    from huanjie.rules.voiding import DEFAULT_REMEDY_DAYS, Remedy, remedy_day

    decided = date(2026, 4, 1)
    assert remedy_day(Remedy("rerun", "x", "c", 20), decided) == date(2026, 4, 21)
    assert DEFAULT_REMEDY_DAYS == 30
    assert remedy_day(Remedy("rerun", "x", "c"), decided) == date(2026, 5, 1)
