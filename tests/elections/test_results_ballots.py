"""Individual ballot entry (issue 13 req. 1, “optional entry of individual ballots”): a box's tally
sheet derived from its ballots by the engine's ballot rules (a section marking more names than seats
is invalid for that post: 北京 第二十八条), locked to them until cleared, optimistic locking, audit,
and the page's fast entry."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from huanjie.core.models import AuditEvent
from huanjie.core.versioning import StaleEdit
from huanjie.elections import results_ballots_services as bsvc
from huanjie.elections import results_selectors as sel
from huanjie.elections import results_services as svc
from huanjie.elections.models import Ballot, TallySheet
from tests.elections.test_results import enter, open_round, results_election
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

CHAIR, MEMBER = "甲主任", "委员丙"


@pytest.fixture
def e(cast):
    return results_election(cast)


@pytest.fixture
def second(cast):
    return user_with_role("village_op2", "village_operator", cast.village)


def begin(cast, r, box="第二票箱", issued=6):
    return bsvc.ballots_begin(actor=cast["village_operator"], round=r, box=box, ballots_issued=issued)


def add(cast, s, marks, user=None):
    s.refresh_from_db()
    return bsvc.ballot_add(actor=user or cast["village_operator"], sheet=s, marks=marks)


FIVE = [
    [["甲主任"], ["委员丙", "委员丁"]],  # as many names as seats (2): valid
    [["乙主任"], ["委员丙", "张三"]],  # a write-in
    [["甲主任"], ["委员丙", "委员丁", "委员戊"]],  # 3 names for 2 seats: the 委员 section is invalid
    None,  # unreadable: 废票, still a ballot
    [["甲主任", "乙主任"], ["委员丁"]],  # 2 names for 1 seat: the 主任 section is invalid
]


def five(cast, r):
    s = begin(cast, r)
    for marks in FIVE:
        add(cast, s, marks)
    s.refresh_from_db()
    return s


def test_the_posts_of_the_round_are_chair_one_and_members_two(cast, e):
    r = open_round(cast, e)
    assert [(p["post"], p["seats"]) for p in r.posts] == [("主任", 1), ("委员", 2)]


def test_the_sheet_is_the_ballots_count_and_an_overmarked_section_is_invalid_for_that_post(cast, e):
    r = open_round(cast, e)
    s = five(cast, r)
    assert s.from_ballots and s.ballots_issued == 6
    assert (s.ballots_returned, s.ballots_invalid) == (5, 1)
    assert s.votes == {
        "主任": {"甲主任": 2, "乙主任": 1},
        "委员": {"张三": 1, "委员丁": 2, "委员丙": 2},
    }
    assert s.section_invalid == {"主任": 1, "委员": 1}
    assert [b.number for b in Ballot.objects.filter(sheet=s)] == [1, 2, 3, 4, 5]
    s.round = r
    assert [c.level for c in sel.checks_of(s)] == []  # the same cross-checks as a tally: all agree
    # The engine's verdict over the round follows the ballots (5 voters of 1000: no one elected).
    r.refresh_from_db()
    assert r.engine["posts"][0]["votes"][0] == ["甲主任", 2]


def test_exactly_as_many_names_as_seats_is_valid_and_one_more_is_not(cast, e):
    r = open_round(cast, e)
    s = begin(cast, r)
    add(cast, s, [[], ["委员丙", "委员丁"]])
    s.refresh_from_db()
    assert s.section_invalid == {} and s.votes["委员"] == {"委员丙": 1, "委员丁": 1}
    add(cast, s, [[], ["委员丙", "委员丁", "张三"]])
    s.refresh_from_db()
    assert s.section_invalid == {"委员": 1} and s.votes["委员"] == {"委员丙": 1, "委员丁": 1}
    assert s.ballots_returned == 2 and s.ballots_invalid == 0


def test_the_tally_is_locked_to_the_ballots_until_they_are_cleared(cast, e):
    r = open_round(cast, e)
    s = five(cast, r)
    with pytest.raises(ValidationError, match="该票箱已逐张录入选票"):
        enter(
            cast["village_operator"],
            r,
            box="第二票箱",
            sheet=s,
            issued=6,
            returned=6,
            invalid=1,
            votes=s.votes,
        )
    # The box's name and the ballots issued stay the operator's.
    same = {"returned": 5, "invalid": 1, "votes": s.votes, "section_invalid": s.section_invalid}
    done = enter(cast["village_operator"], r, box="第二票箱", sheet=s, issued=7, **same)
    assert done.ballots_issued == 7
    done.refresh_from_db()
    bsvc.ballots_clear(actor=cast["village_operator"], sheet=done)
    s = TallySheet.objects.get(pk=s.pk)
    assert not s.from_ballots and Ballot.objects.filter(sheet=s).count() == 0
    assert (s.ballots_returned, s.ballots_invalid, s.section_invalid) == (5, 1, {"主任": 1, "委员": 1})
    changed = enter(
        cast["village_operator"], r, box="第二票箱", sheet=s, issued=7, returned=6, invalid=1, votes=s.votes
    )
    assert changed.ballots_returned == 6
    assert AuditEvent.objects.filter(reason="清除逐张录入的选票 5 张，改为手工录入合计").count() == 1


def test_a_ballot_from_a_stale_page_is_refused_and_none_is_lost_or_doubled(cast, e, second):
    r = open_round(cast, e)
    s = begin(cast, r)
    v = TallySheet.objects.get(pk=s.pk).version
    bsvc.ballot_add(
        actor=cast["village_operator"],
        sheet=TallySheet.objects.get(pk=s.pk),
        marks=[["甲主任"], []],
        version=v,
    )
    with pytest.raises(StaleEdit):
        bsvc.ballot_add(
            actor=second, sheet=TallySheet.objects.get(pk=s.pk), marks=[["乙主任"], []], version=v
        )
    s.refresh_from_db()
    assert s.ballots_returned == 1 and s.votes["主任"] == {"甲主任": 1}


def test_deleting_a_ballot_recounts_and_everything_is_audited(cast, e):
    r = open_round(cast, e)
    s = five(cast, r)
    third = Ballot.objects.get(sheet=s, number=3)
    bsvc.ballot_delete(actor=cast["village_operator"], ballot=third, version=s.version)
    s.refresh_from_db()
    assert s.ballots_returned == 4 and s.section_invalid == {"主任": 1}
    assert s.votes["委员"] == {"张三": 1, "委员丁": 2, "委员丙": 2}
    add(cast, s, [["乙主任"], []])
    assert list(Ballot.objects.filter(sheet=s).values_list("number", flat=True)) == [1, 2, 4, 5, 6]
    assert AuditEvent.objects.filter(model="elections.Ballot", action="create").count() == 6
    assert AuditEvent.objects.filter(model="elections.Ballot", action="delete").count() == 1


def test_a_verified_box_takes_no_ballots_and_a_second_person_verifies_it(cast, e, second):
    r = open_round(cast, e)
    s = five(cast, r)
    svc.sheet_verify(actor=second, sheet=s)
    s = TallySheet.objects.get(pk=s.pk)
    assert s.state == "verified"
    with pytest.raises(ValidationError, match="已经核对"):
        add(cast, s, [["甲主任"], []])


def test_an_entered_sheet_turns_to_ballots_and_a_box_is_not_doubled(cast, e):
    r = open_round(cast, e)
    s = enter(cast["village_operator"], r)
    with pytest.raises(ValidationError, match="已经录入"):
        begin(cast, r, box="中心会场")
    s.refresh_from_db()
    bsvc.ballots_begin(actor=cast["village_operator"], round=r, box="中心会场", ballots_issued=800, sheet=s)
    s.refresh_from_db()
    assert s.from_ballots and (s.ballots_returned, s.votes) == (0, {"主任": {}, "委员": {}})


def test_the_page_enters_a_ballot_a_row_by_candidate_numbers_and_names(cast, e, client):
    r = open_round(cast, e)
    client.force_login(cast["village_operator"])
    new = client.get(reverse("elections_results:sheet_new", args=[r.pk]))
    assert "开始逐张录入" in new.content.decode()
    res = client.post(
        reverse("elections_results:ballots_begin", args=[r.pk]), {"box": "第二票箱", "ballots_issued": 6}
    )
    s = TallySheet.objects.get(box="第二票箱")
    assert res.status_code == 302 and res["Location"] == reverse("elections_results:ballots", args=[s.pk])
    url = reverse("elections_results:ballots", args=[s.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "第 1 张" in html and "<kbd>2</kbd> 乙主任" in html and "autofocus" in html
    assert client.post(url, {"m_0": "1", "m_1": "1、张三", "version": s.version}).status_code == 302
    s.refresh_from_db()
    assert s.votes == {"主任": {"甲主任": 1}, "委员": {"张三": 1, "委员丙": 1}}
    assert client.post(url, {"m_0": "", "m_1": "1 2 3", "version": s.version}).status_code == 302
    html = client.get(url).content.decode()
    assert "委员栏所选 3 人多于应选 2 名，该栏无效" in html and "第 3 张" in html
    bad = client.post(url, {"m_0": "9", "m_1": "", "version": s.version + 1})
    assert bad.status_code == 400 and "主任没有第 9 号候选人（共 2 名）" in bad.content.decode()
    stale = client.post(url, {"m_0": "2", "m_1": "", "version": s.version - 1})
    assert stale.status_code == 409 and "这张选票尚未保存" in stale.content.decode()
    s.refresh_from_db()
    assert s.ballots_returned == 2
    # Sent again from the refreshed row, it is saved once.
    again = client.post(url, {"m_0": "2", "m_1": "", "version": stale.context["form"]["version"].value()})
    assert again.status_code == 302
    s.refresh_from_db()
    assert s.ballots_returned == 3 and s.votes["主任"] == {"甲主任": 1, "乙主任": 1}
    unreadable = client.post(url, {"unreadable": "on", "m_0": "", "m_1": "", "version": s.version})
    assert unreadable.status_code == 302
    s.refresh_from_db()
    assert (s.ballots_returned, s.ballots_invalid) == (4, 1)
    # The tally sheet's page shows the derived numbers, not editable.
    sheet_page = client.get(reverse("elections_results:sheet", args=[s.pk]))
    form = sheet_page.context["form"]
    assert form.fields["ballots_returned"].disabled and form.fields["v_0_0"].disabled
    assert not form.fields["ballots_issued"].disabled
    assert "逐张录入" in client.get(r.get_absolute_url()).content.decode()


def test_the_sheet_page_saves_the_issued_number_of_a_ballot_box(cast, e, client):
    r = open_round(cast, e)
    s = five(cast, r)
    client.force_login(cast["village_operator"])
    url = reverse("elections_results:sheet", args=[s.pk])
    form = client.get(url).context["form"]
    data = {
        "box": "第二票箱",
        "ballots_issued": 5,
        "version": form.initial["version"],
        "seen": form.initial["seen"],
    }
    data.update({"ballots_returned": 99, "v_0_0": 99})  # disabled: ignored, the ballots' count stays
    res = client.post(reverse("elections_results:sheet_edit", args=[s.pk]), data)
    assert res.status_code == 302, res.content.decode()[:3000]
    s.refresh_from_db()
    assert (s.ballots_issued, s.ballots_returned, s.votes["主任"]) == (5, 5, {"甲主任": 2, "乙主任": 1})


def test_outside_the_village_the_ballots_are_not_found(cast, e, client):
    r = open_round(cast, e)
    s = five(cast, r)
    other = user_with_role("other_op", "village_operator", cast.village2)
    client.force_login(other)
    assert client.get(reverse("elections_results:ballots", args=[s.pk])).status_code == 404
    b = Ballot.objects.filter(sheet=s).first()
    assert (
        client.post(
            reverse("elections_results:ballot_delete", args=[b.pk]), {"version": s.version}
        ).status_code
        == 404
    )
    assert Ballot.objects.filter(sheet=s).count() == 5


def test_the_pages_turn_an_entered_sheet_to_ballots_and_refuse_a_box_without_a_name(cast, e, client):
    r = open_round(cast, e)
    s = enter(cast["village_operator"], r)
    client.force_login(cast["village_operator"])
    url = reverse("elections_results:ballots", args=[s.pk])
    page = client.get(url).content.decode()
    assert "改为逐张录入选票" in page and "hj-ballot-form" not in page
    begin = reverse("elections_results:sheet_ballots_begin", args=[s.pk])
    assert (
        client.post(begin, {"box": "中心会场", "ballots_issued": 800, "version": s.version}).status_code
        == 302
    )
    s.refresh_from_db()
    assert s.from_ballots and s.ballots_returned == 0 and s.ballots_issued == 800
    empty = client.post(
        reverse("elections_results:ballots_begin", args=[r.pk]), {"box": "", "ballots_issued": 5}, follow=True
    )
    assert "请填写“票箱”" in [m.message for m in empty.context["messages"]]
    assert TallySheet.objects.filter(round=r).count() == 1
    # A delete from a page loaded before another ballot was added is refused and keeps both.
    add(cast, s, [["甲主任"], []])
    s.refresh_from_db()
    loaded = s.version
    first = Ballot.objects.get(sheet=s, number=1)
    add(cast, s, [["乙主任"], []])
    res = client.post(
        reverse("elections_results:ballot_delete", args=[first.pk]), {"version": loaded}, follow=True
    )
    assert "此记录已被他人修改" in res.content.decode()
    assert Ballot.objects.filter(sheet=s).count() == 2
    clear = reverse("elections_results:ballots_clear", args=[s.pk])
    s.refresh_from_db()
    assert client.post(clear, {"version": s.version}).status_code == 302
    s.refresh_from_db()
    assert not s.from_ballots and s.ballots_returned == 2
