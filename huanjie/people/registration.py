"""Registering a person from the 登记人员 page and a near relative on the spot (issue 9, req. 3).

The citizen ID is parsed and checked (GB 11643-1999: length, characters, region, birth date, check
character; sex and birth date come from it), then looked up by its blind index (core.crypto):

- not registered: the person is written in the user's jurisdiction (``created``);
- registered in the user's jurisdiction: nothing is written, the page shows that person (masked)
  with a link (``existing``); the look-up by full number is audited as a full-ID search is
  (people.id_search);
- registered OUTSIDE the user's jurisdiction: nothing about that person reaches the user. The
  request waits in the registration-conflict queue (people.conflicts) for the lowest level holding
  both places (``queued``); the answer names no one, no unit and not even that level (it would tell
  whether the person lives in the same county), so every such answer is the same.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction

from huanjie.accounts.models import User
from huanjie.core import audit
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import ensure_in_scope, ensure_path_in_scope
from huanjie.org.models import OrgUnit
from huanjie.people import conflicts, services
from huanjie.people.capabilities import PeopleCap
from huanjie.people.choices import ConflictKind, ConflictStatus, RelationKind
from huanjie.people.models import Person, RegistrationConflict, Relation

QUEUED_MESSAGE = (
    "该身份证号已在您的管辖范围以外登记。为保护个人信息，系统不显示该人员的任何情况；"
    "您的登记申请已转交上级决定（登记冲突），无需重复提交。"
)
EXISTING_REASON = "登记人员时按身份证号查重"


@dataclass(frozen=True)
class Registration:
    """The outcome of a registration: ``person`` for ``created`` and ``existing``, ``None`` for
    ``queued`` (the person lives outside the user's jurisdiction and stays unnamed)."""

    outcome: Literal["created", "existing", "queued"]
    person: Person | None = None


def _register(
    *,
    actor: User,
    citizen_id: str,
    name: str,
    domicile_unit: OrgUnit,
    sex: str | None = None,
    birth_date: dt.date | None = None,
    **fields: Any,
) -> Registration:
    ensure_path_in_scope(actor, domicile_unit.path, PeopleCap.EDIT)
    if not str(name or "").strip():
        raise ValidationError({"name": "姓名不能为空"})
    cid = services.normalize_citizen_id(citizen_id, sex=sex, birth_date=birth_date)
    index = services.citizen_index(cid.number)
    known = Person.objects.select_related("domicile_unit").filter(id_index=index).first()
    if known is None:
        person = services._person_create(
            actor=actor, cid=cid, index=index, domicile_unit=domicile_unit, name=name.strip(), **fields
        )
        return Registration("created", person)
    if Person.objects.visible_to(actor).filter(pk=known.pk).exists():
        audit.record(
            AuditAction.UNMASK,
            actor=actor,
            instance=known,
            object_repr=f"{EXISTING_REASON}：已登记",
            reason=EXISTING_REASON,
        )
        return Registration("existing", known)
    _queue(actor=actor, person=known, unit=domicile_unit, name=name.strip())
    return Registration("queued")


def _queue(*, actor: User, person: Person, unit: OrgUnit, name: str) -> None:
    """One open request per person, unit and user (a second submission adds nothing); audited."""
    level = conflicts.lowest_common_level([unit.path, person.domicile_unit.path])
    conflict, created = RegistrationConflict.objects.get_or_create(
        person=person,
        unit=unit,
        raised_by=actor,
        kind=ConflictKind.REGISTRATION,
        status=ConflictStatus.OPEN,
        defaults={
            "other_unit": person.domicile_unit,
            "level_path": level,
            "requested_name": name[:50],
        },
    )
    if created:
        audit.record(AuditAction.CREATE, actor=actor, instance=conflict, after=audit.snapshot(conflict))


@transaction.atomic(durable=True)
def person_register_checked(
    *,
    actor: User,
    citizen_id: str,
    name: str,
    domicile_unit: OrgUnit,
    sex: str | None = None,
    **fields: Any,
) -> Registration:
    """Register a person from the 登记人员 page: ``created``, ``existing`` (in the jurisdiction,
    nothing written) or ``queued`` (registered elsewhere: a registration conflict, no one named)."""
    return _register(
        actor=actor, citizen_id=citizen_id, name=name, domicile_unit=domicile_unit, sex=sex, **fields
    )


@transaction.atomic(durable=True)
def relative_register(
    *,
    actor: User,
    person: Person,
    kind: str,
    citizen_id: str,
    name: str,
    domicile_unit: OrgUnit,
    sex: str | None = None,
    version: int | None = None,
    seen: dict[str, Any] | None = None,
    **fields: Any,
) -> tuple[Registration, Relation | None]:
    """Register a near relative who holds no post (a spouse, a parent…) and link them to ``person``
    in one transaction: a refused link (a stale person page, an unknown kind…) leaves no person
    behind. An ID already registered in the jurisdiction is not registered again (the page offers that
    person to pick); one registered elsewhere is queued as on the 登记人员 page; in both cases nothing is
    linked (and the look-up's audit entry stays)."""
    if kind not in RelationKind.values:
        raise ValidationError({"kind": "请选择亲属关系"})
    ensure_in_scope(actor, person, "edit")
    result = _register(
        actor=actor, citizen_id=citizen_id, name=name, domicile_unit=domicile_unit, sex=sex, **fields
    )
    if result.outcome != "created":
        return result, None
    assert result.person is not None
    relation = services._relation_add(
        actor=actor, person=person, relative=result.person, kind=kind, version=version, seen=seen
    )
    return result, relation
