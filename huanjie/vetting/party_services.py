"""Writes of the party 预备人选 area (issue 11 reqs. 1, 6, 8): the branch's 请示, the 镇党委's 批复 (only
when nothing holds it: no 带病上岗), the 公示, the 考察, and the withdrawal of a 预备人选.

The 请示 travels ``PARTY_REQUEST_SPEC`` through ``core.workflow`` only. Its 预备人选 are locked with
it: while it is submitted or approved nobody attaches, withdraws or re-inspects one; a change goes
through a return (after the 批复: the 镇党委 withdraws it with a reason, the ``unlock`` transition) and a
new 批复, each audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from huanjie.core import audit, workflow
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import can, scope_paths
from huanjie.core.versioning import bump, check_version, loaded_version, sync
from huanjie.org.models import OrgUnit
from huanjie.planning.models import Campaign
from huanjie.rules import workflow as wf_rules
from huanjie.vetting import pledge_tally, screening
from huanjie.vetting.capabilities import VettingCap
from huanjie.vetting.choices import Post, Side
from huanjie.vetting.models import Candidate, Inspection, PartyRequest
from huanjie.vetting.party_choices import ASPECTS, FIVE_STRENGTHS, Rating
from huanjie.vetting.workflows import PARTY_REQUEST_SPEC

REQUEST_FIELDS = ("request_no", "request_date")
PUBLICITY_FIELDS = ("publicity_start", "publicity_end", "objections")
INSPECTION_FIELDS = (
    *(f for f, _ in ASPECTS),
    "narrative",
    "poll_satisfied",
    "poll_basic",
    "poll_unsatisfied",
    "inspectors",
    "inspected_on",
    *(f for f, _ in FIVE_STRENGTHS),
)
LEAF_LEVELS = ("village", "community")


class ApprovalBlocked(workflow.TransitionRefused):
    """The 镇党委 may not approve: ``reasons`` lists each 预备人选's block (Chinese, with its basis)."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("存在不能批准的情形，镇党委不能批复同意（防止“带病上岗”）")
        self.reasons = reasons


def _ensure(actor: Any, capability: str, path: str, message: str) -> None:
    if not can(actor, capability, path):
        raise PermissionDenied(message)


def _is_locked(request: PartyRequest | None) -> bool:
    return request is not None and wf_rules.is_locked(PARTY_REQUEST_SPEC, request.state)


def _locked_message(request: PartyRequest) -> str:
    return (
        f"该预备人选所在的请示{PARTY_REQUEST_SPEC.state_label(request.state)}，处于锁定状态；"
        "如需变动，须由乡镇党委退回或者解锁后重新请示、批复"
    )


def ensure_candidate_changeable(candidate: Candidate) -> None:
    """Refuse a change to a party 预备人选 whose 请示 is submitted or approved (locked with it): for any
    service that edits or withdraws a candidate."""
    request = candidate.request
    if _is_locked(request):
        raise workflow.RecordLocked(_locked_message(request))  # type: ignore[arg-type]


def _lock_request(
    actor: Any, request: PartyRequest, version: Any, seen: Any, fields: tuple[str, ...]
) -> PartyRequest:
    current = (
        PartyRequest.objects.select_for_update(of=("self",))
        .select_related("unit", "campaign")
        .get(pk=request.pk)
    )
    _ensure(actor, VettingCap.EDIT, current.unit.path, "对象不在您的管辖范围内")
    check_version(current, loaded_version(request, version), seen=seen, fields=fields)
    return current


def _save(actor: Any, current: Any, fields: tuple[str, ...], before: dict[str, Any]) -> None:
    if audit.snapshot(current) != before:
        current.save(update_fields=[*fields, bump(current)])
        audit.record(
            AuditAction.UPDATE, actor=actor, instance=current, before=before, after=audit.snapshot(current)
        )


# --- the 请示 ------------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def request_create(*, actor: Any, campaign: Campaign, unit: OrgUnit) -> PartyRequest:
    """Open the branch's 请示 on its 预备人选 for the campaign (one per village and campaign)."""
    _ensure(actor, VettingCap.EDIT, unit.path, "只有该村（社区）或其所属乡镇（街道）可以起草请示")
    if unit.level not in LEAF_LEVELS:
        raise ValidationError({"unit": "预备人选请示由村（社区）党组织提出"})
    if campaign.state != "published" or campaign.city.path != unit.path[:4]:
        raise ValidationError({"campaign": "该村（社区）所属市没有已发布的换届工作"})
    if PartyRequest.objects.filter(campaign=campaign, unit=unit).exists():
        raise ValidationError({"unit": "本次换届该村（社区）已有预备人选请示，请在原请示中办理"})
    row = PartyRequest.objects.create(campaign=campaign, unit=unit)
    audit.record(AuditAction.CREATE, actor=actor, instance=row, after=audit.snapshot(row))
    return row


@transaction.atomic(durable=True)
def request_update(
    *,
    actor: Any,
    request: PartyRequest,
    request_no: str,
    request_date: dt.date | None,
    version: int | None = None,
    seen: dict[str, Any] | None = None,
) -> PartyRequest:
    """The 请示's number and date (only while the branch may still change it)."""
    current = _lock_request(actor, request, version, seen, REQUEST_FIELDS)
    workflow.ensure_editable(current, actor)
    if len(request_no) > 64:
        raise ValidationError({"request_no": "请示文号不能超过 64 个字"})
    before = audit.snapshot(current)
    current.request_no, current.request_date = request_no.strip(), request_date
    _save(actor, current, REQUEST_FIELDS, before)
    sync(request, current)
    return current


def _active(request: PartyRequest) -> list[Candidate]:
    """The 请示's 预备人选 not withdrawn, by post (书记 first) and registration."""
    rows = Candidate.objects.filter(request=request, withdrawn_on__isnull=True).select_related(
        "unit", "person", "campaign"
    )
    return sorted(rows, key=lambda c: (Post.values.index(c.post), c.pk))


@transaction.atomic(durable=True)
def request_attach(*, actor: Any, request: PartyRequest, candidates: list[Candidate]) -> int:
    """Attach registered party 预备人选 (两推一选) of the village and campaign to the 请示."""
    current = PartyRequest.objects.select_for_update(of=("self",)).select_related("unit").get(pk=request.pk)
    workflow.ensure_editable(current, actor)
    if not candidates:
        raise ValidationError({"candidates": "请选择要列入请示的人选"})
    count = 0
    for c in candidates:
        row = Candidate.objects.select_for_update().get(pk=c.pk)
        if (row.campaign_id, row.unit_id) != (current.campaign_id, current.unit_id) or row.side != Side.PARTY:
            raise ValidationError({"candidates": f"{c}不是本村（社区）本次换届的党组织人选"})
        if row.withdrawn_on is not None:
            raise ValidationError({"candidates": f"{c}已退出，不能列入请示"})
        if row.request_id is not None:
            raise ValidationError({"candidates": f"{c}已列入请示"})
        before = audit.snapshot(row)
        row.request = current
        row.save(update_fields=["request", bump(row)])
        audit.record(AuditAction.UPDATE, actor=actor, instance=row, before=before, after=audit.snapshot(row))
        count += 1
    return count


@transaction.atomic(durable=True)
def candidate_withdraw(
    *,
    actor: Any,
    candidate: Candidate,
    reason: str,
    on: dt.date,
    version: int | None = None,
    seen: dict[str, Any] | None = None,
) -> Candidate:
    """A party 预备人选 withdraws (本人申请 or the branch's decision, with the reason): never while its
    请示 is submitted or approved (locked)."""
    row = (
        Candidate.objects.select_for_update(of=("self",))
        .select_related("unit", "request")
        .get(pk=candidate.pk)
    )
    _ensure(actor, VettingCap.EDIT, row.unit.path, "只有该村（社区）或其所属乡镇（街道）可以办理人选退出")
    if row.side != Side.PARTY:
        raise ValidationError({"reason": "村（居）民委员会候选人的退出由选举委员会依法办理，不在此处办理"})
    ensure_candidate_changeable(row)
    check_version(row, loaded_version(candidate, version), seen=seen, fields=())
    if row.withdrawn_on is not None:
        raise ValidationError({"reason": "此人选已退出"})
    if not reason.strip() or len(reason) > 300:
        raise ValidationError({"reason": "请填写退出情况（不超过 300 字）"})
    before = audit.snapshot(row)
    row.withdrawn_on, row.withdrawal_reason = on, reason.strip()
    row.save(update_fields=["withdrawn_on", "withdrawal_reason", bump(row)])
    pledge_tally.refresh_candidate(row)
    audit.record(
        AuditAction.UPDATE, actor=actor, instance=row, before=before, after=audit.snapshot(row), reason=reason
    )
    sync(candidate, row)
    return row


def approval_blocks(request: PartyRequest, *, on: dt.date) -> list[str]:
    """Why the 镇党委 may not approve the 请示 now (empty: it may): each attached 预备人选's blocks,
    in Chinese with the basis."""
    reasons = []
    active = _active(request)
    results = screening.screen_all(active, on=on)
    for c in active:
        for check in results[c.pk].blocks:
            reasons.append(
                f"{c.person.name}（{c.get_post_display()}）：{check.text}（依据：{check.citation}）"
            )
    return reasons


def _submit_problems(current: PartyRequest) -> list[str]:
    problems = []
    if not current.request_no or current.request_date is None:
        problems.append("请先填写请示文号和请示日期")
    if not _active(current):
        problems.append("请示中还没有预备人选")
    return problems


@transaction.atomic(durable=True)
def request_act(
    *,
    actor: Any,
    request: PartyRequest,
    name: str,
    reason: str = "",
    approval_no: str = "",
    approval_date: dt.date | None = None,
) -> PartyRequest:
    """Submit the 请示 to the 镇党委 (the branch: number, date, 预备人选), return it with a reason or
    approve it with the 批复's number and date (the town, ``vetting.approve``; refused while any
    预备人选 is blocked), or withdraw the 批复 of approved ones (``unlock``, the town, with a reason: a new
    批复 follows)."""
    current = (
        PartyRequest.objects.select_for_update(of=("self",))
        .select_related("unit", "campaign")
        .get(pk=request.pk)
    )
    t = PARTY_REQUEST_SPEC.transition(name)
    if name == "submit" and t is not None and current.state in t.sources:
        problems = _submit_problems(current)
        if problems:
            raise workflow.TransitionRefused("报乡镇党委前请处理：" + "；".join(problems))
    if name == "approve" and t is not None and current.state in t.sources:
        # who may approve is the table's question: asked first, so a refusal never lists findings
        assert t.capability is not None
        _ensure(actor, t.capability, current.unit.path, "您没有批复预备人选请示的权限")
        errors: dict[str, str] = {}
        if not approval_no.strip() or len(approval_no) > 64:
            errors["approval_no"] = "请填写批复文号（不超过 64 个字）"
        if approval_date is None:
            errors["approval_date"] = "请填写批复日期"
        if errors:
            raise ValidationError(errors)
        reasons = approval_blocks(current, on=screening.today())
        if reasons:
            raise ApprovalBlocked(reasons)
    workflow.apply_transition(actor=actor, record=request, name=name, reason=reason)
    if name in ("approve", "unlock"):
        # a new 批复's number and date; a withdrawn 批复 no longer stands (the audit keeps it)
        current.refresh_from_db()
        before = audit.snapshot(current)
        current.approval_no = approval_no.strip() if name == "approve" else ""
        current.approval_date = approval_date if name == "approve" else None
        current.save(update_fields=["approval_no", "approval_date", bump(current)])
        audit.record(
            AuditAction.UPDATE, actor=actor, instance=current, before=before, after=audit.snapshot(current)
        )
        sync(request, current)
    return request


@transaction.atomic(durable=True)
def request_publicity(
    *,
    actor: Any,
    request: PartyRequest,
    publicity_start: dt.date,
    publicity_end: dt.date,
    objections: str,
    version: int | None = None,
    seen: dict[str, Any] | None = None,
) -> PartyRequest:
    """The 公示 of the approved 预备人选 (dates) and the objections received."""
    current = _lock_request(actor, request, version, seen, PUBLICITY_FIELDS)
    if current.state != "approved":
        raise ValidationError({"publicity_start": "预备人选经乡镇党委批复同意后方可公示"})
    errors: dict[str, str] = {}
    if publicity_end < publicity_start:
        errors["publicity_end"] = "公示结束日期不能早于开始日期"
    if current.approval_date is not None and publicity_start < current.approval_date:
        errors["publicity_start"] = "公示应在批复之后"
    if len(objections) > 2000:
        errors["objections"] = "公示期间反映的问题不能超过 2000 字"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(current)
    current.publicity_start, current.publicity_end = publicity_start, publicity_end
    current.objections = objections.strip()
    _save(actor, current, PUBLICITY_FIELDS, before)
    sync(request, current)
    return current


# --- 考察 ----------------------------------------------------------------------------------------


def _inspection_errors(candidate: Candidate, values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for f, label in ASPECTS:
        if values.get(f) not in Rating.values:
            errors[f] = f"请评定“{label}”"
    for f, label in FIVE_STRENGTHS:
        v = values.get(f) or ""
        if candidate.post == "secretary" and v not in Rating.values:
            errors[f] = f"书记人选须评定“{label}”"
        elif v and v not in Rating.values:
            errors[f] = f"请评定“{label}”"
    if not (values.get("narrative") or "").strip():
        errors["narrative"] = "请填写考察意见"
    elif len(values["narrative"]) > 3000:
        errors["narrative"] = "考察意见不能超过 3000 字"
    if not (values.get("inspectors") or "").strip():
        errors["inspectors"] = "请填写考察组成员"
    elif len(values["inspectors"]) > 200:
        errors["inspectors"] = "考察组成员不能超过 200 字"
    for f in ("poll_satisfied", "poll_basic", "poll_unsatisfied"):
        v = values.get(f)
        if not isinstance(v, int) or v < 0:
            errors[f] = "请填写民主测评票数（不小于 0）"
    if not isinstance(values.get("inspected_on"), dt.date):
        errors["inspected_on"] = "请填写考察日期"
    return errors


@transaction.atomic(durable=True)
def inspection_save(
    *,
    actor: Any,
    candidate: Candidate,
    version: int | None = None,
    seen: dict[str, Any] | None = None,
    **values: Any,
) -> Inspection:
    """Record or correct a candidate's 考察 (the town: ``vetting.edit`` and ``vetting.confidential``);
    not once the 预备人选's 请示 is approved (a change goes through the unlock and a new 批复)."""
    row = Candidate.objects.select_related("unit", "request").get(pk=candidate.pk)
    path = row.unit.path
    if not (can(actor, VettingCap.EDIT, path) and can(actor, VettingCap.CONFIDENTIAL, path)):
        raise PermissionDenied("考察情况由乡镇（街道）登记")
    unknown = set(values) - set(INSPECTION_FIELDS)
    if unknown:
        raise TypeError(f"unknown inspection fields: {sorted(unknown)}")
    if row.request is not None and row.request.state == "approved":
        raise workflow.RecordLocked(_locked_message(row.request))
    errors = _inspection_errors(row, values)
    if errors:
        raise ValidationError(errors)
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    existing = Inspection.objects.select_for_update().filter(candidate=row).first()
    if existing is None:
        created = Inspection.objects.create(candidate=row, **values)
        audit.record(AuditAction.CREATE, actor=actor, instance=created, after=audit.snapshot(created))
        return created
    check_version(
        existing, version if version is not None else existing.version, seen=seen, fields=INSPECTION_FIELDS
    )
    before = audit.snapshot(existing)
    for k, v in values.items():
        setattr(existing, k, v)
    _save(actor, existing, tuple(values), before)
    return existing


@transaction.atomic(durable=True)
def confidential_viewed(*, actor: Any, candidate: Candidate, inspection: Inspection | None = None) -> None:
    """只做不说: a candidate's screening or 考察 read from outside the village's town (county, city,
    leaders) is audited — on the 考察 when one is shown, else on the candidate."""
    path = candidate.unit.path
    if not can(actor, VettingCap.CONFIDENTIAL, path):
        raise PermissionDenied("对象不在您的管辖范围内")
    town = path[:9]
    if any(p.startswith(town) for p in scope_paths(actor, VettingCap.CONFIDENTIAL)):
        return
    what = "查看考察情况" if inspection is not None else "查看人选资格审查情况"
    audit.record(AuditAction.VIEW_CONFIDENTIAL, actor=actor, instance=inspection or candidate, reason=what)
