"""Writes of the pledges (issue 11 req. 9): record a signed 纪律责任书 / 承诺书 / 保证书 with its
scanned copy, and hand a copy back (audited).

The scanned copy goes through the store of planning's evidence files (``planning.rectification_files``:
size limit, type by content, SM4-GCM encrypted under ``VAR_DIR/evidence``, random stored names):
vetting sits above planning and reuses it as it is, so both kinds of files share one store and one
size setting (``HUANJIE_EVIDENCE_MAX_MB``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from huanjie.core import audit, crypto, workflow
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import can
from huanjie.org.models import OrgUnit
from huanjie.people.choices import CommitteeKind
from huanjie.people.models import Person, Tenure
from huanjie.planning import rectification_files as files
from huanjie.planning.models import Campaign
from huanjie.vetting import pledge_tally
from huanjie.vetting.capabilities import VettingCap
from huanjie.vetting.choices import Post, Qualification
from huanjie.vetting.models import Candidate, Pledge
from huanjie.vetting.talk_choices import PledgeKind

LEAF_LEVELS = ("village", "community")
PLEDGE_UNIT_LEVELS = ("town", *LEAF_LEVELS)


def active_candidates(campaign: Campaign, unit: OrgUnit) -> Any:
    """The candidates who must sign a 承诺书: registered, not withdrawn, not found unqualified."""
    return Candidate.objects.filter(campaign=campaign, unit=unit, withdrawn_on__isnull=True).exclude(
        qualification=Qualification.NOT_QUALIFIED
    )


def sitting_secretaries(unit: OrgUnit) -> Any:
    """The village's sitting Party secretary tenures (they sign the 纪律责任书)."""
    return Tenure.objects.filter(
        committee__org_unit=unit,
        committee__kind=CommitteeKind.PARTY_ORG,
        post=Post.SECRETARY,
        end_date__isnull=True,
    )


def _signer_errors(
    campaign: Campaign, unit: OrgUnit, kind: str, person: Person | None, signer_name: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if kind == PledgeKind.COMMITMENT:
        if person is None or not active_candidates(campaign, unit).filter(person=person).exists():
            errors["signer"] = "承诺书只能为本村（社区）的有效人选登记"
        elif Pledge.objects.filter(campaign=campaign, kind=kind, person=person).exists():
            errors["signer"] = "此人已登记承诺书"
    elif kind == PledgeKind.DISCIPLINE and unit.level == "town":
        if person is not None or not signer_name.strip():
            errors["signer_name"] = "请填写乡镇（街道）党（工）委书记姓名"
        elif Pledge.objects.filter(campaign=campaign, kind=kind, unit=unit).exists():
            errors["signer"] = "该乡镇（街道）党（工）委书记已登记纪律责任书"
    elif kind == PledgeKind.DISCIPLINE:
        if person is None or not sitting_secretaries(unit).filter(person=person).exists():
            errors["signer"] = "纪律责任书只能为本村（社区）现任党组织书记登记"
        elif Pledge.objects.filter(campaign=campaign, kind=kind, person=person).exists():
            errors["signer"] = "此人已登记纪律责任书"
    elif kind == PledgeKind.GUARANTEE:
        if not signer_name.strip():
            errors["signer_name"] = "请填写换届工作人员姓名"
        elif Pledge.objects.filter(
            campaign=campaign, kind=kind, unit=unit, signer_name=signer_name.strip()
        ).exists():
            errors["signer_name"] = "此人已登记保证书"
    else:
        errors["signer"] = "请选择签订人"
    return errors


@transaction.atomic(durable=True)
def pledge_record(
    *,
    actor: Any,
    campaign: Campaign,
    unit: OrgUnit,
    kind: str,
    signed_on: dt.date,
    file_name: str = "",
    data: bytes = b"",
    person: Person | None = None,
    signer_name: str = "",
    signer_post: str = "",
    scan_later: bool = False,
) -> Pledge:
    """Record a signed pledge at a town or a village with its scanned copy (stored encrypted).

    ``scan_later``: the import of a sheet of signing dates (``importers_registers.PledgeImporter``)
    records the pledge without its scan, which then shows as 扫描件待补 until
    ``pledge_attach_scan``; the page's form always sends the scan."""
    if not can(actor, VettingCap.EDIT, unit.path):
        raise PermissionDenied("只有该单位或其上级乡镇（街道）可以登记")
    errors: dict[str, str] = {}
    if unit.level not in PLEDGE_UNIT_LEVELS:
        errors["unit"] = "请在乡镇（街道）或村（社区）页面登记"
    if campaign.state != "published" or campaign.city.path != unit.path[:4]:
        errors["campaign"] = "所属市没有已发布的换届工作"
    if signed_on > workflow.today():
        errors["signed_on"] = "签订日期不能晚于今天"
    if len(signer_name) > 50:
        errors["signer_name"] = "姓名不能超过 50 字"
    if len(signer_post) > 100:
        errors["signer_post"] = "职务不能超过 100 字"
    if not data and not scan_later:
        errors["file"] = "请上传签字后的扫描件"
    if not errors:
        errors = _signer_errors(campaign, unit, kind, person, signer_name)
    if errors:
        raise ValidationError(errors)
    scan = _scan(file_name, data) if data else {}
    try:
        row = Pledge.objects.create(
            campaign=campaign,
            unit=unit,
            kind=kind,
            person=person,
            signer_name=person.name if person is not None else signer_name.strip(),
            signer_post=signer_post.strip(),
            signed_on=signed_on,
            **scan,
            recorded_at=timezone.now(),
            recorded_by=getattr(actor, "display_name", "") or actor.get_username(),
        )
        pledge_tally.refresh_person(
            campaign.pk, person.pk if person is not None and kind == PledgeKind.COMMITMENT else None, unit.pk
        )
        audit.record(AuditAction.CREATE, actor=actor, instance=row, after=audit.snapshot(row))
    except BaseException:
        if scan:
            files.remove(scan["stored"])
        raise
    return row


def _scan(file_name: str, data: bytes) -> dict[str, Any]:
    """The file fields of a checked scan, stored encrypted (the caller removes ``stored`` when its
    write fails)."""
    name = files.clean_name(file_name)
    content_type = files.check(name, data)
    return {
        "file_name": name,
        "content_type": content_type,
        "size": len(data),
        "digest": crypto.file_digest(data),
        "stored": files.store(data),
    }


@transaction.atomic(durable=True)
def pledge_attach_scan(*, actor: Any, pledge: Pledge, file_name: str, data: bytes) -> Pledge:
    """Upload the missing scanned copy of a pledge recorded without it (扫描件待补): the same checks
    and encryption as ``pledge_record``; a scan already attached is never replaced."""
    if not can(actor, VettingCap.EDIT, pledge.unit.path) or (
        not Pledge.objects.visible_to(actor).filter(pk=pledge.pk).exists()
    ):
        raise PermissionDenied("只有该单位或其上级乡镇（街道）可以上传扫描件")
    row = Pledge.objects.select_for_update().select_related("unit").get(pk=pledge.pk)
    if row.stored is not None:
        raise ValidationError({"file": "该件已有扫描件，不能重复上传"})
    if not data:
        raise ValidationError({"file": "请上传签字后的扫描件"})
    before = audit.snapshot(row)
    scan = _scan(file_name, data)
    try:
        for name, value in scan.items():
            setattr(row, name, value)
        row.save(update_fields=list(scan))
        pledge_tally.refresh(row.campaign_id, [row.unit_id])
        audit.record(
            AuditAction.UPDATE,
            actor=actor,
            instance=row,
            before=before,
            after=audit.snapshot(row),
            reason=f"补传{row.get_kind_display()}扫描件：{row.signer_name}",
        )
    except BaseException:
        files.remove(scan["stored"])
        raise
    return row


@transaction.atomic(durable=True)
def pledge_file(*, actor: Any, pledge: Pledge) -> bytes:
    """The decrypted scanned copy for a user who sees the pledge; every download is audited."""
    if not Pledge.objects.visible_to(actor).filter(pk=pledge.pk).exists():
        raise PermissionDenied("对象不在您的管辖范围内")
    if pledge.stored is None:
        raise Http404("扫描件待补：该件登记时尚未上传扫描件")
    try:
        data = files.load(pledge.stored)
    except (OSError, ValueError) as exc:
        raise Http404("扫描件文件缺失，请联系系统管理员") from exc
    audit.record(
        AuditAction.EXPORT,
        actor=actor,
        instance=pledge,
        reason=f"下载{pledge.get_kind_display()}扫描件：{pledge.signer_name}",
    )
    return data
