"""Party 预备人选 (issue 11 reqs. 1, 6, 8, 12): the branch's 请示 and the 镇党委's 批复, every block of
the approval (no 带病上岗), the 考察, the lock of approved 预备人选, the pages and their query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from huanjie.core import workflow
from huanjie.core.audit import AuditEvent
from huanjie.planning.models import GuidanceRule
from huanjie.rules.eligibility import anniversary
from huanjie.vetting import party_services as svc
from huanjie.vetting import screening, services
from huanjie.vetting.models import Candidate, Finding, Inspection, PartyRequest
from huanjie.vetting.party_selectors import _ranks
from tests.factories import PersonFactory
from tests.vetting.helpers import campaign_with_negative_list, nominated

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 3, 1)
INSPECTION = {
    "rating_de": "excellent",
    "rating_neng": "competent",
    "rating_qin": "competent",
    "rating_ji": "excellent",
    "rating_lian": "excellent",
    "narrative": "政治立场坚定，群众基础好，带富能力强。",
    "poll_satisfied": 40,
    "poll_basic": 5,
    "poll_unsatisfied": 1,
    "inspectors": "王考察、李组织",
    "inspected_on": dt.date(2026, 2, 20),
    "strength_political": "excellent",
    "strength_coverage": "competent",
    "strength_cohesion": "excellent",
    "strength_appeal": "competent",
    "strength_development": "excellent",
}


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(screening, "today", lambda: ON)


@pytest.fixture
def campaign(cast):
    return campaign_with_negative_list(cast.city)


def _party(cast, campaign, *, post="secretary", votes=(40, 300), name=None, inspect=True, unit=None):
    person = PersonFactory(domicile_unit=unit or cast.village, **({"name": name} if name else {}))
    c = services.candidate_register(
        actor=cast["town_operator"],
        campaign=campaign,
        unit=unit or cast.village,
        person=person,
        side="party",
        post=post,
        source="sitting",
        channel="two_recommendations",
        votes_members=votes[0],
        votes_public=votes[1],
    )
    if inspect:
        svc.inspection_save(actor=cast["town_operator"], candidate=c, **INSPECTION)
    return c


def _request(cast, campaign, *cands, actor="village_operator"):
    r = svc.request_create(actor=cast[actor], campaign=campaign, unit=cast.village)
    svc.request_update(
        actor=cast[actor], request=r, request_no="东村支〔2026〕1号", request_date=dt.date(2026, 2, 25)
    )
    if cands:
        svc.request_attach(actor=cast[actor], request=r, candidates=list(cands))
    return r


def _submit(cast, r, actor="village_operator"):
    svc.request_act(actor=cast[actor], request=r, name="submit")


def _approve(cast, r, actor="town_operator", no="青石党〔2026〕5号"):
    svc.request_act(actor=cast[actor], request=r, name="approve", approval_no=no, approval_date=ON)


def _finding(c, *, status="substantiated", item="N1", bar="", on=dt.date(2025, 6, 1)):
    return Finding.objects.create(
        candidate=c,
        source="joint_review",
        reporter="县纪委",
        item_code=item,
        statutory_code=bar,
        found_on=on,
        status=status,
        note="2025年受党内警告处分",
    )


# --- the 请示/批复 chain ----------------------------------------------------------------------------


def test_village_submits_and_town_approves(cast, campaign):
    c = _party(cast, campaign)
    r = _request(cast, campaign, c)
    _submit(cast, r)
    assert PartyRequest.objects.get().state == "submitted"
    _approve(cast, r)
    r.refresh_from_db()
    assert (r.state, r.approval_no, r.approval_date) == ("approved", "青石党〔2026〕5号", ON)
    assert [h.transition for h in workflow.history(r)] == ["submit", "approve"]
    kinds = set(AuditEvent.objects.filter(model="vetting.PartyRequest").values_list("action", flat=True))
    assert {"create", "update", "transition"} <= kinds


def test_town_may_submit_for_the_branch(cast, campaign):
    r = _request(cast, campaign, _party(cast, campaign), actor="town_operator")
    _submit(cast, r, actor="town_operator")
    assert PartyRequest.objects.get().state == "submitted"


@pytest.mark.parametrize("role", ["village_operator", "county_operator", "other_town_operator", "leader"])
def test_only_the_town_decides(cast, campaign, role):
    r = _request(cast, campaign, _party(cast, campaign))
    _submit(cast, r)
    with pytest.raises(PermissionDenied):
        _approve(cast, r, actor=role)
    with pytest.raises(PermissionDenied):
        svc.request_act(actor=cast[role], request=r, name="return", reason="人选不当")
    assert PartyRequest.objects.get().state == "submitted"


def test_return_needs_a_reason_and_the_branch_resubmits(cast, campaign):
    r = _request(cast, campaign, _party(cast, campaign))
    _submit(cast, r)
    with pytest.raises(workflow.TransitionRefused):
        svc.request_act(actor=cast["town_operator"], request=r, name="return", reason=" ")
    svc.request_act(actor=cast["town_operator"], request=r, name="return", reason="请补充考察材料")
    assert PartyRequest.objects.get().state == "returned"
    _submit(cast, r)
    assert PartyRequest.objects.get().state == "submitted"


def test_submit_needs_number_date_and_candidates(cast, campaign):
    r = svc.request_create(actor=cast["village_operator"], campaign=campaign, unit=cast.village)
    with pytest.raises(workflow.TransitionRefused) as e:
        _submit(cast, r)
    assert "请示文号" in e.value.message and "还没有预备人选" in e.value.message


def test_one_request_per_village_and_campaign(cast, campaign):
    _request(cast, campaign)
    with pytest.raises(ValidationError):
        svc.request_create(actor=cast["town_operator"], campaign=campaign, unit=cast.village)
    with pytest.raises(PermissionDenied):
        svc.request_create(actor=cast["other_town_operator"], campaign=campaign, unit=cast.village2)


def test_attach_only_the_villages_party_candidates(cast, campaign):
    r = _request(cast, campaign)
    elsewhere = _party(cast, campaign, unit=cast.village2, inspect=False)
    committee = nominated(campaign, cast.village, PersonFactory(domicile_unit=cast.village))
    for c in (elsewhere, committee):
        with pytest.raises(ValidationError):
            svc.request_attach(actor=cast["village_operator"], request=r, candidates=[c])
    assert not Candidate.objects.filter(request=r).exists()


def test_approval_needs_the_reply_number_and_date(cast, campaign):
    r = _request(cast, campaign, _party(cast, campaign))
    _submit(cast, r)
    with pytest.raises(ValidationError) as e:
        svc.request_act(
            actor=cast["town_operator"], request=r, name="approve", approval_no="", approval_date=None
        )
    assert set(e.value.message_dict) == {"approval_no", "approval_date"}


# --- the blocks (no 带病上岗) ------------------------------------------------------------------------


def _blocked(cast, r):
    with pytest.raises(svc.ApprovalBlocked) as e:
        _approve(cast, r)
    assert PartyRequest.objects.get(pk=r.pk).state == "submitted"
    return e.value.reasons


def test_substantiated_cannot_tier_finding_blocks(cast, campaign):
    c = _party(cast, campaign, name="张带病")
    _finding(c)
    r = _request(cast, campaign, c)
    _submit(cast, r)
    reasons = _blocked(cast, r)
    assert len(reasons) == 1
    assert reasons[0].startswith("张带病（书记）：受到党纪政务处分未满三年")
    assert "不能确定为候选人" in reasons[0] and "2026年换届负面清单 N1" in reasons[0]


def test_statutory_bar_blocks(cast, campaign):
    c = _party(cast, campaign)
    _finding(c, item="", bar="criminal_punishment", on=dt.date(2010, 1, 1))
    r = _request(cast, campaign, c)
    _submit(cast, r)
    (reason,) = _blocked(cast, r)
    assert "因犯罪受过刑事处罚" in reason and "村民委员会组织法(2025)" in reason


def test_should_not_tier_only_warns(cast, campaign):
    c = _party(cast, campaign)
    _finding(c, item="N2")
    s = screening.screen(c, on=ON)
    assert not s.blocks and any("严重违法用地" in w.text for w in s.warnings)
    r = _request(cast, campaign, c)
    _submit(cast, r)
    _approve(cast, r)
    assert PartyRequest.objects.get().state == "approved"


def test_unverified_finding_blocks_until_found_unfounded(cast, campaign):
    c = _party(cast, campaign)
    f = _finding(c, status="unverified")
    r = _request(cast, campaign, c)
    _submit(cast, r)
    (reason,) = _blocked(cast, r)
    assert "待核实" in reason and "核实前镇党委不予批准" in reason
    Finding.objects.filter(pk=f.pk).update(status="unfounded")
    _approve(cast, r)
    assert PartyRequest.objects.get().state == "approved"


def test_unverified_finding_substantiated_then_blocks_by_its_item(cast, campaign):
    c = _party(cast, campaign)
    f = _finding(c, status="unverified")
    r = _request(cast, campaign, c)
    _submit(cast, r)
    Finding.objects.filter(pk=f.pk).update(status="substantiated")
    (reason,) = _blocked(cast, r)
    assert "受到党纪政务处分未满三年" in reason


@pytest.mark.parametrize(
    ("found_on", "blocks"),
    [
        (anniversary(ON, years=-3), False),  # 2023-03-01: three full years on 2026-03-01
        (dt.date(2023, 3, 2), True),  # one day short of three years
    ],
)
def test_lookback_boundary_day(cast, campaign, found_on, blocks):
    assert anniversary(ON, years=-3) == dt.date(2023, 3, 1)
    c = _party(cast, campaign)
    _finding(c, on=found_on)
    assert bool(screening.screen(c, on=ON).blocks) is blocks
    r = _request(cast, campaign, c)
    _submit(cast, r)
    if blocks:
        _blocked(cast, r)
    else:
        _approve(cast, r)
        assert PartyRequest.objects.get().state == "approved"


def test_missing_inspection_blocks(cast, campaign):
    c = _party(cast, campaign, name="李未考", inspect=False)
    r = _request(cast, campaign, c)
    _submit(cast, r)
    (reason,) = _blocked(cast, r)
    assert reason.startswith("李未考（书记）：尚未登记考察情况")
    svc.inspection_save(actor=cast["town_operator"], candidate=c, **INSPECTION)
    _approve(cast, r)
    assert PartyRequest.objects.get().state == "approved"


def test_every_blocked_candidate_is_listed(cast, campaign):
    a = _party(cast, campaign, name="甲", inspect=False)
    b = _party(cast, campaign, post="party_member", name="乙")
    _finding(b, status="unverified")
    r = _request(cast, campaign, a, b)
    _submit(cast, r)
    reasons = _blocked(cast, r)
    assert [x.split("：")[0] for x in reasons] == ["甲（书记）", "乙（党组织委员）"]


def test_withdrawn_candidate_does_not_block(cast, campaign):
    bad = _party(cast, campaign)
    _finding(bad)
    good = _party(cast, campaign)
    r = _request(cast, campaign, bad, good)
    _submit(cast, r)
    _blocked(cast, r)
    svc.request_act(
        actor=cast["town_operator"], request=r, name="return", reason="张某经联审存在不能确定的情形"
    )
    bad.refresh_from_db()
    svc.candidate_withdraw(actor=cast["village_operator"], candidate=bad, reason="经审查不宜确定", on=ON)
    _submit(cast, r)
    _approve(cast, r)
    assert PartyRequest.objects.get().state == "approved"


def test_non_member_and_probationary_members_block(cast, campaign):
    c = _party(cast, campaign)
    c.person.political_status = "cpc_probationary"
    c.person.save()
    checks = screening.screen(Candidate.objects.get(pk=c.pk), on=ON).blocks
    assert [x.rule for x in checks] == ["party_standing"] and "预备党员" in checks[0].text


def test_guidance_age_limit_reached_on_the_birthday(cast, campaign):
    GuidanceRule.objects.create(
        campaign=campaign,
        post="secretary",
        applies_to="all",
        age_limit_male=60,
        cutoff=dt.date(2026, 3, 1),
        severity="warning",
        citation="市委换届工作意见：男满 60 岁一般不继续提名书记",
    )
    on_birthday = _party(cast, campaign)
    Candidate.objects.filter(pk=on_birthday.pk)
    on_birthday.person.birth_date = dt.date(1966, 3, 1)
    on_birthday.person.save()
    day_after = _party(cast, campaign)
    day_after.person.birth_date = dt.date(1966, 3, 2)
    day_after.person.save()
    results = screening.screen_all(
        Candidate.objects.select_related("unit", "person", "campaign").order_by("pk"), on=ON
    )
    warned = [any(w.rule == "age_cap" for w in results[c.pk].warnings) for c in (on_birthday, day_after)]
    assert warned == [True, False]
    assert not results[on_birthday.pk].blocks


# --- locks ---------------------------------------------------------------------------------------


def test_approved_candidates_are_locked_until_unlocked(cast, campaign):
    c = _party(cast, campaign)
    other = _party(cast, campaign, post="party_member")
    r = _request(cast, campaign, c)
    _submit(cast, r)
    with pytest.raises(workflow.RecordLocked):
        svc.candidate_withdraw(actor=cast["village_operator"], candidate=c, reason="本人申请", on=ON)
    _approve(cast, r)
    with pytest.raises(workflow.RecordLocked):
        svc.candidate_withdraw(actor=cast["town_operator"], candidate=c, reason="本人申请", on=ON)
    with pytest.raises(workflow.RecordLocked):
        svc.request_attach(actor=cast["town_operator"], request=r, candidates=[other])
    with pytest.raises(workflow.RecordLocked):
        svc.request_update(actor=cast["town_operator"], request=r, request_no="改", request_date=ON)
    with pytest.raises(workflow.RecordLocked):
        svc.inspection_save(actor=cast["town_operator"], candidate=c, **INSPECTION)
    assert Candidate.objects.get(pk=c.pk).withdrawn_on is None
    # a change: the town unlocks with a reason (audited), the branch changes, a new 批复
    with pytest.raises(PermissionDenied):
        svc.request_act(actor=cast["village_operator"], request=r, name="unlock", reason="人选变动")
    with pytest.raises(workflow.TransitionRefused):
        svc.request_act(actor=cast["town_operator"], request=r, name="unlock", reason="")
    svc.request_act(actor=cast["town_operator"], request=r, name="unlock", reason="本人因病申请退出")
    assert PartyRequest.objects.get().state == "returned"
    reopened = AuditEvent.objects.filter(
        model="vetting.PartyRequest", action="transition", reason="本人因病申请退出"
    )
    assert reopened.count() == 1
    c.refresh_from_db()
    svc.candidate_withdraw(actor=cast["village_operator"], candidate=c, reason="本人因病申请退出", on=ON)
    svc.request_attach(actor=cast["village_operator"], request=r, candidates=[other])
    _submit(cast, r)
    _approve(cast, r, no="青石党〔2026〕9号")
    r.refresh_from_db()
    assert (r.state, r.approval_no) == ("approved", "青石党〔2026〕9号")
    assert not workflow.awaiting(cast["town_operator"])  # an approved 请示 is no to-do of the town
    events = AuditEvent.objects.filter(model="vetting.Candidate", object_id=str(c.pk), action="update")
    assert any((e.after or {}).get("withdrawal_reason") == "本人因病申请退出" for e in events)


def test_committee_candidates_are_not_withdrawn_here(cast, campaign):
    c = nominated(campaign, cast.village, PersonFactory(domicile_unit=cast.village))
    with pytest.raises(ValidationError) as e:
        svc.candidate_withdraw(actor=cast["town_operator"], candidate=c, reason="本人申请", on=ON)
    assert "选举委员会" in str(e.value)


def test_publicity_after_approval_only(cast, campaign):
    r = _request(cast, campaign, _party(cast, campaign))
    with pytest.raises(ValidationError):
        svc.request_publicity(
            actor=cast["village_operator"],
            request=r,
            publicity_start=ON,
            publicity_end=ON,
            objections="",
        )
    _submit(cast, r)
    _approve(cast, r)
    r.refresh_from_db()
    with pytest.raises(ValidationError) as e:
        svc.request_publicity(
            actor=cast["village_operator"],
            request=r,
            publicity_start=dt.date(2026, 3, 8),
            publicity_end=dt.date(2026, 3, 2),
            objections="",
        )
    assert "publicity_end" in e.value.message_dict
    svc.request_publicity(
        actor=cast["village_operator"],
        request=r,
        publicity_start=dt.date(2026, 3, 2),
        publicity_end=dt.date(2026, 3, 8),
        objections="公示期间未收到反映",
    )
    assert PartyRequest.objects.get().publicity_end == dt.date(2026, 3, 8)


# --- 考察 ----------------------------------------------------------------------------------------


def test_inspection_by_the_town_only_and_five_strengths_for_secretaries(cast, campaign):
    c = _party(cast, campaign, inspect=False)
    with pytest.raises(PermissionDenied):
        svc.inspection_save(actor=cast["village_operator"], candidate=c, **INSPECTION)
    with pytest.raises(PermissionDenied):
        svc.inspection_save(actor=cast["other_town_operator"], candidate=c, **INSPECTION)
    with pytest.raises(ValidationError) as e:
        svc.inspection_save(
            actor=cast["town_operator"], candidate=c, **(INSPECTION | {"strength_appeal": ""})
        )
    assert "strength_appeal" in e.value.message_dict
    member = _party(cast, campaign, post="party_member", inspect=False)
    five_blank = {f: "" for f in INSPECTION if f.startswith("strength_")}
    svc.inspection_save(actor=cast["town_operator"], candidate=member, **(INSPECTION | five_blank))
    i = svc.inspection_save(actor=cast["town_operator"], candidate=c, **INSPECTION)
    i2 = svc.inspection_save(
        actor=cast["town_operator"], candidate=c, **(INSPECTION | {"poll_unsatisfied": 2}), version=i.version
    )
    assert (i2.poll_total, i2.version, Inspection.objects.count()) == (47, 2, 2)


def test_inspection_is_confidential(cast, campaign, client):
    c = _party(cast, campaign)
    _finding(c, item="N2")
    client.force_login(cast["village_operator"])
    page = client.get(f"/vetting/candidate/{c.pk}/").content.decode()
    assert "资格审查" not in page and "严重违法用地" not in page and "群众基础好" not in page
    assert client.get(f"/vetting/candidate/{c.pk}/inspection/").status_code == 403
    client.force_login(cast["other_town_operator"])
    assert client.get(f"/vetting/candidate/{c.pk}/inspection/").status_code == 404
    client.force_login(cast["town_operator"])
    page = client.get(f"/vetting/candidate/{c.pk}/").content.decode()
    assert "资格审查" in page and "严重违法用地" in page and "群众基础好" in page
    assert not AuditEvent.objects.filter(action="view_confidential").exists()
    client.force_login(cast["county_operator"])
    assert "群众基础好" in client.get(f"/vetting/candidate/{c.pk}/inspection/").content.decode()
    assert AuditEvent.objects.filter(action="view_confidential", model="vetting.Inspection").count() == 1
    other = _party(cast, campaign, post="party_member", inspect=False)
    assert "资格审查" in client.get(f"/vetting/candidate/{other.pk}/").content.decode()
    seen = AuditEvent.objects.get(action="view_confidential", model="vetting.Candidate")
    assert (seen.object_id, seen.reason) == (str(other.pk), "查看人选资格审查情况")


def test_inspection_page_saves(cast, campaign, client):
    c = _party(cast, campaign, inspect=False)
    client.force_login(cast["town_operator"])
    data = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in INSPECTION.items()}
    r = client.post(f"/vetting/candidate/{c.pk}/inspection/", data | {"version": 1, "rating_de": ""})
    assert r.status_code == 400 and not Inspection.objects.exists()
    r = client.post(f"/vetting/candidate/{c.pk}/inspection/", data | {"version": 1})
    assert r.status_code == 302 and Inspection.objects.get().rating_de == "excellent"


# --- pages -------------------------------------------------------------------------------------


def test_ranks_are_competition_ranks():
    assert _ranks([300, 250, 300, None, 100]) == [1, 3, 1, None, 4]


def test_request_pages(cast, campaign, client):
    a = _party(cast, campaign, name="甲", votes=(40, 300))
    b = _party(cast, campaign, name="乙", votes=(40, 280))
    _party(cast, campaign, name="丙", votes=(35, 310))
    client.force_login(cast["village_operator"])
    assert "党组织预备人选请示" in client.get(f"/vetting/unit/{cast.village.code}/").content.decode()
    r = client.post(f"/vetting/unit/{cast.village.code}/party/new/")
    req = PartyRequest.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/vetting/party/{req.pk}/"
    r = client.post(f"/vetting/party/{req.pk}/attach/", {"candidates": [a.pk, b.pk]})
    assert r.status_code == 302 and Candidate.objects.filter(request=req).count() == 2
    r = client.post(
        f"/vetting/party/{req.pk}/edit/",
        {"request_no": "东村支〔2026〕1号", "request_date": "2026-02-25", "version": 1},
    )
    assert r.status_code == 302
    page = client.get(f"/vetting/party/{req.pk}/").content.decode()
    assert "40（第 1 名）" in page and "300（第 2 名）" in page and "280（第 3 名）" in page
    assert "审查" not in page.split("预备人选（两推一选）")[1].split("</thead>")[0]  # no screening column
    assert client.post(f"/vetting/party/{req.pk}/act/", {"action": "submit"}).status_code == 302
    assert client.post(f"/vetting/party/{req.pk}/act/", {"action": "approve"}).status_code == 400
    _finding(a)
    client.force_login(cast["town_operator"])
    page = client.get(f"/vetting/party/{req.pk}/").content.decode()
    assert "乡镇党委不能批复同意" in page and "受到党纪政务处分未满三年" in page
    r = client.post(
        f"/vetting/party/{req.pk}/act/",
        {"action": "approve", "approval_no": "青石党〔2026〕5号", "approval_date": "2026-03-01"},
    )
    body = r.content.decode()
    assert (
        r.status_code == 400 and "防止“带病上岗”" in body and "甲（书记）：受到党纪政务处分未满三年" in body
    )
    assert PartyRequest.objects.get().state == "submitted"
    client.force_login(cast["other_town_operator"])
    assert client.get(f"/vetting/party/{req.pk}/").status_code == 404
    assert client.get(f"/vetting/unit/{cast.village.code}/party/").status_code == 404
    assert client.post(f"/vetting/party/{req.pk}/act/", {"action": "approve"}).status_code == 404


def test_request_page_query_count_is_flat(cast, campaign, client):
    def measure(n):
        cands = [_party(cast, campaign, post="party_member", votes=(30 + i, 200 + i)) for i in range(n)]
        for c in cands:
            _finding(c, item="N2")
        r = PartyRequest.objects.filter(unit=cast.village).first() or _request(cast, campaign)
        svc.request_attach(actor=cast["village_operator"], request=r, candidates=cands)
        client.force_login(cast["town_operator"])
        client.get(f"/vetting/party/{r.pk}/")  # warm caches (content types, session)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/vetting/party/{r.pk}/").status_code == 200
        return len(ctx.captured_queries)

    few = measure(2)
    many = measure(5)
    assert few == many


def test_five_strengths_only_for_secretary_candidates(cast, campaign, client):
    secretary = _party(cast, campaign, inspect=False)
    member = _party(cast, campaign, post="party_member", inspect=False)
    client.force_login(cast["town_operator"])
    assert "政治引领力" in client.get(f"/vetting/candidate/{secretary.pk}/inspection/").content.decode()
    assert "政治引领力" not in client.get(f"/vetting/candidate/{member.pk}/inspection/").content.decode()


def test_action_message_names_the_action(cast, campaign, client):
    r = _request(cast, campaign, _party(cast, campaign))
    client.force_login(cast["village_operator"])
    response = client.post(f"/vetting/party/{r.pk}/act/", {"action": "submit"}, follow=True)
    assert "已办理：报乡镇党委" in response.content.decode()


def test_api_lists_requests_without_findings(cast, campaign, client):
    from tests.apiclient import api_get, bearer

    c = _party(cast, campaign, name="甲")
    _finding(c)
    r = _request(cast, campaign, c)
    body = api_get(client, f"/api/vetting/party-requests/{r.pk}", bearer(cast["village_operator"])).json()
    assert (body["state_label"], body["request_no"]) == ("草稿", "东村支〔2026〕1号")
    assert [(x["name"], x["votes_members"]) for x in body["candidates"]] == [("甲", 40)]
    assert "受到党纪" not in str(body)
    outsider = bearer(cast["other_town_operator"])
    assert api_get(client, f"/api/vetting/party-requests/{r.pk}", outsider).status_code == 404
    assert api_get(client, "/api/vetting/party-requests", outsider).json()["items"] == []
    items = api_get(client, "/api/vetting/party-requests", bearer(cast["town_operator"])).json()["items"]
    assert [x["pk"] for x in items] == [r.pk]


def test_missing_commitment_pledge_warns_never_blocks(cast, campaign):
    from django.utils import timezone

    from huanjie.vetting.models import Pledge

    c = _party(cast, campaign)
    s = screening.screen(c, on=ON)
    assert [w.text for w in s.warnings if w.rule == "pledge"] == ["未签订换届纪律承诺书"]
    assert not s.blocks
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
        stored="pledge-test",
        recorded_at=timezone.now(),
        recorded_by="test",
    )
    s = screening.screen(c, on=ON)
    assert [x.result for x in s.checks if x.rule == "pledge"] == ["pass"]
