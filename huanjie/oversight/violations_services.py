"""Writes of the violations register (三个一律, issue 14 req. 5): register a case with the persons
concerned and its evidence, investigate, close it (不属实), and — in ONE call, one transaction,
audited — record the competent body's decision and carry out its consequences:

(a) each candidate concerned gets a dated substantiated finding mapped to a negative-list item; it
    reaches his screening through core's ``screening_items`` hook (``violations_selectors``) and the
    candidate is screened again at once (the negative list's tier, look-back and any 容错纠错 ruling
    decide what it blocks: huanjie.rules.screening);
(b) a winner's election is declared void through the elections app
    (``results_void_services.void_winner``) only when the deciding body is one the profile names
    (huanjie.rules.voiding.may_declare: 浙江 第四十一条, 北京 第三十八条, 河南 第四十四条 [V]; Party
    elections: the higher Party organization [S]); any other body's decision — a discipline
    commission's or organization department's finding above all — only starts the procedure
    (``record_referral``);
(c) the whole election is re-run only when the election itself is declared void (``void_election``,
    河南 第三十九条 [V]), under the same rule;
(d) the accountability of officials (问责: who, measure, by whom, document) is recorded.

If any step fails (a refused declaration, a bad document number, a winner not announced) nothing is
written: the decision, the consequences and their audit records roll back together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from huanjie.core import audit, crypto, workflow
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import can, ensure_path_in_scope
from huanjie.elections import results_void_selectors as void_sel
from huanjie.elections import results_void_services as void_svc
from huanjie.elections.models import Election, PartyMeeting, ResultRound
from huanjie.org.models import OrgUnit
from huanjie.oversight.capabilities import OversightCap
from huanjie.oversight.models import (
    ViolationAccountability,
    ViolationCase,
    ViolationConsequence,
    ViolationFile,
    ViolationParty,
)
from huanjie.oversight.violations_choices import (
    Body,
    Conclusion,
    ConsequenceKind,
    Measure,
    PartyRole,
    ViolationKind,
)
from huanjie.planning import rectification_files as files
from huanjie.planning.models import Campaign, NegativeItem
from huanjie.rules import voiding

MAX_TEXT = 4000
ACCOUNT_FIELDS = ("name", "position", "measure", "decided_by", "document_no", "decided_on")
LEAF_LEVELS = ("village", "community")


def _name(actor: Any) -> str:
    return getattr(actor, "display_name", "") or actor.get_username()


def _editable(actor: Any, case: ViolationCase) -> None:
    if not can(actor, OversightCap.EDIT, case.unit.path):
        raise PermissionDenied("您无权办理此案件")
    workflow.ensure_editable(case, actor)


def _check_party(case_campaign: Campaign, unit: OrgUnit, p: dict[str, Any]) -> dict[str, Any]:
    candidate = p.get("candidate")
    name = (p.get("name") or "").strip() or (candidate.person.name if candidate is not None else "")
    role = p.get("role") or (PartyRole.CANDIDATE if candidate is not None else "")
    if not name:
        raise ValidationError({"party_name": "请填写涉案人员姓名"})
    if role not in PartyRole.values:
        raise ValidationError({"party_role": "请选择涉案人员身份"})
    if candidate is not None and (
        candidate.campaign_id != case_campaign.pk or not candidate.unit.path.startswith(unit.path)
    ):
        raise ValidationError({"party_candidate": "该候选人不属于本次换届工作的所涉村（社区）"})
    return {
        "name": name[:50],
        "role": role,
        "candidate": candidate,
        "note": (p.get("note") or "").strip()[:200],
    }


def _attach(actor: Any, case: ViolationCase, file_name: str, data: bytes) -> ViolationFile:
    name = files.clean_name(file_name)
    content_type = files.check(name, data)
    stored = files.store(data)
    try:
        row = ViolationFile.objects.create(
            case=case,
            file_name=name,
            content_type=content_type,
            size=len(data),
            digest=crypto.file_digest(data),
            stored=stored,
            uploaded_at=timezone.now(),
            uploaded_by=_name(actor),
        )
        audit.record(AuditAction.CREATE, actor=actor, instance=row, after=audit.snapshot(row))
    except BaseException:
        files.remove(stored)
        raise
    return row


def _add_party(actor: Any, case: ViolationCase, fields: dict[str, Any]) -> ViolationParty:
    party = ViolationParty.objects.create(case=case, **fields)
    audit.record(AuditAction.CREATE, actor=actor, instance=party, after=audit.snapshot(party))
    return party


@transaction.atomic(durable=True)
def case_register(
    *,
    actor: Any,
    campaign: Campaign,
    unit: OrgUnit,
    kind: str,
    summary: str,
    registered_on: dt.date,
    investigating_body: str,
    due_on: dt.date,
    investigator_name: str = "",
    election: Election | None = None,
    parties: Iterable[dict[str, Any]] = (),
    evidence: Iterable[tuple[str, bytes]] = (),
) -> ViolationCase:
    """立案登记: a case about a village (or community) of the user's jurisdiction, with the election
    concerned (of that village, in that campaign), the persons concerned and evidence files."""
    ensure_path_in_scope(actor, unit.path, OversightCap.EDIT)
    errors: dict[str, str] = {}
    if campaign.city.path != unit.path[:4] or unit.level not in LEAF_LEVELS:
        errors["unit"] = "所涉单位须为本次换届工作所在市的村（社区）"
    if kind not in ViolationKind.values:
        errors["kind"] = "请选择违纪违规类型"
    if not summary.strip() or len(summary) > MAX_TEXT:
        errors["summary"] = "请填写案情摘要（不超过 4000 字）"
    if investigating_body not in Body.values:
        errors["investigating_body"] = "请选择调查机关"
    today = workflow.today()
    if registered_on > today:
        errors["registered_on"] = "立案日期不能晚于今天"
    if due_on < registered_on:
        errors["due_on"] = "办结期限不能早于立案日期"
    if election is not None and (election.unit_id != unit.pk or election.campaign_id != campaign.pk):
        errors["election"] = "所涉选举须为该村（社区）本次换届的选举"
    if errors:
        raise ValidationError(errors)
    checked = [_check_party(campaign, unit, p) for p in parties]
    case = ViolationCase.objects.create(
        campaign=campaign,
        unit=unit,
        election=election,
        kind=kind,
        summary=summary.strip(),
        registered_on=registered_on,
        investigating_body=investigating_body,
        investigator_name=investigator_name.strip()[:100],
        due_on=due_on,
        state_due=due_on,
        recorded_by=actor,
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=case, after=audit.snapshot(case))
    for fields in checked:
        _add_party(actor, case, fields)
    for name, data in evidence:
        _attach(actor, case, name, data)
    return case


@transaction.atomic(durable=True)
def party_add(
    *, actor: Any, case: ViolationCase, name: str = "", role: str = "", candidate: Any = None, note: str = ""
) -> ViolationParty:
    """Add a person concerned to an open case."""
    _editable(actor, case)
    fields = _check_party(
        case.campaign, case.unit, {"name": name, "role": role, "candidate": candidate, "note": note}
    )
    return _add_party(actor, case, fields)


@transaction.atomic(durable=True)
def file_add(*, actor: Any, case: ViolationCase, file_name: str, data: bytes) -> ViolationFile:
    """Add an evidence file to an open case."""
    _editable(actor, case)
    if case.files.count() >= files.MAX_FILES_PER_TASK:
        raise ValidationError({"file": f"每个案件最多上传 {files.MAX_FILES_PER_TASK} 个证据材料"})
    return _attach(actor, case, file_name, data)


@transaction.atomic(durable=True)
def case_investigate(*, actor: Any, case: ViolationCase) -> ViolationCase:
    """开始调查 (the deadline stays the one set at registration)."""
    _editable(actor, case)
    workflow.apply_transition(actor=actor, record=case, name="investigate")
    case.state_due = case.due_on
    case.save(update_fields=["state_due"])
    return case


@transaction.atomic(durable=True)
def case_close(*, actor: Any, case: ViolationCase, reason: str) -> ViolationCase:
    """了结: found unfounded (不属实) or not taken further, with the reason; no consequence follows."""
    _editable(actor, case)
    workflow.apply_transition(actor=actor, record=case, name="close", reason=reason)
    before = audit.snapshot(case)
    case.conclusion, case.decision, case.state_due = Conclusion.UNFOUNDED, reason.strip()[:MAX_TEXT], None
    case.save(update_fields=["conclusion", "decision", "state_due"])
    audit.record(AuditAction.UPDATE, actor=actor, instance=case, before=before, after=audit.snapshot(case))
    return case


def _consequence(actor: Any, case: ViolationCase, kind: str, text: str, **links: Any) -> ViolationConsequence:
    row = ViolationConsequence.objects.create(
        case=case, kind=kind, text=text[:500], carried_by=_name(actor), **links
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=row, after=audit.snapshot(row))
    return row


def _body_label(body: str, body_name: str) -> str:
    return body_name.strip() or Body(body).label


def winner_target(e: Election, name: str) -> ResultRound | PartyMeeting:
    """The latest results round (or Party meeting) of ``e`` that announced ``name`` elected."""
    for r in ResultRound.objects.filter(election=e).order_by("-number"):
        if any(name in names for names in r.announced.values()):
            return r
    for m in PartyMeeting.objects.filter(election=e).order_by("-held_on", "-pk"):
        if any(name in names for names in m.announced.values()):
            return m
    raise ValidationError({"void_winners": f"{name}不是所涉选举公布的当选人"})


def _ruling(e: Election, day: dt.date, body: str, scope: voiding.Scope) -> voiding.BodyRuling:
    law, profile = void_sel.law_and_profile(e, day)
    return voiding.may_declare(profile, law, body, scope)


def _void_or_refer(
    actor: Any,
    case: ViolationCase,
    *,
    party: ViolationParty | None,
    reason: str,
) -> ViolationConsequence:
    """(b)/(c): declare it void through the elections app when the deciding body may; otherwise
    record the finding as a referral to the body that may (it changes no result)."""
    e = case.election
    assert e is not None and case.decided_on is not None
    body, label = case.decision_body, _body_label(case.decision_body, case.decision_body_name)
    if party is not None:
        target = winner_target(e, party.name)
        day = target.voting_day if isinstance(target, ResultRound) else target.held_on
        ruling = _ruling(e, day, body, "winner")
    else:
        last = ResultRound.objects.filter(election=e).order_by("-number").first()
        day = last.voting_day if last is not None else (e.election_day or case.decided_on)
        ruling = _ruling(e, day, body, "election")
    if ruling.allowed:
        if party is not None:
            d = void_svc.void_winner(
                actor=actor,
                round=target,
                person=party.name,
                body=body,
                document_no=case.document_no,
                decided_on=case.decided_on,
                reason=reason,
            )
            text = f"{party.name}（{d.post}）当选无效：{d.body_label} {d.document_no}；{d.remedy_text}"
            return _consequence(actor, case, ConsequenceKind.VOID_WINNER, text, party=party, void_decision=d)
        d = void_svc.void_election(
            actor=actor,
            election=e,
            body=body,
            document_no=case.document_no,
            decided_on=case.decided_on,
            reason=reason,
        )
        text = f"选举无效：{d.body_label} {d.document_no}；{d.remedy_text}"
        return _consequence(actor, case, ConsequenceKind.VOID_ELECTION, text, void_decision=d)
    what = f"{party.name}当选无效" if party is not None else "选举无效"
    ref = void_svc.record_referral(
        actor=actor,
        election=e,
        source=body if body in voiding.BODY_LABELS else label,
        document_no=case.document_no,
        found_on=case.decided_on,
        summary=reason,
        person=party.name if party is not None else "",
        round=target if party is not None and isinstance(target, ResultRound) else None,
        meeting=target if party is not None and isinstance(target, PartyMeeting) else None,
    )
    text = f"{label}无权宣布{what}，已移送：{ruling.text}（{ruling.citation}）"
    return _consequence(actor, case, ConsequenceKind.REFERRAL, text, party=party, referral=ref)


def _check_accountability(a: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    out = {k: (a.get(k) or "").strip() if isinstance(a.get(k), str) else a.get(k) for k in a}
    if not out.get("name"):
        errors["acc_name"] = "请填写被问责人"
    if not out.get("position"):
        errors["acc_position"] = "请填写被问责人的单位职务"
    if out.get("measure") not in Measure.values:
        errors["acc_measure"] = "请选择问责方式"
    if not out.get("decided_by"):
        errors["acc_decided_by"] = "请填写问责机关"
    if not out.get("document_no"):
        errors["acc_document_no"] = "请填写问责文号"
    on = out.get("decided_on")
    if not isinstance(on, dt.date):
        errors["acc_decided_on"] = "请填写问责日期"
    elif on > workflow.today():
        errors["acc_decided_on"] = "问责日期不能晚于今天"
    if errors:
        raise ValidationError(errors)
    return {k: out[k] for k in ACCOUNT_FIELDS}


def _account(actor: Any, case: ViolationCase, a: dict[str, Any]) -> ViolationConsequence:
    row = ViolationAccountability.objects.create(case=case, recorded_by=_name(actor), **a)
    audit.record(AuditAction.CREATE, actor=actor, instance=row, after=audit.snapshot(row))
    text = (
        f"{row.name}（{row.position}）：{row.get_measure_display()}，"
        f"{row.decided_by} {row.document_no}（{row.decided_on:%Y-%m-%d}）"
    )
    return _consequence(actor, case, ConsequenceKind.ACCOUNTABILITY, text, accountability=row)


@transaction.atomic(durable=True)
def case_decide(
    *,
    actor: Any,
    case: ViolationCase,
    decision_body: str,
    document_no: str,
    decided_on: dt.date,
    decision: str,
    decision_body_name: str = "",
    item_code: str = "",
    void_winners: Iterable[ViolationParty] = (),
    void_election: bool = False,
    accountabilities: Iterable[dict[str, Any]] = (),
) -> ViolationCase:
    """作出处理决定 (查实) and carry out its consequences (a)–(d) in this one transaction; see the
    module's docstring. Returns the case with its ``consequences`` written."""
    _editable(actor, case)
    case = ViolationCase.objects.select_related("campaign", "unit", "election").get(pk=case.pk)
    parties = list(case.parties.select_related("candidate", "candidate__person"))
    voided = [p for p in parties if p.pk in {v.pk for v in void_winners}]
    accounts = list(accountabilities)
    errors: dict[str, str] = {}
    if decision_body not in Body.values:
        errors["decision_body"] = "请选择决定机关"
    if not document_no.strip():
        errors["document_no"] = "请填写决定文号"
    if decided_on > workflow.today():
        errors["decided_on"] = "决定日期不能晚于今天"
    elif decided_on < case.registered_on:
        errors["decided_on"] = "决定日期不能早于立案日期"
    if not decision.strip() or len(decision) > MAX_TEXT:
        errors["decision"] = "请填写处理决定（不超过 4000 字）"
    item_code = item_code.strip()
    if any(p.candidate_id for p in parties) and not item_code:
        errors["item_code"] = "涉及候选人的，须选择查实问题对应的负面清单项"
    if item_code and not NegativeItem.objects.filter(campaign=case.campaign, code=item_code).exists():
        errors["item_code"] = "本次换届工作的负面清单中没有该编号"
    if len(voided) != len(list(void_winners)) or any(p.role != PartyRole.WINNER for p in voided):
        errors["void_winners"] = "只能对本案涉案人员中的当选人宣布当选无效"
    if (voided or void_election) and case.election is None:
        errors["void_winners" if voided else "void_election"] = "本案未登记所涉选举，不能宣布无效"
    checked: list[dict[str, Any]] = []
    for a in accounts:
        try:
            checked.append(_check_accountability(a))
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    workflow.apply_transition(actor=actor, record=case, name="decide")
    before = audit.snapshot(case)
    case.conclusion = Conclusion.SUBSTANTIATED
    case.decision_body, case.decision_body_name = decision_body, decision_body_name.strip()[:100]
    case.document_no, case.decided_on = document_no.strip(), decided_on
    case.decision, case.item_code, case.election_void = decision.strip(), item_code, void_election
    case.state_due = None
    case.save(
        update_fields=[
            "conclusion",
            "decision_body",
            "decision_body_name",
            "document_no",
            "decided_on",
            "decision",
            "item_code",
            "election_void",
            "state_due",
        ]
    )
    audit.record(AuditAction.UPDATE, actor=actor, instance=case, before=before, after=audit.snapshot(case))
    reason = f"{case.get_kind_display()}：{case.decision}"[:2000]
    # (a) the finding reaches each candidate's screening, and he is screened again now
    from huanjie.vetting.screening import rescreen

    label = _body_label(decision_body, case.decision_body_name)
    for p in parties:
        if p.candidate is None:
            continue
        row = _consequence(
            actor,
            case,
            ConsequenceKind.SCREENING,
            f"{p.name}：查实（{label} {case.document_no}，{decided_on:%Y-%m-%d}），对应负面清单 {item_code}",
            party=p,
            candidate=p.candidate,
        )
        result = rescreen(p.candidate, on=workflow.today())
        row.text = f"{row.text}；重新审查：{result.effect_text}"[:500]
        row.save(update_fields=["text"])
    # (b) winners' elections, (c) the whole election
    for p in voided:
        _void_or_refer(actor, case, party=p, reason=reason)
    if void_election:
        _void_or_refer(actor, case, party=None, reason=reason)
    # (d) accountability of officials
    for a in checked:
        _account(actor, case, a)
    return case


@transaction.atomic(durable=True)
def accountability_add(*, actor: Any, case: ViolationCase, fields: dict[str, Any]) -> ViolationAccountability:
    """Record a later accountability decision (问责) on a decided case."""
    if not can(actor, OversightCap.EDIT, case.unit.path):
        raise PermissionDenied("您无权办理此案件")
    if case.state != "decided":
        raise ValidationError("只有已作出处理决定的案件可以登记问责")
    row = _account(actor, case, _check_accountability(fields))
    assert row.accountability is not None
    return row.accountability


@transaction.atomic(durable=True)
def case_file(*, actor: Any, file: ViolationFile) -> bytes:
    """The decrypted evidence for a user who sees the case; every download is audited."""
    if not ViolationFile.objects.visible_to(actor).filter(pk=file.pk).exists():
        raise PermissionDenied("对象不在您的管辖范围内")
    try:
        data = files.load(file.stored)
    except (OSError, ValueError) as exc:
        raise Http404("证据材料文件缺失，请联系系统管理员") from exc
    audit.record(AuditAction.EXPORT, actor=actor, instance=file, reason=f"下载案件证据材料：{file.file_name}")
    return data
