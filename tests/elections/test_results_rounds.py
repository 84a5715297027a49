"""Later rounds, re-runs and by-elections (issue 13 req. 3): the engine's verdict gives the seats and
candidates (only the unfilled posts); the day is judged against the profile's window (北京 第三十条
“十五日内”); a later day copies the roll, issues a notice and lists the proxies' steps again; the
ballot carries only the unfilled posts; a 补选 (also 主任-only, also by the 村民代表会议) is its own
election with its own round."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from huanjie.core.models import AuditEvent
from huanjie.elections import results_rounds_selectors as rsel
from huanjie.elections import results_rounds_services as rsvc
from huanjie.elections import results_services as svc
from huanjie.elections.models import (
    ByElection,
    Election,
    LaterRound,
    Notice,
    ResultRound,
    VoterRoll,
)
from tests.elections.test_documents import flat, pdf_text
from tests.elections.test_results import DAY, announce, open_round, results_election, verified
from tests.factories import RollEntryFactory, user_with_role

pytestmark = pytest.mark.django_db
SHORT = {"主任": {"甲主任": 500, "乙主任": 280}, "委员": {"委员丙": 600, "委员丁": 300, "委员戊": 200}}


@pytest.fixture
def e(cast):
    return results_election(cast)  # 北京: 另行选举 within 15 days (第三十条)


@pytest.fixture
def second(cast):
    return user_with_role("village_op2", "village_operator", cast.village)


def short_round(cast, e, second):
    """A certified first round where one 委员 seat stays unfilled (委员丁 300 < 501)."""
    r = open_round(cast, e)
    verified(cast, second, r, votes=SHORT)
    announce(cast, r, winners={"主任": ["甲主任"], "委员": ["委员丙"]})
    svc.certify(actor=cast["village_operator"], round=ResultRound.objects.get(pk=r.pk))
    return ResultRound.objects.get(pk=r.pk)


def roll_on(cast, e, day=DAY, voters=3):
    roll = VoterRoll.objects.create(
        unit=cast.village, campaign=e.campaign, voting_day=day, state="published", profile_code="beijing"
    )
    for i in range(voters):
        RollEntryFactory(roll=roll, name=f"选民{i}", number=f"x{i}", law_code="village-2018")
    return roll


def test_same_day_supplementary_takes_only_the_unfilled_post_and_needs_no_new_roll(cast, e, second):
    short_round(cast, e, second)
    roll = roll_on(cast, e)
    r = rsvc.later_round_open(
        actor=cast["village_operator"], election=e, kind="supplementary", voting_day=DAY, registered=1000
    )
    assert r.number == 2 and [(p["post"], p["seats"]) for p in r.posts] == [("委员", 1)]
    assert r.posts[0]["candidates"][0] == "委员丁"  # first-round order, most votes first
    a = LaterRound.objects.get(round=r)
    assert a.same_day and a.in_time and a.roll is None and a.notice is None
    assert a.deadline == dt.date(2026, 4, 4)  # 北京 第三十条: 15 days (legal-rules.md §10 ex. 16)
    assert a.timing[0]["citation"] == "北京市村民委员会选举办法 第三十条"
    assert not VoterRoll.objects.get(pk=roll.pk).superseded


def test_a_later_day_copies_the_roll_issues_a_notice_and_is_audited(cast, e, second):
    short_round(cast, e, second)
    roll = roll_on(cast, e)
    later = DAY + dt.timedelta(days=15)  # the last day of the window: in time
    with pytest.raises(ValidationError) as exc:
        rsvc.later_round_open(
            actor=cast["village_operator"], election=e, kind="supplementary", voting_day=later, registered=3
        )
    assert "reason" in exc.value.message_dict
    assert ResultRound.objects.filter(election=e).count() == 1  # refused before anything was made
    r = rsvc.later_round_open(
        actor=cast["village_operator"],
        election=e,
        kind="supplementary",
        voting_day=later,
        registered=3,
        reason="另行选举另定投票日",
    )
    a = LaterRound.objects.get(round=r)
    assert not a.same_day and a.in_time
    assert a.roll.voting_day == later and a.roll.previous_id == roll.pk
    assert a.roll.entries.filter(status="active").count() == 3
    assert VoterRoll.objects.get(pk=roll.pk).superseded
    assert a.notice.kind == "polling" and "另行选举" in a.notice.title and "委员1名" in a.notice.body
    assert [s["rule"] for s in a.timing] == ["followon.supplementary.window", "followon.later_day"]
    assert AuditEvent.objects.filter(model="elections.LaterRound", object_id=str(a.pk)).exists()


def test_a_day_after_the_window_is_recorded_and_flagged_not_refused(cast, e, second):
    short_round(cast, e, second)
    late = DAY + dt.timedelta(days=16)
    r = rsvc.later_round_open(
        actor=cast["village_operator"],
        election=e,
        kind="supplementary",
        voting_day=late,
        registered=3,
        reason="延期",
    )
    a = LaterRound.objects.get(round=r)
    assert not a.in_time and a.roll is None  # no roll on the first day to copy: shown on the page
    assert "已超过期限" in a.timing[0]["text"]
    assert Notice.objects.filter(election=e).count() == 1


def test_only_what_the_verdict_asks_may_be_opened_and_only_by_the_village_or_town(cast, e, second):
    short_round(cast, e, second)
    with pytest.raises(ValidationError, match="不能开始这一类投票"):
        rsvc.later_round_open(
            actor=cast["village_operator"], election=e, kind="runoff", voting_day=DAY, registered=3
        )
    with pytest.raises(ValidationError, match="不能早于第一次投票日"):
        rsvc.later_round_open(
            actor=cast["village_operator"],
            election=e,
            kind="supplementary",
            voting_day=DAY - dt.timedelta(days=1),
            registered=3,
        )
    outsider = user_with_role("other_op", "village_operator", cast.village_b)
    with pytest.raises(PermissionDenied):
        rsvc.later_round_open(actor=outsider, election=e, kind="supplementary", voting_day=DAY, registered=3)


def test_the_later_ballot_has_only_the_unfilled_posts(cast, e, second, client, tmp_path):
    short_round(cast, e, second)
    r = rsvc.later_round_open(
        actor=cast["village_operator"], election=e, kind="supplementary", voting_day=DAY, registered=1000
    )
    client.force_login(cast["village_operator"])
    resp = client.get(reverse("elections_results:later_ballot_pdf", args=[r.pk]))
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    text = flat(pdf_text(resp.content, tmp_path))
    assert "另行选举" in text and "委员候选人" in text and "委员丁" in text
    assert "甲主任" not in text and "主任候选人" not in text


def test_the_page_shows_the_timing_the_proxies_steps_and_opens_the_round(cast, e, second, client):
    short_round(cast, e, second)
    roll_on(cast, e)
    client.force_login(cast["village_operator"])
    url = reverse("elections_results:later", args=[e.pk])
    later = (DAY + dt.timedelta(days=10)).isoformat()
    html = client.get(url, {"kind": "supplementary", "voting_day": later}).content.decode()
    assert "北京市村民委员会选举办法 第三十条" in html and "2026-04-04" in html
    assert "重新办理委托投票（投票日前）：2026-03-29 前（依据：北京市村民委员会选举办法 第二十五条）" in html
    resp = client.post(
        reverse("elections_results:later_new", args=[e.pk]),
        {"kind": "supplementary", "voting_day": later, "registered": 3, "reason": "另定投票日"},
    )
    assert resp.status_code == 302
    r = ResultRound.objects.get(election=e, number=2)
    assert r.voting_day.isoformat() == later and LaterRound.objects.get(round=r).roll is not None
    bad = client.post(
        reverse("elections_results:later_new", args=[e.pk]), {"kind": "supplementary", "voting_day": later}
    )
    assert bad.status_code == 400


def test_a_rerun_is_a_new_election_only_when_the_engine_says_so(cast, e, second, client):
    r = short_round(cast, e, second)
    with pytest.raises(ValidationError, match="不需要重新选举"):
        rsvc.rerun_create(actor=cast["village_operator"], election=e, election_day=DAY, reason="重新选举")
    ResultRound.objects.filter(pk=r.pk).update(engine={**r.engine, "next": "new_election"})
    new = rsvc.rerun_create(
        actor=cast["village_operator"],
        election=e,
        election_day=dt.date(2026, 4, 20),
        reason="另行选举后仍不足",
    )
    assert new.kind == "re_election" and new.previous_id == e.pk and new.body == "committee"
    with pytest.raises(ValidationError, match="已经建立"):
        rsvc.rerun_create(actor=cast["village_operator"], election=e, election_day=DAY, reason="重新选举")


def test_a_head_only_by_election_by_the_representatives_is_its_own_election(cast, e, second, client):
    short_round(cast, e, second)
    with pytest.raises(ValidationError) as exc:
        rsvc.by_election_create(
            actor=cast["village_operator"],
            election=e,
            held_by="representatives",
            members=30,
            voting_day=dt.date(2026, 9, 1),
            posts=[("委员", 1, [])],
            reason="主任辞职",
            head_only=True,
        )
    assert "只补选主任" in str(exc.value)
    client.force_login(cast["village_operator"])
    resp = client.post(
        reverse("elections_results:by_election", args=[e.pk]),
        {
            "held_by": "representatives",
            "members": 30,
            "voting_day": "2026-09-01",
            "head_only": "on",
            "post": "委员",
            "seats": 2,
            "candidates": "乙主任\n新人",
            "reason": "主任辞职",
        },
    )
    assert resp.status_code == 302
    be = ByElection.objects.get()
    child = be.election
    assert child.kind == "by_election" and child.previous_id == e.pk and be.head_only
    r = ResultRound.objects.get(election=child)
    assert r.posts == [
        {"post": "主任", "seats": 1, "candidates": ["乙主任", "新人"], "women_line": False, "women": []}
    ]
    assert rsel.by_election_check(be) is None
    ResultRound.objects.filter(pk=r.pk).update(voted=20)
    ok = rsel.by_election_check(be)
    assert ok.ok and ok.steps[0].citation == "村民委员会组织法(2025) 第三十条"  # the text in force on 09-01
    ResultRound.objects.filter(pk=r.pk).update(voted=19)
    assert not rsel.by_election_check(be).ok
    html = client.get(reverse("elections_results:later", args=[e.pk])).content.decode()
    assert "村民代表会议" in html and "不足三分之二" in html


def test_a_by_election_by_the_assembly_of_several_members(cast, e, second):
    short_round(cast, e, second)
    be = rsvc.by_election_create(
        actor=cast["village_operator"],
        election=e,
        held_by="assembly",
        members=1000,
        voting_day=dt.date(2026, 9, 1),
        posts=[("委员", 2, ["甲", "乙", "丙"])],
        reason="两名委员职务终止",
    )
    r = ResultRound.objects.get(election=be.election)
    assert r.registered == 1000 and r.posts[0]["seats"] == 2
    ResultRound.objects.filter(pk=r.pk).update(voted=500)
    assert not rsel.by_election_check(be).ok  # exactly half is not 过半数
    ResultRound.objects.filter(pk=r.pk).update(voted=501)
    assert rsel.by_election_check(be).ok
    with pytest.raises(ValidationError):
        rsvc.by_election_create(
            actor=cast["village_operator"],
            election=Election.objects.create(campaign=e.campaign, unit=e.unit, body="supervision"),
            held_by="assembly",
            members=0,
            voting_day=DAY,
            posts=[],
            reason="",
        )


def test_zhejiang_later_day_takes_the_proxy_and_notice_steps_of_its_measure(cast):
    zj = results_election(cast, profile="zhejiang")
    steps = {s.title: (s.due, s.citation) for s in rsel.later_day_steps(zj, dt.date(2026, 4, 10))}
    due = {t: d for t, (d, _) in steps.items()}
    assert dt.date(2026, 4, 7) in due.values()  # 浙江 第二十五条: proxies 3 days before
    assert dt.date(2026, 4, 5) in due.values()  # the polling notice 5 days before
    assert all(c.startswith("浙江省村民委员会选举办法") for _, c in steps.values())
