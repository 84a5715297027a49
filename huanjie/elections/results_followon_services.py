"""Writes for the follow-on elections (issue 13 req. 6): the result of a 村务监督委员会, 村民代表,
村民小组长 or supporting organization's election as recorded (members with sex and role), with the
engine's check kept beside it (huanjie.rules.followon: the 村民代表会议's make-up, (2018) 第二十五条 /
(2025) 第二十九条; the 村务监督委员会's bar, (2018) 第三十二条 / (2025) 第三十七条). A result that fails
the check is recorded as elected and flagged, never refused: the election is the legal fact."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from huanjie.core import audit
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import can
from huanjie.core.versioning import bump, check_version, loaded_version
from huanjie.elections import results_followon_selectors as fsel
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.models import Election, FollowOnResult

MAX_MEMBERS = 500


def parse_members(text: str) -> list[dict[str, str]]:
    """One member a line: 姓名 性别 职务 (spaces, commas or 、 between); the role may be left out."""
    out: list[dict[str, str]] = []
    errors = []
    for i, line in enumerate(text.splitlines(), start=1):
        parts = [p for p in line.replace("，", " ").replace(",", " ").replace("、", " ").split() if p]
        if not parts:
            continue
        if len(parts) < 2 or parts[1] not in fsel.SEXES:
            errors.append(f"第 {i} 行：请按“姓名 性别 职务”填写，性别填“男”或“女”")
            continue
        if len(parts[0]) > 50:
            errors.append(f"第 {i} 行：姓名过长")
            continue
        out.append({"name": parts[0], "sex": parts[1], "role": " ".join(parts[2:])[:50]})
    if errors:
        raise ValidationError({"members": "；".join(errors[:5])})
    return out


@transaction.atomic(durable=True)
def followon_record(
    *,
    actor: Any,
    election: Election,
    held_on: dt.date,
    members: Sequence[Mapping[str, str]],
    committee_members: int = 0,
    version: Any = None,
    seen: dict[str, Any] | None = None,
) -> FollowOnResult:
    """Record (or change) the result of a follow-on election and the engine's check of it."""
    e = Election.objects.select_for_update().select_related("unit", "campaign").get(pk=election.pk)
    if not can(actor, ElectionsCap.EDIT, e.unit.path):
        raise PermissionDenied("只有该村（社区）或其所属乡镇（街道）经办人员可以登记选举结果")
    errors: dict[str, str] = {}
    if e.body not in fsel.FOLLOWON_BODIES:
        errors["members"] = "村（居）委会和党组织的选举结果请在选举结果页面按轮次录入"
    rows = [dict(m) for m in members]
    if not rows:
        errors["members"] = "请填写当选人员"
    elif len(rows) > MAX_MEMBERS:
        errors["members"] = f"当选人员不能超过 {MAX_MEMBERS} 人"
    names = [m["name"] for m in rows]
    if len(set(names)) != len(names):
        errors["members"] = "当选人员有重复的姓名"
    if errors:
        raise ValidationError(errors)
    verdict = fsel.check(e, rows, committee_members)
    explanation = [s.as_dict() for s in verdict.steps] if verdict else []
    row = FollowOnResult.objects.select_for_update().filter(election=e).first()
    if row is None:
        row = FollowOnResult.objects.create(
            election=e,
            held_on=held_on,
            members=rows,
            committee_members=committee_members,
            explanation=explanation,
            ok=verdict.ok if verdict else None,
            recorded_by=str(actor),
        )
        audit.record(AuditAction.CREATE, actor=actor, instance=row, after=audit.snapshot(row))
        return row
    check_version(row, loaded_version(row, version), seen=seen, fields=("held_on", "committee_members"))
    before = audit.snapshot(row)
    row.held_on, row.members, row.committee_members = held_on, rows, committee_members
    row.explanation, row.ok, row.recorded_by = explanation, (verdict.ok if verdict else None), str(actor)
    bump(row)
    row.save()
    audit.record(AuditAction.UPDATE, actor=actor, instance=row, before=before, after=audit.snapshot(row))
    return row
