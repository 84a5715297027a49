"""Voiding (issue 13 req. 8): only the body the profile names declares a winner's election void, with
its document number and date; a finding only starts it; the remedy is the profile's; only a declared
void election is re-run; Party elections: the higher organization decides. The public receipt check
shows 已宣告无效 afterwards."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from huanjie.core.models import AuditEvent
from huanjie.elections import results_selectors as rsel
from huanjie.elections import results_void_services as svc
from huanjie.elections.models import Election, VoidDecision, VoidReferral
from tests.elections.test_results import certified, results_election
from tests.elections.test_results_party import members_meeting
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db
DECIDED = dt.date(2026, 4, 2)


@pytest.fixture
def second(cast):
    return user_with_role("village_op2", "village_operator", cast.village)


def certified_round(cast, second, profile):
    """A certified 村委会 round (主任 甲主任; 委员 委员丙, 委员丁), then judged under ``profile``."""
    e = results_election(cast, profile="beijing")
    r, receipt = certified(cast, e, second)
    e.campaign.profile_code = profile
    e.campaign.save(update_fields=["profile_code"])
    return r, receipt


def void(cast, r, body, person="甲主任", user="town_operator", **kw):
    return svc.void_winner(
        actor=cast[user],
        round=r,
        person=person,
        body=body,
        document_no=kw.pop("document_no", "青政〔2026〕12号"),
        decided_on=kw.pop("decided_on", DECIDED),
        reason="贿选，经调查属实",
        **kw,
    )


@pytest.mark.parametrize(
    ("profile", "accepted", "refused", "citation"),
    [
        (
            "zhejiang",
            ["election_committee", "township_government", "county_government"],
            [],
            "浙江省村民委员会选举办法 第四十一条",
        ),
        (
            "beijing",
            ["township_government", "county_government"],
            ["election_committee"],
            "北京市村民委员会选举办法 第三十八条",
        ),
        (
            "henan",
            ["county_government"],
            ["election_committee", "township_government"],
            "河南省实施《村民委员会组织法》办法 第四十四条",
        ),
    ],
)
def test_only_the_body_the_profile_names_declares_a_winner_void(
    cast, second, profile, accepted, refused, citation
):
    r, _ = certified_round(cast, second, profile)
    for body in [*refused, "organization_department", "discipline_commission", "higher_party_org"]:
        with pytest.raises(ValidationError) as exc:
            void(cast, r, body)
        assert citation in str(exc.value)
    assert not VoidDecision.objects.exists()
    d = void(cast, r, accepted[-1])
    assert (d.person, d.post, d.document_no, d.decided_on, d.citation) == (
        "甲主任",
        "主任",
        "青政〔2026〕12号",
        DECIDED,
        citation,
    )
    with pytest.raises(ValidationError, match="已被宣告当选无效"):
        void(cast, r, accepted[0])


def test_a_finding_is_recorded_and_changes_nothing(cast, second, client):
    r, receipt = certified_round(cast, second, "beijing")
    ref = svc.record_referral(
        actor=cast["county_operator"],
        election=r.election,
        source="discipline_commission",
        document_no="清纪〔2026〕3号",
        found_on=DECIDED,
        summary="甲主任涉嫌贿选",
        person="甲主任",
        round=r,
    )
    assert ref.source == "纪检监察机关" and not VoidDecision.objects.exists()
    assert rsel.public_check(receipt.code).voided == ()
    d = void(cast, r, "county_government", user="county_operator", referral=ref)
    assert d.referral == ref
    client.force_login(cast["county_operator"])
    page = client.get(reverse("elections_results:void_record", args=[r.election_id])).content.decode()
    assert (
        "清纪〔2026〕3号" in page
        and "青政〔2026〕12号" in page
        and "北京市村民委员会选举办法 第三十八条" in page
    )


def test_the_remedy_is_the_profiles(cast, second):
    r, _ = certified_round(cast, second, "zhejiang")
    d = void(cast, r, "election_committee", user="village_operator")
    assert d.remedy == "supplementary" and "另行选举" in d.remedy_text


def test_shanghai_may_stay_short_while_three_members_remain(cast, second):
    r, _ = certified_round(cast, second, "shanghai")
    # 主任 + 2 委员 announced; voiding one leaves 2 → 补选 within three months (上海 第二十九条)
    d = void(cast, r, "township_government")
    assert d.remedy == "by_election" and "3 个月内" in d.remedy_text
    assert d.remedy_citation == "上海市村民委员会选举办法 第二十九条"
    assert d.citation == "村民委员会组织法(2025) 第二十一条 [M]"


def test_a_whole_election_is_re_run_only_when_declared_void(cast, second, client):
    r, receipt = certified_round(cast, second, "henan")
    void(cast, r, "county_government", user="county_operator")
    assert rsel.public_check(receipt.code).voided[0].startswith("已宣告无效：甲主任（主任）当选无效")
    with pytest.raises(ValidationError, match="第三十九条"):
        svc.void_election(
            actor=cast["town_operator"],
            election=r.election,
            body="township_government",
            document_no="x",
            decided_on=DECIDED,
        )
    d = svc.void_election(
        actor=cast["county_operator"],
        election=r.election,
        body="county_government",
        document_no="清政〔2026〕20号",
        decided_on=DECIDED,
        reason="违反选举规定",
    )
    assert (d.scope, d.remedy) == ("election", "rerun") and "30 日内" in d.remedy_text
    assert AuditEvent.objects.filter(model__icontains="voiddecision").count() == 2
    notes = rsel.public_check(receipt.code).voided
    assert len(notes) == 2 and "本次选举无效" in notes[1]
    page = client.get(reverse("elections_results:verify"), {"code": receipt.code}).content.decode()
    assert "已宣告无效" in page and "清政〔2026〕20号" in page
    with pytest.raises(ValidationError, match="已被宣告无效"):
        svc.void_election(
            actor=cast["county_operator"],
            election=r.election,
            body="county_government",
            document_no="y",
            decided_on=DECIDED,
        )


def test_the_document_number_date_winner_and_recorder_are_checked(cast, second):
    r, _ = certified_round(cast, second, "beijing")
    with pytest.raises(ValidationError) as exc:
        void(cast, r, "township_government", document_no=" ", decided_on=dt.date(2026, 3, 1))
    assert set(exc.value.message_dict) == {"document_no", "decided_on"}
    with pytest.raises(ValidationError, match="决定日期不能晚于今天"):
        void(cast, r, "township_government", decided_on=dt.date.today() + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="不是该轮公布的当选人"):
        void(cast, r, "township_government", person="乙主任")
    with pytest.raises(PermissionDenied):  # a village cannot record a government's decision
        void(cast, r, "township_government", user="village_operator")
    with pytest.raises(PermissionDenied):  # outside the jurisdiction
        void(cast, r, "township_government", user="other_town_operator")
    assert not VoidDecision.objects.exists() and not VoidReferral.objects.exists()


def test_party_elections_the_higher_organization_decides(cast):
    from tests.elections.conftest import make_campaign

    pe = Election.objects.create(
        campaign=make_campaign(cast, "zhejiang"),
        unit=cast.village,
        body="party",
        election_day=dt.date(2026, 3, 10),
    )
    m = members_meeting(cast, pe)
    with pytest.raises(ValidationError, match="上级党组织"):
        void(cast, m, "township_government", person="张一")
    d = void(cast, m, "higher_party_org", person="张一")
    assert d.meeting == m and d.post == "委员" and d.remedy == "party_supplementary"
    assert d.citation == "中国共产党基层组织选举工作条例(2020) [S]"


def test_the_results_page_links_to_the_party_and_voiding_pages(cast, second, client):
    r, _ = certified_round(cast, second, "beijing")
    client.force_login(cast["town_operator"])
    page = client.get(reverse("elections_results:election", args=[r.election_id])).content.decode()
    assert reverse("elections_results:void_record", args=[r.election_id]) in page
    assert "党员大会与委员会会议的结果" not in page
