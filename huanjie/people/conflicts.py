"""The registration-conflict queue (hardening issue 7): a roster row naming a person registered
outside the uploader's jurisdiction waits here for the lowest level holding both places.

The uploader learns only that the level above must decide (:func:`uploader_message`); users of that
level (or above) see the person and both units on the conflicts page and decide: a move (the person's
domicile moves to the uploader's unit, seats elsewhere end, the seat is made), a second seat the law
allows (the seat is made, the registration stays), or a refusal. Every decision is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from huanjie.accounts.models import User
from huanjie.core import audit
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import can
from huanjie.core.versioning import bump
from huanjie.people import services
from huanjie.people.capabilities import PeopleCap
from huanjie.people.choices import ConflictStatus, EndReason
from huanjie.people.models import Person, RegistrationConflict, Tenure

#: Path lengths of the levels, deepest first (村 12, 乡镇 9, 县 6, 市 4, 省 2, the whole system 0).
_LEVELS = (12, 9, 6, 4, 2, 0)
_LEVEL_NAMES = {12: "村", 9: "乡镇", 6: "县", 4: "市", 2: "省", 0: "系统"}

DECISIONS = (ConflictStatus.MOVED, ConflictStatus.SECOND_SEAT, ConflictStatus.REFUSED)


def lowest_common_level(paths: Iterable[str]) -> str:
    """The path of the lowest level holding all these unit paths (a whole level: 9, 6, 4, 2 or 0
    digits of their common prefix)."""
    paths = list(paths)
    lo, hi = min(paths), max(paths)
    n = 0
    while n < min(len(lo), len(hi)) and lo[n] == hi[n]:
        n += 1
    return lo[: next(k for k in _LEVELS if k <= n)]


def level_name(level_path: str) -> str:
    return _LEVEL_NAMES[len(level_path)]


def uploader_message(level_path: str) -> str:
    """All the uploader is told: no name, no unit, only which level must decide."""
    return f"该人员已在其他地方登记，需由上级（{level_name(level_path)}级）决定；此行不导入，已转交上级处理"


def conflict_list(user: User, *, status: str = ConflictStatus.OPEN) -> QuerySet[RegistrationConflict]:
    """The conflicts the user's levels decide (level path inside the user's jurisdiction), open first."""
    qs = RegistrationConflict.objects.visible_to(user).select_related(
        "person__domicile_unit", "unit", "other_unit", "raised_by", "decided_by"
    )
    if status:
        qs = qs.filter(status=status)
    return qs


@dataclass(frozen=True)
class ConflictTodo:
    """The home page's to-do (core.plugins.todo_providers): open conflicts this user may decide."""

    count: int
    due: dt.date | None = None
    overdue: bool = False

    @property
    def label(self) -> str:
        return f"登记冲突待决定 {self.count} 条（导入或登记的人员已在其他地方登记）"

    @property
    def url(self) -> str:
        return reverse("people:conflicts")


def conflict_todos(user: User) -> list[ConflictTodo]:
    """One to-do when open conflicts wait for a level where the user may decide (one query)."""
    if not user.has_capability(PeopleCap.EDIT):
        return []
    n = RegistrationConflict.objects.editable_by(user).filter(status=ConflictStatus.OPEN).count()
    return [ConflictTodo(n)] if n else []


def can_decide(user: User, conflict: RegistrationConflict) -> bool:
    return conflict.status == ConflictStatus.OPEN and can(user, PeopleCap.EDIT, conflict.level_path)


@transaction.atomic(durable=True)
def conflict_decide(
    *, actor: User, conflict: RegistrationConflict, decision: str, reason: str
) -> RegistrationConflict:
    """Decide an open conflict at the level holding both places (or above); audited.

    ``moved``: the person's domicile becomes the uploader's unit, their sitting posts in other units
    end (调离) and the seat asked for is made; ``second_seat``: the seat is made and the registration
    stays; ``refused``: nothing is written but the decision. The seat checks of a manual seat apply
    (post fits the committee, one 书记/主任, not already sitting there)."""
    conflict = RegistrationConflict.objects.select_for_update().get(pk=conflict.pk)
    if not can(actor, PeopleCap.EDIT, conflict.level_path):
        raise PermissionDenied("只有同时管辖两地的上级可以决定")
    if conflict.status != ConflictStatus.OPEN:
        raise ValidationError("该登记冲突已经决定")
    if decision not in DECISIONS:
        raise ValidationError({"decision": "请选择决定"})
    if not reason.strip():
        raise ValidationError({"reason": "请填写理由"})
    if conflict.is_registration and decision == ConflictStatus.SECOND_SEAT:
        raise ValidationError({"decision": "登记申请不涉及任职，只能决定迁入或不予登记"})
    before = audit.snapshot(conflict)
    person = Person.objects.select_for_update().get(pk=conflict.person_id)
    today = timezone.localdate()
    if conflict.is_registration:
        # A registration (登记人员 page) asks for no seat: a move changes the domicile only.
        if decision == ConflictStatus.MOVED:
            _move_domicile(actor=actor, person=person, conflict=conflict)
    elif decision == ConflictStatus.MOVED:
        _move(actor=actor, person=person, conflict=conflict, today=today)
    if not conflict.is_registration and decision in (ConflictStatus.MOVED, ConflictStatus.SECOND_SEAT):
        assert conflict.term_number is not None and conflict.start_date is not None
        committee = services._committee_ensure(
            actor=actor,
            org_unit=conflict.unit,
            kind=conflict.committee_kind,
            party_org_form=conflict.party_org_form,
        )
        services._tenure_start(
            actor=actor,
            person=person,
            committee=committee,
            post=conflict.post,
            term_number=conflict.term_number,
            start_date=conflict.start_date,
            source=conflict.source,
        )
    conflict.status = decision
    conflict.decided_by = actor
    conflict.decided_at = timezone.now()
    conflict.reason = reason.strip()
    conflict.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        instance=conflict,
        before=before,
        after=audit.snapshot(conflict),
        reason=conflict.reason,
    )
    return conflict


def _move_domicile(*, actor: User, person: Person, conflict: RegistrationConflict) -> None:
    before = audit.snapshot(person)
    person.domicile_unit = conflict.unit
    person.save(update_fields=["domicile_unit", "updated_at", bump(person)])
    audit.record(
        AuditAction.MOVE,
        actor=actor,
        instance=person,
        before=before,
        after=audit.snapshot(person),
        reason="登记冲突决定：迁入（登记申请）",
    )


def _move(*, actor: User, person: Person, conflict: RegistrationConflict, today: dt.date) -> None:
    before = audit.snapshot(person)
    person.domicile_unit = conflict.unit
    person.save(update_fields=["domicile_unit", "updated_at", bump(person)])
    audit.record(
        AuditAction.MOVE,
        actor=actor,
        instance=person,
        before=before,
        after=audit.snapshot(person),
        reason="登记冲突决定：迁入",
    )
    sitting = Tenure.objects.select_for_update().filter(person=person, end_date__isnull=True)
    for t in sitting.exclude(committee__org_unit=conflict.unit).select_related("committee__org_unit"):
        if not can(actor, PeopleCap.EDIT, t.committee.org_unit.path):
            raise PermissionDenied("对象不在您的管辖范围内")
        t_before = audit.snapshot(t)
        t.end_date, t.end_reason = max(today, t.start_date), EndReason.TRANSFERRED
        t.save(update_fields=["end_date", "end_reason", bump(t)])
        audit.record(
            AuditAction.UPDATE,
            actor=actor,
            instance=t,
            before=t_before,
            after=audit.snapshot(t),
            reason="登记冲突决定：迁入，原任职调离",
        )
