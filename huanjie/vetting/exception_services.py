"""Writes of the screening's exceptions (issue 11 req. 3), by the county only (``vetting.review`` held
at the candidate's county): an age relaxation approved by the county, a 容错纠错 ruling of the county
Party committee on one finding. Each write is audited and re-screens the candidate, so its stored
effect follows; whether a ruling clears its finding is the screening rules' decision (a ruling they
refuse stays on record and the screening says why).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from huanjie.core import audit
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import scope_paths
from huanjie.vetting import screening
from huanjie.vetting.capabilities import VettingCap
from huanjie.vetting.models import AgeRelaxationApproval, Candidate, Finding, ToleranceRuling

__all__ = ["county_may_record", "relaxation_record", "relaxation_remove", "ruling_record", "ruling_remove"]


def county_may_record(actor: Any, candidate: Candidate) -> bool:
    """The actor holds ``vetting.review`` at the candidate's county itself (a county-level user)."""
    county = candidate.unit.path[:6]
    return county in scope_paths(actor, VettingCap.REVIEW)


def _locked_candidate(actor: Any, candidate: Candidate) -> Candidate:
    row = (
        Candidate.objects.select_for_update(of=("self",))
        .select_related("unit", "person", "campaign")
        .get(pk=candidate.pk)
    )
    if not county_may_record(actor, row):
        raise PermissionDenied("只有人选所在县（市、区）的联审人员可以登记或者撤销此项")
    return row


def _text(value: str, field: str, label: str, limit: int, *, required: bool = True) -> str:
    value = value.strip()
    if required and not value:
        raise ValidationError({field: f"请填写{label}"})
    if len(value) > limit:
        raise ValidationError({field: f"{label}不超过 {limit} 字"})
    return value


def _date(value: dt.date | None, field: str, label: str) -> dt.date:
    if value is None:
        raise ValidationError({field: f"请填写{label}"})
    if value > screening.today():
        raise ValidationError({field: f"{label}不能晚于今天"})
    return value


@transaction.atomic
def relaxation_record(
    *,
    actor: Any,
    candidate: Candidate,
    approved_by: str,
    document: str,
    approved_on: dt.date | None,
    reason: str,
) -> AgeRelaxationApproval:
    """Record the county's approval to relax the age guidance for ``candidate`` (one per candidate)."""
    row = _locked_candidate(actor, candidate)
    if AgeRelaxationApproval.objects.filter(candidate=row).exists():
        raise ValidationError("此人选已登记放宽年龄要求的批准；如需更正，请先撤销后重新登记")
    approval = AgeRelaxationApproval.objects.create(
        candidate=row,
        approved_by=_text(approved_by, "approved_by", "批准机关", 50),
        document=_text(document, "document", "批准文号", 64),
        approved_on=_date(approved_on, "approved_on", "批准日期"),
        reason=_text(reason, "reason", "放宽理由", 200),
        recorded_by=actor,
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=approval, after=audit.snapshot(approval))
    screening.rescreen(row)
    return approval


@transaction.atomic
def relaxation_remove(*, actor: Any, approval: AgeRelaxationApproval, reason: str) -> Candidate:
    """Withdraw a recorded age relaxation (with the reason); returns the candidate re-screened."""
    row = _locked_candidate(actor, approval.candidate)
    before = audit.snapshot(approval)
    audit.record(
        AuditAction.DELETE,
        actor=actor,
        instance=approval,
        before=before,
        reason=_text(reason, "reason", "撤销理由", 300),
    )
    approval.delete()
    screening.rescreen(row)
    return row


@transaction.atomic
def ruling_record(
    *,
    actor: Any,
    finding: Finding,
    document: str,
    ruled_on: dt.date | None,
    note: str = "",
) -> ToleranceRuling:
    """Record the county Party committee's 容错纠错 ruling on ``finding`` (one per finding). The rules
    decide whether it clears the finding (only for a sitting cadre, never a statutory bar or a
    不能-tier item); the record is kept either way."""
    row = _locked_candidate(actor, finding.candidate)
    if ToleranceRuling.objects.filter(finding=finding).exists():
        raise ValidationError({"finding": "这项核查发现已登记容错纠错认定"})
    ruling = ToleranceRuling.objects.create(
        finding=finding,
        document=_text(document, "document", "认定文号", 64),
        ruled_on=_date(ruled_on, "ruled_on", "认定日期"),
        note=_text(note, "note", "认定情况", 300, required=False),
        recorded_by=actor,
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=ruling, after=audit.snapshot(ruling))
    screening.rescreen(row)
    return ruling


@transaction.atomic
def ruling_remove(*, actor: Any, ruling: ToleranceRuling, reason: str) -> Candidate:
    """Withdraw a recorded 容错纠错 ruling (with the reason); returns the candidate re-screened."""
    row = _locked_candidate(actor, ruling.finding.candidate)
    audit.record(
        AuditAction.DELETE,
        actor=actor,
        instance=ruling,
        before=audit.snapshot(ruling),
        reason=_text(reason, "reason", "撤销理由", 300),
    )
    ruling.delete()
    screening.rescreen(row)
    return row
