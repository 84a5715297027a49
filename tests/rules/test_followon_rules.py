"""Later rounds' timing, by-election turnout and the follow-on bodies' checks at their exact
boundaries (huanjie/rules/followon.py; issue 13 reqs. 3, 6)."""

from __future__ import annotations

from datetime import date

import pytest

from huanjie.rules import followon as f
from huanjie.rules.profiles import get_law, get_profile

V18, V25 = get_law("village-2018"), get_law("village-2025")
ZJ, BJ, HN, NAT = (get_profile(c) for c in ("zhejiang", "beijing", "henan", "national"))
E = date(2026, 3, 20)


def test_zhejiang_supplementary_same_day_needs_no_new_roll():
    t = f.round_timing(kind="supplementary", first_day=E, day=E, profile=ZJ, law=V18)
    assert t.same_day and t.in_time and not t.new_roll
    assert t.deadline == date(2026, 4, 19)  # legal-rules.md §10 ex. 16
    assert t.steps[0].citation == "浙江省村民委员会选举办法 第二十九条"
    assert "当日举行" in t.steps[0].text and len(t.steps) == 1


def test_zhejiang_window_boundary_last_day_in_time_next_day_late():
    last = f.round_timing(kind="supplementary", first_day=E, day=date(2026, 4, 19), profile=ZJ, law=V18)
    assert last.in_time and last.new_roll and not last.same_day
    assert [s.rule for s in last.steps] == ["followon.supplementary.window", "followon.later_day"]
    late = f.round_timing(kind="supplementary", first_day=E, day=date(2026, 4, 20), profile=ZJ, law=V18)
    assert not late.in_time and "已超过期限" in late.steps[0].text


def test_beijing_fifteen_days():
    t = f.round_timing(kind="supplementary", first_day=E, day=date(2026, 4, 5), profile=BJ, law=V18)
    assert t.deadline == date(2026, 4, 4) and not t.in_time


def test_no_window_runoff_and_revote_are_judgements():
    s = f.round_timing(kind="supplementary", first_day=E, day=date(2026, 6, 1), profile=HN, law=V25)
    assert s.deadline is None and s.in_time and s.new_roll and s.steps[0].provenance == "judgement"
    r = f.round_timing(kind="runoff", first_day=E, day=E, profile=ZJ, law=V18)
    assert r.same_day and "当场进行" in r.steps[0].text and r.steps[0].rule == "followon.runoff.day"
    r2 = f.round_timing(kind="runoff", first_day=E, day=date(2026, 3, 21), profile=ZJ, law=V18)
    assert "另定投票日" in r2.steps[0].text and r2.new_roll
    v = f.round_timing(kind="revote", first_day=E, day=E, profile=NAT, law=V25)
    assert v.steps[0].rule == "followon.revote.day" and "当日" in v.steps[0].text
    v2 = f.round_timing(kind="revote", first_day=E, day=date(2026, 4, 1), profile=NAT, law=V25)
    assert "另定投票日" in v2.steps[0].text
    s2 = f.round_timing(kind="supplementary", first_day=E, day=E, profile=HN, law=V25)
    assert "当日进行" in s2.steps[0].text
    with pytest.raises(ValueError):
        f.round_timing(kind="runoff", first_day=E, day=date(2026, 3, 19), profile=ZJ, law=V18)


def test_by_election_by_the_representatives_two_thirds_inclusive():
    ok = f.by_election_turnout(body="representatives", members=30, voting=20, law=V18, profile=ZJ)
    assert (
        ok.ok
        and ok.steps[0].citation == "村民委员会组织法(2018) 第二十六条；浙江省村民委员会选举办法 第三十八条"
    )
    assert not f.by_election_turnout(body="representatives", members=30, voting=19, law=V18, profile=ZJ).ok
    nat = f.by_election_turnout(body="representatives", members=31, voting=21, law=V25, profile=NAT)
    assert (
        nat.ok and nat.steps[0].citation == "村民委员会组织法(2025) 第三十条" and "达到" in nat.steps[0].text
    )
    assert (
        "不足"
        in f.by_election_turnout(body="representatives", members=31, voting=20, law=V25, profile=NAT)
        .steps[0]
        .text
    )


def test_by_election_by_the_assembly_more_than_half():
    assert not f.by_election_turnout(body="assembly", members=100, voting=50, law=V18, profile=NAT).ok
    ok = f.by_election_turnout(body="assembly", members=100, voting=51, law=V18, profile=NAT)
    assert ok.ok and ok.steps[0].citation == "村民委员会组织法(2018) 第十九条" and "超过" in ok.steps[0].text
    zj = f.by_election_turnout(body="assembly", members=100, voting=51, law=V25, profile=ZJ)
    assert zj.steps[0].citation.endswith("浙江省村民委员会选举办法 第三十八条")
    with pytest.raises(ValueError):
        f.by_election_turnout(body="assembly", members=0, voting=0, law=V18, profile=NAT)
    with pytest.raises(ValueError):
        f.by_election_turnout(body="assembly", members=5, voting=-1, law=V18, profile=NAT)


def test_assembly_exactly_four_fifths_and_one_third_pass():
    # 25 members: 20 representatives (exactly 4/5) + 5 committee members; women 9 ≥ 25/3 (8.33)
    c = f.assembly_composition(representatives=20, women_representatives=9, committee_members=5, law=V18)
    assert c.ok and c.total == 25 and c.representatives_min == 20 and c.women_min == 9
    assert c.steps[0].citation == "村民委员会组织法(2018) 第二十五条"
    # 30 members: 24 representatives (exactly 4/5), 10 women (exactly 1/3)
    exact = f.assembly_composition(representatives=24, women_representatives=10, committee_members=6, law=V25)
    assert exact.ok and exact.steps[0].citation == "村民委员会组织法(2025) 第二十九条"


def test_assembly_one_less_fails():
    reps = f.assembly_composition(representatives=23, women_representatives=10, committee_members=6, law=V25)
    # 29 members: 23 × 5 = 115 < 116 = 29 × 4
    assert not reps.representatives_ok and reps.women_ok and not reps.ok
    assert "不足五分之四" in reps.steps[0].text
    women = f.assembly_composition(representatives=24, women_representatives=9, committee_members=6, law=V25)
    assert women.representatives_ok and not women.women_ok and not women.ok
    assert "不足组成人员的三分之一（至少应有 10 人）" in women.steps[1].text
    other = f.assembly_composition(
        representatives=24, women_representatives=10, committee_members=6, law=get_law("community-2025")
    )
    assert other.steps[0].citation == "村民委员会组织法(2025) 第二十九条"
    for bad in ({"representatives": -1}, {"women_representatives": 25}):
        kw = {"representatives": 24, "women_representatives": 10, "committee_members": 6} | bad
        with pytest.raises(ValueError):
            f.assembly_composition(law=V18, **kw)


def test_supervision_no_committee_member_or_near_relative():
    clear = f.supervision_conflicts(members=["丙", "丁"], committee=["甲", "乙"], relatives={}, law=V18)
    assert clear.ok and clear.steps[0].citation == "村民委员会组织法(2018) 第三十二条"
    bad = f.supervision_conflicts(
        members=["甲", "戊", "己"],
        committee=["甲", "乙"],
        relatives={"戊": "乙", "己": "庚"},
        law=get_law("community-2018"),
    )
    assert not bad.ok
    assert [s.rule for s in bad.steps] == ["followon.supervision.member", "followon.supervision.relative"]
    assert bad.steps[0].citation == "村民委员会组织法(2025) 第三十七条"
