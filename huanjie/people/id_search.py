"""Search by full citizen ID (hardening issue 7): allowed only where the user may unmask, and audited.

A match by full ID confirms a number as surely as unmasking it, so it is held to the same rule as
``services.person_unmask``: the persons searched are those the user may unmask (``restrict(user,
"unmask")``, not merely view), and every such search appends one audit event (action ``unmask``),
whether it matched or not (a miss confirms something too).
"""

from __future__ import annotations

from django.db import transaction

from huanjie.accounts.models import User
from huanjie.core import audit, crypto
from huanjie.core.audit import AuditAction
from huanjie.people.capabilities import PeopleCap
from huanjie.people.models import Person

REASON = "按完整身份证号查询"


@transaction.atomic
def search_by_full_id(*, actor: User, number: str) -> list[int]:
    """The pks of the persons with this (valid, normalised) number that ``actor`` may unmask; one
    audit event records the search. Empty, and nothing recorded, for a user who may unmask no one."""
    if not actor.has_capability(PeopleCap.UNMASK):
        return []
    pks = list(
        Person.objects.restrict(actor, "unmask")
        .filter(id_index=crypto.blind_index(number))
        .values_list("pk", flat=True)
    )
    audit.record(
        AuditAction.UNMASK,
        actor=actor,
        model="people.Person",
        object_id=str(pks[0]) if pks else "",
        object_repr=f"按完整身份证号查询：{'找到 1 人' if pks else '未找到'}",
        after={"matched": len(pks)},
        reason=REASON,
    )
    return pks
