"""Writes for later rounds, re-runs and by-elections (issue 13 req. 3).

- A later round (再次投票, 另行选举, 重新投票) is opened from the engine's verdict on the last certified
  round (results_services.round_create takes its seats and candidates: only the unfilled posts). Its
  day is judged by huanjie.rules.followon.round_timing (浙江 第二十九条 “当日或者…三十日内”, 北京
  第三十条 “十五日内”, 上海 第二十一条 “三十日内”): late is recorded and flagged, never refused. On a
  later day the roll is copied to that day (roll_services.roll_copy_to_day re-judges every voter), a
  notice of the new voting day is issued and the proxies are taken again for that day.
- A re-run (重新选举) is a new Election (kind 重新选举, ``previous`` the failed one) when the engine
  says ``new_election``.
- A 补选 is its own Election (kind 补选) held by the 村民会议 or the 村民代表会议 (村民委员会组织法
  (2018) 第十九条 / (2025) 第二十三条; 浙江 第三十八条, 上海 第二十九条, 河南 第四十七条), with its one
  round; a 主任-only 补选 has the single post 主任.

A later round is one transaction: the round, the roll copied to its day, the notice and the record
of the arrangement are written together or not at all (nothing half-made when any part refuses).

A voiding decision (results_void_services) opens its remedy through the same code inside its own
transaction: ``void_round_open`` (另行选举 of the voided seats, whatever the last verdict says),
``void_rerun`` (the whole election again, only when the election itself is declared void) and
``void_by_election`` (补选); the recorder's authority was checked by the voiding service.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from huanjie.core import audit
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import can
from huanjie.elections import docs_services, roll_services
from huanjie.elections import results_rounds_selectors as rsel
from huanjie.elections import results_selectors as sel
from huanjie.elections import results_services as svc
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.choices import Body, Kind
from huanjie.elections.models import (
    ByElection,
    ByElectionBody,
    Election,
    LaterRound,
    NoticeKind,
    ResultRound,
    RoundKind,
    VoterRoll,
)

HEAD = "主任"


def _ensure_editor(actor: Any, e: Election) -> None:
    if not can(actor, ElectionsCap.EDIT, e.unit.path):
        raise PermissionDenied("只有该村（社区）或其所属乡镇（街道）经办人员可以安排后续选举")


@transaction.atomic
def later_round_open(
    *,
    actor: Any,
    election: Election,
    kind: str,
    voting_day: dt.date,
    registered: int,
    reason: str = "",
) -> ResultRound:
    """Open the run-off, 另行选举 or revote the last certified round's verdict asks for, on
    ``voting_day``; on a later day copy the roll, issue the notice and record the arrangement — all
    in one transaction."""
    e = (
        Election.objects.select_for_update(of=("self",))
        .select_related("unit", "campaign")
        .get(pk=election.pk)
    )
    _ensure_editor(actor, e)
    rounds = list(ResultRound.objects.filter(election=e).order_by("number"))
    if kind == RoundKind.FIRST or kind not in dict(sel.next_kinds(rounds)):
        raise ValidationError({"kind": "按上一轮的结果，现在不能开始这一类投票"})

    def create() -> ResultRound:
        return svc.round_create(
            actor=actor, election=e, kind=kind, voting_day=voting_day, registered=registered, voted=None
        )

    return _arrange(actor, e, rounds, kind, voting_day, reason, create, strict=True)


def _arrange(
    actor: Any,
    e: Election,
    rounds: list[ResultRound],
    kind: str,
    voting_day: dt.date,
    reason: str,
    create: Any,
    *,
    strict: bool,
) -> ResultRound:
    """Create the round (``create``) and, on a later day, copy the roll and issue the notice; record
    the timing. ``strict``: a roll already made for that day is refused (a voiding's remedy uses it)."""
    first_day = rounds[0].voting_day
    if voting_day < first_day:
        raise ValidationError({"voting_day": "后续投票日不能早于第一次投票日"})
    timing = rsel.timing(e, kind, first_day, voting_day)
    roll: VoterRoll | None = None
    if timing.new_roll:
        if len(reason.strip()) < 2:
            raise ValidationError({"reason": "另定投票日的，请说明原因（将写入选民名单和公告）"})
        roll = rsel.roll_to_copy(e, rounds[-1].voting_day)
        if (
            roll is not None
            and VoterRoll.objects.filter(unit=e.unit, voting_day=voting_day, mode=roll.mode).exists()
        ):
            if strict:
                raise ValidationError({"voting_day": "该村（社区）这一投票日的选民名单已经建立"})
            roll = None
    r = create()
    new_roll = None
    notice = None
    if timing.new_roll:
        if roll is not None:
            new_roll = roll_services.copy_roll_to_day(
                actor=actor, roll=roll, voting_day=voting_day, reason=reason.strip()
            )
        notice = docs_services.notice_issue_checked(
            actor=actor,
            election=e,
            kind=NoticeKind.POLLING,
            title=f"关于{r.get_kind_display().split('（')[0]}投票的公告",
            body=rsel.notice_body(e, r),
            issuer=f"{e.unit.name}村民选举委员会",
            issued_on=min(timezone.localdate(), voting_day),
        )
    return _record_later(actor, r, timing, new_roll, notice)


def void_round_open(
    *, actor: Any, election: Election, posts: list[dict[str, Any]], voting_day: dt.date, reason: str
) -> ResultRound:
    """A 另行选举 of the seats a declaration of 当选无效 left (``posts``: post, seats, candidates), on
    ``voting_day`` (浙江省村民委员会选举办法 第四十一条 “对当选无效的名额另行选举”), inside the voiding's
    transaction: the round, the roll and notice of a later day and the timing record."""
    e = (
        Election.objects.select_for_update(of=("self",))
        .select_related("unit", "campaign")
        .get(pk=election.pk)
    )
    rounds = list(ResultRound.objects.filter(election=e).order_by("number"))
    if not rounds:
        raise ValidationError("该选举没有投票结果，无法另行选举")

    def create() -> ResultRound:
        r = ResultRound.objects.create(
            election=e,
            number=rounds[-1].number + 1,
            kind=RoundKind.SUPPLEMENTARY,
            voting_day=voting_day,
            registered=rounds[-1].registered,
            posts=[
                {
                    "post": p["post"],
                    "seats": int(p["seats"]),
                    "candidates": list(p["candidates"]),
                    "women_line": False,
                    "women": [],
                }
                for p in posts
            ],
            created_by=str(actor),
        )
        audit.record(AuditAction.CREATE, actor=actor, instance=r, after=audit.snapshot(r), reason=reason)
        return r

    return _arrange(actor, e, rounds, RoundKind.SUPPLEMENTARY, voting_day, reason, create, strict=False)


@transaction.atomic
def _record_later(actor: Any, r: ResultRound, timing: Any, roll: Any, notice: Any) -> ResultRound:
    row = LaterRound.objects.create(
        round=r,
        same_day=timing.same_day,
        in_time=timing.in_time,
        deadline=timing.deadline,
        timing=[s.as_dict() for s in timing.steps],
        roll=roll,
        notice=notice,
        created_by=str(actor),
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=row, after=audit.snapshot(row))
    return r


@transaction.atomic(durable=True)
def rerun_create(*, actor: Any, election: Election, election_day: dt.date, reason: str) -> Election:
    """A re-run (重新选举) of ``election`` when the engine's verdict on its last certified round is
    ``new_election`` (or the town's decision it asked for): a new Election, ``previous`` the old one."""
    e = Election.objects.select_for_update().select_related("unit", "campaign").get(pk=election.pk)
    _ensure_editor(actor, e)
    if not rsel.rerun_allowed(e):
        raise ValidationError("按最后一轮已确认结果的法律引擎结论，本选举不需要重新选举")
    return _rerun(actor, e, election_day, reason)


def void_rerun(*, actor: Any, election: Election, election_day: dt.date, reason: str) -> Election:
    """The re-run a declaration that the election is void orders (河南 第三十九条 “宣布选举无效，依法
    重新组织选举。重新选举在宣布选举无效后三十日内进行”), inside the voiding's transaction."""
    e = Election.objects.select_for_update().select_related("unit", "campaign").get(pk=election.pk)
    existing = Election.objects.filter(previous=e, kind=Kind.RE_ELECTION).first()
    return existing if existing is not None else _rerun(actor, e, election_day, reason)


def _rerun(actor: Any, e: Election, election_day: dt.date, reason: str) -> Election:
    if Election.objects.filter(previous=e, kind=Kind.RE_ELECTION).exists():
        raise ValidationError("本选举的重新选举已经建立")
    if len(reason.strip()) < 2:
        raise ValidationError({"reason": "请说明重新选举的原因"})
    new = _child(e, Kind.RE_ELECTION, election_day)
    audit.record(
        AuditAction.CREATE, actor=actor, instance=new, after=audit.snapshot(new), reason=reason.strip()
    )
    return new


def _child(e: Election, kind: str, day: dt.date) -> Election:
    order = (
        Election.objects.filter(campaign=e.campaign, unit=e.unit).aggregate(n=Max("order"))["n"] or 0
    ) + 1
    return Election.objects.create(
        campaign=e.campaign,
        unit=e.unit,
        body=e.body,
        body_label=e.body_label,
        kind=kind,
        election_day=day,
        previous=e,
        order=order,
    )


@transaction.atomic(durable=True)
def by_election_create(
    *,
    actor: Any,
    election: Election,
    held_by: str,
    members: int,
    voting_day: dt.date,
    posts: Sequence[tuple[str, int, Sequence[str]]],
    reason: str,
    head_only: bool = False,
) -> ByElection:
    """A 补选 of ``election``'s committee: its own Election (kind 补选) and its one round, with the
    posts to fill (``posts``: (post, seats, candidates)); a 主任-only 补选 fills 主任 alone."""
    e = Election.objects.select_for_update().select_related("unit", "campaign").get(pk=election.pk)
    _ensure_editor(actor, e)
    return _by_election(actor, e, held_by, members, voting_day, posts, reason, head_only)


def void_by_election(
    *,
    actor: Any,
    election: Election,
    held_by: str,
    members: int,
    voting_day: dt.date,
    posts: Sequence[tuple[str, int, Sequence[str]]],
    reason: str,
) -> ByElection:
    """The 补选 of a seat a declaration of 当选无效 left (村民委员会组织法(2018) 第十九条 / (2025)
    第二十三条; 上海 第二十九条), inside the voiding's transaction; 主任 alone is a 主任-only 补选."""
    e = Election.objects.select_for_update().select_related("unit", "campaign").get(pk=election.pk)
    head_only = [(p, s) for p, s, _ in posts] == [(HEAD, 1)]
    return _by_election(actor, e, held_by, members, voting_day, posts, reason, head_only)


def _by_election(
    actor: Any,
    e: Election,
    held_by: str,
    members: int,
    voting_day: dt.date,
    posts: Sequence[tuple[str, int, Sequence[str]]],
    reason: str,
    head_only: bool,
) -> ByElection:
    errors: dict[str, str] = {}
    if e.body != Body.COMMITTEE:
        errors["held_by"] = "补选只适用于村（居）民委员会成员的出缺"
    if held_by not in ByElectionBody.values:
        errors["held_by"] = "请选择补选机构"
    if members < 1:
        errors["members"] = "应参加人数须大于零"
    clean = [(p.strip(), int(s), [c.strip() for c in cs if c.strip()]) for p, s, cs in posts if p.strip()]
    if not clean or any(s < 1 for _, s, _ in clean):
        errors["posts"] = "请填写补选的职位和名额"
    elif head_only and [(p, s) for p, s, _ in clean] != [(HEAD, 1)]:
        errors["posts"] = "只补选主任的，职位只能是主任 1 名"
    if len(reason.strip()) < 2:
        errors["reason"] = "请说明出缺情况"
    if errors:
        raise ValidationError(errors)
    new = _child(e, Kind.BY_ELECTION, voting_day)
    be = ByElection.objects.create(
        election=new,
        held_by=held_by,
        members=members,
        head_only=head_only,
        reason=reason.strip(),
        created_by=str(actor),
    )
    r = ResultRound.objects.create(
        election=new,
        number=1,
        kind=RoundKind.FIRST,
        voting_day=voting_day,
        registered=members,
        posts=[
            {"post": p, "seats": s, "candidates": cs, "women_line": False, "women": []} for p, s, cs in clean
        ],
        created_by=str(actor),
    )
    audit.record(
        AuditAction.CREATE, actor=actor, instance=new, after=audit.snapshot(new), reason=reason.strip()
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=be, after=audit.snapshot(be))
    audit.record(AuditAction.CREATE, actor=actor, instance=r, after=audit.snapshot(r))
    return be
