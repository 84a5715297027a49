"""Every write of the planning app: keyword-only, one durable transaction each, scope re-checked,
audited. State changes go through core.workflow (transition, bulk_transition, unlock)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from huanjie.accounts.roles import VETTING_DEPARTMENTS
from huanjie.core import audit, workflow
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import ensure_path_in_scope, scope_paths
from huanjie.core.versioning import bump, check_version, loaded_version, sync
from huanjie.org.choices import LEAF_LEVELS
from huanjie.org.models import OrgUnit
from huanjie.people.choices import PartyOrgForm
from huanjie.people.models import Tenure
from huanjie.planning import choices as member_choices
from huanjie.planning import confidential
from huanjie.planning.adapters import target_params
from huanjie.planning.capabilities import PlanningCap
from huanjie.planning.choices import (
    BodyKind,
    Grade,
    GuidanceSeverity,
    MemberView,
    NegativeTier,
    Problem,
    ResponsibilityRole,
    RiskFlag,
    SeatBody,
    VillageCategory,
)
from huanjie.planning.models import (
    Assessment,
    Batch,
    Campaign,
    CampaignBody,
    CampaignTask,
    CommitteeSeats,
    GuidanceRule,
    MemberAssessment,
    Milestone,
    NegativeItem,
    PartySeats,
    ResponsiblePerson,
    ReviewDepartment,
    StructureTarget,
)
from huanjie.rules import workflow as workflow_rules
from huanjie.rules.campaign import APPLIES_TO as GUIDANCE_APPLIES_TO
from huanjie.rules.campaign import DEFINITIONS as TARGET_DEFINITIONS
from huanjie.rules.campaign import POSTS as GUIDANCE_POSTS
from huanjie.rules.campaign import target_params_problems
from huanjie.rules.planning import seat_count_problem
from huanjie.rules.profiles import PROFILES
from huanjie.rules.structure import EDUCATION_LEVELS
from huanjie.rules.workflow import level_of_path

PARTY_SEATS_MAX = 15
# The fields an edit form shows of each record (the differences of a stale save are given on them).
CAMPAIGN_FIELDS = ("name", "profile_code", "window_start", "window_end", "pledge_blocks_party")
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
    pledge_blocks_party: bool | None = None,
    version: int | None = None,
    seen: dict[str, Any] | None = None,
) -> Campaign:
    """The campaign's settings; ``pledge_blocks_party`` (``None``: unchanged): a party 预备人选 without
    the signed 承诺书 is blocked (issue 11 req. 9), otherwise only flagged."""
    current = _editable_campaign(actor, campaign, version, seen)
    _check_campaign_fields(name, profile_code, window_start, window_end)
    before = audit.snapshot(current)
    current.name, current.profile_code = name.strip(), profile_code
    current.window_start, current.window_end = window_start, window_end
    if pledge_blocks_party is not None:
        current.pledge_blocks_party = pledge_blocks_party
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
    # The draft's deadline (ASSESSMENT_SPEC.due_days) from today, as a transition would set it.
    due = workflow_rules.due_date(
        Assessment.workflow_spec, Assessment.workflow_spec.initial, workflow.today()
    )
    a = Assessment.objects.create(campaign=campaign, unit=unit, state_due=due)
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
    return confidential.viewer_outside_town(actor, assessment.unit.path)


@transaction.atomic(durable=True)
def assessment_viewed(*, actor: Any, assessment: Assessment, what: str = "查看研判（保密）") -> None:
    """Audit a view of a confidential assessment by someone outside the preparing town (只做不说);
    ``what`` names the view (the page, the report, its PDF). planning.confidential.record_view."""
    confidential.record_view(actor=actor, record=assessment, unit_path=assessment.unit.path, what=what)


# ---------------------------------------------------------------------------------------------
# Campaign settings (issue 10 req. 1): written by the city while the campaign may be edited (a
# published campaign is locked until the city unlocks it with a reason), each change audited.

TARGET_FIELDS = ("label", "low", "high", "baseline", "baseline_date", "majors")
NEGATIVE_LOOKBACK_MAX = 50
REVIEW_DAYS_MAX = 90
GUIDANCE_AGE_RANGE = (18, 100)


def _required(values: Mapping[str, Any], errors: dict[str, str], **labels: str) -> None:
    for name, label in labels.items():
        if not str(values.get(name) or "").strip():
            errors[name] = f"请填写{label}"


def _text(values: Mapping[str, Any], name: str) -> str:
    return str(values.get(name) or "").strip()


def _build_body(campaign: Campaign, values: Mapping[str, Any]) -> CampaignBody:
    errors: dict[str, str] = {}
    if values.get("kind") not in BodyKind.values:
        errors["kind"] = "请选择类别"
    _required(values, errors, name="名称")
    if errors:
        raise ValidationError(errors)
    return CampaignBody(
        campaign=campaign,
        kind=values["kind"],
        name=_text(values, "name"),
        head=_text(values, "head"),
        members=_text(values, "members"),
        duties=_text(values, "duties"),
    )


def _build_person(campaign: Campaign, values: Mapping[str, Any]) -> ResponsiblePerson:
    errors: dict[str, str] = {}
    unit = values.get("unit")
    city = _campaign_city(campaign)
    if not isinstance(unit, OrgUnit) or unit.level not in ("city", "county", "town"):
        errors["unit"] = "请选择市、县（市、区）或乡镇（街道）"
    elif not unit.path.startswith(city.path):
        errors["unit"] = "该单位不属于此次换届工作的范围"
    if values.get("role") not in ResponsibilityRole.values:
        errors["role"] = "请选择第一责任人或直接责任人"
    _required(values, errors, name="姓名", position="职务")
    if (
        not errors
        and ResponsiblePerson.objects.filter(campaign=campaign, unit=unit, role=values["role"]).exists()
    ):
        errors["role"] = f"{unit}已登记{ResponsibilityRole(values['role']).label}，请先删除原记录"
    if errors:
        raise ValidationError(errors)
    return ResponsiblePerson(
        campaign=campaign,
        unit=unit,
        role=values["role"],
        name=_text(values, "name"),
        position=_text(values, "position"),
    )


def _build_task(campaign: Campaign, values: Mapping[str, Any]) -> CampaignTask:
    errors: dict[str, str] = {}
    _required(values, errors, title="任务", owner="牵头单位")
    if not isinstance(values.get("deadline"), dt.date):
        errors["deadline"] = "请填写完成时限"
    if errors:
        raise ValidationError(errors)
    return CampaignTask(
        campaign=campaign,
        title=_text(values, "title"),
        owner=_text(values, "owner"),
        deadline=values["deadline"],
    )


def _target_errors(code: str, values: Mapping[str, Any]) -> dict[str, str]:
    if values.get("low") is None:
        return {"low": "请填写目标下限"}
    params = target_params(
        low=values["low"],
        high=values.get("high"),
        baseline=_text(values, "baseline"),
        baseline_date=values.get("baseline_date"),
        fields=_text(values, "majors"),
    )
    return target_params_problems(code, params)


def _build_target(campaign: Campaign, values: Mapping[str, Any]) -> StructureTarget:
    code = _text(values, "code")
    errors = _target_errors(code, values)
    if code in TARGET_DEFINITIONS and StructureTarget.objects.filter(campaign=campaign, code=code).exists():
        errors["code"] = "该目标已设置，请修改原目标"
    if errors:
        raise ValidationError(errors)
    d = TARGET_DEFINITIONS[code]
    return StructureTarget(
        campaign=campaign,
        code=code,
        label=_text(values, "label") or d.label,
        low=values["low"],
        high=values.get("high"),
        baseline=_text(values, "baseline") if d.uses_baseline else "",
        baseline_date=values.get("baseline_date") if d.uses_baseline else None,
        majors=_text(values, "majors") if d.uses_fields else "",
    )


def _build_negative(campaign: Campaign, values: Mapping[str, Any]) -> NegativeItem:
    errors: dict[str, str] = {}
    _required(values, errors, code="编号", text="内容", department="提供部门")
    if values.get("tier") not in NegativeTier.values:
        errors["tier"] = "请选择“不能”或“不宜”"
    years = values.get("lookback_years")
    if years is not None and not 1 <= years <= NEGATIVE_LOOKBACK_MAX:
        errors["lookback_years"] = f"追溯年限应为 1 至 {NEGATIVE_LOOKBACK_MAX} 年（不限年限的请留空）"
    code = _text(values, "code")
    if code and NegativeItem.objects.filter(campaign=campaign, code=code).exists():
        errors["code"] = f"编号 {code} 已使用"
    if errors:
        raise ValidationError(errors)
    return NegativeItem(
        campaign=campaign,
        code=code,
        text=_text(values, "text"),
        tier=values["tier"],
        lookback_years=years,
        department=_text(values, "department"),
    )


def _build_guidance(campaign: Campaign, values: Mapping[str, Any]) -> GuidanceRule:
    errors: dict[str, str] = {}
    if values.get("post") not in GUIDANCE_POSTS:
        errors["post"] = "请选择适用职务"
    if values.get("applies_to") not in GUIDANCE_APPLIES_TO:
        errors["applies_to"] = "请选择适用人员"
    if values.get("severity") not in GuidanceSeverity.values:
        errors["severity"] = "请选择提示或不得"
    low, high = GUIDANCE_AGE_RANGE
    for name in ("age_limit_male", "age_limit_female"):
        age = values.get(name)
        if age is not None and not low <= age <= high:
            errors[name] = f"年龄应为 {low} 至 {high} 周岁"
    education = _text(values, "min_education")
    if education and education not in EDUCATION_LEVELS:
        errors["min_education"] = "请选择最低学历"
    if values.get("age_limit_male") is None and values.get("age_limit_female") is None and not education:
        errors["age_limit_male"] = "请至少填写一项年龄或学历要求"
    if not isinstance(values.get("cutoff"), dt.date):
        errors["cutoff"] = "请填写年龄计算截止日期"
    _required(values, errors, citation="依据")
    if errors:
        raise ValidationError(errors)
    return GuidanceRule(
        campaign=campaign,
        post=values["post"],
        applies_to=values["applies_to"],
        age_limit_male=values.get("age_limit_male"),
        age_limit_female=values.get("age_limit_female"),
        min_education=education,
        cutoff=values["cutoff"],
        severity=values["severity"],
        citation=_text(values, "citation"),
    )


def department_code_of(name: str) -> str:
    """The accounts' 联审部门 code whose label the department's name is or begins with (“公安局”,
    “政法委（扫黑办）” → 政法委); blank when none or several match."""
    name = name.strip()
    exact = [code for code, label in VETTING_DEPARTMENTS if name == label]
    found = exact or [code for code, label in VETTING_DEPARTMENTS if name.startswith(label)]
    return found[0] if len(found) == 1 else ""


def _build_department(campaign: Campaign, values: Mapping[str, Any]) -> ReviewDepartment:
    """A 联审部门 of the campaign with the accounts' department code that answers for it (picked,
    or matched from the name): the campaign's departments are the parties of its joint review."""
    errors: dict[str, str] = {}
    _required(values, errors, name="部门", checks="审查内容")
    days = values.get("days") or 0
    if not 1 <= days <= REVIEW_DAYS_MAX:
        errors["days"] = f"办理时限应为 1 至 {REVIEW_DAYS_MAX} 天"
    name = _text(values, "name")
    if name and ReviewDepartment.objects.filter(campaign=campaign, name=name).exists():
        errors["name"] = f"{name}已在联审部门中"
    code = _text(values, "department") or department_code_of(name)
    labels = dict(VETTING_DEPARTMENTS)
    if code not in labels:
        errors["department"] = "请选择对应的联审部门账号类别（无法按部门名称自动对应）"
    elif ReviewDepartment.objects.filter(campaign=campaign, department=code).exists():
        errors["department"] = f"{labels[code]}已对应本次换届的另一个联审部门"
    if errors:
        raise ValidationError(errors)
    return ReviewDepartment(
        campaign=campaign, name=name, department=code, checks=_text(values, "checks"), days=days
    )


SETTING_BUILDERS: dict[str, Callable[[Campaign, Mapping[str, Any]], Any]] = {
    "body": _build_body,
    "person": _build_person,
    "task": _build_task,
    "target": _build_target,
    "negative": _build_negative,
    "guidance": _build_guidance,
    "department": _build_department,
}
"""Each kind of setting row: how it is checked and built from the form's values."""


@transaction.atomic(durable=True)
def setting_add(*, actor: Any, campaign: Campaign, kind: str, values: Mapping[str, Any]) -> Any:
    """Add a row of the campaign's settings (``kind``: a key of SETTING_BUILDERS): the city, while the
    campaign may be edited; every bad value refused with its Chinese reason; audited."""
    current = _editable_campaign(actor, campaign)
    build = SETTING_BUILDERS.get(kind)
    if build is None:
        raise ValidationError("未知的设置类别")
    row = build(current, values)
    row.save()
    audit.record(
        AuditAction.CREATE, actor=actor, instance=row, org_path=current.city.path, after=audit.snapshot(row)
    )
    return row


@transaction.atomic(durable=True)
def setting_delete(*, actor: Any, row: Any) -> None:
    """Delete a row of the campaign's settings (the city, while the campaign may be edited)."""
    current = _editable_campaign(actor, row.campaign)
    audit.record(
        AuditAction.DELETE,
        actor=actor,
        instance=row,
        org_path=current.city.path,
        before=audit.snapshot(row),
        reason=f"删除{row._meta.verbose_name}",
    )
    row.delete()


@transaction.atomic(durable=True)
def target_update(
    *,
    actor: Any,
    target: StructureTarget,
    label: str,
    low: Any,
    high: Any,
    baseline: str,
    baseline_date: dt.date | None,
    majors: str,
    version: int | None = None,
    seen: dict[str, Any] | None = None,
) -> StructureTarget:
    """Change a structure target's label and parameters (its definition, the code, stays)."""
    current = StructureTarget.objects.select_for_update().get(pk=target.pk)
    _editable_campaign(actor, current.campaign)
    check_version(current, loaded_version(target, version), seen=seen, fields=TARGET_FIELDS)
    values = {
        "low": low,
        "high": high,
        "baseline": baseline,
        "baseline_date": baseline_date,
        "majors": majors,
    }
    errors = _target_errors(current.code, values)
    if not label.strip():
        errors["label"] = "请填写名称"
    if errors:
        raise ValidationError(errors)
    d = TARGET_DEFINITIONS[current.code]
    before = audit.snapshot(current)
    current.label, current.low, current.high = label.strip(), low, high
    current.baseline = baseline if d.uses_baseline else ""
    current.baseline_date = baseline_date if d.uses_baseline else None
    current.majors = majors.strip() if d.uses_fields else ""
    _save_edit(actor, current, TARGET_FIELDS, before)
    sync(target, current)
    return current
