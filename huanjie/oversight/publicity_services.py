"""Writes of publicity tasks and public-opinion events (issue 14 req. 8), audited, jurisdiction
re-checked inside the transaction, stale edits refused (house rule 15)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from huanjie.core import audit
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import ensure_path_in_scope
from huanjie.core.versioning import bump, check_version
from huanjie.org.models import OrgUnit
from huanjie.oversight.capabilities import OversightCap
from huanjie.oversight.models import OpinionEvent, PublicityTask
from huanjie.planning.models import Campaign

_EDIT = OversightCap.EDIT


def _in_campaign(campaign: Campaign, unit: OrgUnit, field: str) -> None:
    if not unit.path.startswith(campaign.city.path):
        raise ValidationError({field: "该单位不属于本次换届工作所在的市"})


@transaction.atomic
def task_create(
    *, actor: Any, campaign: Campaign, owner: OrgUnit, title: str, deadline: dt.date
) -> PublicityTask:
    _in_campaign(campaign, owner, "owner")
    ensure_path_in_scope(actor, owner.path, _EDIT)
    t = PublicityTask.objects.create(campaign=campaign, owner=owner, title=title.strip(), deadline=deadline)
    audit.record(AuditAction.CREATE, actor=actor, instance=t, after=audit.snapshot(t))
    return t


@transaction.atomic
def task_done(
    *, actor: Any, task: PublicityTask, done_on: dt.date, note: str = "", version: Any, seen: Any = None
) -> PublicityTask:
    """Record the task as done (on ``done_on``, with how)."""
    current = PublicityTask.objects.select_for_update().select_related("owner").get(pk=task.pk)
    ensure_path_in_scope(actor, current.owner.path, _EDIT)
    check_version(current, version, seen=seen, fields=("done_on", "note"))
    before = audit.snapshot(current)
    current.done_on = done_on
    current.note = note.strip()
    bump(current)
    current.save()
    audit.record(
        AuditAction.UPDATE, actor=actor, instance=current, before=before, after=audit.snapshot(current)
    )
    return current


@transaction.atomic
def event_create(
    *,
    actor: Any,
    campaign: Campaign,
    unit: OrgUnit,
    source: str,
    occurred_on: dt.date,
    summary: str,
    respond_by: dt.date,
) -> OpinionEvent:
    if unit.level not in ("town", "village", "community"):
        raise ValidationError({"unit": "请选择乡镇（街道）或村（社区）"})
    _in_campaign(campaign, unit, "unit")
    if respond_by < occurred_on:
        raise ValidationError({"respond_by": "处置时限不能早于发现日期"})
    ensure_path_in_scope(actor, unit.path, _EDIT)
    e = OpinionEvent.objects.create(
        campaign=campaign,
        unit=unit,
        source=source,
        occurred_on=occurred_on,
        summary=summary.strip(),
        respond_by=respond_by,
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=e, after=audit.snapshot(e))
    return e


@transaction.atomic
def event_update(
    *, actor: Any, event: OpinionEvent, response: str, status: str, version: Any, seen: Any = None
) -> OpinionEvent:
    """Record the response and the status (监测中, 处置中, 已处置)."""
    current = OpinionEvent.objects.select_for_update().select_related("unit").get(pk=event.pk)
    ensure_path_in_scope(actor, current.unit.path, _EDIT)
    check_version(current, version, seen=seen, fields=("response", "status"))
    if status == "closed" and not response.strip():
        raise ValidationError({"response": "标记为已处置前请填写处置情况"})
    before = audit.snapshot(current)
    current.response = response.strip()
    current.status = status
    bump(current)
    current.save()
    audit.record(
        AuditAction.UPDATE, actor=actor, instance=current, before=before, after=audit.snapshot(current)
    )
    return current
