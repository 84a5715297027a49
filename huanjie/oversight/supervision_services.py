"""Writes of supervision (issue 14 req. 4): groups (the city or a county forms them), visits and
findings (a group's own members only), the town's rectification with evidence, the group's sign-off.
Every write is audited; a finding's state moves through core.workflow.

Evidence goes through the store of planning's evidence files (``planning.rectification_files``: size
limit, type by content, SM4-GCM encrypted under ``VAR_DIR/evidence``, random stored names)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from huanjie.core import audit, crypto, workflow
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import can, scope_paths
from huanjie.org.models import OrgUnit
from huanjie.oversight.capabilities import OversightCap
from huanjie.oversight.models import (
    Finding,
    FindingFile,
    SupervisionArea,
    SupervisionGroup,
    SupervisionMember,
    SupervisionVisit,
    VisitCheck,
)
from huanjie.oversight.supervision_choices import (
    DEFAULT_CHECKLIST,
    CheckResult,
    FileStage,
    FindingCategory,
    FindingSeverity,
    GroupKind,
)
from huanjie.oversight.supervision_workflows import RECTIFYING
from huanjie.planning import rectification_files as files
from huanjie.planning.models import Campaign

FORMING_LEVELS = {GroupKind.ROVING: "city", GroupKind.DIRECT: "county"}


def member_group_ids(user: Any) -> list[int]:
    """The active groups ``user`` serves on (the source of his supervision jurisdiction)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        SupervisionMember.objects.filter(user_id=user.pk, group__is_active=True).values_list(
            "group_id", flat=True
        )
    )


def supervised_paths(user: Any) -> list[str]:
    """Core scoping's membership scope of ``oversight.supervise``: the paths of the counties and towns
    assigned to the active groups the user serves on."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        SupervisionArea.objects.filter(
            group__members__user_id=user.pk, group__is_active=True, unit__is_active=True
        )
        .values_list("unit__path", flat=True)
        .distinct()
    )


def checklist(campaign: Campaign) -> list[str]:
    """The campaign's checklist items (its settings, else the defaults), in order."""
    from huanjie.oversight.models import SupervisionCheckItem

    rows = list(SupervisionCheckItem.objects.filter(campaign=campaign).values_list("text", flat=True))
    return rows or list(DEFAULT_CHECKLIST)


def _ensure_member(actor: Any, group: SupervisionGroup) -> None:
    if not actor.has_capability(OversightCap.SUPERVISE) or group.pk not in member_group_ids(actor):
        raise PermissionDenied("只有本督导组成员可以登记")


def _in_group_area(group: SupervisionGroup, unit: OrgUnit) -> bool:
    return any(unit.path.startswith(p) for p in group.areas.values_list("unit__path", flat=True))


@transaction.atomic(durable=True)
def group_create(
    *,
    actor: Any,
    campaign: Campaign,
    formed_by: OrgUnit,
    name: str,
    kind: str,
    members: list[Any],
    leader: Any | None,
    areas: list[OrgUnit],
) -> SupervisionGroup:
    """The city forms a 巡回督导组 over counties, a county a 双联直挂 group over its towns; members
    hold the 巡回督导组成员 role."""
    if formed_by.path not in scope_paths(actor, OversightCap.EDIT):
        raise PermissionDenied("督导组由市级或县级组建")
    errors: dict[str, str] = {}
    if kind not in GroupKind.values or formed_by.level != FORMING_LEVELS[GroupKind(kind)]:
        errors["kind"] = "巡回督导组由市级组建，双联直挂由县级组建"
    if not name.strip():
        errors["name"] = "请填写督导组名称"
    if not members:
        errors["members"] = "请选择督导组成员"
    elif any(not any(a.role == "supervisor" for a in m.roles()) for m in members):
        errors["members"] = "成员须具有“巡回督导组成员”角色"
    if leader is not None and leader not in members:
        errors["leader"] = "组长须为督导组成员"
    if not areas:
        errors["areas"] = "请选择联系的县（市、区）或乡镇（街道）"
    elif any(a.level not in ("county", "town") or not a.path.startswith(formed_by.path) for a in areas):
        errors["areas"] = "联系范围须为本级所辖的县（市、区）或乡镇（街道）"
    if errors:
        raise ValidationError(errors)
    group = SupervisionGroup.objects.create(
        campaign=campaign, formed_by=formed_by, name=name.strip(), kind=kind
    )
    for m in members:
        SupervisionMember.objects.create(
            group=group, user=m, is_leader=leader is not None and m.pk == leader.pk
        )
    for a in areas:
        SupervisionArea.objects.create(group=group, unit=a)
    after = audit.snapshot(group)
    after["members"] = [m.pk for m in members]
    after["areas"] = [a.path for a in areas]
    audit.record(AuditAction.CREATE, actor=actor, instance=group, after=after)
    return group


@transaction.atomic(durable=True)
def visit_record(
    *,
    actor: Any,
    group: SupervisionGroup,
    unit: OrgUnit,
    visited_on: dt.date,
    places: str,
    checked: str,
    results: dict[int, tuple[str, str]],
) -> SupervisionVisit:
    """A member records his group's visit to a unit of its jurisdiction, with the checklist's
    results (item index → (result, note))."""
    _ensure_member(actor, group)
    errors: dict[str, str] = {}
    if not _in_group_area(group, unit) or not can(actor, OversightCap.SUPERVISE, unit.path):
        errors["unit"] = "督导单位须在本组联系范围内"
    if visited_on > workflow.today():
        errors["visited_on"] = "督导日期不能晚于今天"
    if not places.strip():
        errors["places"] = "请填写走访地点"
    items = checklist(group.campaign)
    if any(r not in CheckResult.values for r, _ in results.values()):
        errors["results"] = "请选择检查结果"
    if errors:
        raise ValidationError(errors)
    visit = SupervisionVisit.objects.create(
        group=group,
        unit=unit,
        visited_on=visited_on,
        places=places.strip(),
        checked=checked.strip(),
        recorded_at=timezone.now(),
        recorded_by=actor,
    )
    for i, text in enumerate(items):
        result, note = results.get(i, (CheckResult.NOT_CHECKED, ""))
        VisitCheck.objects.create(visit=visit, order=i + 1, item=text, result=result, note=note.strip()[:300])
    after = audit.snapshot(visit)
    after["checks"] = [[i + 1, results.get(i, (CheckResult.NOT_CHECKED, ""))[0]] for i in range(len(items))]
    audit.record(AuditAction.CREATE, actor=actor, instance=visit, after=after)
    return visit


def _attach(actor: Any, finding: Finding, stage: str, file_name: str, data: bytes) -> FindingFile:
    name = files.clean_name(file_name)
    content_type = files.check(name, data)
    stored = files.store(data)
    try:
        row = FindingFile.objects.create(
            finding=finding,
            stage=stage,
            file_name=name,
            content_type=content_type,
            size=len(data),
            digest=crypto.file_digest(data),
            stored=stored,
            uploaded_at=timezone.now(),
            uploaded_by=getattr(actor, "display_name", "") or actor.get_username(),
        )
        audit.record(AuditAction.CREATE, actor=actor, instance=row, after=audit.snapshot(row))
    except BaseException:
        files.remove(stored)
        raise
    return row


@transaction.atomic(durable=True)
def finding_record(
    *,
    actor: Any,
    visit: SupervisionVisit,
    unit: OrgUnit,
    category: str,
    severity: str,
    description: str,
    rectify_by: dt.date,
    evidence: list[tuple[str, bytes]] | None = None,
) -> Finding:
    """A member records a problem found at his group's visit, with the responsible unit (a town or a
    village of the visited unit), the rectification deadline and evidence."""
    group = visit.group
    _ensure_member(actor, group)
    errors: dict[str, str] = {}
    if not unit.path.startswith(visit.unit.path) or unit.level not in ("town", "village", "community"):
        errors["unit"] = "责任单位须为所督导单位的乡镇（街道）或村（社区）"
    if category not in FindingCategory.values:
        errors["category"] = "请选择问题类别"
    if severity not in FindingSeverity.values:
        errors["severity"] = "请选择严重程度"
    if not description.strip():
        errors["description"] = "请填写问题描述"
    today = workflow.today()
    if rectify_by < today:
        errors["rectify_by"] = "整改期限不能早于今天"
    if errors:
        raise ValidationError(errors)
    finding = Finding.objects.create(
        visit=visit,
        group=group,
        unit=unit,
        category=category,
        severity=severity,
        description=description.strip(),
        rectify_by=rectify_by,
        found_on=today,
        recorded_by=actor,
        state_due=rectify_by,
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=finding, after=audit.snapshot(finding))
    for name, data in evidence or []:
        _attach(actor, finding, FileStage.FINDING, name, data)
    return finding


@transaction.atomic(durable=True)
def finding_rectify(*, actor: Any, finding: Finding, text: str, evidence: list[tuple[str, bytes]]) -> Finding:
    """The responsible town reports its rectification with evidence (at least one file)."""
    if finding.state not in RECTIFYING:
        raise workflow.TransitionRefused("此问题当前不在整改阶段")
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = "请填写整改情况"
    if not evidence:
        errors["file"] = "请上传整改佐证材料"
    if errors:
        raise ValidationError(errors)
    workflow.apply_transition(actor=actor, record=finding, name="rectify")
    before = {"rectification": finding.rectification, "rectified_on": str(finding.rectified_on or "")}
    finding.rectification = text.strip()
    finding.rectified_on = workflow.today()
    finding.save(update_fields=["rectification", "rectified_on"])
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        instance=finding,
        before=before,
        after={"rectification": finding.rectification, "rectified_on": str(finding.rectified_on)},
    )
    for name, data in evidence:
        _attach(actor, finding, FileStage.RECTIFICATION, name, data)
    return finding


@transaction.atomic(durable=True)
def finding_sign_off(*, actor: Any, finding: Finding, accept: bool, reason: str = "") -> Finding:
    """A member of the finding's own group signs the rectification off (验收销号) or returns it."""
    _ensure_member(actor, finding.group)
    workflow.apply_transition(
        actor=actor, record=finding, name="sign_off" if accept else "return", reason=reason
    )
    if accept:
        finding.signed_off_on = workflow.today()
        finding.signed_off_by = str(actor)
        finding.save(update_fields=["signed_off_on", "signed_off_by"])
    else:
        # Back to the town, with the original deadline (a returned finding is still owed by then).
        finding.state_due = finding.rectify_by
        finding.save(update_fields=["state_due"])
    return finding


@transaction.atomic(durable=True)
def finding_file(*, actor: Any, file: FindingFile) -> bytes:
    """The decrypted evidence for a user who sees the finding; every download is audited."""
    if not FindingFile.objects.visible_to(actor).filter(pk=file.pk).exists():
        raise PermissionDenied("对象不在您的管辖范围内")
    try:
        data = files.load(file.stored)
    except (OSError, ValueError) as exc:
        raise Http404("佐证材料文件缺失，请联系系统管理员") from exc
    audit.record(AuditAction.EXPORT, actor=actor, instance=file, reason=f"下载督导佐证材料：{file.file_name}")
    return data
