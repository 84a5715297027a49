"""Writes of the petitions register (信访, issue 14 req. 1): register, assign, accept or decline,
record handling steps, extend, conclude with result and reply, and the campaign's legal clock.

Every write re-checks jurisdiction inside its transaction and is audited; state moves only through
core.workflow. The petitioner's identity is encrypted here and decrypted only by
``petitioner_identity``, which audits each reading."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from huanjie.core import audit, crypto, workflow
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import can, ensure_path_in_scope
from huanjie.oversight.capabilities import OversightCap
from huanjie.oversight.models import Petition, PetitionSettings, PetitionStep
from huanjie.oversight.petitions_choices import Finding
from huanjie.planning.models import Campaign, NegativeItem
from huanjie.rules.ids import InvalidCitizenId, parse_citizen_id

SETTINGS_FIELDS = (
    "accept_days",
    "accept_citation",
    "conclude_days",
    "conclude_citation",
    "extension_days",
    "extension_citation",
)


def settings_for(campaign: Campaign) -> PetitionSettings:
    """The campaign's petition clock: its row, or the defaults (《信访工作条例》2022: 15/60/30 days)."""
    found = PetitionSettings.objects.filter(campaign=campaign).first()
    return found if found is not None else PetitionSettings(campaign=campaign)


@transaction.atomic(durable=True)
def settings_update(*, actor: Any, campaign: Campaign, **fields: Any) -> PetitionSettings:
    """Set the campaign's petition clock (the city's operators: ``oversight.edit`` over the city)."""
    ensure_path_in_scope(actor, campaign.city.path, OversightCap.EDIT)
    row = settings_for(campaign)
    before = audit.snapshot(row) if row.pk else None
    for name in SETTINGS_FIELDS:
        if name in fields:
            setattr(row, name, fields[name])
    if not (1 <= row.accept_days <= 365 and 1 <= row.conclude_days <= 365 and row.extension_days <= 365):
        raise ValidationError("时限天数须在 1 至 365 天之间")
    row.save()
    audit.record(
        AuditAction.UPDATE if before else AuditAction.CREATE,
        actor=actor,
        instance=row,
        before=before,
        after=audit.snapshot(row),
    )
    return row


def petitioner_index(id_number: str, name: str, phone: str) -> str:
    """The blind index that finds the same petitioner again: of the ID number when given, else of
    name and phone together; empty when neither identifies anyone (anonymous)."""
    if id_number:
        return crypto.blind_index(id_number)
    if name and phone:
        return crypto.blind_index(f"{name.strip()}|{phone.strip()}")
    return ""


@transaction.atomic(durable=True)
def petition_register(
    *,
    actor: Any,
    campaign: Campaign,
    unit: Any,
    channel: str,
    category: str,
    received_on: dt.date,
    summary: str,
    subject_person: Any = None,
    subject_candidate: Any = None,
    anonymous: bool = False,
    petitioner_name: str = "",
    petitioner_id: str = "",
    petitioner_phone: str = "",
) -> Petition:
    """Register a petition: the 受理 deadline runs from the day received (campaign setting)."""
    ensure_path_in_scope(actor, unit.path, OversightCap.EDIT)
    if campaign.city.path != unit.path[:4]:
        raise ValidationError({"unit": "该村（社区）不属于本次换届工作的市"})
    if received_on > workflow.today():
        raise ValidationError({"received_on": "收到日期不能晚于今天"})
    if subject_candidate is not None:
        if subject_candidate.campaign_id != campaign.pk:
            raise ValidationError({"subject_candidate": "该候选人不属于本次换届工作"})
        subject_person = subject_candidate.person
    number = ""
    if anonymous:
        petitioner_name = petitioner_id = petitioner_phone = ""
    elif petitioner_id.strip():
        try:
            number = parse_citizen_id(petitioner_id, today=workflow.today()).number
        except InvalidCitizenId as exc:
            raise ValidationError({"petitioner_id": exc.reason}) from None
    elif not petitioner_name.strip():
        raise ValidationError({"petitioner_name": "请填写信访人姓名，或勾选匿名"})
    clock = settings_for(campaign)
    name, phone = petitioner_name.strip(), petitioner_phone.strip()
    p = Petition(
        campaign=campaign,
        unit=unit,
        channel=channel,
        category=category,
        received_on=received_on,
        summary=summary,
        subject_person=subject_person,
        subject_candidate=subject_candidate,
        anonymous=anonymous,
        petitioner_name_cipher=crypto.encrypt(name) if name else "",
        petitioner_id_cipher=crypto.encrypt(number) if number else "",
        petitioner_phone_cipher=crypto.encrypt(phone) if phone else "",
        petitioner_index=petitioner_index(number, name, phone),
        accept_due=received_on + dt.timedelta(days=clock.accept_days),
    )
    p.state_due = p.accept_due
    p.save()
    audit.record(AuditAction.CREATE, actor=actor, instance=p, after=audit.snapshot(p))
    return p


def _editable(actor: Any, petition: Petition) -> None:
    if not can(actor, OversightCap.PETITION_HANDLE, petition.unit.path):
        raise PermissionDenied("您无权办理此信访件")
    workflow.ensure_editable(petition, actor)


@transaction.atomic(durable=True)
def petition_assign(*, actor: Any, petition: Petition, handler_unit: Any, handler_name: str) -> Petition:
    """Assign the petition to a unit and an official (承办单位、承办人) inside the handler's jurisdiction."""
    _editable(actor, petition)
    ensure_path_in_scope(actor, handler_unit.path, OversightCap.PETITION_HANDLE)
    if not petition.unit.path.startswith(handler_unit.path):
        raise ValidationError({"handler_unit": "承办单位须为信访所涉村（社区）或其上级"})
    before = audit.snapshot(petition)
    petition.handler_unit, petition.handler_name = handler_unit, handler_name.strip()
    petition.save(update_fields=["handler_unit", "handler_name"])
    audit.record(
        AuditAction.UPDATE, actor=actor, instance=petition, before=before, after=audit.snapshot(petition)
    )
    return petition


@transaction.atomic(durable=True)
def petition_accept(*, actor: Any, petition: Petition) -> Petition:
    """受理: the 办结 deadline runs from today (campaign setting, 《信访工作条例》)."""
    workflow.apply_transition(actor=actor, record=petition, name="accept")
    today = workflow.today()
    clock = settings_for(petition.campaign)
    petition.accepted_on = today
    petition.conclude_due = today + dt.timedelta(days=clock.conclude_days)
    petition.state_due = petition.conclude_due
    petition.save(update_fields=["accepted_on", "conclude_due", "state_due"])
    return petition


@transaction.atomic(durable=True)
def petition_decline(*, actor: Any, petition: Petition, reason: str) -> Petition:
    """不予受理, with the reason told to the petitioner."""
    workflow.apply_transition(actor=actor, record=petition, name="decline", reason=reason)
    petition.state_due = None
    petition.save(update_fields=["state_due"])
    return petition


@transaction.atomic(durable=True)
def petition_extend(*, actor: Any, petition: Petition, days: int, reason: str) -> Petition:
    """Extend the 办结 deadline (complex cases): in all at most the campaign's extension days, with a
    reason (《信访工作条例》2022 第三十五条 [S])."""
    _editable(actor, petition)
    if petition.state != "accepted" or petition.conclude_due is None:
        raise ValidationError("只有办理中的信访件可以延期")
    if not reason.strip():
        raise ValidationError({"reason": "延期须写明理由"})
    limit = settings_for(petition.campaign).extension_days
    if days < 1 or petition.extended_days + days > limit:
        raise ValidationError({"days": f"延期累计不得超过 {limit} 天（已延期 {petition.extended_days} 天）"})
    before = audit.snapshot(petition)
    petition.extended_days += days
    petition.extension_reason = reason.strip()
    petition.conclude_due = petition.conclude_due + dt.timedelta(days=days)
    petition.state_due = petition.conclude_due
    petition.save(update_fields=["extended_days", "extension_reason", "conclude_due", "state_due"])
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        instance=petition,
        before=before,
        after=audit.snapshot(petition),
        reason=reason,
    )
    return petition


@transaction.atomic(durable=True)
def petition_step_add(*, actor: Any, petition: Petition, on: dt.date, note: str) -> PetitionStep:
    """Record one handling step (not in the future)."""
    _editable(actor, petition)
    if on > workflow.today():
        raise ValidationError({"on": "日期不能晚于今天"})
    if on < petition.received_on:
        raise ValidationError({"on": "日期不能早于收到日期"})
    step = PetitionStep.objects.create(
        petition=petition, on=on, note=note, actor=actor, actor_name=str(actor)
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=step, after=audit.snapshot(step))
    return step


@transaction.atomic(durable=True)
def petition_conclude(
    *,
    actor: Any,
    petition: Petition,
    finding: str,
    result: str,
    reply: str,
    replied_on: dt.date,
    item_code: str = "",
) -> Petition:
    """办结 with the finding (查实/部分属实/不属实), result and reply. Only a substantiated (查实)
    finding may name the negative-list item it amounts to (one of the campaign's codes): that alone
    can later block a candidate in screening."""
    if finding not in Finding.values:
        raise ValidationError({"finding": "请选择核查结论"})
    item_code = item_code.strip()
    if item_code:
        if finding != Finding.SUBSTANTIATED:
            raise ValidationError({"item_code": "只有查实的问题才能对应负面清单"})
        if not NegativeItem.objects.filter(campaign=petition.campaign, code=item_code).exists():
            raise ValidationError({"item_code": "本次换届工作的负面清单中没有该编号"})
    if replied_on > workflow.today():
        raise ValidationError({"replied_on": "答复日期不能晚于今天"})
    workflow.apply_transition(actor=actor, record=petition, name="conclude")
    before = audit.snapshot(petition)
    petition.finding, petition.item_code = finding, item_code
    petition.result, petition.reply, petition.replied_on = result, reply, replied_on
    petition.concluded_on = workflow.today()
    petition.save(update_fields=["finding", "item_code", "result", "reply", "replied_on", "concluded_on"])
    audit.record(
        AuditAction.UPDATE, actor=actor, instance=petition, before=before, after=audit.snapshot(petition)
    )
    return petition


def petitioner_identity(*, actor: Any, petition: Petition) -> dict[str, str] | None:
    """The petitioner's name, ID number and phone, decrypted, for a handler within jurisdiction
    (``oversight.petition_handle``); ``None`` for anyone else. Each reading is audited."""
    if not can(actor, OversightCap.PETITION_HANDLE, petition.unit.path):
        return None
    if petition.anonymous:
        return {"name": "匿名", "id_number": "", "phone": ""}
    with transaction.atomic():
        audit.record(
            AuditAction.VIEW_CONFIDENTIAL, actor=actor, instance=petition, reason="查看信访人身份信息"
        )
    return {
        "name": crypto.decrypt(petition.petitioner_name_cipher) if petition.petitioner_name_cipher else "",
        "id_number": crypto.decrypt(petition.petitioner_id_cipher) if petition.petitioner_id_cipher else "",
        "phone": crypto.decrypt(petition.petitioner_phone_cipher) if petition.petitioner_phone_cipher else "",
    }
