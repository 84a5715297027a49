"""The polling plan (issue 12 req. 6): secret booths, mobile boxes with the profile's minimum of
scrutineers, staff relatives barred per profile with provenance, candidates meeting the voters; access
from outside."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from huanjie.elections import committee_selectors as sel
from huanjie.elections import committee_services as svc
from huanjie.elections.models import Election
from tests.elections.conftest import E_DAY, make_campaign, nominate, relate, villager

pytestmark = pytest.mark.django_db


def _plan(cast, election, **kw):
    args = {
        "central_venue": "东村文化礼堂",
        "central_booths": 2,
        "meeting_on": E_DAY - dt.timedelta(days=3),
    } | kw
    return svc.plan_save(actor=cast["town_operator"], election=election, **args)


def _box(cast, plan, **kw):
    args = {"kind": "mobile", "name": "一号流动票箱", "approved": True, "approval_no": "镇选〔2026〕3号"} | kw
    return svc.venue_add(actor=cast["town_operator"], plan=plan, **args)


def _checks(cast, election):
    page = sel.plan_page(cast["town_operator"], election.pk)
    return {row.venue.name: [(s.severity, s.text) for s in row.checks] for row in page.venues}


def test_secret_booth_and_meeting_before_election_day_required(cast, election):
    with pytest.raises(ValidationError, match="秘密写票处"):
        _plan(cast, election, central_booths=0)
    with pytest.raises(ValidationError, match="选举日前"):
        _plan(cast, election, meeting_on=E_DAY)
    with pytest.raises(ValidationError, match="只适用于社区"):
        _plan(cast, election, mode="representatives")
    plan = _plan(cast, election)
    with pytest.raises(ValidationError, match="秘密写票处"):
        svc.venue_add(actor=cast["town_operator"], plan=plan, kind="station", name="二组投票站", booths=0)


def test_mobile_box_below_the_minimum_is_flagged_zhejiang(cast, election):
    plan = _plan(cast, election)
    box = _box(cast, plan)
    for _ in range(2):
        svc.staff_add(actor=cast["town_operator"], plan=plan, person=villager(cast), role="监票", venue=box)
    ((severity, text),) = _checks(cast, election)["一号流动票箱"]
    assert severity == "block" and "3名以上监票人" in text
    svc.staff_add(actor=cast["town_operator"], plan=plan, person=villager(cast), role="监票", venue=box)
    assert _checks(cast, election)["一号流动票箱"] == []


def test_mobile_box_needs_the_towns_approval_in_zhejiang(cast, election):
    plan = _plan(cast, election)
    _box(cast, plan, approved=False, approval_no="")
    assert any("批准" in t for _, t in _checks(cast, election)["一号流动票箱"])


def test_unverified_profile_warns_with_the_default(cast):
    campaign = make_campaign(cast, "shanghai")
    election = Election.objects.create(
        campaign=campaign, unit=cast.village, body="committee", election_day=E_DAY
    )
    plan = _plan(cast, election)
    _box(cast, plan)
    ((severity, text),) = _checks(cast, election)["一号流动票箱"]
    assert severity == "warning" and "未核实" in text


def test_staff_sibling_barred_in_zhejiang_with_provenance(cast, election, campaign):
    plan = _plan(cast, election)
    cand = villager(cast)
    nominate(campaign, cast.village, cand)
    sister = villager(cast)
    relate(sister, cand, "sibling")
    with pytest.raises(ValidationError) as e:
        svc.staff_add(actor=cast["town_operator"], plan=plan, person=sister, role="唱票")
    assert "兄弟姐妹" in str(e.value) and "浙江省村民委员会选举办法 第二十二条" in str(e.value)
    with pytest.raises(ValidationError, match="不得担任"):
        svc.staff_add(actor=cast["town_operator"], plan=plan, person=cand, role="计票")


def test_staff_sibling_not_barred_in_shanghai_but_direct_line_is(cast):
    campaign = make_campaign(cast, "shanghai")
    election = Election.objects.create(
        campaign=campaign, unit=cast.village, body="committee", election_day=E_DAY
    )
    plan = _plan(cast, election)
    cand = villager(cast)
    nominate(campaign, cast.village, cand)
    sister, grandfather = villager(cast), villager(cast)
    relate(sister, cand, "sibling")
    relate(grandfather, cand, "grandparent")
    row = svc.staff_add(actor=cast["town_operator"], plan=plan, person=sister, role="发票")
    assert row.pk
    with pytest.raises(ValidationError, match="上海市村民委员会选举办法 第十四条"):
        svc.staff_add(actor=cast["town_operator"], plan=plan, person=grandfather, role="代书")


def test_staff_nominated_later_is_flagged_on_the_page(cast, election, campaign):
    plan = _plan(cast, election)
    brother = villager(cast)
    svc.staff_add(actor=cast["town_operator"], plan=plan, person=brother, role="监票")
    cand = villager(cast)
    relate(brother, cand, "sibling")
    nominate(campaign, cast.village, cand)
    page = sel.plan_page(cast["town_operator"], election.pk)
    ((shown),) = page.staff_checks
    assert shown.severity == "block" and "已核实" in shown.provenance


def test_pages_and_access_from_outside(cast, election, client):
    plan = _plan(cast, election)
    _box(cast, plan)
    client.force_login(cast["town_operator"])
    r = client.get(f"/elections/committee/election/{election.pk}/plan/")
    body = r.content.decode()
    assert r.status_code == 200 and "一号流动票箱" in body and "东村文化礼堂" in body
    r = client.post(
        f"/elections/committee/election/{election.pk}/plan/venue/",
        {"kind": "station", "name": "三组投票站", "booths": "0"},
    )
    assert r.status_code == 400 and "秘密写票处" in r.content.decode()
    client.force_login(cast["other_town_operator"])
    assert client.get(f"/elections/committee/election/{election.pk}/plan/").status_code == 404
    r = client.post(
        f"/elections/committee/election/{election.pk}/plan/staff/", {"person": "1", "role": "监票"}
    )
    assert r.status_code == 404
