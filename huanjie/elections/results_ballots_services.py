"""Writes of individual ballot entry (issue 13 req. 1, “optional entry of individual ballots”).

- A box is started in ballot mode with its ballots issued (entered by hand); its tally sheet's other
  numbers are from then on the ballots' count (results_ballots_selectors.sheet_numbers, which applies
  the law engine's ballot rules: a section marking more names than seats is invalid for that post —
  北京 第二十八条 / 浙江 第二十七条 / 上海 第十九条 / 河南 第三十五条).
- Each ballot is added or removed with the sheet's version as the page loaded it (optimistic locking,
  house rule 15): two people entering the same box never lose a ballot or count one twice.
- While the box has ballots, the tally sheet cannot be changed by hand away from their count
  (results_services.sheet_save checks it); clearing the ballots frees it, keeping the last count.
- Every write is audited and happens in one transaction, round first, then the sheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from huanjie.core import audit
from huanjie.core.audit import AuditAction
from huanjie.core.versioning import bump, check_version, loaded_version
from huanjie.elections import results_ballots_selectors as bsel
from huanjie.elections import results_selectors as sel
from huanjie.elections import results_services as rsvc
from huanjie.elections.models import Ballot, ResultRound, TallySheet

MAX_NAME = 30
MAX_MARKS = 50


def _locked_sheet(actor: Any, sheet: TallySheet, version: Any) -> tuple[ResultRound, TallySheet]:
    r = rsvc._locked_round(actor, sheet.round)
    rsvc._open(r)
    s = TallySheet.objects.select_for_update().get(pk=sheet.pk, round=r)
    check_version(s, loaded_version(sheet, version))
    if s.state != "entered":
        raise ValidationError("该计票单已经核对；如需修改，请先说明理由退回更正")
    s.round = r
    return r, s


def _recount(actor: Any, r: ResultRound, s: TallySheet, before: dict[str, Any]) -> None:
    """The sheet's numbers from its ballots; the round's engine verdict after them."""
    ballots = list(Ballot.objects.filter(sheet=s).order_by("number"))
    for key, value in bsel.sheet_numbers(r, ballots).items():
        setattr(s, key, value)
    s.changed_by = actor
    bump(s)
    s.save()
    audit.record(AuditAction.UPDATE, actor=actor, instance=s, before=before, after=audit.snapshot(s))
    r.engine = sel.engine_verdict(r)
    r.engine_differs = bool(sel.differences(r.announced, r.engine))
    r.save(update_fields=["engine", "engine_differs"])


def _clean_marks(r: ResultRound, marks: Sequence[Sequence[str]] | None) -> list[list[str]] | None:
    if marks is None:
        return None
    if len(marks) != len(r.posts):
        raise ValidationError("选票的职位与本轮选票不符，请刷新页面后重新录入")
    out = []
    for p, names in zip(r.posts, marks, strict=True):
        row = [str(n).strip() for n in names if str(n).strip()]
        if len(row) > MAX_MARKS:
            raise ValidationError(f"{p['post']}栏最多登记 {MAX_MARKS} 个姓名")
        for n in row:
            if len(n) > MAX_NAME:
                raise ValidationError(f"{p['post']}栏的姓名“{n[:10]}…”过长（不超过 {MAX_NAME} 字）")
        out.append(row)
    return out


@transaction.atomic(durable=True)
def ballots_begin(
    *,
    actor: Any,
    round: ResultRound,
    box: str,
    ballots_issued: int,
    sheet: TallySheet | None = None,
    version: Any = None,
) -> TallySheet:
    """Start entering ``box``'s ballots one by one: a new tally sheet (``sheet`` None) or an entered
    one not yet verified; its numbers become the ballots' count (none yet)."""
    r = rsvc._locked_round(actor, round)
    rsvc._open(r)
    box = (box or "").strip()
    if not box:
        raise ValidationError({"box": "请填写票箱名称"})
    if TallySheet.objects.filter(round=r, box=box).exclude(pk=sheet.pk if sheet else None).exists():
        raise ValidationError({"box": f"“{box}”的计票单已经录入，请在原计票单上改为逐张录入"})
    if sheet is None:
        s = TallySheet(
            round=r,
            box=box,
            ballots_issued=ballots_issued,
            ballots_returned=0,
            ballots_invalid=0,
            votes={},
            from_ballots=True,
            entered_by=actor,
        )
        s.save()
        s.round = r
        audit.record(AuditAction.CREATE, actor=actor, instance=s, after=audit.snapshot(s))
        r.engine = sel.engine_verdict(r)
        r.engine_differs = bool(sel.differences(r.announced, r.engine))
        r.save(update_fields=["engine", "engine_differs"])
        return s
    s = TallySheet.objects.select_for_update().get(pk=sheet.pk, round=r)
    check_version(s, loaded_version(sheet, version))
    if s.state != "entered":
        raise ValidationError("该计票单已经核对；如需修改，请先说明理由退回更正")
    before = audit.snapshot(s)
    s.box, s.ballots_issued, s.from_ballots = box, ballots_issued, True
    s.round = r
    _recount(actor, r, s, before)
    return s


@transaction.atomic(durable=True)
def ballot_add(
    *,
    actor: Any,
    sheet: TallySheet,
    marks: Sequence[Sequence[str]] | None,
    version: Any = None,
) -> Ballot:
    """Add one ballot to the box as read: ``marks`` per post (the names marked, write-ins included),
    or None for an unreadable ballot. A ballot marking more names than seats is recorded as marked —
    its section is then invalid in the count, never refused."""
    r, s = _locked_sheet(actor, sheet, version)
    if not s.from_ballots:
        raise ValidationError("该计票单是手工录入的合计，请先改为逐张录入")
    clean = _clean_marks(r, marks)
    before = audit.snapshot(s)
    number = (Ballot.objects.filter(sheet=s).aggregate(m=Max("number"))["m"] or 0) + 1
    b = Ballot.objects.create(
        sheet=s, number=number, marks=clean or [], unreadable=clean is None, entered_by=actor
    )
    b.sheet = s
    audit.record(AuditAction.CREATE, actor=actor, instance=b, after=audit.snapshot(b))
    _recount(actor, r, s, before)
    sheet.version = s.version
    return b


@transaction.atomic(durable=True)
def ballot_delete(
    *, actor: Any, ballot: Ballot, version: Any = None, reason: str = "删除误录的选票"
) -> TallySheet:
    """Remove a ballot entered by mistake (the others keep their numbers); audited with ``reason``."""
    r, s = _locked_sheet(actor, ballot.sheet, version)
    b = Ballot.objects.get(pk=ballot.pk, sheet=s)
    b.sheet = s
    before = audit.snapshot(s)
    audit.record(AuditAction.DELETE, actor=actor, instance=b, before=audit.snapshot(b), reason=reason)
    b.delete()
    _recount(actor, r, s, before)
    return s


@transaction.atomic(durable=True)
def ballots_clear(*, actor: Any, sheet: TallySheet, version: Any = None) -> TallySheet:
    """Clear the box's ballots: the tally sheet keeps the last count and may be changed by hand."""
    _r, s = _locked_sheet(actor, sheet, version)
    n = Ballot.objects.filter(sheet=s).count()
    before = audit.snapshot(s)
    Ballot.objects.filter(sheet=s).delete()
    s.from_ballots = False
    s.changed_by = actor
    bump(s)
    s.save()
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        instance=s,
        before=before,
        after=audit.snapshot(s),
        reason=f"清除逐张录入的选票 {n} 张，改为手工录入合计",
    )
    return s
