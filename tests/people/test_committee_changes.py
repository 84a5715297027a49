"""Issue 9 reqs. 2 and 11: a village's committees changed together (a change set), each line with its
legal cause, deciding body and evidence; the village proposes, the town confirms or returns."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from huanjie.core import workflow
from huanjie.core.models import AuditEvent
from huanjie.people import services
from huanjie.people.choices import CommitteeKind, Post
from huanjie.people.models import CommitteeChange, Tenure
from huanjie.people.services import ChangeLine
from tests.factories import PersonFactory, seat, user_with_role

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 2)
PARTY, VC, SUP = CommitteeKind.PARTY_ORG, CommitteeKind.VILLAGERS, CommitteeKind.SUPERVISION


def end(t, cause, body, doc=""):
    return ChangeLine(action="end", tenure=t, cause=cause, body=body, document_number=doc)


def start(person, kind, post, cause, body, doc="", term=12):
    return ChangeLine(
        action="start",
        person=person,
        kind=kind,
        post=post,
        term_number=term,
        cause=cause,
        body=body,
        document_number=doc,
    )


@pytest.fixture
def village(cast):
    """东村 with a 书记 and a 主任, and two villagers who will replace them."""
    u = cast.village
    return {
        "secretary": seat(PersonFactory(domicile_unit=u, name="老书记"), u, PARTY, Post.SECRETARY),
        "chair": seat(PersonFactory(domicile_unit=u, name="老主任"), u, VC, Post.CHAIR),
        "new_secretary": PersonFactory(domicile_unit=u, name="新书记", political_status="cpc"),
        "new_chair": PersonFactory(domicile_unit=u, name="新主任"),
    }


def sitting(unit, kind, post):
    return [
        t.person.name
        for t in Tenure.objects.filter(
            committee__org_unit=unit, committee__kind=kind, post=post, end_date__isnull=True
        )
    ]


def test_one_change_set_replaces_the_secretary_and_the_chair(cast, village):
    doc = "青石委〔2026〕8号"
    change = services.change_set_apply(
        actor=cast["town_operator"],
        org_unit=cast.village,
        change_date=DAY,
        lines=[
            end(village["secretary"], "party_decision", "higher_party_org", doc),
            start(village["new_secretary"], PARTY, Post.SECRETARY, "party_decision", "higher_party_org", doc),
            end(village["chair"], "resigned", "villagers_representatives"),
            start(village["new_chair"], VC, Post.CHAIR, "by_election", "villagers_representatives"),
        ],
        note="书记调整、主任辞职后补选",
    )
    assert change.state == "applied"
    assert sitting(cast.village, PARTY, Post.SECRETARY) == ["新书记"]
    assert sitting(cast.village, VC, Post.CHAIR) == ["新主任"]
    old = Tenure.objects.get(pk=village["secretary"].pk)
    assert (old.end_date, old.end_reason) == (DAY, "party_decision")
    assert Tenure.objects.get(pk=village["chair"].pk).end_reason == "resigned"
    # one audit entry for the whole set, in Chinese
    events = AuditEvent.objects.filter(action="committee_change")
    assert events.count() == 1
    after = events.get().after
    assert after["变动日期"] == "2026-03-02"
    assert any(
        "离任：老书记 党组织书记，上级党组织决定；决定机关：上级党组织；文号：青石委〔2026〕8号" in x
        for x in after["变动"]
    )
    assert any(
        x.startswith("任职：新主任 村民委员会主任（第12届），补选；决定机关：村民代表会议")
        for x in after["变动"]
    )
    assert not AuditEvent.objects.filter(model="people.Tenure").exists()


def test_a_second_secretary_is_refused_naming_the_incumbent_and_nothing_is_written(cast, village):
    with pytest.raises(ValidationError) as exc:
        services.change_set_apply(
            actor=cast["town_operator"],
            org_unit=cast.village,
            change_date=DAY,
            lines=[
                start(
                    village["new_secretary"],
                    PARTY,
                    Post.SECRETARY,
                    "party_decision",
                    "higher_party_org",
                    "X〔2026〕1号",
                )
            ],
        )
    message = exc.value.messages[0]
    assert "老书记" in message and "一个班子只能有一名书记" in message and "同时为在任者登记离任" in message
    assert sitting(cast.village, PARTY, Post.SECRETARY) == ["老书记"]
    assert not CommitteeChange.objects.exists()
    assert not AuditEvent.objects.filter(action="committee_change").exists()


def test_no_organization_appoints_a_villagers_committee_member(cast, village):
    with pytest.raises(ValidationError, match="任何组织或者个人不得指定、委派或者撤换村民委员会成员") as exc:
        services.change_set_apply(
            actor=cast["town_operator"],
            org_unit=cast.village,
            change_date=DAY,
            lines=[
                end(village["chair"], "resigned", "villagers_meeting"),
                start(
                    village["new_chair"],
                    VC,
                    Post.CHAIR,
                    "party_decision",
                    "township_party_committee",
                    "镇委〔2026〕2号",
                ),
            ],
        )
    assert "村民委员会组织法(2025) 第十四条" in exc.value.messages[0]
    assert sitting(cast.village, VC, Post.CHAIR) == ["老主任"]


@pytest.mark.parametrize(
    ("day", "profile", "ok"),
    [
        (dt.date(2025, 12, 31), "", False),
        (dt.date(2025, 12, 31), "zhejiang", True),
        (dt.date(2026, 1, 1), "", True),
        (dt.date(2026, 1, 1), "shanghai", True),
    ],
)
def test_resignation_on_either_side_of_2026(cast, village, day, profile, ok):
    call = {
        "actor": cast["town_operator"],
        "org_unit": cast.village,
        "change_date": day,
        "lines": [end(village["chair"], "resigned", "villagers_meeting")],
        "profile_code": profile,
    }
    if ok:
        services.change_set_apply(**call)
        assert Tenure.objects.get(pk=village["chair"].pk).end_reason == "resigned"
    else:
        with pytest.raises(ValidationError, match="村民委员会组织法\\(2018\\)，该法未规定村民委员会成员辞职"):
            services.change_set_apply(**call)
        assert Tenure.objects.get(pk=village["chair"].pk).end_date is None


def test_the_party_organization_needs_the_document_number(cast, village):
    with pytest.raises(ValidationError, match="须填写上级党组织的文件（文书）编号"):
        services.change_set_apply(
            actor=cast["town_operator"],
            org_unit=cast.village,
            change_date=DAY,
            lines=[end(village["secretary"], "party_decision", "higher_party_org", "  ")],
        )
    assert Tenure.objects.get(pk=village["secretary"].pk).end_date is None


def test_supervision_bar_applies_to_the_resulting_committee(cast, village):
    # the chair leaves the 村委会 and joins the 监委会 in one set: allowed (the result has no conflict)
    chair = village["chair"]
    services.change_set_apply(
        actor=cast["town_operator"],
        org_unit=cast.village,
        change_date=DAY,
        lines=[
            end(chair, "recalled", "villagers_vote"),
            start(chair.person, SUP, Post.SUPERVISION_MEMBER, "selected", "villagers_representatives"),
        ],
    )
    # a sitting 村委会 member may not join it
    member = seat(PersonFactory(domicile_unit=cast.village), cast.village, VC, Post.MEMBER)
    with pytest.raises(ValidationError, match="不得担任监委会成员"):
        services.change_set_apply(
            actor=cast["town_operator"],
            org_unit=cast.village,
            change_date=DAY,
            lines=[start(member.person, SUP, Post.SUPERVISION_MEMBER, "selected", "villagers_meeting")],
        )


def test_lines_are_checked(cast, village):
    town = cast["town_operator"]
    other = seat(PersonFactory(domicile_unit=cast.village2), cast.village2, VC, Post.CHAIR)
    cases = [
        ([], "请至少填写一项变动"),
        ([end(other, "recalled", "villagers_vote")], "不是东村的任职"),
        ([end(village["chair"], "recalled", "villagers_vote")] * 2, "同一任职不能重复离任"),
        (
            [start(village["new_chair"], "residents_committee", Post.CHAIR, "elected", "residents_vote")],
            "村应设村民委员会",
        ),
        (
            [start(village["new_chair"], VC, Post.SECRETARY, "elected", "villagers_vote")],
            "村民委员会没有此职务",
        ),
        (
            [start(village["new_chair"], VC, Post.MEMBER, "elected", "villagers_vote", term=None)],
            "请填写届次",
        ),
        ([start(None, VC, Post.MEMBER, "elected", "villagers_vote")], "请选择任职人员"),
        ([start(village["new_chair"], "", Post.MEMBER, "elected", "villagers_vote")], "请选择班子"),
        ([ChangeLine(action="end", cause="recalled", body="villagers_vote")], "请选择离任的任职"),
        ([ChangeLine(action="move", cause="x", body="y")], "变动只能是离任或任职"),
        ([end(village["chair"], "recalled", "villagers_meeting")], "决定机关应为登记参加选举的村民投票"),
    ]
    for lines, message in cases:
        with pytest.raises(ValidationError, match=message):
            services.change_set_apply(actor=town, org_unit=cast.village, change_date=DAY, lines=lines)
    with pytest.raises(ValidationError, match="只能在村或社区"):
        services.change_set_apply(actor=town, org_unit=cast.town, change_date=DAY, lines=[])
    with pytest.raises(ValidationError, match="变动日期不能早于任职日期"):
        services.change_set_apply(
            actor=town,
            org_unit=cast.village,
            change_date=dt.date(2020, 1, 1),
            lines=[end(village["chair"], "recalled", "villagers_vote")],
        )


def test_the_village_operator_may_not_apply_directly(cast, village):
    with pytest.raises(PermissionDenied, match="村（社区）操作员请提交乡镇（街道）确认"):
        services.change_set_apply(
            actor=cast["village_operator"],
            org_unit=cast.village,
            change_date=DAY,
            lines=[end(village["chair"], "recalled", "villagers_vote")],
        )


def propose(cast, village, actor=None):
    return services.change_set_propose(
        actor=actor or cast["village_operator"],
        org_unit=cast.village,
        change_date=DAY,
        lines=[
            end(village["chair"], "resigned", "villagers_meeting"),
            start(village["new_chair"], VC, Post.CHAIR, "by_election", "villagers_meeting"),
        ],
        note="主任辞职，村民会议补选",
    )


def test_village_proposes_town_confirms(cast, village):
    change = propose(cast, village)
    assert change.state == "proposed"
    # nothing changed yet; the trial application left no trace
    assert sitting(cast.village, VC, Post.CHAIR) == ["老主任"]
    assert Tenure.objects.count() == 2
    assert not AuditEvent.objects.filter(action="committee_change").exists()
    assert AuditEvent.objects.filter(action="create", model="people.CommitteeChange").count() == 1
    # the town sees it among its to-dos
    todos = workflow.awaiting(cast["town_operator"])
    assert [a.record.pk for a in todos] == [change.pk]
    assert "待乡镇确认" in todos[0].label and todos[0].url == f"/people/changes/{change.pk}/"
    assert not workflow.awaiting(cast["village_operator"])
    # the village may not confirm its own proposal
    with pytest.raises(PermissionDenied):
        services.change_set_confirm(actor=cast["village_operator"], change=change)
    services.change_set_confirm(actor=cast["town_operator"], change=change)
    change.refresh_from_db()
    assert change.state == "applied"
    assert sitting(cast.village, VC, Post.CHAIR) == ["新主任"]
    assert AuditEvent.objects.filter(action="committee_change").count() == 1


def test_a_proposal_that_would_not_apply_is_refused_at_once(cast, village):
    with pytest.raises(ValidationError, match="老书记"):
        services.change_set_propose(
            actor=cast["village_operator"],
            org_unit=cast.village,
            change_date=DAY,
            lines=[
                start(village["new_secretary"], PARTY, Post.SECRETARY, "elected", "party_members_meeting")
            ],
        )
    assert not CommitteeChange.objects.exists()


def test_town_returns_with_a_reason(cast, village):
    change = propose(cast, village)
    with pytest.raises(workflow.TransitionRefused):
        services.change_set_return(actor=cast["town_operator"], change=change, reason=" ")
    services.change_set_return(actor=cast["town_operator"], change=change, reason="缺少村民会议决议")
    change.refresh_from_db()
    assert change.state == "returned"
    assert workflow.history(change)[-1].reason == "缺少村民会议决议"
    assert sitting(cast.village, VC, Post.CHAIR) == ["老主任"]
    with pytest.raises(workflow.TransitionRefused):
        services.change_set_confirm(actor=cast["town_operator"], change=change)


def test_two_town_users_confirm_concurrently_one_wins(cast, village):
    change = propose(cast, village)
    second_town_user = user_with_role("town_op2", "town_operator", cast.town)
    first_copy = CommitteeChange.objects.get(pk=change.pk)
    second_copy = CommitteeChange.objects.get(pk=change.pk)
    services.change_set_confirm(actor=cast["town_operator"], change=first_copy)
    with pytest.raises(workflow.StaleRecord, match=r"此记录已被他人修改.*当前状态：已确认"):
        services.change_set_confirm(actor=second_town_user, change=second_copy)
    assert sitting(cast.village, VC, Post.CHAIR) == ["新主任"]
    assert Tenure.objects.filter(person=village["new_chair"]).count() == 1
    assert AuditEvent.objects.filter(action="committee_change").count() == 1


def test_a_committee_changed_since_the_proposal_is_refused_on_confirmation(cast, village):
    change = propose(cast, village)
    services.tenure_end(
        actor=cast["town_operator"], tenure=village["chair"], end_date=DAY, end_reason="deceased"
    )
    with pytest.raises(ValidationError, match="该任职已于 2026-03-02 结束，请刷新后重新填写"):
        services.change_set_confirm(actor=cast["town_operator"], change=change)
    change.refresh_from_db()
    assert change.state == "proposed"


def test_operators_of_another_village_or_town_may_not_propose_or_confirm(cast, village):
    other_village_op = user_with_role("village2_op", "village_operator", cast.village2)
    with pytest.raises(PermissionDenied):
        propose(cast, village, actor=other_village_op)
    change = propose(cast, village)
    for outsider in (other_village_op, cast["other_town_operator"]):
        with pytest.raises(PermissionDenied):
            services.change_set_confirm(actor=outsider, change=change)
        with pytest.raises(PermissionDenied):
            services.change_set_return(actor=outsider, change=change, reason="不同意")
    # the county above confirms
    services.change_set_confirm(actor=cast["county_operator"], change=change)
    assert sitting(cast.village, VC, Post.CHAIR) == ["新主任"]
