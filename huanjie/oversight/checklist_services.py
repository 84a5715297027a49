"""Writes of the election-day checklist (issue 14 req. 7): the campaign's city defines the items;
the town or village records each item of an election as done, with a note and evidence (checked
and stored SM4-GCM encrypted like the elections' step evidence). Audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from huanjie.core import audit
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import ensure_path_in_scope
from huanjie.elections.models import Election
from huanjie.oversight.capabilities import OversightCap
from huanjie.oversight.models import ChecklistCheck, ChecklistItem
from huanjie.planning import rectification_files as files
from huanjie.planning.models import Campaign


@transaction.atomic
def item_add(
    *, actor: Any, campaign: Campaign, title: str, guidance: str = "", needs_evidence: bool = False
) -> ChecklistItem:
    """Add an item to the campaign's election-day checklist (the campaign's city)."""
    ensure_path_in_scope(actor, campaign.city.path, OversightCap.EDIT)
    if not title.strip():
        raise ValidationError({"title": "请填写检查事项"})
    last = (
        ChecklistItem.objects.filter(campaign=campaign)
        .order_by("-order")
        .values_list("order", flat=True)
        .first()
    )
    it = ChecklistItem.objects.create(
        campaign=campaign,
        order=(last or 0) + 1,
        title=title.strip(),
        guidance=guidance.strip(),
        needs_evidence=needs_evidence,
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=it, after=audit.snapshot(it))
    return it


@transaction.atomic
def check_record(
    *,
    actor: Any,
    election: Election,
    item: ChecklistItem,
    done: bool,
    note: str = "",
    evidence_name: str = "",
    evidence_data: bytes = b"",
) -> ChecklistCheck:
    """Record one item of an election's checklist. An item that asks for evidence is done only
    with a file (uploaded now or earlier)."""
    ensure_path_in_scope(actor, election.unit.path, OversightCap.EDIT)
    if item.campaign_id != election.campaign_id:
        raise ValidationError("该检查事项不属于本次选举所在的换届工作")
    if evidence_data:
        try:
            files.check(evidence_name, evidence_data)
        except ValidationError as exc:
            raise ValidationError({"evidence": "；".join(exc.messages)}) from exc
    current = ChecklistCheck.objects.select_for_update().filter(election=election, item=item).first()
    has_file = bool(evidence_data) or bool(current and current.evidence_stored)
    if done and item.needs_evidence and not has_file:
        raise ValidationError({"evidence": "该事项须上传佐证材料后才能标记为已落实"})
    before = audit.snapshot(current) if current is not None else None
    row = current or ChecklistCheck(election=election, item=item)
    row.done = done
    row.note = note.strip()
    row.recorded_by = actor.username
    if evidence_data:
        row.evidence_name = files.clean_name(evidence_name)
        row.evidence_stored = files.store(evidence_data)
    row.save()
    audit.record(
        AuditAction.CREATE if before is None else AuditAction.UPDATE,
        actor=actor,
        instance=row,
        before=before,
        after=audit.snapshot(row),
    )
    return row
