"""Writes for the printed documents: issuing a numbered notice and recording that ballots or voter
cards were printed (ballots are controlled paper: 选票印制后需加盖公章并签封, official-forms.md §4.1)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from huanjie.core import audit
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import can
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.models import Election, Notice, NoticeKind
from huanjie.org.models import OrgUnit


@transaction.atomic
def issue_notice(
    *, actor: Any, election: Election, kind: str, title: str, body: str, issuer: str, issued_on: dt.date
) -> Notice:
    """Issue a notice of ``election`` with the next number (第N号) of that election: numbers run per
    village and election in the order issued and are never reused."""
    if not can(actor, ElectionsCap.EDIT, election.unit.path):
        raise PermissionDenied("只有该村（社区）或其所属乡镇（街道）可以发布公告")
    return notice_issue_checked(
        actor=actor, election=election, kind=kind, title=title, body=body, issuer=issuer, issued_on=issued_on
    )


def notice_issue_checked(
    *, actor: Any, election: Election, kind: str, title: str, body: str, issuer: str, issued_on: dt.date
) -> Notice:
    """issue_notice once the caller has checked the actor (a remedy a voiding decision opens:
    results_void_services), inside the caller's transaction."""
    if kind not in NoticeKind.values:
        raise ValidationError({"kind": "未知的公告类别"})
    if not body.strip() or not title.strip() or not issuer.strip():
        raise ValidationError("标题、正文和发布机构均须填写")
    # Lock the election row so that two notices issued at once take different numbers.
    locked = Election.objects.select_for_update().get(pk=election.pk)
    last = Notice.objects.filter(election=locked).aggregate(n=Max("number"))["n"] or 0
    row = Notice.objects.create(
        election=locked,
        number=last + 1,
        kind=kind,
        title=title.strip(),
        body=body.strip(),
        issuer=issuer.strip(),
        issued_on=issued_on,
        issued_by=actor.get_username(),
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=row, after=audit.snapshot(row))
    return row


@transaction.atomic
def documents_printed(*, actor: Any, unit: OrgUnit, what: str) -> None:
    """Record that ``what`` (e.g. 选票 of a village or a whole town) was printed by ``actor``."""
    audit.record(
        AuditAction.EXPORT,
        actor=actor,
        model="elections.Document",
        object_repr=f"{unit.name}：{what}"[:255],
        org_path=unit.path,
    )
