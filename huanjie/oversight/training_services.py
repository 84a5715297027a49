"""Writes of training, education upgrading, the three mechanisms and the oversight settings (issue 14
req. 6). Each service re-checks the jurisdiction inside its transaction and audits the write."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from huanjie.core import audit
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import ensure_path_in_scope
from huanjie.core.versioning import bump, check_version
from huanjie.org.models import OrgUnit
from huanjie.oversight import training_selectors as sel
from huanjie.oversight.capabilities import OversightCap
from huanjie.oversight.models import (
    EducationUpgrade,
    MechanismDecision,
    OversightSetting,
    TrainingAttendance,
    TrainingOfficial,
    TrainingSession,
)
from huanjie.people.models import Person
from huanjie.planning.models import Campaign

_EDIT = OversightCap.EDIT
LEVEL_OF_UNIT = {"city": "city", "county": "county", "town": "town"}


@transaction.atomic
def setting_save(*, actor: Any, campaign: Campaign, training_target_percent: int) -> OversightSetting:
    """Set the campaign's training coverage target (the campaign's city only)."""
    if not sel.manages(actor, campaign):
        raise PermissionDenied("只有本次换届工作所属的市可以修改监督设置")
    if not 1 <= training_target_percent <= 100:
        raise ValidationError({"training_target_percent": "培训覆盖目标应在 1% 至 100% 之间"})
    return settings_update(actor=actor, campaign=campaign, training_target_percent=training_target_percent)


@transaction.atomic
def settings_update(*, actor: Any, campaign: Campaign, **values: Any) -> OversightSetting:
    """Write validated values to the campaign's oversight settings row (created on first use), audited;
    the callers check who may and what is valid."""
    row, created = OversightSetting.objects.select_for_update().get_or_create(campaign=campaign)
    before = None if created else audit.snapshot(row)
    for name, value in values.items():
        setattr(row, name, value)
    if not created:
        bump(row)
    row.save()
    audit.record(
        AuditAction.CREATE if created else AuditAction.UPDATE,
        actor=actor,
        instance=row,
        before=before,
        after=audit.snapshot(row),
    )
    return row


@transaction.atomic
def session_create(
    *, actor: Any, campaign: Campaign, unit: OrgUnit, title: str, held_on: dt.date, place: str = ""
) -> TrainingSession:
    """Register a session held by a city, county or town in the actor's jurisdiction."""
    if unit.level not in LEVEL_OF_UNIT:
        raise ValidationError({"unit": "培训举办单位应为市、县（区）或乡镇（街道）"})
    if not unit.path.startswith(campaign.city.path):
        raise ValidationError({"unit": "举办单位不属于本次换届工作所在的市"})
    ensure_path_in_scope(actor, unit.path, _EDIT)
    s = TrainingSession.objects.create(
        campaign=campaign,
        unit=unit,
        level=LEVEL_OF_UNIT[unit.level],
        title=title,
        held_on=held_on,
        place=place,
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=s, after=audit.snapshot(s))
    return s


def _check_session(actor: Any, session: TrainingSession) -> None:
    ensure_path_in_scope(actor, session.unit.path, _EDIT)


@transaction.atomic
def attendance_add(
    *,
    actor: Any,
    session: TrainingSession,
    person: Person | None = None,
    official: TrainingOfficial | None = None,
) -> TrainingAttendance:
    """Register one attendee: a person of the people registry or a town official of the roster."""
    _check_session(actor, session)
    if (person is None) == (official is None):
        raise ValidationError("请选择一名人员或一名镇换届工作人员")
    if official is not None:
        unit = official.town
        if official.campaign_id != session.campaign_id:
            raise ValidationError({"official": "该工作人员不属于本次换届工作"})
        exists = TrainingAttendance.objects.filter(session=session, official=official).exists()
    else:
        assert person is not None
        unit = sel.person_unit(person)
        exists = TrainingAttendance.objects.filter(session=session, person=person).exists()
    if exists:
        raise ValidationError("该人员已登记参加本次培训")
    if not unit.path.startswith(session.unit.path):
        raise ValidationError("参训人员不在举办单位的范围内")
    ensure_path_in_scope(actor, unit.path, _EDIT)
    a = TrainingAttendance.objects.create(session=session, person=person, official=official, unit=unit)
    audit.record(AuditAction.CREATE, actor=actor, instance=a, after=audit.snapshot(a))
    return a


@transaction.atomic
def attendance_add_town(
    *, actor: Any, session: TrainingSession, town: OrgUnit, secretaries: bool, officials: bool
) -> int:
    """Register at once every sitting village Party secretary and/or every roster official of a
    town as attendees (those already registered are left as they are). Returns how many were added."""
    _check_session(actor, session)
    if not town.path.startswith(session.unit.path):
        raise ValidationError({"town": "该乡镇不在举办单位的范围内"})
    ensure_path_in_scope(actor, town.path, _EDIT)
    if not secretaries and not officials:
        raise ValidationError("请至少勾选一类参训人员")
    rows: list[TrainingAttendance] = []
    if secretaries:
        have = set(
            TrainingAttendance.objects.filter(session=session, person__isnull=False).values_list(
                "person_id", flat=True
            )
        )
        seen: set[int] = set()
        for t in (
            sel.sitting_secretaries()
            .filter(committee__org_unit__path__startswith=town.path)
            .select_related("committee__org_unit")
        ):
            if t.person_id in have or t.person_id in seen:
                continue
            seen.add(t.person_id)
            rows.append(TrainingAttendance(session=session, person_id=t.person_id, unit=t.committee.org_unit))
    if officials:
        have_o = set(
            TrainingAttendance.objects.filter(session=session, official__isnull=False).values_list(
                "official_id", flat=True
            )
        )
        for o in TrainingOfficial.objects.filter(campaign=session.campaign, town=town).exclude(pk__in=have_o):
            rows.append(TrainingAttendance(session=session, official=o, unit=town))
    TrainingAttendance.objects.bulk_create(rows)
    audit.record(
        AuditAction.CREATE,
        actor=actor,
        model=TrainingAttendance._meta.label,
        object_id=str(session.pk),
        object_repr=f"{session}：{town.name}批量登记参训人员",
        org_path=town.path,
        after={"town": town.code, "secretaries": secretaries, "officials": officials, "added": len(rows)},
    )
    return len(rows)


@transaction.atomic
def official_add(
    *, actor: Any, campaign: Campaign, town: OrgUnit, name: str, post: str = ""
) -> TrainingOfficial:
    """Add a town official to the town's roster of people to be trained."""
    if town.level != "town":
        raise ValidationError({"town": "请选择乡镇（街道）"})
    if not town.path.startswith(campaign.city.path):
        raise ValidationError({"town": "该乡镇不属于本次换届工作所在的市"})
    ensure_path_in_scope(actor, town.path, _EDIT)
    o = TrainingOfficial.objects.create(campaign=campaign, town=town, name=name.strip(), post=post.strip())
    audit.record(AuditAction.CREATE, actor=actor, instance=o, after=audit.snapshot(o))
    return o


@transaction.atomic
def upgrade_create(
    *,
    actor: Any,
    campaign: Campaign,
    person: Person,
    programme: str,
    enrolled_on: dt.date,
    completed_on: dt.date | None = None,
) -> EducationUpgrade:
    """Register a sitting cadre's education upgrading (学历提升)."""
    if completed_on is not None and completed_on < enrolled_on:
        raise ValidationError({"completed_on": "毕业日期不能早于入学日期"})
    unit = sel.person_unit(person)
    ensure_path_in_scope(actor, unit.path, _EDIT)
    u = EducationUpgrade.objects.create(
        campaign=campaign,
        person=person,
        unit=unit,
        programme=programme,
        enrolled_on=enrolled_on,
        completed_on=completed_on,
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=u, after=audit.snapshot(u))
    return u


@transaction.atomic
def upgrade_complete(
    *, actor: Any, upgrade: EducationUpgrade, completed_on: dt.date, version: Any, seen: Any = None
) -> EducationUpgrade:
    """Record that the programme was completed (毕业)."""
    current = EducationUpgrade.objects.select_for_update().select_related("unit").get(pk=upgrade.pk)
    ensure_path_in_scope(actor, current.unit.path, _EDIT)
    check_version(current, version, seen=seen, fields=("completed_on",))
    if completed_on < current.enrolled_on:
        raise ValidationError({"completed_on": "毕业日期不能早于入学日期"})
    before = audit.snapshot(current)
    current.completed_on = completed_on
    bump(current)
    current.save()
    audit.record(
        AuditAction.UPDATE, actor=actor, instance=current, before=before, after=audit.snapshot(current)
    )
    return current


@transaction.atomic
def decision_create(
    *,
    actor: Any,
    campaign: Campaign,
    person: Person,
    mechanism: str,
    decision: str,
    body: str,
    document_no: str,
    decided_on: dt.date,
) -> MechanismDecision:
    """Record a decision under one of the three mechanisms (激励, 容错纠错, 能上能下)."""
    unit = sel.person_unit(person)
    ensure_path_in_scope(actor, unit.path, _EDIT)
    d = MechanismDecision.objects.create(
        campaign=campaign,
        person=person,
        unit=unit,
        mechanism=mechanism,
        decision=decision,
        body=body,
        document_no=document_no,
        decided_on=decided_on,
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=d, after=audit.snapshot(d))
    return d
