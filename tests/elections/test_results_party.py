"""Party election results (issue 13 req. 5): 应到会 with recorded exclusions, the quorum (more than
four fifths of 应到会), the committee elected by the 党员大会 (more than half of the base), then the
书记 and 副书记 by the committee, reported to the 乡镇党(工)委 for approval."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from huanjie.core import workflow
from huanjie.core.models import AuditEvent
from huanjie.elections import results_party_selectors as sel
from huanjie.elections import results_party_services as svc
from huanjie.elections.models import Election, PartyMeeting
from tests.elections.conftest import make_campaign

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 10)
AWAY = [
    {"name": "外出甲", "reason": "away", "approved_by": "青石镇党委"},
    {"name": "出国乙", "reason": "abroad", "approved_by": "青石镇党委"},
]


@pytest.fixture
def pe(cast):
    return Election.objects.create(
        campaign=make_campaign(cast, "zhejiang"), unit=cast.village, body="party", election_day=DAY
    )


def members_meeting(cast, pe, *, present=41, full=55, probation=2, suspended=1, votes=None, won=None, **kw):
    """55 full members − 2 under 留党察看 − 1 suspended = 52 electors; 2 exclusions → 应到会 50."""
    votes = votes or {"张一": 40, "李二": 38, "王三": 30, "赵四": 26, "钱五": 25, "孙六": 10}
    won = won if won is not None else ["张一", "李二", "王三", "赵四", "钱五"]
    return svc.meeting_save(
        actor=cast["village_operator"],
        election=pe,
        kind="members",
        held_on=DAY,
        full_members=full,
        on_probation=probation,
        suspended=suspended,
        present=present,
        ballots_issued=present,
        ballots_returned=present,
        posts=[{"post": "委员", "seats": 5, "candidates": list(votes)}],
        votes={"委员": votes},
        announced={"委员": won},
        exclusions=kw.pop("exclusions", AWAY),
        **kw,
    )


def steps(m, rule):
    return [s["text"] for s in m.engine["steps"] if s["rule"] == rule]


def test_entitled_subtracts_non_electors_and_the_recorded_exclusions(cast, pe):
    m = members_meeting(cast, pe)
    assert (sel.electors(m), sel.excluded(m), sel.entitled(m)) == (52, 2, 50)
    assert {x.get_reason_display() for x in m.exclusions.all()} == {
        "外出工作、学习半年以上，按规定应转走而未转走正式组织关系",
        "自费出国半年以上",
    }
    assert "应到会 50 人" in steps(m, "party.quorum")[0]


def test_quorum_is_more_than_four_fifths_of_entitled_exactly(cast, pe):
    # 应到会 50: four fifths is 40 — exactly 40 present is NOT enough, 41 is
    at = members_meeting(cast, pe, present=40)
    assert at.engine["valid"] is False and at.engine["next"] == "revote"
    assert "未超过应到会人数的五分之四（至少需 41 人）" in steps(at, "party.quorum")[0]
    above = members_meeting(cast, pe, present=41)
    assert above.engine["valid"] is True
    assert "超过应到会人数的五分之四，会议有效" in steps(above, "party.quorum")[0]
    # one more exclusion lowers 应到会 to 49: 4/5 × 49 = 39.2, so 40 present is enough
    more = [*AWAY, {"name": "病丙", "reason": "ill", "approved_by": "青石镇党委"}]
    assert members_meeting(cast, pe, present=40, exclusions=more).engine["valid"] is True


def test_elected_needs_more_than_half_of_the_base_exactly(cast, pe):
    votes = {"张一": 41, "李二": 41, "王三": 41, "赵四": 26, "钱五": 25, "孙六": 20}
    # base 应到会 (50): 25 is exactly half → not elected; 26 is
    m = members_meeting(
        cast, pe, present=41, base="entitled", votes=votes, won=["张一", "李二", "王三", "赵四"]
    )
    elected = m.engine["posts"][0]["elected"]
    assert "赵四" in elected and "钱五" not in elected
    assert any(
        "钱五 得赞成票 25 票，未超过应到会 50 人的半数（至少需 26 票）" in t for t in steps(m, "party.lose")
    )
    assert m.engine["next"] == "supplementary"
    # base 实到会 (42): 21 is exactly half → not elected; 22 is
    votes = {"张一": 42, "李二": 42, "王三": 42, "赵四": 22, "钱五": 21, "孙六": 20}
    m = members_meeting(cast, pe, present=42, votes=votes, won=["张一", "李二", "王三", "赵四"])
    assert m.engine["posts"][0]["elected"] == ["张一", "李二", "王三", "赵四"]
    assert any("至少需 22 票" in t for t in steps(m, "party.lose"))
    assert sel.differences(m) == []


def test_the_announcement_stays_and_a_difference_is_shown(cast, pe, client):
    m = members_meeting(cast, pe, won=["张一", "李二", "王三", "赵四", "孙六"])
    assert m.announced["委员"][-1] == "孙六"
    diff = sel.differences(m)
    assert len(diff) == 1 and "按规则核对为" in diff[0]
    client.force_login(cast["town_operator"])
    page = client.get(m.get_absolute_url()).content.decode()
    assert "与规则核对不一致" in page and "中国共产党基层组织选举工作条例(2020)" in page


def test_the_committee_elects_the_secretary_and_deputies_from_its_members(cast, pe):
    with pytest.raises(ValidationError, match="请先登记党员大会"):
        svc.meeting_save(
            actor=cast["village_operator"],
            election=pe,
            kind="committee",
            held_on=DAY,
            full_members=5,
            present=5,
            ballots_issued=5,
            ballots_returned=5,
            posts=[{"post": "书记", "seats": 1, "candidates": ["张一"]}],
            votes={"书记": {"张一": 5}},
            announced={"书记": ["张一"]},
        )
    members_meeting(cast, pe)

    def plenary(secretary_votes, candidates=("张一",)):
        return svc.meeting_save(
            actor=cast["village_operator"],
            election=pe,
            kind="committee",
            held_on=DAY,
            full_members=5,
            present=5,
            ballots_issued=5,
            ballots_returned=5,
            posts=[
                {"post": "书记", "seats": 1, "candidates": list(candidates)},
                {"post": "副书记", "seats": 1, "candidates": ["李二"]},
            ],
            votes={"书记": {candidates[0]: secretary_votes}, "副书记": {"李二": 4}},
            announced={"书记": [candidates[0]], "副书记": ["李二"]},
        )

    with pytest.raises(ValidationError, match="孙六不是委员"):
        plenary(5, candidates=("孙六",))
    # 等额 allowed; more than half of all 5 committee members: 3 elects, and this is a plenary
    m = plenary(3)
    assert [p["elected"] for p in m.engine["posts"]] == [["张一"], ["李二"]]
    assert "全体委员 5 人的半数" in steps(m, "party.committee.base")[0]
    assert sel.electors(m) == 5 and sel.excluded(m) == 0


def test_reported_to_the_town_party_committee_approved_or_returned(cast, pe, client):
    m = members_meeting(cast, pe)
    with pytest.raises(workflow.TransitionRefused):
        svc.approve(actor=cast["town_operator"], meeting=m)
    svc.submit(actor=cast["village_operator"], meeting=m)
    assert m.state == "submitted"
    with pytest.raises(PermissionDenied):  # the village reports; only the town approves
        svc.approve(actor=cast["village_operator"], meeting=m)
    with pytest.raises(ValidationError, match="不能修改"):
        members_meeting(cast, pe, meeting=m)
    with pytest.raises(PermissionDenied):
        svc.approve(actor=cast["other_town_operator"], meeting=m)
    svc.return_(actor=cast["town_operator"], meeting=m, reason="请补充批准不列入应到会的文件")
    m.refresh_from_db()
    assert m.state == "returned"
    m = members_meeting(cast, pe, meeting=m)
    svc.submit(actor=cast["village_operator"], meeting=m)
    svc.approve(actor=cast["town_operator"], meeting=m)
    m.refresh_from_db()
    assert m.state == "approved"
    assert [h.to_state for h in workflow.history(m)] == ["submitted", "returned", "submitted", "approved"]
    assert AuditEvent.objects.filter(model__icontains="partymeeting").count() >= 6
    client.force_login(cast["town_operator"])
    assert "已批准" in client.get(m.get_absolute_url()).content.decode()


def test_the_pages_record_a_meeting_and_act_on_it(cast, pe, client):
    client.force_login(cast["village_operator"])
    url = reverse("elections_results:party_election", args=[pe.pk])
    assert "登记会议结果" in client.get(url).content.decode()
    post = {
        "kind": "members",
        "held_on": "2026-03-10",
        "full_members": 55,
        "on_probation": 2,
        "suspended": 1,
        "present": 41,
        "ballots_issued": 41,
        "ballots_returned": 41,
        "base": "present",
        "exclusions": "外出甲 外出 青石镇党委\n出国乙 出国 青石镇党委",
        "members_seats": 3,
        "members_votes": "张一 40\n李二 38\n王三 30\n赵四 10",
        "members_won": "张一、李二、王三",
    }
    bad = client.post(
        reverse("elections_results:party_meeting_new", args=[pe.pk]), {**post, "exclusions": "某某 旅游"}
    )
    assert bad.status_code == 400 and "应写作" in bad.content.decode()
    r = client.post(reverse("elections_results:party_meeting_new", args=[pe.pk]), post)
    assert r.status_code == 302
    m = PartyMeeting.objects.get()
    assert sel.entitled(m) == 50 and m.announced == {"委员": ["张一", "李二", "王三"]}
    assert client.post(reverse("elections_results:party_submit", args=[m.pk])).status_code == 302
    client.force_login(cast["town_operator"])
    bad = client.post(reverse("elections_results:party_return", args=[m.pk]), {"reason": ""})
    assert bad.status_code == 400
    assert client.post(reverse("elections_results:party_approve", args=[m.pk])).status_code == 302
    m.refresh_from_db()
    assert m.state == "approved"


def test_only_party_elections_and_only_in_the_jurisdiction(cast, pe, client):
    committee = Election.objects.create(
        campaign=pe.campaign, unit=cast.village, body="committee", election_day=DAY
    )
    client.force_login(cast["town_operator"])
    assert client.get(reverse("elections_results:party_election", args=[committee.pk])).status_code == 404
    client.force_login(cast["other_town_operator"])
    assert client.get(reverse("elections_results:party_election", args=[pe.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        svc.meeting_save(
            actor=cast["other_town_operator"],
            election=pe,
            kind="members",
            held_on=DAY,
            full_members=10,
            present=9,
            ballots_issued=9,
            ballots_returned=9,
            posts=[{"post": "委员", "seats": 3, "candidates": ["a", "b", "c", "d"]}],
            votes={},
            announced={},
        )


def test_the_walker_covers_the_party_and_voiding_routes():
    from tests.elections.test_results_walker import results_routes

    names = {r.qualified_name for r in results_routes()}
    for name in ("party_election", "party_meeting_new", "party_meeting", "party_submit", "party_approve"):
        assert f"elections_results:{name}" in names
    assert {"elections_results:party_return", "elections_results:void_record"} <= names
