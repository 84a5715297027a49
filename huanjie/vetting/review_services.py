"""Writes of the town pre-check (镇级初审, issue 11 req. 4) and the county joint review (县级联审,
req. 5). Each validates, re-checks scope inside its transaction and audits.

- The town lists the offices that answer its pre-check and records each office's answer per
  candidate: 无异常, or a finding (a ``Finding`` of source 镇级初审).
- The county sends candidates whose pre-check is complete in a batch; each department of the
  campaign answers its own queue through core's parallel sign-off (``apply_sign_off``), a finding
  recorded as a ``Finding`` of source 县级联审 reported by the department; the county then rules.
- Nothing here changes ``Candidate.qualification``: for a 村委会 candidate the county's ruling is an
  opinion to the 村民选举委员会 (《村民委员会组织法》第十五条 [V]).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from huanjie.accounts.roles import VETTING_DEPARTMENTS
from huanjie.core import audit, crypto
from huanjie.core import workflow as wf
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import can
from huanjie.org.models import OrgUnit
from huanjie.planning.models import Campaign, NegativeItem, ReviewDepartment
from huanjie.rules.workflow import level_of_path
from huanjie.vetting.capabilities import VettingCap
from huanjie.vetting.choices import FindingSource, FindingStatus
from huanjie.vetting.models import (
    Candidate,
    Finding,
    PrecheckAnswer,
    PrecheckOfficeListing,
    ReviewBatch,
    ReviewEntry,
)
from huanjie.vetting.review_choices import (
    STATUTORY_FINDINGS,
    AnswerResult,
    FindingKind,
    PrecheckOffice,
)
from huanjie.vetting.review_selectors import answering_paths
from huanjie.vetting.review_workflows import RULING_TRANSITIONS

DEPARTMENT_LABELS = dict(VETTING_DEPARTMENTS)
STATUTORY_LABELS = dict(STATUTORY_FINDINGS)
REPORTABLE_STATUSES = (FindingStatus.UNVERIFIED, FindingStatus.SUBSTANTIATED)
BATCH_MAX = 2000


def _ensure_town_editor(actor: Any, path: str) -> None:
    """The town pre-check is the town's (vetting.edit and vetting.confidential; never a village)."""
    if level_of_path(path[:9]) != "town" or not (
        can(actor, VettingCap.EDIT, path[:9]) and can(actor, VettingCap.CONFIDENTIAL, path)
    ):
        raise PermissionDenied("只有人选所在乡镇（街道）可以登记镇级初审")


# ---------------------------------------------------------------------------------------------
# Findings (shared by the pre-check and the joint review)


def _finding(
    *,
    candidate: Candidate,
    source: str,
    reporter: str,
    kind: str,
    code: str,
    found_on: dt.date | None,
    document_ref: str,
    status: str,
    note: str,
) -> Finding:
    """A finding checked against the campaign's negative list or the statutory bars (not saved)."""
    errors: dict[str, str] = {}
    item_code = statutory_code = ""
    if kind == FindingKind.ITEM:
        if not NegativeItem.objects.filter(campaign_id=candidate.campaign_id, code=code).exists():
            errors["code"] = "请选择本次换届负面清单中的事项"
        item_code = code
    elif kind == FindingKind.STATUTORY:
        if code not in STATUTORY_LABELS:
            errors["code"] = "请选择法定不得情形"
        statutory_code = code
    else:
        errors["kind"] = "请选择问题类别（负面清单事项或法定不得情形）"
    if not isinstance(found_on, dt.date):
        errors["found_on"] = "请填写事实发生日期"
    if status not in REPORTABLE_STATUSES:
        errors["status"] = "请选择是否已查实"
    if not note.strip():
        errors["note"] = "请写明情况"
    if errors or found_on is None:
        raise ValidationError(errors)
    return Finding(
        candidate=candidate,
        source=source,
        reporter=reporter,
        item_code=item_code,
        statutory_code=statutory_code,
        found_on=found_on,
        document_ref=document_ref.strip(),
        status=status,
        note=note.strip(),
    )


def _save_finding(actor: Any, finding: Finding) -> Finding:
    finding.save()
    audit.record(AuditAction.CREATE, actor=actor, instance=finding, after=audit.snapshot(finding))
    return finding


# ---------------------------------------------------------------------------------------------
# Town pre-check


@transaction.atomic(durable=True)
def precheck_offices_set(*, actor: Any, campaign: Campaign, town: OrgUnit, offices: list[str]) -> list[str]:
    """Set the offices that answer the town's pre-check in the campaign (at least one). Answers
    already given stay; an office added later must answer before a candidate can be sent."""
    _ensure_town_editor(actor, town.path)
    if town.level != "town" or campaign.city.path != town.path[:4]:
        raise ValidationError({"offices": "只能为本乡镇（街道）设定初审单位"})
    chosen = list(dict.fromkeys(offices))
    if not chosen or set(chosen) - set(PrecheckOffice.values):
        raise ValidationError({"offices": "请至少选择一个初审单位"})
    rows = PrecheckOfficeListing.objects.filter(campaign=campaign, town=town)
    before = sorted(rows.values_list("office", flat=True))
    if before == sorted(chosen):
        return chosen
    rows.exclude(office__in=chosen).delete()
    PrecheckOfficeListing.objects.bulk_create(
        PrecheckOfficeListing(campaign=campaign, town=town, office=o) for o in chosen if o not in before
    )
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        model="vetting.PrecheckOfficeListing",
        object_id=str(town.pk),
        object_repr=f"{town.name}镇级初审单位",
        org_path=town.path,
        before={"offices": before},
        after={"offices": sorted(chosen)},
    )
    return chosen


@transaction.atomic(durable=True)
def precheck_answer(
    *,
    actor: Any,
    candidate: Candidate,
    office: str,
    result: str,
    answered_on: dt.date | None,
    kind: str = "",
    code: str = "",
    found_on: dt.date | None = None,
    document_ref: str = "",
    status: str = FindingStatus.UNVERIFIED,
    note: str = "",
) -> PrecheckAnswer:
    """Record one listed office's pre-check answer about a candidate: 无异常, or a finding (source
    镇级初审, reported by the office)."""
    current = Candidate.objects.select_for_update(of=("self",)).select_related("unit").get(pk=candidate.pk)
    _ensure_town_editor(actor, current.unit.path)
    errors: dict[str, str] = {}
    listed = PrecheckOfficeListing.objects.filter(
        campaign_id=current.campaign_id, town__path=current.unit.path[:9], office=office
    ).exists()
    if not listed:
        errors["office"] = "请选择本乡镇（街道）列明的初审单位"
    elif PrecheckAnswer.objects.filter(candidate=current, office=office).exists():
        errors["office"] = f"{PrecheckOffice(office).label}已答复，不能重复答复"
    if result not in AnswerResult.values:
        errors["result"] = "请选择初审结论"
    if not isinstance(answered_on, dt.date):
        errors["answered_on"] = "请填写答复日期"
    if errors:
        raise ValidationError(errors)
    finding = None
    if result == AnswerResult.FINDING:
        finding = _finding(
            candidate=current,
            source=FindingSource.PRECHECK,
            reporter=PrecheckOffice(office).label,
            kind=kind,
            code=code,
            found_on=found_on,
            document_ref=document_ref,
            status=status,
            note=note,
        )
        _save_finding(actor, finding)
    row = PrecheckAnswer.objects.create(
        candidate=current, office=office, result=result, answered_on=answered_on, finding=finding
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=row, after=audit.snapshot(row))
    return row


def precheck_missing(candidate: Candidate) -> list[str]:
    """The listed offices of the candidate's town that have not answered (all when none is listed:
    a town that lists no office has not run its pre-check)."""
    listed = list(
        PrecheckOfficeListing.objects.filter(
            campaign_id=candidate.campaign_id, town__path=candidate.unit.path[:9]
        ).values_list("office", flat=True)
    )
    if not listed:
        return ["（乡镇未设定初审单位）"]
    answered = set(PrecheckAnswer.objects.filter(candidate=candidate).values_list("office", flat=True))
    return [PrecheckOffice(o).label for o in listed if o not in answered]


# ---------------------------------------------------------------------------------------------
# County joint review


def _ensure_county_reviewer(actor: Any, county: OrgUnit) -> None:
    if county.level != "county" or not can(actor, VettingCap.REVIEW, county.path):
        raise PermissionDenied("只有本县（市、区）可以组织县级联审")


@transaction.atomic(durable=True)
def review_batch_send(
    *,
    actor: Any,
    county: OrgUnit,
    campaign: Campaign,
    name: str,
    sent_on: dt.date | None,
    candidates: list[Candidate],
) -> ReviewBatch:
    """Send a batch of the county's candidates to the joint review: each must be of the campaign, in
    the county, not withdrawn, with a complete town pre-check, and not already sent."""
    _ensure_county_reviewer(actor, county)
    errors: dict[str, str] = {}
    name = name.strip()
    if not name:
        errors["name"] = "请填写批次名称"
    elif ReviewBatch.objects.filter(campaign=campaign, county=county, name=name).exists():
        errors["name"] = "已有同名的联审批次"
    if not isinstance(sent_on, dt.date):
        errors["sent_on"] = "请填写送审日期"
    if campaign.state != "published" or campaign.city.path != county.path[:4]:
        errors["name"] = "本县（市、区）所属市没有已发布的换届工作"
    elif not ReviewDepartment.objects.filter(campaign=campaign).exclude(department="").exists():
        errors["name"] = "本次换届尚未设定对应联审部门账号的联审部门，无法送审"
    if not candidates or len(candidates) > BATCH_MAX:
        errors["candidates"] = f"请选择 1 至 {BATCH_MAX} 名人选"
    if errors:
        raise ValidationError(errors)
    rows = list(
        Candidate.objects.select_for_update()
        .select_related("unit", "person")
        .filter(pk__in=[c.pk for c in candidates])
        .order_by("unit__path", "pk")
    )
    problems = []
    sent = set(ReviewEntry.objects.filter(candidate__in=rows).values_list("candidate_id", flat=True))
    for c in rows:
        why = ""
        if c.campaign_id != campaign.pk or not c.unit.path.startswith(county.path):
            why = "不属于本县本次换届"
        elif c.withdrawn_on is not None:
            why = "已退出"
        elif c.pk in sent:
            why = "已送联审"
        else:
            missing = precheck_missing(c)
            if missing:
                why = "镇级初审未完成（待答复：" + "、".join(missing) + "）"
        if why:
            problems.append(f"{c.person.name}（{c.unit.name}）{why}")
    if len(rows) != len({c.pk for c in candidates}):
        problems.append("部分人选不在您的管辖范围内")
    if problems:
        raise ValidationError({"candidates": "；".join(problems)})
    batch = ReviewBatch.objects.create(county=county, campaign=campaign, name=name, sent_on=sent_on)
    audit.record(AuditAction.CREATE, actor=actor, instance=batch, after=audit.snapshot(batch))
    departments = ReviewDepartment.objects.filter(campaign=campaign).exclude(department="")
    parties = ",".join(departments.order_by("pk").values_list("department", flat=True))
    longest = departments.aggregate(m=Max("days"))["m"] or 0
    due = sent_on + dt.timedelta(days=longest)  # type: ignore[operator]
    for c in rows:
        entry = ReviewEntry.objects.create(
            batch=batch, candidate=c, unit_path=c.unit.path, parties=parties, state_due=due
        )
        audit.record(
            AuditAction.CREATE,
            actor=actor,
            instance=entry,
            after={"batch": batch.name, "candidate": str(c), "state": entry.state},
        )
    return batch


@transaction.atomic(durable=True)
def review_answer(
    *,
    actor: Any,
    entry: ReviewEntry,
    department: str,
    result: str,
    kind: str = "",
    code: str = "",
    found_on: dt.date | None = None,
    document_ref: str = "",
    status: str = FindingStatus.UNVERIFIED,
    note: str = "",
) -> Finding | None:
    """One department's answer on a candidate of its queue: 无异常, or a finding (source 县级联审,
    reported by the department) with an adverse sign-off. Core's sign-off checks that the actor
    answers for this department over the candidate and that the department is one of the campaign's;
    the system moves the entry once every department has answered."""
    if department not in DEPARTMENT_LABELS:
        raise PermissionDenied("您所在部门不是此记录的会签方")
    if result not in AnswerResult.values:
        raise ValidationError({"result": "请选择审查结论"})
    current = ReviewEntry.objects.select_related("candidate", "candidate__unit").get(pk=entry.pk)
    finding = None
    label = DEPARTMENT_LABELS[department]
    if result == AnswerResult.FINDING:
        finding = _finding(
            candidate=current.candidate,
            source=FindingSource.JOINT_REVIEW,
            reporter=label,
            kind=kind,
            code=code,
            found_on=found_on,
            document_ref=document_ref,
            status=status,
            note=note,
        )
    answer = "adverse" if finding is not None else "clear"
    why = note.strip()
    if finding is not None:
        why = f"{finding.item_code or STATUTORY_LABELS.get(finding.statutory_code, '')}：{finding.note}"
    try:
        wf.apply_sign_off(actor=actor, record=entry, answer=answer, note=why, party=department)
    except wf.WorkflowError as exc:
        raise ValidationError(exc.message) from exc
    if finding is not None:
        _save_finding(actor, finding)
    return finding


@transaction.atomic(durable=True)
def review_rule(*, actor: Any, entry: ReviewEntry, ruling: str, note: str, on: dt.date) -> ReviewEntry:
    """The county's ruling on a candidate's aggregated opinion: 同意, 不同意 (reason required) or 待核实
    (what to verify required). Never touches the candidate's qualification."""
    if ruling not in RULING_TRANSITIONS:
        raise ValidationError({"ruling": "请选择县级意见"})
    try:
        wf.apply_transition(actor=actor, record=entry, name=ruling, reason=note.strip())
    except wf.WorkflowError as exc:
        raise ValidationError({"note": exc.message}) from exc
    ReviewEntry.objects.filter(pk=entry.pk).update(ruling_note=note.strip(), ruled_on=on)
    entry.ruling_note, entry.ruled_on = note.strip(), on
    return entry


@transaction.atomic(durable=True)
def review_unmask(*, actor: Any, entry: ReviewEntry, department: str) -> str:
    """The full citizen ID of a candidate in the department's own queue; every unmasking is
    audited. Refused outside the units through which the actor answers for the department."""
    paths = tuple(answering_paths(actor, department))
    if not paths or not entry.candidate.unit.path.startswith(paths):
        raise PermissionDenied("只有联审部门可在本部门的联审队列中查看完整身份证号")
    person = entry.candidate.person
    number = crypto.decrypt(person.id_cipher)
    audit.record(
        AuditAction.UNMASK,
        actor=actor,
        instance=person,
        org_path=entry.candidate.unit.path,
        reason=f"联审部门（{DEPARTMENT_LABELS.get(department, department)}）查看完整身份证号",
    )
    return number
