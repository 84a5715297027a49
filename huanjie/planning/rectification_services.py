"""Writes of rectification (一村一策) and its tasks and evidence, postponements, economic audits and
reserve cadres (issue 10 reqs. 4–6): keyword-only, one durable transaction each, scope re-checked
(the village's town prepares; the county signs off through core.workflow), audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from huanjie.core import audit, workflow
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import scope_paths
from huanjie.core.versioning import bump, check_version, loaded_version, sync
from huanjie.org.models import OrgUnit
from huanjie.people.models import Person
from huanjie.planning import rectification_files as files
from huanjie.planning.capabilities import PlanningCap
from huanjie.planning.choices import VillageCategory
from huanjie.planning.models import (
    Assessment,
    Campaign,
    EconomicAudit,
    EvidenceFile,
    Postponement,
    PostponementApproval,
    Rectification,
    RectificationTask,
    ReserveCadre,
)
from huanjie.planning.rectification_choices import (
    AuditItemChoice,
    AuditOrganiser,
    PostponedBody,
    ReserveSource,
    Track,
)
from huanjie.planning.services import _ensure_preparer
from huanjie.rules import village_prep
from huanjie.rules.profiles import PostponementRule
from huanjie.rules.workflow import level_of_path

# Categories that call for a rectification (from the village's assessment).
RECTIFY_CATEGORIES = frozenset({VillageCategory.WEAK, VillageCategory.COMPLEX})
RECTIFICATION_FIELDS = ("measures",)
TASK_FIELDS = ("track", "title", "owner", "deadline", "progress", "progress_notes")
POSTPONEMENT_FIELDS = ("due_date", "new_date", "reason")
AUDIT_FIELDS = (
    "organiser",
    "auditor",
    "started_on",
    "items",
    "villagers_requested",
    "findings",
    "published_on",
)
RESERVE_FIELDS = ("source", "notes", "added_on", "active")


def _save_edit(actor: Any, current: Any, fields: tuple[str, ...], before: dict[str, Any]) -> None:
    """Save an edited record (a new version) and audit it, only when something changed."""
    if audit.snapshot(current) != before:
        current.save(update_fields=[*fields, bump(current)])
        audit.record(
            AuditAction.UPDATE, actor=actor, instance=current, before=before, after=audit.snapshot(current)
        )


def _campaign(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_related("city").get(pk=campaign.pk)


# ---------------------------------------------------------------------------------------------
# Rectification


@transaction.atomic(durable=True)
def rectification_create(*, actor: Any, campaign: Campaign, unit: OrgUnit) -> Rectification:
    """Open the village's rectification: only for a village its assessment found weak or complex."""
    campaign = _campaign(campaign)
    _ensure_preparer(actor, campaign, unit)
    a = Assessment.objects.filter(campaign=campaign, unit=unit).first()
    if a is None or a.category not in RECTIFY_CATEGORIES:
        raise ValidationError({"unit": "只有研判为“软弱涣散”或“情况复杂”的村（社区）需要整顿，请先完成研判"})
    if Rectification.objects.filter(campaign=campaign, unit=unit).exists():
        raise ValidationError({"unit": "该村（社区）已有整顿台账"})
    r = Rectification.objects.create(campaign=campaign, unit=unit, category=a.category)
    audit.record(AuditAction.CREATE, actor=actor, instance=r, after=audit.snapshot(r))
    return r


def _editable_rectification(
    actor: Any, rectification: Rectification, version: int | None = None, seen: dict[str, Any] | None = None
) -> Rectification:
    current = (
        Rectification.objects.select_for_update().select_related("unit", "campaign").get(pk=rectification.pk)
    )
    workflow.ensure_editable(current, actor)
    _ensure_preparer(actor, current.campaign, current.unit)
    check_version(current, loaded_version(rectification, version), seen=seen, fields=RECTIFICATION_FIELDS)
    return current


@transaction.atomic(durable=True)
def rectification_update(
    *,
    actor: Any,
    rectification: Rectification,
    measures: str,
    version: int | None = None,
    seen: dict[str, Any] | None = None,
) -> Rectification:
    current = _editable_rectification(actor, rectification, version, seen)
    if len(measures) > 2000:
        raise ValidationError({"measures": "整顿措施不能超过 2000 字"})
    before = audit.snapshot(current)
    current.measures = measures.strip()
    _save_edit(actor, current, RECTIFICATION_FIELDS, before)
    sync(rectification, current)
    return current


def _task_errors(track: str, title: str, owner: str, deadline: dt.date, progress: int, notes: str) -> None:
    errors: dict[str, str] = {}
    if track not in Track.values:
        errors["track"] = "请选择整治方向"
    if not title.strip():
        errors["title"] = "请填写任务"
    if not owner.strip():
        errors["owner"] = "请填写责任人"
    if not 0 <= progress <= 100:
        errors["progress"] = "进度应为 0 至 100"
    if len(notes) > 1000:
        errors["progress_notes"] = "进展情况不能超过 1000 字"
    if not isinstance(deadline, dt.date):
        errors["deadline"] = "请填写完成时限"
    if errors:
        raise ValidationError(errors)


@transaction.atomic(durable=True)
def task_add(
    *,
    actor: Any,
    rectification: Rectification,
    track: str,
    title: str,
    owner: str,
    deadline: dt.date,
    progress: int = 0,
    progress_notes: str = "",
) -> RectificationTask:
    """Add a task on one of the four tracks (the rectification must be editable: not awaiting or
    past the county's sign-off). The rectification's version moves on: a sign-off decided on the
    tasks as loaded must see this one."""
    current = _editable_rectification(actor, rectification)
    _task_errors(track, title, owner, deadline, progress, progress_notes)
    task = RectificationTask.objects.create(
        rectification=current,
        track=track,
        title=title.strip(),
        owner=owner.strip(),
        deadline=deadline,
        progress=progress,
        progress_notes=progress_notes.strip(),
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=task, after=audit.snapshot(task))
    return task


def _editable_task(
    actor: Any, task: RectificationTask, version: int | None = None, seen: dict[str, Any] | None = None
) -> RectificationTask:
    current = (
        RectificationTask.objects.select_for_update()
        .select_related("rectification__unit", "rectification__campaign")
        .get(pk=task.pk)
    )
    r = current.rectification
    workflow.ensure_editable(r, actor)
    _ensure_preparer(actor, r.campaign, r.unit)
    check_version(current, loaded_version(task, version), seen=seen, fields=TASK_FIELDS)
    return current


@transaction.atomic(durable=True)
def task_update(
    *,
    actor: Any,
    task: RectificationTask,
    track: str,
    title: str,
    owner: str,
    deadline: dt.date,
    progress: int,
    progress_notes: str,
    version: int | None = None,
    seen: dict[str, Any] | None = None,
) -> RectificationTask:
    current = _editable_task(actor, task, version, seen)
    _task_errors(track, title, owner, deadline, progress, progress_notes)
    before = audit.snapshot(current)
    current.track, current.title, current.owner = track, title.strip(), owner.strip()
    current.deadline, current.progress, current.progress_notes = deadline, progress, progress_notes.strip()
    _save_edit(actor, current, TASK_FIELDS, before)
    sync(task, current)
    return current


@transaction.atomic(durable=True)
def evidence_add(*, actor: Any, task: RectificationTask, name: str, data: bytes) -> EvidenceFile:
    """Attach a file proving the task's progress (checked: size, type by content)."""
    current = _editable_task(actor, task)
    name = files.clean_name(name)
    content_type = files.check(name, data)
    if EvidenceFile.objects.filter(task=current).count() >= files.MAX_FILES_PER_TASK:
        raise ValidationError({"file": f"每项任务最多上传 {files.MAX_FILES_PER_TASK} 个佐证材料"})
    stored = files.store(data)
    try:
        ev = EvidenceFile.objects.create(
            task=current,
            name=name,
            content_type=content_type,
            size=len(data),
            digest=files.crypto.file_digest(data),
            stored=stored,
            uploaded_at=timezone.now(),
            uploaded_by=getattr(actor, "display_name", "") or actor.get_username(),
        )
        audit.record(AuditAction.CREATE, actor=actor, instance=ev, after=audit.snapshot(ev))
    except BaseException:
        files.remove(stored)
        raise
    return ev


@transaction.atomic(durable=True)
def evidence_delete(*, actor: Any, evidence: EvidenceFile) -> None:
    current = EvidenceFile.objects.select_related("task").get(pk=evidence.pk)
    _editable_task(actor, current.task)
    audit.record(
        AuditAction.DELETE,
        actor=actor,
        instance=current,
        before=audit.snapshot(current),
        reason="删除佐证材料",
    )
    stored = current.stored
    current.delete()
    transaction.on_commit(lambda: files.remove(stored))


def _submit_problems(r: Rectification) -> list[str]:
    tasks = list(RectificationTask.objects.filter(rectification=r).prefetch_related("evidence"))
    if not tasks:
        return ["尚无整顿任务"]
    problems = []
    unfinished = [t.title for t in tasks if t.progress < 100]
    if unfinished:
        problems.append("未完成的任务：" + "、".join(unfinished))
    bare = [t.title for t in tasks if not t.evidence.all()]
    if bare:
        problems.append("缺少佐证材料的任务：" + "、".join(bare))
    return problems


def rectification_act(
    *, actor: Any, rectification: Rectification, name: str, reason: str = ""
) -> Rectification:
    """Ask for the county's sign-off (town: every task done with evidence), return it with a reason or
    sign it off (county), or unlock (the level above)."""
    if name == "submit":
        problems = _submit_problems(rectification)
        if problems:
            raise workflow.TransitionRefused("申请验收前请处理：" + "；".join(problems))
    if name == "unlock":
        workflow.unlock(actor=actor, record=rectification, reason=reason)
    else:
        workflow.transition(actor=actor, record=rectification, name=name, reason=reason)
    return rectification


# ---------------------------------------------------------------------------------------------
# Postponement (延期换届)


def _check_postponement(rule: Any, due_date: dt.date, new_date: dt.date, reason: str) -> None:
    errors: dict[str, str] = {}
    shift = village_prep.check_shift(rule, due_date, new_date)
    if shift.blocking:
        errors["new_date"] = shift.message
    elif not shift.ok and len(reason.strip()) < 10:
        errors["reason"] = shift.message + "（理由不少于 10 个字）"
    if not reason.strip():
        errors["reason"] = "请填写延期理由"
    elif len(reason) > 1000:
        errors["reason"] = "延期理由不能超过 1000 字"
    if errors:
        raise ValidationError(errors)


@transaction.atomic(durable=True)
def postponement_create(
    *,
    actor: Any,
    campaign: Campaign,
    unit: OrgUnit,
    body: str,
    due_date: dt.date,
    new_date: dt.date,
    reason: str,
) -> Postponement:
    """Record a request to postpone the village's election, with the approval chain, limit and its
    softness of the campaign's profile (the 村委会) or the Party regulation in force (the Party
    organization) copied onto it."""
    campaign = _campaign(campaign)
    _ensure_preparer(actor, campaign, unit)
    if body not in PostponedBody.values:
        raise ValidationError({"body": "请选择延期对象"})
    if Postponement.objects.filter(campaign=campaign, unit=unit, body=body).exists():
        raise ValidationError({"body": "该村（社区）已有此项延期申请"})
    basis = village_prep.postponement_basis(campaign.profile_code, body, due_date)
    _check_postponement(basis.rule, due_date, new_date, reason)
    p = Postponement.objects.create(
        campaign=campaign,
        unit=unit,
        body=body,
        due_date=due_date,
        new_date=new_date,
        reason=reason.strip(),
        applicant=basis.rule.applicant,
        chain=list(village_prep.chain_steps(basis.rule)),
        limit_months=basis.rule.limit_months,
        limit_soft=basis.rule.soft,
        citation=basis.citation,
        created_at=timezone.now(),
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=p, after=audit.snapshot(p))
    return p


def _rule_of(p: Postponement) -> PostponementRule:
    return PostponementRule(
        applicant=p.applicant, approvals=tuple(p.chain), limit_months=p.limit_months, soft=p.limit_soft
    )


def _editable_postponement(
    actor: Any, p: Postponement, version: int | None = None, seen: dict[str, Any] | None = None
) -> Postponement:
    current = Postponement.objects.select_for_update().select_related("unit", "campaign").get(pk=p.pk)
    _ensure_preparer(actor, current.campaign, current.unit)
    check_version(current, loaded_version(p, version), seen=seen, fields=POSTPONEMENT_FIELDS)
    return current


@transaction.atomic(durable=True)
def postponement_update(
    *,
    actor: Any,
    postponement: Postponement,
    due_date: dt.date,
    new_date: dt.date,
    reason: str,
    version: int | None = None,
    seen: dict[str, Any] | None = None,
) -> Postponement:
    """Correct the request before its first approval is recorded (afterwards it is what was approved)."""
    current = _editable_postponement(actor, postponement, version, seen)
    if PostponementApproval.objects.filter(postponement=current).exists():
        raise ValidationError("已登记审批记录的延期申请不能再修改")
    _check_postponement(_rule_of(current), due_date, new_date, reason)
    before = audit.snapshot(current)
    current.due_date, current.new_date, current.reason = due_date, new_date, reason.strip()
    _save_edit(actor, current, POSTPONEMENT_FIELDS, before)
    sync(postponement, current)
    return current


@transaction.atomic(durable=True)
def postponement_approve(
    *, actor: Any, postponement: Postponement, document_no: str, date: dt.date
) -> PostponementApproval:
    """Record the next step of the chain (in order) with its document number and date."""
    current = _editable_postponement(actor, postponement)
    done = list(PostponementApproval.objects.filter(postponement=current))
    step = village_prep.next_step(_rule_of(current), len(done))
    errors: dict[str, str] = {}
    if step is None:
        raise ValidationError("审批程序已全部登记")
    if not document_no.strip():
        errors["document_no"] = "请填写文件编号"
    if done and date < done[-1].date:
        errors["date"] = f"日期不能早于上一步（{done[-1].body}，{done[-1].date:%Y-%m-%d}）"
    if errors:
        raise ValidationError(errors)
    row = PostponementApproval.objects.create(
        postponement=current, step=len(done), body=step, document_no=document_no.strip(), date=date
    )
    current.save(update_fields=[bump(current)])
    audit.record(
        AuditAction.CREATE,
        actor=actor,
        instance=row,
        org_path=current.unit.path,
        after=audit.snapshot(row),
    )
    sync(postponement, current)
    return row


# ---------------------------------------------------------------------------------------------
# Economic audits (任期和离任经济责任审计)


def _audit_errors(
    organiser: str,
    auditor: str,
    started_on: dt.date,
    items: list[str],
    villagers_requested: str,
    findings: str,
    published_on: dt.date | None,
) -> None:
    errors: dict[str, str] = {}
    if organiser not in AuditOrganiser.values:
        errors["organiser"] = "请选择组织单位"
    if not auditor.strip():
        errors["auditor"] = "请填写审计实施单位"
    if set(items) - set(AuditItemChoice.values):
        errors["items"] = "审计事项无效"
    else:
        law = village_prep.audit_law_code(started_on)
        missing = village_prep.missing_items(law, set(items), bool(villagers_requested.strip()))
        if missing:
            errors["items"] = "审计须包括法定事项：" + "；".join(missing)
    if AuditItemChoice.REQUESTED in items and not villagers_requested.strip():
        errors["villagers_requested"] = "请写明村民要求审计的事项"
    if len(findings) > 2000:
        errors["findings"] = "审计发现不能超过 2000 字"
    if published_on is not None and published_on < started_on:
        errors["published_on"] = "结果公布日期不能早于审计开始日期"
    if errors:
        raise ValidationError(errors)


@transaction.atomic(durable=True)
def econ_audit_create(
    *,
    actor: Any,
    campaign: Campaign,
    unit: OrgUnit,
    organiser: str,
    auditor: str,
    started_on: dt.date,
    items: Iterable[str],
    villagers_requested: str = "",
    findings: str = "",
    published_on: dt.date | None = None,
) -> EconomicAudit:
    """Record the audit of the village's whole sitting 村民委员会 (villages only: the 城市居民委员会组织法
    holds no such audit)."""
    campaign = _campaign(campaign)
    _ensure_preparer(actor, campaign, unit)
    if unit.level != "village":
        raise ValidationError({"unit": "任期和离任经济责任审计适用于村民委员会"})
    if EconomicAudit.objects.filter(campaign=campaign, unit=unit).exists():
        raise ValidationError({"unit": "该村已有经济责任审计记录"})
    items = sorted(set(items))
    _audit_errors(organiser, auditor, started_on, items, villagers_requested, findings, published_on)
    a = EconomicAudit.objects.create(
        campaign=campaign,
        unit=unit,
        organiser=organiser,
        auditor=auditor.strip(),
        started_on=started_on,
        items=items,
        villagers_requested=villagers_requested.strip(),
        findings=findings.strip(),
        published_on=published_on,
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=a, after=audit.snapshot(a))
    return a


@transaction.atomic(durable=True)
def econ_audit_update(
    *,
    actor: Any,
    econ_audit: EconomicAudit,
    organiser: str,
    auditor: str,
    started_on: dt.date,
    items: Iterable[str],
    villagers_requested: str,
    findings: str,
    published_on: dt.date | None,
    version: int | None = None,
    seen: dict[str, Any] | None = None,
) -> EconomicAudit:
    current = (
        EconomicAudit.objects.select_for_update().select_related("unit", "campaign").get(pk=econ_audit.pk)
    )
    _ensure_preparer(actor, current.campaign, current.unit)
    check_version(current, loaded_version(econ_audit, version), seen=seen, fields=AUDIT_FIELDS)
    items = sorted(set(items))
    _audit_errors(organiser, auditor, started_on, items, villagers_requested, findings, published_on)
    before = audit.snapshot(current)
    current.organiser, current.auditor, current.started_on = organiser, auditor.strip(), started_on
    current.items, current.villagers_requested = items, villagers_requested.strip()
    current.findings, current.published_on = findings.strip(), published_on
    _save_edit(actor, current, AUDIT_FIELDS, before)
    sync(econ_audit, current)
    return current


# ---------------------------------------------------------------------------------------------
# Reserve cadres (后备干部, 保密)


def _ensure_town(actor: Any, unit: OrgUnit) -> None:
    if unit.level not in ("village", "community") or not unit.is_active:
        raise ValidationError("只能为村（社区）填报")
    if not any(
        unit.path.startswith(p) and level_of_path(p) == "town" for p in scope_paths(actor, PlanningCap.EDIT)
    ):
        raise PermissionDenied("只有该村（社区）所属乡镇（街道）可以填报")


def _reserve_errors(source: str, notes: str) -> None:
    errors: dict[str, str] = {}
    if source not in ReserveSource.values:
        errors["source"] = "请选择来源"
    if len(notes) > 1000:
        errors["notes"] = "培养情况不能超过 1000 字"
    if errors:
        raise ValidationError(errors)


@transaction.atomic(durable=True)
def reserve_add(
    *, actor: Any, unit: OrgUnit, person: Person, source: str, notes: str, added_on: dt.date
) -> ReserveCadre:
    """Put a registered person in the village's reserve pool (the person lives or works there: their
    record is in the village's registry)."""
    _ensure_town(actor, unit)
    if person.domicile_unit_id != unit.pk:
        raise ValidationError({"person": "只能选择户籍在本村（社区）的已登记人员"})
    if ReserveCadre.objects.filter(unit=unit, person=person).exists():
        raise ValidationError({"person": "此人已在本村（社区）后备干部库中"})
    _reserve_errors(source, notes)
    row = ReserveCadre.objects.create(
        unit=unit, person=person, source=source, notes=notes.strip(), added_on=added_on
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=row, after=audit.snapshot(row))
    return row


@transaction.atomic(durable=True)
def reserve_update(
    *,
    actor: Any,
    reserve: ReserveCadre,
    source: str,
    notes: str,
    added_on: dt.date,
    active: bool,
    version: int | None = None,
    seen: dict[str, Any] | None = None,
) -> ReserveCadre:
    current = ReserveCadre.objects.select_for_update().select_related("unit").get(pk=reserve.pk)
    _ensure_town(actor, current.unit)
    check_version(current, loaded_version(reserve, version), seen=seen, fields=RESERVE_FIELDS)
    _reserve_errors(source, notes)
    before = audit.snapshot(current)
    current.source, current.notes, current.added_on, current.active = source, notes.strip(), added_on, active
    _save_edit(actor, current, RESERVE_FIELDS, before)
    sync(reserve, current)
    return current


def viewer_outside_town(actor: Any, unit: OrgUnit) -> bool:
    """Does ``actor`` see this village's confidential records from outside its town?"""
    town_path = unit.path[:9]
    return not any(p.startswith(town_path) for p in scope_paths(actor, PlanningCap.VIEW))


@transaction.atomic(durable=True)
def reserves_viewed(*, actor: Any, unit: OrgUnit) -> None:
    """Audit a view of a village's reserve cadres by someone outside its town (只做不说)."""
    if not any(unit.path.startswith(p) for p in scope_paths(actor, PlanningCap.VIEW)):
        raise PermissionDenied("对象不在您的管辖范围内")
    if viewer_outside_town(actor, unit):
        audit.record(
            AuditAction.VIEW_CONFIDENTIAL,
            actor=actor,
            model="planning.ReserveCadre",
            object_id=unit.code,
            object_repr=f"{unit.name}后备干部",
            org_path=unit.path,
            reason="查看后备干部（保密）",
        )
