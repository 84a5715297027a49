"""Every write of the planning app: keyword-only, one durable transaction each, scope re-checked,
audited. State changes go through core.workflow (transition, bulk_transition, unlock)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from huanjie.core import audit, workflow
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import ensure_path_in_scope, scope_paths
from huanjie.core.versioning import bump, check_version, loaded_version, sync
from huanjie.org.choices import LEAF_LEVELS
from huanjie.org.models import OrgUnit
from huanjie.people.choices import PartyOrgForm
from huanjie.people.models import Tenure
from huanjie.planning import choices as member_choices
from huanjie.planning.capabilities import PlanningCap
from huanjie.planning.choices import Grade, MemberView, Problem, RiskFlag, SeatBody, VillageCategory
from huanjie.planning.models import (
    Assessment,
    Batch,
    Campaign,
    CommitteeSeats,
    MemberAssessment,
    Milestone,
    PartySeats,
)
from huanjie.rules.planning import seat_count_problem
from huanjie.rules.profiles import PROFILES
from huanjie.rules.workflow import level_of_path

PARTY_SEATS_MAX = 15
# The fields an edit form shows of each record (the differences of a stale save are given on them).
CAMPAIGN_FIELDS = ("name", "profile_code", "window_start", "window_end")
ASSESSMENT_FIELDS = ("grade", "category", "problems", "risks", "notes")


def _campaign_city(campaign: Campaign) -> OrgUnit:
    return OrgUnit.objects.get(pk=campaign.city_id)


def _check_campaign_fields(name: str, profile_code: str, window_start: dt.date, window_end: dt.date) -> None:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "请填写名称"
    if profile_code not in PROFILES:
        errors["profile_code"] = "请选择省级配置"
    if window_end < window_start:
        errors["window_end"] = "结束日期不能早于开始日期"
    if errors:
        raise ValidationError(errors)


@transaction.atomic(durable=True)
def campaign_create(
    *, actor: Any, city: OrgUnit, name: str, profile_code: str, window_start: dt.date, window_end: dt.date
) -> Campaign:
    """The city opens its 换届工作 (a draft until published)."""
    if city.level != "city":
        raise ValidationError("换届工作须由市级设立")
    ensure_path_in_scope(actor, city.path, PlanningCap.CAMPAIGN)
    _check_campaign_fields(name, profile_code, window_start, window_end)
    campaign = Campaign.objects.create(
        city=city,
        name=name.strip(),
        profile_code=profile_code,
        window_start=window_start,
        window_end=window_end,
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=campaign, after=audit.snapshot(campaign))
    return campaign


def _editable_campaign(
    actor: Any, campaign: Campaign, version: int | None = None, seen: dict[str, Any] | None = None
) -> Campaign:
    """The campaign locked for a change: in the actor's scope, not locked by the workflow, and as
    the actor loaded it (``version``, or the loaded instance's; a newer one → StaleEdit)."""
    current = Campaign.objects.select_for_update().select_related("city").get(pk=campaign.pk)
    ensure_path_in_scope(actor, current.city.path, PlanningCap.CAMPAIGN)
    workflow.ensure_editable(current, actor)
    check_version(current, loaded_version(campaign, version), seen=seen, fields=CAMPAIGN_FIELDS)
    return current


def _save_edit(actor: Any, current: Any, fields: tuple[str, ...], before: dict[str, Any]) -> None:
    """Save an edited record (a new version) and audit it — only when something changed."""
    if audit.snapshot(current) != before:
        current.save(update_fields=[*fields, bump(current)])
        audit.record(
            AuditAction.UPDATE, actor=actor, instance=current, before=before, after=audit.snapshot(current)
        )


@transaction.atomic(durable=True)
def campaign_update(
    *,
    actor: Any,
    campaign: Campaign,
    name: str,
    profile_code: str,
    window_start: dt.date,
    window_end: dt.date,
    version: int | None = None,
    seen: dict[str, Any] | None = None,
) -> Campaign:
    current = _editable_campaign(actor, campaign, version, seen)
    _check_campaign_fields(name, profile_code, window_start, window_end)
    before = audit.snapshot(current)
    current.name, current.profile_code = name.strip(), profile_code
    current.window_start, current.window_end = window_start, window_end
    _save_edit(actor, current, CAMPAIGN_FIELDS, before)
    sync(campaign, current)
    return current


@transaction.atomic(durable=True)
def milestone_add(*, actor: Any, campaign: Campaign, name: str, date: dt.date) -> Milestone:
    current = _editable_campaign(actor, campaign)
    if not name.strip():
        raise ValidationError({"name": "请填写节点名称"})
    m = Milestone.objects.create(campaign=current, name=name.strip(), date=date)
    audit.record(
        AuditAction.CREATE, actor=actor, instance=m, org_path=current.city.path, after=audit.snapshot(m)
    )
    return m


@transaction.atomic(durable=True)
def milestone_delete(*, actor: Any, milestone: Milestone) -> None:
    current = _editable_campaign(actor, milestone.campaign)
    before = audit.snapshot(milestone)
    audit.record(
        AuditAction.DELETE,
        actor=actor,
        instance=milestone,
        org_path=current.city.path,
        before=before,
        reason="删除节点",
    )
    milestone.delete()


@transaction.atomic(durable=True)
def batch_add(*, actor: Any, campaign: Campaign, name: str, start: dt.date, end: dt.date) -> Batch:
    current = _editable_campaign(actor, campaign)
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "请填写批次名称"
    if end < start:
        errors["end"] = "结束日期不能早于开始日期"
    if errors:
        raise ValidationError(errors)
    b = Batch.objects.create(campaign=current, name=name.strip(), start=start, end=end)
    audit.record(
        AuditAction.CREATE, actor=actor, instance=b, org_path=current.city.path, after=audit.snapshot(b)
    )
    return b


@transaction.atomic(durable=True)
def batch_delete(*, actor: Any, batch: Batch) -> None:
    current = _editable_campaign(actor, batch.campaign)
    audit.record(
        AuditAction.DELETE,
        actor=actor,
        instance=batch,
        org_path=current.city.path,
        before=audit.snapshot(batch),
        reason="删除批次",
    )
    batch.delete()


def campaign_act(*, actor: Any, campaign: Campaign, name: str, reason: str = "") -> Campaign:
    """Publish (``publish``) or unlock (``unlock``, the city itself, with a reason) the campaign."""
    if name == "unlock":
        workflow.unlock(actor=actor, record=campaign, reason=reason)
    else:
        workflow.transition(actor=actor, record=campaign, name=name, reason=reason)
    return campaign


# ---------------------------------------------------------------------------------------------
# Seats and assessments: prepared by the village's town


def _ensure_preparer(actor: Any, campaign: Campaign, unit: OrgUnit) -> None:
    """The actor reaches ``unit`` through a town-level ``planning.edit`` jurisdiction (the town
    prepares), the unit is a village or community of the campaign's city, and the campaign is
    published."""
    if unit.level not in LEAF_LEVELS or not unit.is_active:
        raise ValidationError("只能为村（社区）填报")
    if not any(
        unit.path.startswith(p) and level_of_path(p) == "town" for p in scope_paths(actor, PlanningCap.EDIT)
    ):
        raise PermissionDenied("只有该村（社区）所属乡镇（街道）可以填报")
    city = _campaign_city(campaign)
    if not unit.path.startswith(city.path):
        raise PermissionDenied("该村（社区）不属于此次换届工作的范围")
    if campaign.state != "published":
        raise ValidationError("换届工作尚未发布，暂不能填报")


def _law_kind(unit: OrgUnit) -> Any:
    return "community" if unit.level == "community" else "village"


@transaction.atomic(durable=True)
def committee_seats_set(
    *,
    actor: Any,
    campaign: Campaign,
    unit: OrgUnit,
    members: int,
    decided_by: str,
    decision_date: dt.date,
    document_no: str,
) -> CommitteeSeats:
    """Record the 村（居）民委员会's seats as the 村（居）民会议 or its 代表会议 decided them, within the
    bounds of the law in force on the decision date (huanjie.rules.planning.seat_count_problem)."""
    _ensure_preparer(actor, campaign, unit)
    errors: dict[str, str] = {}
    problem = seat_count_problem(_law_kind(unit), decision_date, members)
    if problem:
        errors["members"] = problem
    if decided_by not in SeatBody.values:
        errors["decided_by"] = "请选择决定机构"
    if not document_no.strip():
        errors["document_no"] = "请填写文件编号"
    if errors:
        raise ValidationError(errors)
    row = CommitteeSeats.objects.select_for_update().filter(campaign=campaign, unit=unit).first()
    before = audit.snapshot(row) if row else None
    row = row or CommitteeSeats(campaign=campaign, unit=unit)
    row.members, row.decided_by, row.decision_date = members, decided_by, decision_date
    row.document_no = document_no.strip()
    row.save()
    if before is None:
        audit.record(AuditAction.CREATE, actor=actor, instance=row, after=audit.snapshot(row))
    else:
        audit.record_if_changed(AuditAction.UPDATE, actor=actor, instance=row, before=before)
    return row


@transaction.atomic(durable=True)
def party_seats_set(
    *,
    actor: Any,
    campaign: Campaign,
    unit: OrgUnit,
    members: int,
    form: str,
    request_no: str,
    request_date: dt.date,
    approval_no: str,
    approval_date: dt.date,
) -> PartySeats:
    """Record the party organization's seats and form: the branch's 请示 and the 镇党委's 批复."""
    _ensure_preparer(actor, campaign, unit)
    errors: dict[str, str] = {}
    if not 1 <= members <= PARTY_SEATS_MAX:
        errors["members"] = f"委员职数应为 1 至 {PARTY_SEATS_MAX} 人"
    if form not in PartyOrgForm.values:
        errors["form"] = "请选择组织形式"
    if not request_no.strip():
        errors["request_no"] = "请填写请示文号"
    if not approval_no.strip():
        errors["approval_no"] = "请填写批复文号"
    if approval_date < request_date:
        errors["approval_date"] = "批复日期不能早于请示日期"
    if errors:
        raise ValidationError(errors)
    row = PartySeats.objects.select_for_update().filter(campaign=campaign, unit=unit).first()
    before = audit.snapshot(row) if row else None
    row = row or PartySeats(campaign=campaign, unit=unit)
    row.members, row.form = members, form
    row.request_no, row.request_date = request_no.strip(), request_date
    row.approval_no, row.approval_date = approval_no.strip(), approval_date
    row.save()
    if before is None:
        audit.record(AuditAction.CREATE, actor=actor, instance=row, after=audit.snapshot(row))
    else:
        audit.record_if_changed(AuditAction.UPDATE, actor=actor, instance=row, before=before)
    return row


@transaction.atomic(durable=True)
def assessment_create(*, actor: Any, campaign: Campaign, unit: OrgUnit) -> Assessment:
    """Open the village's 研判 (one per campaign)."""
    _ensure_preparer(actor, campaign, unit)
    if Assessment.objects.filter(campaign=campaign, unit=unit).exists():
        raise ValidationError({"unit": "该村（社区）已有研判"})
    a = Assessment.objects.create(campaign=campaign, unit=unit)
    audit.record(AuditAction.CREATE, actor=actor, instance=a, after=audit.snapshot(a))
    return a


def _editable_assessment(
    actor: Any, assessment: Assessment, version: int | None = None, seen: dict[str, Any] | None = None
) -> Assessment:
    """The assessment locked for a change: the preparing town's, not locked by the workflow, and as
    the actor loaded it (``version``, or the loaded instance's; a newer one → StaleEdit)."""
    current = Assessment.objects.select_for_update().select_related("unit", "campaign").get(pk=assessment.pk)
    workflow.ensure_editable(current, actor)
    _ensure_preparer(actor, current.campaign, current.unit)
    check_version(current, loaded_version(assessment, version), seen=seen, fields=ASSESSMENT_FIELDS)
    return current


@transaction.atomic(durable=True)
def assessment_update(
    *,
    actor: Any,
    assessment: Assessment,
    grade: str,
    category: str,
    problems: Iterable[str],
    risks: Iterable[str],
    notes: str,
    version: int | None = None,
    seen: dict[str, Any] | None = None,
) -> Assessment:
    current = _editable_assessment(actor, assessment, version, seen)
    errors: dict[str, str] = {}
    if grade not in Grade.values:
        errors["grade"] = "请选择班子总体评价"
    if category not in VillageCategory.values:
        errors["category"] = "请选择村（社区）类别"
    problems, risks = sorted(set(problems)), sorted(set(risks))
    if set(problems) - set(Problem.values):
        errors["problems"] = "存在问题的类别无效"
    if set(risks) - set(RiskFlag.values):
        errors["risks"] = "风险点无效"
    if len(notes) > 2000:
        errors["notes"] = "研判意见不能超过 2000 字"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(current)
    current.grade, current.category, current.problems, current.risks, current.notes = (
        grade,
        category,
        problems,
        risks,
        notes,
    )
    _save_edit(actor, current, ASSESSMENT_FIELDS, before)
    assessment.refresh_from_db()
    return current


@transaction.atomic(durable=True)
def member_view_set(
    *,
    actor: Any,
    assessment: Assessment,
    tenure: Tenure,
    view: str,
    reason: str,
    income: str = "",
    ability: str = "",
) -> MemberAssessment:
    """The town's view of one sitting member of the village's committees (留任/调整/退出 with reason),
    with the member's 收入待遇 and 能力本领 as the speech's 四低一缺 names them (optional)."""
    current = _editable_assessment(actor, assessment)
    sitting = Tenure.objects.filter(
        pk=tenure.pk, committee__org_unit_id=current.unit_id, end_date__isnull=True
    ).exists()
    if not sitting:
        raise ValidationError({"tenure": "此人不是该村（社区）的现任成员"})
    errors: dict[str, str] = {}
    if view not in MemberView.values:
        errors["view"] = "请选择留任、调整或退出"
    if not reason.strip():
        errors["reason"] = "请填写理由"
    if income and income not in member_choices.Income.values:
        errors["income"] = "请选择收入待遇：偏低、一般或较高"
    if ability and ability not in member_choices.Ability.values:
        errors["ability"] = "请选择能力本领：偏低、一般或较强"
    if errors:
        raise ValidationError(errors)
    row = MemberAssessment.objects.filter(assessment=current, tenure=tenure).first()
    before = audit.snapshot(row) if row else None
    row = row or MemberAssessment(assessment=current, tenure=tenure)
    row.view, row.reason, row.income, row.ability = view, reason.strip(), income, ability
    row.save()
    if before is None:
        audit.record(AuditAction.CREATE, actor=actor, instance=row, after=audit.snapshot(row))
    else:
        audit.record_if_changed(AuditAction.UPDATE, actor=actor, instance=row, before=before)
    return row


def assessment_act(*, actor: Any, assessment: Assessment, name: str, reason: str = "") -> Assessment:
    """Submit (town), return with a reason or approve (county), or unlock (the level above)."""
    if name == "submit":
        missing = [
            label
            for label, value in (("班子总体评价", assessment.grade), ("村（社区）类别", assessment.category))
            if not value
        ]
        if missing:
            raise workflow.TransitionRefused("上报前请填写：" + "、".join(missing))
    if name == "unlock":
        workflow.unlock(actor=actor, record=assessment, reason=reason)
    else:
        workflow.transition(actor=actor, record=assessment, name=name, reason=reason)
    return assessment


def assessments_bulk_approve(*, actor: Any, assessments: Iterable[Assessment]) -> list[workflow.BulkResult]:
    """The county approves many submitted assessments at once; each is checked on its own."""
    return workflow.bulk_transition(actor=actor, records=assessments, name="approve")


def viewer_outside_town(actor: Any, assessment: Assessment) -> bool:
    """Does ``actor`` see this assessment from outside the village's town (county, city, leaders)?"""
    town_path = assessment.unit.path[:9]
    return not any(p.startswith(town_path) for p in scope_paths(actor, PlanningCap.VIEW))


@transaction.atomic(durable=True)
def assessment_viewed(*, actor: Any, assessment: Assessment, what: str = "查看研判（保密）") -> None:
    """Audit a view of a confidential assessment by someone outside the preparing town (只做不说);
    ``what`` names the view (the page, the report, its PDF)."""
    if not Assessment.objects.visible_to(actor).filter(pk=assessment.pk).exists():
        raise PermissionDenied("对象不在您的管辖范围内")
    if viewer_outside_town(actor, assessment):
        audit.record(AuditAction.VIEW_CONFIDENTIAL, actor=actor, instance=assessment, reason=what)
