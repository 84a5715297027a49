"""Follow-on elections as steps (issue 13 req. 6): the result of a 村务监督委员会, 村民代表, 村民小组长
or supporting organization's election recorded with each member's sex and role, and the engine's
check beside it — the 村民代表会议's make-up at its exact boundaries ((2018) 第二十五条 / (2025)
第二十九条: exactly 4/5 and exactly 1/3 pass, one less fails) and the 村务监督委员会's bar."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from huanjie.core.models import AuditEvent
from huanjie.elections import results_followon_services as fsvc
from huanjie.elections.models import Election, FollowOnResult, ResultRound
from tests.elections.conftest import make_campaign
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 4, 10)


@pytest.fixture
def campaign(cast):
    return make_campaign(cast, "zhejiang")


def follow(campaign, cast, body, label="", day=DAY):
    return Election.objects.create(
        campaign=campaign, unit=cast.village, body=body, body_label=label, election_day=day
    )


def reps(n, women):
    return [{"name": f"代表{i}", "sex": "女" if i < women else "男", "role": "村民代表"} for i in range(n)]


def committee(campaign, cast, names):
    e = Election.objects.create(campaign=campaign, unit=cast.village, body="committee", election_day=DAY)
    ResultRound.objects.create(
        election=e,
        voting_day=DAY,
        registered=100,
        posts=[{"post": "委员", "seats": len(names), "candidates": names}],
        announced={"委员": names},
        state="certified",
        created_by="t",
    )


def record(cast, e, members, committee_members=0):
    return fsvc.followon_record(
        actor=cast["village_operator"],
        election=e,
        held_on=DAY,
        members=members,
        committee_members=committee_members,
    )


def test_representatives_exactly_four_fifths_and_one_third_women_pass(cast, campaign):
    e = follow(campaign, cast, "representatives")
    # 24 representatives + 6 committee members = 30: 24 = 4/5 exactly, 10 women = 1/3 exactly.
    r = record(cast, e, reps(24, 10), committee_members=6)
    assert r.ok is True
    assert r.explanation[0]["citation"] == "村民委员会组织法(2025) 第二十九条"
    assert "达到五分之四（至少 24 人）" in r.explanation[0]["text"]
    assert AuditEvent.objects.filter(
        model="elections.FollowOnResult", object_id=str(r.pk), action="create"
    ).exists()


def test_one_representative_or_one_woman_less_fails_and_is_recorded_as_elected(cast, campaign):
    e = follow(campaign, cast, "representatives")
    r = record(cast, e, reps(23, 10), committee_members=6)  # 23 of 29: 115 < 116
    assert r.ok is False and "不足五分之四" in r.explanation[0]["text"]
    assert len(FollowOnResult.objects.get(pk=r.pk).members) == 23  # recorded, never refused
    r = fsvc.followon_record(
        actor=cast["village_operator"],
        election=e,
        held_on=DAY,
        members=reps(24, 9),
        committee_members=6,
        version=r.version,
    )
    assert (
        r.ok is False
        and r.version == 2
        and "不足组成人员的三分之一（至少应有 10 人）" in r.explanation[1]["text"]
    )


def test_before_2026_the_2018_article_is_cited(cast, campaign):
    e = follow(campaign, cast, "representatives", day=dt.date(2025, 12, 20))
    r = record(cast, e, reps(20, 9), committee_members=5)
    assert r.ok and r.explanation[0]["citation"] == "村民委员会组织法(2018) 第二十五条"


def test_supervision_bars_a_committee_member(cast, campaign):
    committee(campaign, cast, ["张委员", "李委员"])
    e = follow(campaign, cast, "supervision")
    ok = record(
        cast,
        e,
        [{"name": "王监督", "sex": "男", "role": "主任"}, {"name": "赵监督", "sex": "女", "role": "委员"}],
    )
    assert ok.ok is True
    bad = fsvc.followon_record(
        actor=cast["village_operator"],
        election=e,
        held_on=DAY,
        members=[{"name": "张委员", "sex": "男", "role": "主任"}],
        version=ok.version,
    )
    assert bad.ok is False and bad.explanation[0]["citation"] == "村民委员会组织法(2025) 第三十七条"
    assert "张委员是村民委员会成员" in bad.explanation[0]["text"]


def test_group_leaders_and_other_organizations_have_no_numbers_to_check(cast, campaign):
    leaders = record(
        cast,
        follow(campaign, cast, "group_leaders"),
        [{"name": "组长甲", "sex": "男", "role": "第一村民小组组长"}],
    )
    assert leaders.ok is None and leaders.explanation == []
    league = record(
        cast, follow(campaign, cast, "other", "村团支部"), [{"name": "书记乙", "sex": "女", "role": "书记"}]
    )
    assert league.ok is None and league.members[0]["sex"] == "女"


def test_refusals(cast, campaign):
    e = follow(campaign, cast, "representatives")
    with pytest.raises(ValidationError, match="请填写当选人员"):
        record(cast, e, [])
    with pytest.raises(ValidationError, match="重复"):
        record(cast, e, [{"name": "甲", "sex": "男", "role": ""}] * 2)
    with pytest.raises(ValidationError, match="按轮次录入"):
        record(cast, follow(campaign, cast, "committee"), reps(1, 1))
    with pytest.raises(PermissionDenied):
        fsvc.followon_record(
            actor=user_with_role("b_op", "village_operator", cast.village_b),
            election=e,
            held_on=DAY,
            members=reps(1, 1),
        )
    assert fsvc.parse_members("张三 男 主任\n\n李四，女，委员\n王五 女") == [
        {"name": "张三", "sex": "男", "role": "主任"},
        {"name": "李四", "sex": "女", "role": "委员"},
        {"name": "王五", "sex": "女", "role": ""},
    ]
    with pytest.raises(ValidationError, match="第 1 行"):
        fsvc.parse_members("张三 主任")


def test_the_page_lists_the_steps_records_a_result_and_shows_the_engines_explanation(cast, campaign, client):
    committee(campaign, cast, ["张委员"])
    e = follow(campaign, cast, "representatives")
    follow(campaign, cast, "supervision")
    follow(campaign, cast, "other", "村妇联")
    client.force_login(cast["village_operator"])
    url = reverse("elections_results:followon_result", args=[e.pk])
    html = client.get(url).content.decode()
    assert "村妇联" in html and "村（居）务监督委员会" in html and "未登记" in html
    lines = "\n".join(f"代表{i} {'女' if i < 2 else '男'} 村民代表" for i in range(5))
    resp = client.post(
        reverse("elections_results:followon_save", args=[e.pk]),
        {"held_on": "2026-04-10", "members": lines, "committee_members": 1},
    )
    assert resp.status_code == 302
    html = client.get(url).content.decode()
    # 5 of 6 members = 5/6 ≥ 4/5; 2 women of 6 = exactly 1/3
    assert "符合" in html and "村民委员会组织法(2025) 第二十九条" in html and "代表4" in html
    bad = client.post(
        reverse("elections_results:followon_save", args=[e.pk]),
        {"held_on": "2026-04-10", "members": "张三 主任", "committee_members": 1},
    )
    assert bad.status_code == 400 and "请按“姓名 性别 职务”填写" in bad.content.decode()
    stale = client.post(
        reverse("elections_results:followon_save", args=[e.pk]),
        {"held_on": "2026-04-10", "members": lines, "committee_members": 1, "version": 99},
    )
    assert stale.status_code == 400
