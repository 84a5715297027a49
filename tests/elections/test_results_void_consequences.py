"""Voiding carries out its consequences in its own transaction (issue 13 reqs. 8, 3): the voided
winner's tenure ends on the decision's date with the cause 当选无效 (村民委员会组织法(2025) 第二十一条);
the profile's remedy is opened and linked — 另行选举 of the voided seat (浙江省村民委员会选举办法 第四十一条
“对当选无效的名额另行选举”), 补选 (村民委员会组织法(2025) 第二十三条; 上海市村民委员会选举办法 第二十九条
“其成员不满三人的，应当在三个月内…进行补选”), the whole election re-run only when the election itself is
declared void (河南省实施《村民委员会组织法》办法 第三十九条 “重新选举在宣布选举无效后三十日内进行”), and
nothing opened where the higher Party organization decides (中国共产党基层组织选举工作条例(2020)). A later
round is one transaction: a failure in its last part leaves nothing behind."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from huanjie.core.models import AuditEvent
from huanjie.elections import docs_services
from huanjie.elections import results_rounds_services as rsvc
from huanjie.elections import results_void_services as svc
from huanjie.elections.models import (
    ByElection,
    Election,
    LaterRound,
    Notice,
    ResultRound,
    VoidDecision,
    VoterRoll,
)
from huanjie.people.models import Tenure
from tests.elections.test_results import DAY, results_election
from tests.elections.test_results_party import members_meeting
from tests.elections.test_results_rounds import roll_on, short_round
from tests.elections.test_results_void import DECIDED, certified_round, void
from tests.factories import PersonFactory, seat, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(cast):
    return user_with_role("village_op2", "village_operator", cast.village)


def sitting(cast):
    return {
        (t.person.name, t.post)
        for t in Tenure.objects.filter(
            committee__org_unit=cast.village, committee__kind="villagers_committee", end_date__isnull=True
        )
    }


def _fail(**kw):
    raise ValidationError("公告发布失败（测试）")


def test_zhejiang_ends_the_winners_tenure_and_opens_a_supplementary_round_for_the_seat(cast, second):
    """浙江 第四十一条: the 村民选举委员会 may declare it; the seat goes to 另行选举 without the voided."""
    r, _ = certified_round(cast, second, "zhejiang")
    assert sitting(cast) == {("甲主任", "chair"), ("委员丙", "member"), ("委员丁", "member")}
    d = void(cast, r, "election_committee", user="village_operator")
    t = Tenure.objects.get(person__name="甲主任", committee__kind="villagers_committee")
    assert (t.end_date, t.end_reason) == (DECIDED, "election_void")
    assert sitting(cast) == {("委员丙", "member"), ("委员丁", "member")}
    assert d.tenures_ended == 1
    nxt = d.remedy_round
    assert (nxt.election_id, nxt.number, nxt.kind) == (r.election_id, 2, "supplementary")
    assert [(p["post"], p["seats"], p["candidates"]) for p in nxt.posts] == [("主任", 1, ["乙主任"])]
    # no period in the measure: first set 30 days after the decision (rules.voiding.remedy_day)
    assert d.remedy_day == nxt.voting_day == DECIDED + dt.timedelta(days=30)
    assert LaterRound.objects.get(round=nxt).notice.kind == "polling"  # a later day: a new notice
    assert d.remedy_url == nxt.get_absolute_url()
    assert AuditEvent.objects.filter(model="people.Tenure", object_id=str(t.pk), action="update").exists()


def test_beijing_opens_a_by_election_for_the_seat_on_the_given_day(cast, second):
    """北京 第三十八条: the township government declares it; the seat is filled by 补选
    (村民委员会组织法(2025) 第二十三条), here 主任 alone (a 主任-only 补选)."""
    r, _ = certified_round(cast, second, "beijing")
    with pytest.raises(ValidationError) as exc:
        void(cast, r, "township_government", remedy_day=DECIDED - dt.timedelta(days=1))
    assert exc.value.message_dict == {"remedy_day": ["后续投票日不能早于决定日期"]}
    assert not VoidDecision.objects.exists() and len(sitting(cast)) == 3
    day = DECIDED + dt.timedelta(days=20)
    d = void(cast, r, "township_government", remedy_day=day)
    be = ByElection.objects.get(election=d.remedy_election)
    assert (be.election.kind, be.election.previous_id, be.election.election_day) == (
        "by_election",
        r.election_id,
        day,
    )
    assert (be.held_by, be.members, be.head_only) == ("assembly", 1000, True)
    only = ResultRound.objects.get(election=be.election)
    assert [(p["post"], p["seats"]) for p in only.posts] == [("主任", 1)]
    assert d.remedy == "by_election" and d.remedy_round is None and d.tenures_ended == 1


def test_shanghai_two_members_left_opens_a_by_election_within_three_months(cast, second):
    """上海 第二十九条: fewer than three members left (2) → 补选 within three months."""
    r, _ = certified_round(cast, second, "shanghai")
    d = void(cast, r, "township_government", person="委员丙")
    assert d.remedy == "by_election" and d.remedy_election.kind == "by_election"
    assert d.remedy_day == DECIDED + dt.timedelta(days=30) <= DECIDED + dt.timedelta(days=91)
    assert sitting(cast) == {("甲主任", "chair"), ("委员丁", "member")}


def test_a_refused_body_changes_no_tenure_and_opens_nothing(cast, second):
    """河南 第四十四条: only the county government; the township is refused before any write."""
    r, _ = certified_round(cast, second, "henan")
    with pytest.raises(ValidationError, match="第四十四条"):
        void(cast, r, "township_government")
    assert len(sitting(cast)) == 3 and ResultRound.objects.count() == 1
    assert not Election.objects.exclude(pk=r.election_id).filter(unit=cast.village).exists()


def test_a_failing_remedy_leaves_the_voiding_unwritten(cast, second, monkeypatch):
    """The declaration, the ended tenure and the remedy are one transaction."""
    r, _ = certified_round(cast, second, "zhejiang")
    monkeypatch.setattr(docs_services, "notice_issue_checked", _fail)
    with pytest.raises(ValidationError, match="公告发布失败"):
        void(cast, r, "election_committee", user="village_operator")
    assert not VoidDecision.objects.exists() and len(sitting(cast)) == 3
    assert ResultRound.objects.filter(election=r.election).count() == 1


def test_a_void_election_ends_every_tenure_and_creates_the_re_run_within_30_days(cast, second):
    """河南 第三十九条: the county government declares the election void; re-run within 30 days."""
    r, _ = certified_round(cast, second, "henan")
    d = svc.void_election(
        actor=cast["county_operator"],
        election=r.election,
        body="county_government",
        document_no="清政〔2026〕20号",
        decided_on=DECIDED,
        reason="违反选举规定",
    )
    assert sitting(cast) == set() and d.tenures_ended == 3
    assert set(Tenure.objects.filter(end_date=DECIDED).values_list("end_reason", flat=True)) == {
        "election_void"
    }
    rerun = d.remedy_election
    assert (rerun.kind, rerun.previous_id, rerun.election_day) == (
        "re_election",
        r.election_id,
        DECIDED + dt.timedelta(days=30),
    )
    assert d.remedy_url.endswith(f"/election/{rerun.pk}/")


def test_a_winner_voided_first_then_the_election_ends_only_what_is_left(cast, second):
    r, _ = certified_round(cast, second, "henan")
    first = void(cast, r, "county_government", user="county_operator")
    assert first.tenures_ended == 1 and first.remedy_election.kind == "by_election"
    d = svc.void_election(
        actor=cast["county_operator"],
        election=r.election,
        body="county_government",
        document_no="清政〔2026〕21号",
        decided_on=DECIDED,
    )
    assert d.tenures_ended == 2 and sitting(cast) == set()


def test_party_the_higher_organization_decides_the_member_leaves_and_nothing_is_opened(cast):
    """中国共产党基层组织选举工作条例(2020): the higher Party organization declares it and decides how the
    seat is filled; the member seated from the meeting leaves the Party committee."""
    from tests.elections.conftest import make_campaign

    pe = Election.objects.create(
        campaign=make_campaign(cast, "zhejiang"), unit=cast.village, body="party", election_day=DAY
    )
    m = members_meeting(cast, pe)
    old = seat(
        PersonFactory(name="张一", domicile_unit=cast.village), cast.village, "party_org", "party_member"
    )
    new = seat(
        PersonFactory(name="李二", domicile_unit=cast.village),
        cast.village,
        "party_org",
        "party_member",
        start=DAY,
    )
    d = void(cast, m, "higher_party_org", person="李二")
    assert d.remedy == "party_supplementary" and d.remedy_round is None and d.remedy_election is None
    assert d.tenures_ended == 1 and d.remedy_url == "" and d.remedy_day is None
    new.refresh_from_db()
    old.refresh_from_db()
    assert (new.end_date, new.end_reason) == (DECIDED, "election_void") and old.end_date is None


def test_a_later_round_is_one_transaction(cast, second, monkeypatch):
    """Issue 13 req. 3 (北京 第三十条: 另行选举 within 15 days): when the notice, the last part, fails,
    neither the round, the copied roll nor the arrangement is left behind."""
    e = results_election(cast)
    short_round(cast, e, second)
    roll = roll_on(cast, e)
    monkeypatch.setattr(docs_services, "notice_issue_checked", _fail)
    with pytest.raises(ValidationError, match="公告发布失败"):
        rsvc.later_round_open(
            actor=cast["village_operator"],
            election=e,
            kind="supplementary",
            voting_day=DAY + dt.timedelta(days=15),
            registered=3,
            reason="另行选举另定投票日",
        )
    assert ResultRound.objects.filter(election=e).count() == 1
    assert VoterRoll.objects.filter(unit=cast.village).count() == 1
    assert not VoterRoll.objects.get(pk=roll.pk).superseded
    assert not LaterRound.objects.exists() and not Notice.objects.filter(election=e).exists()


def test_shanghai_three_members_left_may_stay_short_and_nothing_is_opened(cast):
    """上海 第二十九条 “其成员满三人的，经村民代表会议同意可以不补选”: four announced, one voided, three
    remain — the remedy is recorded and no 补选 is created by the system."""
    from tests.elections.conftest import make_campaign

    e = Election.objects.create(
        campaign=make_campaign(cast, "shanghai"), unit=cast.village, body="committee", election_day=DAY
    )
    r = ResultRound.objects.create(
        election=e,
        voting_day=DAY,
        registered=900,
        posts=[
            {"post": "主任", "seats": 1, "candidates": ["甲", "乙"]},
            {"post": "委员", "seats": 3, "candidates": ["丙", "丁", "戊", "己"]},
        ],
        announced={"主任": ["甲"], "委员": ["丙", "丁", "戊"]},
        state="certified",
        created_by="t",
    )
    d = void(cast, r, "township_government", person="戊")
    assert d.remedy == "may_stay_short" and "尚有 3 人" in d.remedy_text
    assert d.remedy_citation == "上海市村民委员会选举办法 第二十九条"
    assert (d.remedy_round, d.remedy_election, d.remedy_day, d.remedy_url) == (None, None, None, "")
    assert ResultRound.objects.filter(election=e).count() == 1
    assert not Election.objects.filter(previous=e).exists()
