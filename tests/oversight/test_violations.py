"""Issue 14 reqs. 5 and 10: violations (三个一律) — the case register through the workflow, and every
consequence the system carries out in ONE call once the competent body has decided: (a) a finding
in the candidate's screening (and the candidate screened again: a 不能-tier item blocks a party
预备人选), (b) a winner's election voided through the elections app only by the body the profile
names — any other body's decision is referred instead, (c) the whole election re-run only when it
is declared void, (d) the accountability of officials recorded; nothing half-written when one step
fails; nothing reachable from outside the jurisdiction."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from huanjie.core.models import AuditEvent
from huanjie.core.plugins import screening_items, screening_runs
from huanjie.elections.models import VoidDecision, VoidReferral
from huanjie.oversight import violations_selectors as sel
from huanjie.oversight import violations_services as svc
from huanjie.oversight.models import (
    ViolationAccountability,
    ViolationCase,
    ViolationConsequence,
    ViolationFile,
)
from huanjie.planning.models import NegativeItem
from huanjie.vetting.models import Candidate
from tests.elections.test_results import certified, results_election
from tests.factories import PersonFactory, user_with_role

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 violation evidence"
REGISTERED = dt.date(2026, 3, 25)
DECIDED = dt.date(2026, 4, 2)
TODAY = dt.date(2026, 4, 10)


@pytest.fixture
def clock(monkeypatch):
    day = {"value": TODAY}
    monkeypatch.setattr("huanjie.core.workflow.today", lambda: day["value"])
    return day


def _election(cast, profile):
    """A certified 村委会 round (主任 甲主任; 委员 委员丙, 委员丁) judged under ``profile``, a party-side
    预备人选 李预备 in the same campaign, and the campaign's 不能-tier item N3 (贿选)."""
    second = user_with_role("village_op2", "village_operator", cast.village)
    e = results_election(cast, profile="beijing")
    r, _ = certified(cast, e, second)
    e.campaign.profile_code = profile
    e.campaign.save(update_fields=["profile_code"])
    NegativeItem.objects.create(
        campaign=e.campaign, code="N3", text="有贿选行为的", tier="cannot", department="纪委"
    )
    cand = Candidate.objects.create(
        campaign=e.campaign,
        unit=cast.village,
        person=PersonFactory(name="李预备", domicile_unit=cast.village),
        side="party",
        post="secretary",
        source="other",
        channel="two_recommend",
    )
    return e, r, cand


@pytest.fixture
def world(cast, clock):
    return _election(cast, "beijing")


def register(cast, e, cand=None, actor="town_operator", **kw):
    parties = [{"name": "甲主任", "role": "winner"}, {"name": "钱干部", "role": "official"}]
    if cand is not None:
        parties.append({"candidate": cand})
    fields = {
        "kind": "bribery",
        "summary": "甲主任、李预备以每户200元购买选票",
        "registered_on": REGISTERED,
        "investigating_body": "county_government",
        "investigator_name": "清河县人民政府",
        "due_on": dt.date(2026, 4, 24),
        "election": e,
        "parties": parties,
        "evidence": [("收据.pdf", PDF)],
    } | kw
    case = svc.case_register(actor=cast[actor], campaign=e.campaign, unit=cast.village, **fields)
    return case


def investigating(cast, e, cand=None):
    case = register(cast, e, cand)
    svc.case_investigate(actor=cast["town_operator"], case=case)
    return ViolationCase.objects.get(pk=case.pk)


ACCOUNT = {
    "name": "钱干部",
    "position": "青石镇人民政府副镇长、驻村干部",
    "measure": "admonish",
    "decided_by": "中共清河县纪律检查委员会",
    "document_no": "清纪〔2026〕7号",
    "decided_on": dt.date(2026, 4, 3),
}


def decide(cast, case, body, actor="county_operator", **kw):
    winners = [p for p in case.parties.all() if p.role == "winner"]
    fields = {
        "decision_body": body,
        "document_no": "清政〔2026〕12号",
        "decided_on": DECIDED,
        "decision": "经调查，贿选属实",
        "item_code": "N3",
        "void_winners": winners,
    } | kw
    return svc.case_decide(actor=cast[actor], case=case, **fields)


def _provider():
    """The provider; each call also asks its reader of a whole-campaign run (``huanjie screen``),
    which must answer the same."""
    provider = dict(screening_items.items())["oversight.violations"]
    run = screening_runs.get("oversight.violations")

    def ask(campaign, candidates, *, on):
        got = provider(campaign, candidates, on=on)
        assert run(campaign, on=on)(candidates) == got
        return got

    return ask


# --- the register --------------------------------------------------------------------------


def test_a_case_is_registered_with_its_parties_evidence_and_deadline(cast, world):
    e, _, cand = world
    case = register(cast, e, cand)
    assert (case.state, case.state_due, case.kind, case.election_id) == (
        "registered",
        dt.date(2026, 4, 24),
        "bribery",
        e.pk,
    )
    assert [(p.name, p.role, p.candidate_id) for p in case.parties.all()] == [
        ("甲主任", "winner", None),
        ("钱干部", "official", None),
        ("李预备", "candidate", cand.pk),
    ]
    (f,) = ViolationFile.objects.filter(case=case)
    assert (f.file_name, f.size, f.content_type) == ("收据.pdf", len(PDF), "application/pdf")
    assert svc.case_file(actor=cast["town_operator"], file=f) == PDF
    assert (
        AuditEvent.objects.filter(model__icontains="violation").count() == 6
    )  # case, 3 parties, file, download
    with pytest.raises(ValidationError) as exc:
        register(cast, e, registered_on=TODAY + dt.timedelta(days=1), due_on=TODAY, kind="x")
    assert set(exc.value.message_dict) == {"registered_on", "due_on", "kind"}
    other = results_election(cast, unit=cast.village2)
    with pytest.raises(ValidationError, match="所涉选举须为该村"):
        register(cast, other)


def test_overdue_from_the_day_after_the_deadline(cast, world, clock):
    e, _, _ = world
    case = register(cast, e, due_on=dt.date(2026, 4, 24))
    f = sel.CaseFilters(overdue=True)
    clock["value"] = dt.date(2026, 4, 24)
    assert not sel.cases(cast["town_operator"], f).exists()
    clock["value"] = dt.date(2026, 4, 25)
    assert list(sel.cases(cast["town_operator"], f)) == [case]
    svc.case_investigate(actor=cast["town_operator"], case=case)
    assert list(sel.cases(cast["town_operator"], f)) == [case]
    svc.case_close(actor=cast["town_operator"], case=ViolationCase.objects.get(pk=case.pk), reason="不属实")
    assert not sel.cases(cast["town_operator"], f).exists()


# --- the consequences ----------------------------------------------------------------------


def test_a_competent_decision_carries_out_every_consequence_in_one_call(cast, world):
    e, _, cand = world
    case = investigating(cast, e, cand)
    before = Candidate.objects.get(pk=cand.pk).screening_effect
    decide(cast, case, "township_government", accountabilities=[ACCOUNT])
    case = ViolationCase.objects.get(pk=case.pk)
    assert (case.state, case.conclusion, case.document_no, case.decided_on, case.state_due) == (
        "decided",
        "substantiated",
        "清政〔2026〕12号",
        DECIDED,
        None,
    )
    kinds = list(ViolationConsequence.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == ["screening", "void_winner", "accountability"]
    # (a) the finding reaches screening, dated and mapped to N3; the candidate is screened again
    (item,) = _provider()(e.campaign, [cand], on=TODAY)[cand.pk]
    f = item.finding
    assert (f.ref, f.code, f.on, f.substantiated, f.source, f.document) == (
        f"violation:{case.pk}",
        "N3",
        DECIDED,
        True,
        "违纪违规案件",
        "清政〔2026〕12号",
    )
    assert _provider()(e.campaign, [cand], on=DECIDED - dt.timedelta(days=1)) == {}
    after = Candidate.objects.get(pk=cand.pk)
    assert before != "block" and after.screening_effect == "block" and after.screened_on == TODAY
    # (b) the winner's election is void through the elections app, with the profile's remedy
    (d,) = VoidDecision.objects.all()
    assert (d.scope, d.person, d.post, d.body, d.document_no, d.decided_on, d.citation) == (
        "winner",
        "甲主任",
        "主任",
        "township_government",
        "清政〔2026〕12号",
        DECIDED,
        "北京市村民委员会选举办法 第三十八条",
    )
    void = ViolationConsequence.objects.get(case=case, kind="void_winner")
    assert void.void_decision == d and d.remedy_text in void.text
    # (c) not the whole election: nobody declared it void
    assert not VoidDecision.objects.filter(scope="election").exists() and not VoidReferral.objects.exists()
    # (d) the accountability, exactly
    (a,) = ViolationAccountability.objects.filter(case=case)
    assert (a.name, a.position, a.measure, a.decided_by, a.document_no, a.decided_on) == tuple(
        ACCOUNT.values()
    )
    # audited: the transition, the decision, three consequences, the void decision, the accountability
    events = AuditEvent.objects.filter(actor_name=str(cast["county_operator"]))
    assert events.filter(model__icontains="violationconsequence").count() == 3
    assert events.filter(model__icontains="voiddecision").count() == 1
    assert events.filter(model__icontains="violationaccountability").count() == 1
    with pytest.raises(Exception, match="不能"):
        decide(cast, case, "township_government")


@pytest.mark.parametrize(
    ("profile", "body", "says", "citation"),
    [
        ("beijing", "discipline_commission", "只能启动程序", "北京市村民委员会选举办法 第三十八条"),
        ("beijing", "organization_department", "只能启动程序", "北京市村民委员会选举办法 第三十八条"),
        ("henan", "township_government", "无权宣布当选无效", "河南省实施《村民委员会组织法》办法 第四十四条"),
    ],
)
def test_a_body_the_profile_does_not_name_refers_instead_of_voiding(
    cast, clock, profile, body, says, citation
):
    e, r, cand = _election(cast, profile)
    case = investigating(cast, e, cand)
    decide(cast, case, body, document_no="清纪〔2026〕3号")
    assert not VoidDecision.objects.exists()
    (ref,) = VoidReferral.objects.all()
    assert (ref.election_id, ref.round_id, ref.person, ref.document_no, ref.found_on) == (
        e.pk,
        r.pk,
        "甲主任",
        "清纪〔2026〕3号",
        DECIDED,
    )
    c = ViolationConsequence.objects.get(case=case, kind="referral")
    assert c.referral == ref and says in c.text and citation in c.text
    # the finding still reaches screening: any body's substantiated finding does
    assert ViolationConsequence.objects.filter(case=case, kind="screening").count() == 1


def test_the_whole_election_is_re_run_only_when_declared_void(cast, clock):
    e, _, _ = _election(cast, "henan")
    case = investigating(cast, e)
    decide(cast, case, "county_government", void_election=True, item_code="")
    winner, election = VoidDecision.objects.order_by("pk")
    assert (winner.scope, winner.person) == ("winner", "甲主任")
    assert (election.scope, election.remedy, election.body) == ("election", "rerun", "county_government")
    assert "30 日内" in election.remedy_text
    kinds = list(ViolationConsequence.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == ["void_winner", "void_election"]
    assert ViolationCase.objects.get(pk=case.pk).election_void is True


def test_a_township_may_not_void_a_henan_election_and_refers_it(cast, clock):
    e, _, _ = _election(cast, "henan")
    case = investigating(cast, e)
    decide(cast, case, "township_government", void_winners=[], void_election=True, item_code="")
    assert not VoidDecision.objects.exists()
    (ref,) = VoidReferral.objects.all()
    assert (ref.person, ref.round_id) == ("", None)
    assert "无权宣布选举无效" in ViolationConsequence.objects.get(case=case).text


def test_nothing_is_half_written_when_a_consequence_fails(cast, world, monkeypatch):
    e, _, cand = world
    case = investigating(cast, e, cand)
    effect = Candidate.objects.get(pk=cand.pk).screening_effect
    # a later step fails after the finding, the candidate's new screening and 甲主任's voiding were
    # written: 乙主任 lost, so his election cannot be declared void
    loser = svc.party_add(actor=cast["town_operator"], case=case, name="乙主任", role="winner")
    winners = list(case.parties.filter(role="winner").order_by("pk"))
    assert winners[-1] == loser
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="乙主任不是所涉选举公布的当选人"):
        decide(cast, case, "township_government", void_winners=winners, accountabilities=[ACCOUNT])

    def refused(**kw):
        raise ValidationError({"body": "拒绝"})

    monkeypatch.setattr("huanjie.elections.results_void_services.void_winner", refused)
    with pytest.raises(ValidationError, match="拒绝"):
        decide(cast, case, "township_government", accountabilities=[ACCOUNT])
    case = ViolationCase.objects.get(pk=case.pk)
    assert (case.state, case.conclusion, case.document_no, case.decided_on) == ("investigating", "", "", None)
    assert not ViolationConsequence.objects.exists() and not ViolationAccountability.objects.exists()
    assert not VoidDecision.objects.exists() and not VoidReferral.objects.exists()
    assert Candidate.objects.get(pk=cand.pk).screening_effect == effect
    assert _provider()(e.campaign, [cand], on=TODAY) == {}
    assert AuditEvent.objects.count() == events


def test_the_decision_is_checked_before_anything_is_carried_out(cast, world):
    e, _, cand = world
    case = investigating(cast, e, cand)
    with pytest.raises(ValidationError) as exc:
        decide(
            cast,
            case,
            "nobody",
            document_no=" ",
            decided_on=REGISTERED - dt.timedelta(days=1),
            item_code="",
            accountabilities=[ACCOUNT | {"document_no": " ", "measure": "x"}],
        )
    assert set(exc.value.message_dict) == {
        "decision_body",
        "document_no",
        "decided_on",
        "item_code",
        "acc_document_no",
        "acc_measure",
    }
    with pytest.raises(ValidationError, match="负面清单中没有该编号"):
        decide(cast, case, "township_government", item_code="N9")
    official = case.parties.get(role="official")
    with pytest.raises(ValidationError, match="只能对本案涉案人员中的当选人"):
        decide(cast, case, "township_government", void_winners=[official])
    registered = register(cast, e)
    with pytest.raises(Exception, match="不能执行"):
        decide(cast, registered, "township_government", item_code="")
    assert not ViolationConsequence.objects.exists()


def test_a_closed_case_carries_out_nothing(cast, world):
    e, _, cand = world
    case = investigating(cast, e, cand)
    with pytest.raises(Exception, match="须填写理由"):
        svc.case_close(actor=cast["town_operator"], case=case, reason=" ")
    svc.case_close(
        actor=cast["town_operator"], case=ViolationCase.objects.get(pk=case.pk), reason="经查不属实"
    )
    case = ViolationCase.objects.get(pk=case.pk)
    assert (case.state, case.conclusion, case.decision) == ("closed", "unfounded", "经查不属实")
    assert not ViolationConsequence.objects.exists() and not VoidDecision.objects.exists()
    assert _provider()(e.campaign, [cand], on=TODAY) == {}
    with pytest.raises(ValidationError, match="只有已作出处理决定"):
        svc.accountability_add(actor=cast["county_operator"], case=case, fields=ACCOUNT)


def test_a_later_accountability_is_recorded_on_a_decided_case(cast, world):
    e, _, cand = world
    case = investigating(cast, e, cand)
    decide(cast, case, "township_government")
    a = svc.accountability_add(
        actor=cast["town_operator"], case=ViolationCase.objects.get(pk=case.pk), fields=ACCOUNT
    )
    assert (a.name, a.measure) == ("钱干部", "admonish")
    c = ViolationConsequence.objects.get(case=case, kind="accountability")
    assert c.accountability == a and "诫勉" in c.text and "清纪〔2026〕7号" in c.text


# --- jurisdiction --------------------------------------------------------------------------


def test_nothing_is_reachable_from_outside_the_jurisdiction(cast, world):
    e, _, cand = world
    outsider = cast["other_town_operator"]
    with pytest.raises(PermissionDenied):
        register(cast, e, actor="other_town_operator")
    case = investigating(cast, e, cand)
    with pytest.raises(PermissionDenied):
        decide(cast, case, "township_government", actor="other_town_operator")
    with pytest.raises(PermissionDenied):
        svc.case_close(actor=outsider, case=case, reason="x")
    with pytest.raises(PermissionDenied):
        svc.case_file(actor=outsider, file=case.files.get())
    with pytest.raises(Http404):
        sel.case(outsider, case.pk)
    assert not sel.cases(outsider, sel.CaseFilters()).exists()
    assert list(sel.cases(cast["county_operator"], sel.CaseFilters())) == [case]
    assert (
        not ViolationConsequence.objects.exists()
        and ViolationCase.objects.get(pk=case.pk).state == "investigating"
    )


# --- pages ---------------------------------------------------------------------------------


def test_the_pages_register_decide_and_show_what_was_carried_out(cast, world, client):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse
    from openpyxl import load_workbook

    e, _, cand = world
    client.force_login(cast["town_operator"])
    bad = client.post(
        reverse("oversight_violations:new"),
        {"campaign": e.campaign_id, "unit": cast.village.pk, "kind": "bribery", "summary": "x"},
    )
    assert bad.status_code == 400 and "请输入有效的日期" not in bad.content.decode()
    r = client.post(
        reverse("oversight_violations:new"),
        {
            "campaign": e.campaign_id,
            "unit": cast.village.pk,
            "election": e.pk,
            "kind": "bribery",
            "summary": "甲主任以每户200元购买选票",
            "registered_on": "2026-03-25",
            "investigating_body": "township_government",
            "due_on": "2026-04-24",
            "party_name": "甲主任",
            "party_role": "winner",
            "file": SimpleUploadedFile("收据.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert r.status_code == 302, r.content.decode()
    case = ViolationCase.objects.get()
    assert r["Location"] == case.get_absolute_url() and case.files.count() == 1
    r = client.post(reverse("oversight_violations:party", args=[case.pk]), {"candidate": cand.pk})
    assert r.status_code == 302 and case.parties.count() == 2
    r = client.post(reverse("oversight_violations:act", args=[case.pk]), {"action": "investigate"})
    assert r.status_code == 302
    page = client.get(case.get_absolute_url()).content.decode()
    assert "登记处理决定（查实）" in page and "甲主任（当选人）" in page
    winner = case.parties.get(role="winner")
    form = {
        "decision_body": "township_government",
        "document_no": "青政〔2026〕12号",
        "decided_on": "2026-04-02",
        "decision": "贿选属实，宣布当选无效",
        "void_winners": [winner.pk],
        "acc_name": "钱干部",
        "acc_position": "驻村干部",
        "acc_measure": "admonish",
        "acc_decided_by": "县纪委",
        "acc_document_no": "",
        "acc_decided_on": "2026-04-03",
    }
    r = client.post(reverse("oversight_violations:decide", args=[case.pk]), form)
    assert r.status_code == 400 and "请填写问责文号" in r.content.decode()
    assert "须选择查实问题对应的负面清单项" in r.content.decode()
    assert (
        not VoidDecision.objects.exists() and ViolationCase.objects.get(pk=case.pk).state == "investigating"
    )
    form |= {"acc_document_no": "清纪〔2026〕7号", "item_code": "N3"}
    r = client.post(reverse("oversight_violations:decide", args=[case.pk]), form)
    assert r.status_code == 302, r.content.decode()
    page = client.get(case.get_absolute_url()).content.decode()
    assert "处理决定的执行" in page and "资格审查认定" in page and "当选无效" in page and "问责" in page
    assert reverse("vetting:candidate", args=[cand.pk]) in page
    assert reverse("elections_results:void_record", args=[e.pk]) in page
    assert "登记处理决定（查实）" not in page and "登记问责" in page
    later = {k: v for k, v in form.items() if k.startswith("acc_")} | {
        "acc_name": "孙书记",
        "acc_measure": "circulate",
        "acc_document_no": "清组〔2026〕2号",
    }
    r = client.post(reverse("oversight_violations:accountability", args=[case.pk]), later)
    assert r.status_code == 302, r.content.decode()
    assert list(case.accountabilities.values_list("name", "measure", "document_no")) == [
        ("钱干部", "admonish", "清纪〔2026〕7号"),
        ("孙书记", "circulate", "清组〔2026〕2号"),
    ]
    r = client.post(reverse("oversight_violations:accountability", args=[case.pk]), {"acc_name": "周"})
    assert r.status_code == 400 and "请填写问责文号" in r.content.decode()
    r = client.get(reverse("oversight_violations:list"), {"status": "decided", "kind": "bribery"})
    assert r.status_code == 200 and case.get_absolute_url() in r.content.decode()
    r = client.get(reverse("oversight_violations:list"), {"status": "closed"})
    assert case.get_absolute_url() not in r.content.decode()
    r = client.get(reverse("oversight_violations:export"), {"status": "decided"})
    rows = list(load_workbook(io.BytesIO(b"".join(r.streaming_content))).active.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[1] == "立案日期")
    (row,) = rows[header + 1 :]
    assert row[3:7] == ("东村", "贿选", str(e), "甲主任（当选人）、李预备（候选人或预备人选）")
    assert row[-4:-1] == ("乡、镇人民政府（街道办事处）", "青政〔2026〕12号", dt.datetime(2026, 4, 2))
    assert AuditEvent.objects.filter(action="export").exists()
    # outside the jurisdiction: the case, its evidence and the decision form answer 404
    client.force_login(cast["other_town_operator"])
    assert client.get(case.get_absolute_url()).status_code == 404
    assert client.get(reverse("oversight_violations:file", args=[case.files.get().pk])).status_code == 404
    assert client.post(reverse("oversight_violations:decide", args=[case.pk]), form).status_code == 404
    assert case.get_absolute_url() not in client.get(reverse("oversight_violations:list")).content.decode()
