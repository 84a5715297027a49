"""Proxies' deadlines and the polling plan rules (issue 12 reqs. 5, 6)."""

from __future__ import annotations

from datetime import date, timedelta

from huanjie.rules.eligibility import ProxyFacts
from huanjie.rules.explain import Step
from huanjie.rules.polling import (
    Staff,
    meeting_findings,
    proxy_list_findings,
    proxy_verdict,
    staff_findings,
    staff_rule,
    venue_findings,
)

E = date(2026, 3, 20)
OLD_E = date(2025, 12, 20)
KIN = ProxyFacts(relationship="配偶")


def _rules(v):
    return [s.rule for s in v.blocks]


def test_zhejiang_request_three_days_before_boundary():
    ok = proxy_verdict(
        KIN, requested_on=E - timedelta(days=4), kind="village", profile="zhejiang", election_day=E
    )
    assert ok.eligible and not ok.warnings
    edge = proxy_verdict(
        KIN, requested_on=E - timedelta(days=3), kind="village", profile="zhejiang", election_day=E
    )
    assert edge.eligible and [s.rule for s in edge.warnings] == ["proxy.deadline"]
    late = proxy_verdict(
        KIN, requested_on=E - timedelta(days=2), kind="village", profile="zhejiang", election_day=E
    )
    assert _rules(late) == ["proxy.deadline"] and "2026-03-17以前" in late.blocks[0].text


def test_cap_three_and_candidate_refused_2025():
    third = ProxyFacts(relationship="子女", accepted=2)
    assert proxy_verdict(
        third, requested_on=E - timedelta(days=9), kind="village", profile="national", election_day=E
    ).eligible
    fourth = ProxyFacts(relationship="子女", accepted=3)
    v = proxy_verdict(
        fourth, requested_on=E - timedelta(days=9), kind="village", profile="national", election_day=E
    )
    assert _rules(v) == ["proxy.cap"]
    cand = ProxyFacts(relationship="子女", proxy_is_candidate=True)
    v = proxy_verdict(
        cand, requested_on=E - timedelta(days=9), kind="village", profile="national", election_day=E
    )
    assert _rules(v) == ["proxy.candidate"]


def test_after_the_vote_on_site_and_representatives_mode():
    v = proxy_verdict(
        KIN, requested_on=E + timedelta(days=1), kind="village", profile="beijing", election_day=E
    )
    assert _rules(v) == ["proxy.deadline"]
    assert proxy_verdict(KIN, requested_on=E, kind="village", profile="beijing", election_day=E).eligible
    other = date(2025, 12, 20)
    v = proxy_verdict(KIN, requested_on=other, kind="village", profile="beijing", election_day=other)
    assert v.eligible
    # A profile with no request deadline that forbids on-site proxies: none registered at run time;
    # Shanghai has a deadline, so on the day it is late.
    v = proxy_verdict(KIN, requested_on=E, kind="village", profile="shanghai", election_day=E)
    assert _rules(v) == ["proxy.deadline"]
    v = proxy_verdict(
        KIN,
        requested_on=E - timedelta(days=9),
        kind="community",
        profile="national",
        election_day=E,
        mode="representatives",
    )
    assert _rules(v) == ["proxy.mode"] and "居民代表" in v.blocks[0].text
    v = proxy_verdict(
        KIN,
        requested_on=OLD_E,
        kind="community",
        profile="national",
        election_day=OLD_E,
        mode="representatives",
    )
    assert v.eligible


def test_on_site_forbidden_without_request_deadline():
    from dataclasses import replace

    from huanjie.rules.profiles import get_profile, register_profile, unregister_profile

    register_profile(replace(get_profile("beijing"), code="nosite", proxy_on_site=False))
    try:
        v = proxy_verdict(KIN, requested_on=E, kind="village", profile="nosite", election_day=E)
        assert _rules(v) == ["proxy.deadline"] and "临时委托" in v.blocks[0].text
    finally:
        unregister_profile("nosite")


def test_proxy_list_publication():
    assert proxy_list_findings(date(2026, 3, 18), kind="village", profile="shanghai", election_day=E) == []
    (late,) = proxy_list_findings(date(2026, 3, 19), kind="village", profile="shanghai", election_day=E)
    assert late.blocks and "选举日的2日前" in late.message
    assert proxy_list_findings(date(2026, 3, 19), kind="village", profile="zhejiang", election_day=E) == []
    (late,) = proxy_list_findings(E, kind="village", profile="zhejiang", election_day=E)
    assert late.code == "proxy_list_late" and "选举日前" in late.message
    (missing,) = proxy_list_findings(None, kind="village", profile="zhejiang", election_day=E)
    assert missing.severity == "warning"


def _venue(venue, profile, scrutineers=3, booths=1, approved=True):
    return [
        (f.code, f.severity)
        for f in venue_findings(
            venue,
            scrutineers=scrutineers,
            booths=booths,
            approved=approved,
            kind="village",
            profile=profile,
            election_day=E,
        )
    ]


def test_mobile_box_scrutineers_minimum_per_profile():
    assert _venue("mobile", "zhejiang", 3) == []
    assert _venue("mobile", "zhejiang", 2) == [("mobile_scrutineers", "block")]
    assert _venue("mobile", "zhejiang", 3, approved=False) == [("mobile_approval", "block")]
    assert _venue("mobile", "henan", 2) == [("mobile_scrutineers", "block")]
    assert _venue("mobile", "shanghai", 2) == [("mobile_scrutineers", "warning")]
    assert _venue("mobile", "shanghai", 3) == []
    assert _venue("station", "beijing", 2) == [("station_scrutineers", "block")]
    assert _venue("station", "beijing", 3) == []
    assert _venue("station", "zhejiang", 0) == []
    assert _venue("central", "zhejiang", booths=0) == [("secret_booth", "block")]
    for f in venue_findings(
        "mobile", scrutineers=1, booths=0, approved=False, kind="village", profile="zhejiang", election_day=E
    ):
        Step("t", f.rule, f.message)


def test_staff_relatives_per_profile():
    rel = {("s", "c"): "兄弟姐妹", ("g", "c"): "祖父母"}
    staff = [Staff("s", "赵甲", "唱票"), Staff("g", "钱乙", "监票"), Staff("c", "候选人", "计票")]
    cands = {"c": "候选人"}
    zj = staff_findings(staff, cands, rel, profile="zhejiang")
    assert [(f.code, f.severity) for f in zj] == [("staff_relative", "block"), ("staff_candidate", "block")]
    assert "兄弟姐妹" in zj[0].message and "第二十二条" in zj[0].rule
    sh = staff_findings(staff, cands, rel, profile="shanghai")
    assert [f.code for f in sh] == ["staff_relative", "staff_candidate"]
    assert "祖父母" in sh[0].message  # direct line, not the sibling
    js = staff_findings(staff, cands, rel, profile="jiangsu")
    assert {f.severity for f in js} == {"warning"} and len(js) == 3
    # 代书 is not a role Zhejiang's Art. 22 names; Beijing's “其他选举工作人员” covers every role.
    writer = [Staff("s", "赵甲", "代书")]
    assert staff_findings(writer, cands, {("s", "c"): "配偶"}, profile="zhejiang") == []
    assert len(staff_findings(writer, cands, {("s", "c"): "配偶"}, profile="beijing")) == 1
    assert staff_findings([Staff("x", "某", "唱票")], cands, {("x", "c"): "表亲"}, profile="jiangsu") == []
    assert staff_rule(profile="national")[0] is False


def test_meeting_before_election_day():
    assert meeting_findings(E - timedelta(days=1), kind="village", profile="zhejiang", election_day=E) == []
    (f,) = meeting_findings(E, kind="village", profile="zhejiang", election_day=E)
    assert f.blocks
