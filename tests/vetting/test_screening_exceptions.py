"""The screening's exceptions recorded by the county (issue 11 req. 3) and the campaign's pledge
setting (req. 9): an age relaxation approved by the county clears the age guidance (the 60th
birthday on the cut-off day is the boundary); a 容错纠错 ruling clears a 不宜 finding of a sitting
cadre only — never a 不能-tier item, a statutory bar or a candidate who is not a sitting cadre, and the
page says why; only a county-level reviewer records them; each write is audited and re-screens the
stored effect; a missing 承诺书 blocks the 镇党委's approval only where the campaign says so."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from huanjie.core import workflow
from huanjie.core.audit import AuditEvent
from huanjie.planning import services as planning_services
from huanjie.planning.models import GuidanceRule
from huanjie.vetting import exception_services as svc
from huanjie.vetting import party_services, screening
from huanjie.vetting.models import (
    AgeRelaxationApproval,
    Candidate,
    Finding,
    Pledge,
    ToleranceRuling,
)
from tests.factories import PersonFactory
from tests.vetting.helpers import campaign_with_negative_list
from tests.vetting.test_party import INSPECTION, _approve, _party, _request, _submit

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 3, 1)
CUTOFF = dt.date(2026, 1, 1)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(screening, "today", lambda: ON)


@pytest.fixture
def campaign(cast):
    return campaign_with_negative_list(cast.city)


def _finding(c, *, item="N2", bar="", status="substantiated"):
    return Finding.objects.create(
        candidate=c,
        source="joint_review",
        reporter="自然资源局",
        item_code=item,
        statutory_code=bar,
        found_on=dt.date(2025, 6, 1),
        status=status,
        note="2025年违法占用耕地",
    )


def _candidate(cast, campaign, *, source="sitting", birth=dt.date(1975, 6, 1)):
    person = PersonFactory(domicile_unit=cast.village, birth_date=birth)
    c = Candidate.objects.create(
        campaign=campaign,
        unit=cast.village,
        person=person,
        side="party",
        post="secretary",
        source=source,
        channel="two_recommendations",
        votes_members=40,
        votes_public=300,
    )
    # 考察 recorded and 承诺书 signed: only the findings and the guidance hold the approval
    party_services.inspection_save(actor=cast["town_operator"], candidate=c, **INSPECTION)
    _pledge(cast, campaign, c)
    return c


def _checks(c, prefix):
    return [(x.result, x.text) for x in screening.screen(c, on=ON).checks if x.rule.startswith(prefix)]


def _effect(c):
    return Candidate.objects.get(pk=c.pk).screening_effect


def _rule(cast, finding, actor="county_operator", document="清河县委〔2026〕12号"):
    return svc.ruling_record(
        actor=cast[actor], finding=finding, document=document, ruled_on=dt.date(2026, 2, 10), note="先行先试"
    )


# --- 容错纠错 ------------------------------------------------------------------------------------


def test_a_ruling_clears_a_should_not_finding_of_a_sitting_cadre(cast, campaign):
    c = _candidate(cast, campaign)
    f = _finding(c, item="N2")
    assert screening.screen(c, on=ON).effect == "warn"
    assert _checks(c, "negative:N2")[0][0] == "warn"
    ruling = _rule(cast, f)
    after = screening.screen(c, on=ON)
    assert [r for r, _ in _checks(c, f"tolerance:{f.pk}:item")] == ["pass"]
    assert "清河县委〔2026〕12号" in _checks(c, f"tolerance:{f.pk}:item")[0][1]
    assert not [x for x in after.checks if x.rule == "negative:N2" and x.result != "pass"]
    assert _effect(c) == after.effect  # re-screened and stored on recording
    audit = AuditEvent.objects.filter(model="vetting.ToleranceRuling", object_id=str(ruling.pk))
    assert [e.action for e in audit] == ["create"]
    svc.ruling_remove(actor=cast["county_operator"], ruling=ruling, reason="认定撤销")
    assert _effect(c) == "warn"
    assert not ToleranceRuling.objects.exists()
    assert AuditEvent.objects.filter(model="vetting.ToleranceRuling", action="delete").count() == 1


def test_a_ruling_never_clears_a_cannot_tier_item(cast, campaign):
    c = _candidate(cast, campaign)
    f = _finding(c, item="N1")
    _rule(cast, f)
    s = screening.screen(c, on=ON)
    assert s.effect == "block" and _effect(c) == "block"
    [(result, text)] = _checks(c, f"tolerance:{f.pk}:item")
    assert result == "warn" and "不予适用" in text and "“不能”类" in text


def test_a_ruling_never_clears_a_statutory_bar(cast, campaign):
    c = _candidate(cast, campaign)
    f = _finding(c, item="N2", bar="criminal_punishment")
    _rule(cast, f)
    found = {x.rule: x.result for x in screening.screen(c, on=ON).checks}
    # the 不宜 part is cleared, the statutory bar's part refused: the candidate stays blocked
    assert found[f"tolerance:{f.pk}:item"] == "pass"
    assert found[f"tolerance:{f.pk}:bar"] == "warn"
    assert "法律规定的候选人禁止情形" in _checks(c, f"tolerance:{f.pk}:bar")[0][1]
    assert _effect(c) == "block"


def test_a_ruling_applies_only_to_a_sitting_cadre(cast, campaign):
    c = _candidate(cast, campaign, source="reserve")
    f = _finding(c, item="N2")
    _rule(cast, f)
    [(result, text)] = _checks(c, f"tolerance:{f.pk}:item")
    assert result == "warn" and "不是现任“两委”干部" in text
    assert _effect(c) == "warn"


def test_a_ruling_on_an_unverified_finding_does_not_apply(cast, campaign):
    c = _candidate(cast, campaign)
    f = _finding(c, item="N2", status="unverified")
    _rule(cast, f)
    [(result, text)] = _checks(c, f"tolerance:{f.pk}:item")
    assert result == "warn" and "未经查实" in text


@pytest.mark.parametrize("actor", ["town_operator", "village_operator", "city_operator", "vetting"])
def test_only_a_county_reviewer_records_a_ruling(cast, campaign, actor):
    c = _candidate(cast, campaign)
    f = _finding(c)
    with pytest.raises(PermissionDenied):
        _rule(cast, f, actor=actor)
    assert not ToleranceRuling.objects.exists()


def test_a_ruling_needs_its_document_number_and_is_recorded_once(cast, campaign):
    c = _candidate(cast, campaign)
    f = _finding(c)
    with pytest.raises(ValidationError):
        _rule(cast, f, document="  ")
    _rule(cast, f, actor="county_approver")
    with pytest.raises(ValidationError):
        _rule(cast, f)


# --- age relaxation ---------------------------------------------------------------------------


def _age_guidance(campaign):
    GuidanceRule.objects.create(
        campaign=campaign,
        post="secretary",
        applies_to="all",
        age_limit_male=60,
        cutoff=CUTOFF,
        severity="block",
        citation="东湖市换届工作意见 第五条",
    )


def _relax(cast, c, actor="county_operator", document="清河组〔2026〕3号", on=dt.date(2026, 2, 1)):
    return svc.relaxation_record(
        actor=cast[actor],
        candidate=c,
        approved_by="清河县委组织部",
        document=document,
        approved_on=on,
        reason="百名示范村党组织书记",
    )


@pytest.mark.parametrize(
    ("birth", "capped"),
    [
        (dt.date(1966, 1, 1), True),  # 60 on the cut-off day: reached
        (dt.date(1966, 1, 2), False),  # 60 the day after: not reached
    ],
)
def test_the_age_guidance_at_its_boundary_and_the_county_relaxation(cast, campaign, birth, capped):
    _age_guidance(campaign)
    c = _candidate(cast, campaign, birth=birth)
    assert [r for r, _ in _checks(c, "age_cap")] == (["block"] if capped else ["pass"])
    approval = _relax(cast, c)
    [(result, text)] = _checks(c, "age_cap")
    assert result == "pass"
    if capped:
        assert "清河县委组织部批准放宽年龄要求（清河组〔2026〕3号，2026-02-01，百名示范村党组织书记）" in text
        assert _effect(c) != "block"
    else:
        assert "本人未触及年龄要求" in _checks(c, "age_relaxation")[0][1]
    assert AuditEvent.objects.filter(model="vetting.AgeRelaxationApproval", action="create").count() == 1
    svc.relaxation_remove(actor=cast["county_operator"], approval=approval, reason="批准文件撤回")
    assert _effect(c) == ("block" if capped else "pass")
    assert not AgeRelaxationApproval.objects.exists()


def test_a_relaxation_is_the_county_reviewers_and_needs_its_approval(cast, campaign):
    c = _candidate(cast, campaign)
    with pytest.raises(PermissionDenied):
        _relax(cast, c, actor="town_operator")
    with pytest.raises(ValidationError):
        _relax(cast, c, document="")
    with pytest.raises(ValidationError):
        _relax(cast, c, on=ON + dt.timedelta(days=1))  # an approval dated after today
    _relax(cast, c, on=ON)
    with pytest.raises(ValidationError):
        _relax(cast, c)


# --- the pages -------------------------------------------------------------------------------


def test_the_county_records_a_refused_ruling_and_the_page_says_why(cast, campaign, client):
    c = _candidate(cast, campaign)
    f = _finding(c, item="N1")
    client.force_login(cast["county_operator"])
    page = client.get(reverse("vetting:exceptions", args=[c.pk]))
    assert page.status_code == 200 and "登记容错纠错认定" in page.content.decode()
    r = client.post(
        reverse("vetting:ruling_new", args=[c.pk]),
        {"finding": f.pk, "document": "清河县委〔2026〕12号", "ruled_on": "2026-02-10", "note": ""},
        follow=True,
    )
    body = r.content.decode()
    assert "不予适用" in body and "“不能”类" in body
    candidate_page = client.get(reverse("vetting:candidate", args=[c.pk])).content.decode()
    assert "资格审查例外" in candidate_page and "清河县委〔2026〕12号" in candidate_page


def test_the_town_reads_the_exceptions_but_may_not_record(cast, campaign, client):
    c = _candidate(cast, campaign)
    f = _finding(c)
    client.force_login(cast["town_operator"])
    page = client.get(reverse("vetting:exceptions", args=[c.pk])).content.decode()
    assert "未登记容错纠错认定" in page
    assert reverse("vetting:ruling_new", args=[c.pk]) not in page and "登记县级批准" not in page
    r = client.post(
        reverse("vetting:ruling_new", args=[c.pk]),
        {"finding": f.pk, "document": "x", "ruled_on": "2026-02-10"},
    )
    assert r.status_code == 403
    client.force_login(cast["village_operator"])  # no vetting.confidential
    assert client.get(reverse("vetting:exceptions", args=[c.pk])).status_code == 403


def test_the_relaxation_form_and_its_removal(cast, campaign, client):
    _age_guidance(campaign)
    c = _candidate(cast, campaign, birth=dt.date(1966, 1, 1))
    client.force_login(cast["county_operator"])
    bad = client.post(reverse("vetting:relaxation_new", args=[c.pk]), {"approved_by": "县委组织部"})
    assert bad.status_code == 400
    ok = client.post(
        reverse("vetting:relaxation_new", args=[c.pk]),
        {
            "approved_by": "县委组织部",
            "document": "清河组〔2026〕3号",
            "approved_on": "2026-02-01",
            "reason": "百名示范",
        },
    )
    assert ok.status_code == 302 and _effect(c) != "block"
    gone = client.post(reverse("vetting:relaxation_remove", args=[c.pk]), {"reason": "撤回"})
    assert gone.status_code == 302 and _effect(c) == "block"


# --- req. 9: a missing 承诺书 and the 镇党委's approval ------------------------------------------


def _pledge(cast, campaign, c):
    Pledge.objects.create(
        campaign=campaign,
        unit=cast.village,
        kind="commitment",
        person=c.person,
        signer_name=c.person.name,
        signed_on=dt.date(2026, 2, 1),
        file_name="承诺书.pdf",
        content_type="application/pdf",
        size=10,
        digest="-",
        stored=f"p{c.pk}",
        recorded_at=dt.datetime(2026, 2, 1, tzinfo=dt.UTC),
        recorded_by="test",
    )


def test_without_the_setting_a_missing_pledge_only_warns(cast, campaign):
    assert campaign.pledge_blocks_party is False
    c = _party(cast, campaign)
    assert [r for r, _ in _checks(c, "pledge")] == ["warn"]
    r = _request(cast, campaign, c)
    _submit(cast, r)
    _approve(cast, r)
    assert Candidate.objects.get(pk=c.pk).request.state == "approved"


def test_the_campaign_settings_form_sets_it(cast, client):
    from huanjie.planning.models import Campaign

    draft = Campaign.objects.create(
        city=cast.city,
        name="草稿",
        profile_code="zhejiang",
        window_start=dt.date(2025, 12, 1),
        window_end=dt.date(2026, 6, 30),
    )
    client.force_login(cast["city_operator"])
    page = client.get(reverse("planning:campaign", args=[draft.pk])).content.decode()
    assert 'name="pledge_blocks_party"' in page
    data = {
        "name": "草稿",
        "profile_code": "zhejiang",
        "window_start": "2025-12-01",
        "window_end": "2026-06-30",
        "version": draft.version,
    }
    r = client.post(reverse("planning:campaign_edit", args=[draft.pk]), {**data, "pledge_blocks_party": "on"})
    assert r.status_code == 302
    draft.refresh_from_db()
    assert draft.pledge_blocks_party is True
    client.post(reverse("planning:campaign_edit", args=[draft.pk]), {**data, "version": draft.version})
    draft.refresh_from_db()
    assert draft.pledge_blocks_party is False
    assert AuditEvent.objects.filter(model="planning.Campaign", action="update").count() == 2
    # the service leaves it as it is when not given
    planning_services.campaign_update(
        actor=cast["city_operator"],
        campaign=draft,
        name="草稿二",
        profile_code="zhejiang",
        window_start=draft.window_start,
        window_end=draft.window_end,
    )
    draft.refresh_from_db()
    assert draft.pledge_blocks_party is False


def test_with_the_setting_a_missing_pledge_refuses_the_approval(cast, campaign):
    type(campaign).objects.filter(pk=campaign.pk).update(pledge_blocks_party=True)
    campaign.refresh_from_db()
    assert campaign.pledge_blocks_party is True
    c = _party(cast, campaign)
    assert [r for r, _ in _checks(c, "pledge")] == ["block"]
    r = _request(cast, campaign, c)
    _submit(cast, r)
    with pytest.raises(workflow.TransitionRefused, match="镇党委不能批复同意"):
        _approve(cast, r)
    [reason] = party_services.approval_blocks(r, on=ON)
    assert "未签订换届纪律承诺书" in reason
    _pledge(cast, campaign, c)
    assert party_services.approval_blocks(r, on=ON) == []
    _approve(cast, r)
    # a 村委会 candidate is never blocked by it: a warning and a talk
    committee = Candidate.objects.create(
        campaign=campaign,
        unit=cast.village,
        person=PersonFactory(domicile_unit=cast.village),
        side="committee",
        post="chair",
        source="sitting",
        channel="voters",
        nomination_votes=100,
    )
    assert [r for r, _ in _checks(committee, "pledge")] == ["warn"]


def test_reading_the_exceptions_from_outside_the_town_is_audited(cast, campaign, client):
    c = _candidate(cast, campaign)
    client.force_login(cast["town_operator"])
    assert client.get(reverse("vetting:exceptions", args=[c.pk])).status_code == 200
    assert not AuditEvent.objects.filter(action="view_confidential").exists()
    client.force_login(cast["city_operator"])
    assert client.get(reverse("vetting:exceptions", args=[c.pk])).status_code == 200
    [event] = AuditEvent.objects.filter(action="view_confidential")
    assert event.object_id == str(c.pk) and event.reason == "查看人选资格审查情况"
    client.force_login(cast["other_town_operator"])  # outside the jurisdiction: nothing leaks
    assert client.get(reverse("vetting:exceptions", args=[c.pk])).status_code == 404
