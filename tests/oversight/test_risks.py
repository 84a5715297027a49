"""Issue 14 req. 2: risks (风险研判) — a key village, group or matter with level, cause, owner,
measures and contingency plan (预案), submitted by the town and approved or returned by the county;
a high-risk village cannot have its election scheduled (elections' procedure service asks
core.plugins.scheduling_gates) until the county approved its plan; the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from huanjie.core.workflow import RecordLocked, TransitionRefused
from huanjie.elections import procedure_services as esvc
from huanjie.elections.models import Election
from huanjie.oversight import risks_selectors as sel
from huanjie.oversight import risks_services as svc
from huanjie.oversight.models import Risk
from huanjie.planning import services as psvc

pytestmark = pytest.mark.django_db

E_DAY = dt.date(2026, 3, 20)


@pytest.fixture
def today(monkeypatch):
    day = {"value": dt.date(2026, 3, 10)}
    monkeypatch.setattr("huanjie.core.workflow.today", lambda: day["value"])
    return day


@pytest.fixture
def campaign(cast):
    c = psvc.campaign_create(
        actor=cast["city_operator"],
        city=cast.city,
        name="2026年换届",
        profile_code="zhejiang",
        window_start=dt.date(2025, 12, 1),
        window_end=dt.date(2026, 6, 30),
    )
    psvc.campaign_act(actor=cast["city_operator"], campaign=c, name="publish")
    return c


def _risk(cast, campaign, level="high", unit=None, kind="village", **kw):
    fields = {
        "title": "宗族矛盾突出",
        "cause": "两大姓氏争夺村主任",
        "owner": "钱镇长",
        "measures": "",
        "plan": "",
    } | kw
    return svc.risk_create(
        actor=cast["town_operator"],
        campaign=campaign,
        unit=unit or cast.village,
        kind=kind,
        level=level,
        **fields,
    )


def _schedule(cast, e):
    return esvc.election_schedule(
        actor=cast["town_operator"], election=Election.objects.get(pk=e.pk), election_day=E_DAY
    )


def _fresh(r):
    return Risk.objects.get(pk=r.pk)


def test_a_high_risk_village_is_not_scheduled_until_its_plan_is_approved(cast, campaign, today):
    e = esvc.election_create(
        actor=cast["town_operator"], campaign=campaign, unit=cast.village, body="committee", kind="regular"
    )
    r = _risk(cast, campaign)
    with pytest.raises(ValidationError) as exc:
        _schedule(cast, e)
    (reason,) = [m for m in exc.value.message_dict["election_day"] if "风险" in m]
    assert reason == (
        "该村（社区）风险研判为高风险（宗族矛盾突出），应急预案尚未经县级批准（当前：研判中），暂不能安排选举"
    )
    assert Election.objects.get(pk=e.pk).election_day is None
    with pytest.raises(TransitionRefused, match="须填写化解措施和应急预案"):
        svc.risk_act(actor=cast["town_operator"], risk=r, name="submit")
    r = svc.risk_update(actor=cast["town_operator"], risk=r, measures="分头谈心", plan="选举日公安驻点")
    svc.risk_act(actor=cast["town_operator"], risk=r, name="submit")
    with pytest.raises(ValidationError) as exc:  # submitted is not approved
        _schedule(cast, e)
    assert any("当前：待县级审核" in m for m in exc.value.message_dict["election_day"])
    with pytest.raises(PermissionDenied):  # the town does not approve its own plan
        svc.risk_act(actor=cast["town_operator"], risk=_fresh(r), name="approve")
    svc.risk_act(actor=cast["county_approver"], risk=_fresh(r), name="approve")
    assert _fresh(r).state == "approved"
    assert _schedule(cast, e).election_day == E_DAY


def test_medium_risks_groups_and_other_villages_do_not_close_the_gate(cast, campaign, today):
    _risk(cast, campaign, level="medium")
    _risk(cast, campaign, kind="group", unit=cast.town)
    _risk(cast, campaign, unit=cast.village2)
    assert sel.scheduling_gates(cast["town_operator"], cast.village) == []
    assert sel.scheduling_gates(cast["town_operator"], cast.town) == []
    (gate,) = sel.scheduling_gates(cast["county_operator"], cast.village2)
    assert gate.closed and gate.key == "oversight.risk"


def test_the_county_returns_with_a_reason_and_the_risk_is_locked_while_submitted(cast, campaign, today):
    r = _risk(cast, campaign, measures="m", plan="p")
    svc.risk_act(actor=cast["town_operator"], risk=r, name="submit")
    with pytest.raises(RecordLocked):
        svc.risk_update(actor=cast["town_operator"], risk=_fresh(r), plan="改")
    with pytest.raises(TransitionRefused):
        svc.risk_act(actor=cast["county_approver"], risk=_fresh(r), name="return")
    svc.risk_act(actor=cast["county_approver"], risk=_fresh(r), name="return", reason="预案不具体")
    assert svc.risk_update(actor=cast["town_operator"], risk=_fresh(r), plan="细化").plan == "细化"


def test_submitted_risks_are_overdue_after_seven_days(cast, campaign, today):
    r = _risk(cast, campaign, measures="m", plan="p")
    svc.risk_act(actor=cast["town_operator"], risk=r, name="submit")
    assert _fresh(r).state_due == dt.date(2026, 3, 17)
    f = sel.RiskFilters(overdue=True)
    today["value"] = dt.date(2026, 3, 17)
    assert not sel.risks(cast["county_operator"], f).exists()
    today["value"] = dt.date(2026, 3, 18)
    assert list(sel.risks(cast["county_operator"], f)) == [_fresh(r)]


def test_registration_is_checked_and_scoped(cast, campaign, today):
    with pytest.raises(PermissionDenied):
        _risk(cast, campaign, unit=cast.village_b)
    with pytest.raises(ValidationError):
        _risk(cast, campaign, unit=cast.town, kind="village")
    r = _risk(cast, campaign)
    assert list(sel.risks(cast["other_town_operator"], sel.RiskFilters())) == []
    assert list(sel.risks(cast["leader"], sel.RiskFilters(level="high"))) == [r]


def test_pages(cast, campaign, client, today):
    client.force_login(cast["town_operator"])
    r = client.post(
        reverse("oversight_risks:new"),
        {
            "campaign": campaign.pk,
            "unit": cast.village.pk,
            "kind": "village",
            "title": "换届矛盾",
            "level": "high",
            "cause": "原班子不团结",
            "owner": "钱镇长",
            "measures": "",
            "plan": "",
        },
    )
    assert r.status_code == 302
    risk = Risk.objects.get()
    page = client.get(risk.get_absolute_url()).content.decode()
    assert "选举安排受限" in page and "报县级审核" in page
    refused = client.post(reverse("oversight_risks:act", args=[risk.pk]), {"action": "submit"})
    assert refused.status_code == 400 and "须填写化解措施和应急预案" in refused.content.decode()
    listing = client.get(reverse("oversight_risks:list") + "?level=high").content.decode()
    assert "换届矛盾" in listing
    assert client.get(reverse("oversight_risks:export")).status_code == 200
    client.force_login(cast["other_town_operator"])
    assert client.get(risk.get_absolute_url()).status_code == 404
