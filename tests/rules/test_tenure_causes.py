"""The legal causes of a committee change (issue 9 req. 2): per law version (the day before and the
day of 2026-01-01), per province, per committee; deciding bodies and document numbers; no
organization appoints or removes a 村（居）民委员会 member."""

from __future__ import annotations

from datetime import date

import pytest

from huanjie.rules import tenure_causes as tc
from huanjie.rules.citations import classify, lookup
from huanjie.rules.profiles import PROFILES

NATIONAL, ZJ, SH, JS, HN, BJ = (
    PROFILES[c] for c in ("national", "zhejiang", "shanghai", "jiangsu", "henan", "beijing")
)
OLD, NEW = date(2025, 12, 31), date(2026, 1, 1)


def codes(committee, direction, *, level="village", day=NEW, profile=NATIONAL):
    return [c.code for c in tc.causes(committee, direction, level=level, day=day, profile=profile)]


def check(committee, direction, cause, body, doc="", *, level="village", day=NEW, profile=NATIONAL):
    return tc.check(committee, direction, cause, body, doc, level=level, day=day, profile=profile)


def test_every_cause_cites_a_registered_rule() -> None:
    for committee in (*tc.COMMITTEES, "unknown"):
        for level in ("village", "community"):
            for direction in ("start", "end"):
                for day in (OLD, NEW):
                    for profile in PROFILES.values():
                        for c in tc.causes(committee, direction, level=level, day=day, profile=profile):
                            assert lookup(c.rule)
                            assert c.label and c.body_labels
                            assert c.direction == direction


def test_villagers_committee_causes_by_law_version() -> None:
    assert codes("villagers_committee", "start") == ["elected", "by_election"]
    assert codes("villagers_committee", "end", day=NEW) == [
        "term_end",
        "recalled",
        "resigned",
        "terminated",
        "election_void",
        "review_unfit",
        "deceased",
    ]
    assert "resigned" not in codes("villagers_committee", "end", day=OLD)
    by_code = {
        c.code: c for c in tc.causes("villagers_committee", "end", level="village", day=OLD, profile=NATIONAL)
    }
    assert by_code["review_unfit"].rule == "村民委员会组织法(2018) 第三十三条"
    assert by_code["election_void"].rule == "村民委员会组织法(2018) 第十七条"
    assert by_code["election_void"].document_required
    assert by_code["terminated"].rule.startswith("村民委员会组织法(2018) 第十八条；判断")
    new = {
        c.code: c for c in tc.causes("villagers_committee", "end", level="village", day=NEW, profile=NATIONAL)
    }
    assert new["resigned"].rule == "村民委员会组织法(2025) 第二十条"
    assert new["review_unfit"].rule == "村民委员会组织法(2025) 第三十八条"
    assert new["recalled"].rule == "村民委员会组织法(2025) 第十九条"
    assert new["resigned"].body_labels == ("村民会议", "村民代表会议")


def test_resignation_before_2026_only_where_the_province_provides_it() -> None:
    # 2025-12-31: the 2018 text has no resignation; Zhejiang Art. 37 provides it, Shanghai does not.
    refusal = check("villagers_committee", "end", "resigned", "villagers_meeting", day=OLD)
    assert refusal is not None and refusal.code == "resignation_not_provided"
    assert "村民委员会组织法(2018)" in refusal.message and "2026-01-01" in refusal.message
    assert refusal.rule == "村民委员会组织法(2025) 第二十条"
    assert (
        check("villagers_committee", "end", "resigned", "villagers_meeting", day=OLD, profile=SH) is not None
    )
    assert check("villagers_committee", "end", "resigned", "villagers_meeting", day=OLD, profile=ZJ) is None
    zj = {c.code: c for c in tc.causes("villagers_committee", "end", level="village", day=OLD, profile=ZJ)}
    assert zj["resigned"].rule == "浙江省村民委员会选举办法 第三十七条"
    assert classify(zj["resigned"].rule)[1] == "verified"
    for profile, article in ((BJ, "第三十五条"), (HN, "第四十五条"), (JS, "第六章")):
        rule = {
            c.code: c
            for c in tc.causes("villagers_committee", "end", level="village", day=OLD, profile=profile)
        }
        assert rule["resigned"].rule == f"{profile.measure} {article}"
    # 2026-01-01: the 2025 text's Art. 20 everywhere, with or without a provincial provision.
    assert check("villagers_committee", "end", "resigned", "villagers_representatives", day=NEW) is None
    assert check("villagers_committee", "end", "resigned", "villagers_meeting", day=NEW, profile=SH) is None


def test_no_organization_appoints_or_removes_a_villagers_committee_member() -> None:
    for day, rule in ((OLD, "村民委员会组织法(2018) 第十一条"), (NEW, "村民委员会组织法(2025) 第十四条")):
        r = check(
            "villagers_committee",
            "start",
            "org_appointment",
            "township_party_committee",
            "X委〔2026〕1号",
            day=day,
        )
        assert r is not None and r.code == "organization"
        assert "任何组织或者个人不得指定、委派或者撤换村民委员会成员" in r.message
        assert r.rule == rule
    # a lawful cause with an organization as the deciding body is the same refusal
    r = check("villagers_committee", "end", "recalled", "township_government")
    assert r is not None and r.code == "organization"
    r = check("residents_committee", "end", "org_removal", "township_government", level="community")
    assert r is not None and r.code == "organization" and "居民委员会" in r.message
    # ... but 当选无效 is decided by the township or county government (Art. 17 / 21), with a document
    assert (
        check("villagers_committee", "end", "election_void", "township_government", "X政〔2026〕3号") is None
    )
    r = check("villagers_committee", "end", "election_void", "county_government", " ")
    assert r is not None and r.code == "document" and "县级人民政府" in r.message


def test_wrong_body_and_unknown_cause() -> None:
    r = check("villagers_committee", "end", "recalled", "villagers_meeting")
    assert r is not None and r.code == "body" and "登记参加选举的村民投票" in r.message
    r = check("villagers_committee", "end", "removed", "residents_meeting")
    assert r is not None and r.code == "cause" and "居民会议撤换" in r.message and "罢免" in r.message
    r = check("unknown", "end", "term_end", "by_law")
    assert r is not None and r.code == "cause" and "可选：无" in r.message
    assert tc.cause_label("nonsense") == "nonsense"


def test_party_organization_needs_the_higher_decision_with_its_document_number() -> None:
    assert codes("party_org", "start") == ["elected", "party_decision"]
    assert codes("party_org", "end") == ["term_end", "party_decision", "deceased"]
    r = check("party_org", "end", "party_decision", "higher_party_org", "")
    assert r is not None and r.code == "document" and "上级党组织" in r.message
    assert check("party_org", "end", "party_decision", "higher_party_org", "青石委〔2026〕5号") is None
    assert check("party_org", "start", "party_decision", "higher_party_org", "青石委〔2026〕5号") is None
    assert check("party_org", "start", "elected", "party_members_meeting") is None
    # the party organization is not a 村民委员会: an organization's decision is its lawful cause
    assert tc.law_for("party_org", "village", NEW) is None


def test_residents_committee_has_removal_by_the_residents_meeting() -> None:
    old = {
        c.code: c
        for c in tc.causes("residents_committee", "end", level="community", day=OLD, profile=NATIONAL)
    }
    assert old["removed"].rule == "城市居民委员会组织法(2018) 第十条 [M]"
    assert old["removed"].bodies == ("residents_meeting",)
    new = {
        c.code: c
        for c in tc.causes("residents_committee", "end", level="community", day=NEW, profile=NATIONAL)
    }
    assert new["removed"].rule.startswith("判断：")
    assert new["recalled"].rule == "城市居民委员会组织法(2025) 第二十条"
    start = {
        c.code: c
        for c in tc.causes("residents_committee", "start", level="community", day=NEW, profile=NATIONAL)
    }
    assert start["elected"].rule == "城市居民委员会组织法(2025) 第十四条"
    assert start["by_election"].rule.startswith("判断：")
    assert check("residents_committee", "end", "removed", "residents_meeting", level="community") is None


@pytest.mark.parametrize(
    ("level", "day", "rule"),
    [
        ("village", OLD, "村民委员会组织法(2018) 第三十二条"),
        ("village", NEW, "村民委员会组织法(2025) 第三十七条"),
        ("community", NEW, "城市居民委员会组织法(2025) 第三十六条"),
    ],
)
def test_supervision_committee_causes(level, day, rule) -> None:
    start = {
        c.code: c for c in tc.causes("supervision_committee", "start", level=level, day=day, profile=NATIONAL)
    }
    assert start["selected"].rule == rule
    end = {
        c.code: c for c in tc.causes("supervision_committee", "end", level=level, day=day, profile=NATIONAL)
    }
    assert end["disqualified"].rule == rule
    assert end["resigned"].rule.startswith("判断：")
    body = "villagers_meeting" if level == "village" else "residents_meeting"
    assert check("supervision_committee", "start", "selected", body, level=level, day=day) is None


def test_supervision_committee_of_a_community_before_2026_is_a_judgement() -> None:
    start = {
        c.code: c
        for c in tc.causes("supervision_committee", "start", level="community", day=OLD, profile=NATIONAL)
    }
    assert start["selected"].rule.startswith("判断：")


def test_before_the_earliest_text_there_is_no_cause() -> None:
    first = date(2018, 12, 29)  # 村民委员会组织法(2018) in force from the amendment's day
    assert codes("villagers_committee", "end", day=first)
    assert codes("villagers_committee", "end", day=date(2018, 12, 28)) == []
    r = check("villagers_committee", "end", "recalled", "villagers_vote", day=date(2018, 12, 28))
    assert r is not None and r.code == "no_law" and "2018-12-28" in r.message
    # the Party organization's causes do not follow the organic laws
    assert check("party_org", "end", "term_end", "by_law", day=date(2010, 1, 1)) is None
