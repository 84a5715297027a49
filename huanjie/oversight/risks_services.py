"""Writes of the risk register (风险研判, issue 14 req. 2): register and edit a risk with its
measures and contingency plan (预案), submit it to the county, which approves the plan or returns
it. Jurisdiction re-checked inside each transaction, every write audited, states moved only by
core.workflow."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from huanjie.core import audit, workflow
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import ensure_path_in_scope
from huanjie.core.versioning import bump, check_version
from huanjie.oversight.capabilities import OversightCap
from huanjie.oversight.models import Risk
from huanjie.oversight.risks_choices import RiskKind
from huanjie.planning.models import Campaign

RISK_FIELDS = ("kind", "title", "level", "cause", "owner", "measures", "plan")


def _check_unit(kind: str, unit: Any) -> None:
    if kind == RiskKind.VILLAGE and unit.level not in ("village", "community"):
        raise ValidationError({"unit": "重点村（社区）须选择村或社区"})
    if unit.level not in ("village", "community", "town"):
        raise ValidationError({"unit": "请选择乡镇（街道）或村（社区）"})


@transaction.atomic(durable=True)
def risk_create(*, actor: Any, campaign: Campaign, unit: Any, **fields: Any) -> Risk:
    """Register a surveyed risk (the town or county within its jurisdiction)."""
    ensure_path_in_scope(actor, unit.path, OversightCap.EDIT)
    if campaign.city.path != unit.path[:4]:
        raise ValidationError({"unit": "该单位不属于本次换届工作的市"})
    _check_unit(fields.get("kind", ""), unit)
    r = Risk(campaign=campaign, unit=unit, **{k: v for k, v in fields.items() if k in RISK_FIELDS})
    r.save()
    audit.record(AuditAction.CREATE, actor=actor, instance=r, after=audit.snapshot(r))
    return r


@transaction.atomic(durable=True)
def risk_update(*, actor: Any, risk: Risk, version: int | None = None, **fields: Any) -> Risk:
    """Edit a risk while it is being surveyed or after it was returned (locked once submitted)."""
    current = Risk.objects.select_for_update().get(pk=risk.pk)
    workflow.ensure_editable(current, actor)
    if version is not None:
        check_version(current, version)
    _check_unit(fields.get("kind", current.kind), current.unit)
    before = audit.snapshot(current)
    for name in RISK_FIELDS:
        if name in fields:
            setattr(current, name, fields[name])
    current.save(update_fields=[*RISK_FIELDS, bump(current)])
    audit.record(
        AuditAction.UPDATE, actor=actor, instance=current, before=before, after=audit.snapshot(current)
    )
    return current


def risk_act(*, actor: Any, risk: Risk, name: str, reason: str = "") -> Risk:
    """Apply a workflow action: submit (须写明化解措施和应急预案), approve or return (县级)."""
    if name == "submit" and not (risk.measures.strip() and risk.plan.strip()):
        raise workflow.TransitionRefused("报县级审核前，须填写化解措施和应急预案")
    workflow.transition(actor=actor, record=risk, name=name, reason=reason)
    return risk
