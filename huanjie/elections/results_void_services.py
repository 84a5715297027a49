"""Voiding (issue 13 req. 8): services the oversight app calls.

- ``record_referral``: an organization department's or discipline commission's finding is recorded;
  it starts the procedure and changes nothing (huanjie.rules.voiding.FINDING_ONLY).
- ``void_winner``: a winner's election is declared void (当选无效) by a body the profile names
  (浙江 第四十一条, 北京 第三十八条, 河南 第四十四条 [V]; elsewhere the township or county government
  [M]; Party elections: the higher Party organization [S]), recorded with its document number and
  date; the remedy is the profile's (另行选举, 补选, or the committee may stay short: 上海 第二十九条).
- ``void_election``: the whole election is declared void (河南 第三十九条: the county government, re-run
  within 30 days); only then is the whole election re-run.

Each call is one transaction (``transaction.atomic``, not durable, so the oversight app may compose it
with its own writes), audited; any other body is refused with the rule's explanation. In that same
transaction a declaration carries out its consequences:

- the voided winner's tenure (or, for a void election, every tenure its rounds started) ends on the
  decision's date with the cause 当选无效 (results_tenure_services.end_for_void);
- the profile's remedy is opened through the rounds services and linked on the record: 另行选举 of the
  voided seat as a new round (浙江 第四十一条), 补选 as its own election (村民委员会组织法(2018) 第十九条 /
  (2025) 第二十三条; 上海 第二十九条 when fewer than three members remain), the whole election re-run
  (河南 第三十九条) — and nothing where the committee may stay short (上海 第二十九条: three members
  remain, the 村民代表会议 may agree not to fill the seat) or where the higher Party organization decides
  (中国共产党基层组织选举工作条例(2020)).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from huanjie.core import audit
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import can, scope_paths
from huanjie.elections import results_rounds_services as rounds_svc
from huanjie.elections import results_tenure_services as tenure_svc
from huanjie.elections import results_void_selectors as sel
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.choices import Body
from huanjie.elections.models import (
    ByElectionBody,
    Election,
    PartyMeeting,
    ResultRound,
    VoidDecision,
    VoidReferral,
    VoidScope,
)
from huanjie.rules import voiding
from huanjie.rules.workflow import level_of_path

CAPS = (ElectionsCap.EDIT, ElectionsCap.OVERSEE, ElectionsCap.CIVIL)
MAX_TEXT = 2000


def _reach(actor: Any, e: Election) -> set[str]:
    """The org levels through which ``actor`` reaches the village with one of :data:`CAPS`."""
    path = e.unit.path
    return {
        level_of_path(p) or ""
        for cap in CAPS
        if can(actor, cap, path)
        for p in scope_paths(actor, cap)
        if path.startswith(p)
    }


reach_levels = _reach
"""Public name: the org levels through which an actor reaches an election's village (results_filing)."""


def _ensure_recorder(actor: Any, e: Election, body: str) -> None:
    levels = _reach(actor, e)
    if not levels:
        raise PermissionDenied("只有该村（社区）所属乡镇（街道）、县（市、区）的工作人员可以登记")
    if body != "election_committee" and levels <= {"village"}:
        raise PermissionDenied("村（社区）不能登记乡镇、县级人民政府或上级党组织的决定")


def _check_document(document_no: str, decided_on: dt.date, not_before: dt.date | None) -> None:
    errors = {}
    if not document_no.strip():
        errors["document_no"] = "请填写决定的文号"
    if decided_on > timezone.localdate():
        errors["decided_on"] = "决定日期不能晚于今天"
    elif not_before is not None and decided_on < not_before:
        errors["decided_on"] = "决定日期不能早于投票日"
    if errors:
        raise ValidationError(errors)


def _target(
    target: ResultRound | PartyMeeting,
) -> tuple[Election, dt.date, ResultRound | None, PartyMeeting | None]:
    if isinstance(target, PartyMeeting):
        m = (
            PartyMeeting.objects.select_for_update(of=("self",))
            .select_related("election__unit")
            .get(pk=target.pk)
        )
        return Election.objects.select_related("unit", "campaign").get(pk=m.election_id), m.held_on, None, m
    r = ResultRound.objects.select_for_update(of=("self",)).get(pk=target.pk)
    return Election.objects.select_related("unit", "campaign").get(pk=r.election_id), r.voting_day, r, None


@transaction.atomic
def record_referral(
    *,
    actor: Any,
    election: Election,
    source: str,
    document_no: str,
    found_on: dt.date,
    summary: str,
    person: str = "",
    round: ResultRound | None = None,
    meeting: PartyMeeting | None = None,
) -> VoidReferral:
    """Record a finding that starts the procedure; it has no effect on any result."""
    e = Election.objects.select_related("unit", "campaign").get(pk=election.pk)
    _ensure_recorder(actor, e, "organization_department")
    _check_document(document_no, found_on, None)
    if not summary.strip() or len(summary) > MAX_TEXT:
        raise ValidationError({"summary": "请填写调查结论（不超过 2000 字）"})
    ref = VoidReferral.objects.create(
        election=e,
        round=round,
        meeting=meeting,
        person=person.strip(),
        source=voiding.BODY_LABELS.get(source, source.strip()),
        document_no=document_no.strip(),
        found_on=found_on,
        summary=summary.strip(),
        created_by=str(actor),
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=ref, after=audit.snapshot(ref))
    return ref


@transaction.atomic
def void_winner(
    *,
    actor: Any,
    round: ResultRound | PartyMeeting,
    person: str,
    body: str,
    document_no: str,
    decided_on: dt.date,
    reason: str = "",
    referral: VoidReferral | None = None,
    remedy_day: dt.date | None = None,
    by_election_held_by: str = ByElectionBody.ASSEMBLY,
    by_election_members: int | None = None,
) -> VoidDecision:
    """Declare ``person``'s election in ``round`` (a results round or a Party meeting) void; end the
    tenure and open the profile's remedy on ``remedy_day`` (default: rules.voiding.remedy_day). A
    补选 is held by ``by_election_held_by`` (村民会议 by default) of ``by_election_members`` members
    (default: the round's registered voters)."""
    e, day, r, m = _target(round)
    _ensure_recorder(actor, e, body)
    law, profile = sel.law_and_profile(e, day)
    ruling = voiding.may_declare(profile, law, body, "winner")
    if not ruling.allowed:
        raise ValidationError({"body": f"{ruling.text}（{ruling.citation}）"})
    _check_document(document_no, decided_on, day)
    announced = (r or m).announced  # type: ignore[union-attr]
    post = next((p for p, names in announced.items() if person in names), None)
    if post is None:
        raise ValidationError({"person": f"{person}不是该轮公布的当选人"})
    if person in sel.voided_people(e):
        raise ValidationError({"person": f"{person}已被宣告当选无效"})
    if sel.election_voided(e):
        raise ValidationError("该选举已被宣告无效")
    left = len(set(sel.winners(e)) - sel.voided_people(e) - {person})
    remedy = voiding.remedy(profile, law, "winner", left)
    opens = remedy.kind in {"supplementary", "by_election"} and (r is not None)
    when = _remedy_day(remedy, decided_on, remedy_day) if opens else None
    what = f"{person}（{post}）当选无效（{voiding.BODY_LABELS[body]} {document_no.strip()}）"
    ended = tenure_svc.end_for_void(
        actor=actor, election=e, on=decided_on, reason=what, person=person, since=day
    )
    remedy_round = remedy_election = None
    if opens and r is not None and when is not None:
        if remedy.kind == "supplementary":
            remedy_round = rounds_svc.void_round_open(
                actor=actor,
                election=e,
                posts=[{"post": post, "seats": 1, "candidates": _still_candidates(e, r, post, person)}],
                voting_day=when,
                reason=f"{what}，另行选举",
            )
        elif e.body == Body.COMMITTEE:
            members = by_election_members if by_election_members is not None else r.registered
            remedy_election = rounds_svc.void_by_election(
                actor=actor,
                election=e,
                held_by=by_election_held_by,
                members=members,
                voting_day=when,
                posts=[(post, 1, [])],
                reason=f"{what}，补选",
            ).election
        else:
            when = None  # a body without a 补选 service: the remedy is recorded for the town to arrange
    d = VoidDecision.objects.create(
        election=e,
        round=r,
        meeting=m,
        scope=VoidScope.WINNER,
        person=person,
        post=post,
        body=body,
        body_label=voiding.BODY_LABELS[body],
        document_no=document_no.strip(),
        decided_on=decided_on,
        reason=reason.strip()[:MAX_TEXT],
        citation=ruling.citation,
        remedy=remedy.kind,
        remedy_text=remedy.text,
        remedy_citation=remedy.citation,
        referral=referral,
        tenures_ended=ended,
        remedy_day=when,
        remedy_round=remedy_round,
        remedy_election=remedy_election,
        created_by=str(actor),
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=d, after=audit.snapshot(d), reason=reason)
    return d


def _remedy_day(remedy: voiding.Remedy, decided_on: dt.date, given: dt.date | None) -> dt.date:
    if given is None:
        return voiding.remedy_day(remedy, decided_on)
    if given < decided_on:
        raise ValidationError({"remedy_day": "后续投票日不能早于决定日期"})
    return given


def _still_candidates(e: Election, r: ResultRound, post: str, person: str) -> list[str]:
    """The 另行选举's candidates for ``post``: the round's candidates for it not elected and not
    voided (浙江 第四十一条: one re-elected in the 另行选举 is not elected)."""
    out = set(sel.winners(e)) | sel.voided_people(e) | {person}
    cands: list[str] = next((p.get("candidates", []) for p in r.posts if p.get("post") == post), [])
    return [c for c in cands if c not in out]


@transaction.atomic
def void_election(
    *,
    actor: Any,
    election: Election,
    body: str,
    document_no: str,
    decided_on: dt.date,
    reason: str = "",
    referral: VoidReferral | None = None,
    remedy_day: dt.date | None = None,
) -> VoidDecision:
    """Declare the whole election void; only this re-runs the whole election: every tenure its
    rounds started ends, and the re-run is created on ``remedy_day`` (default: within the profile's
    period, 河南 第三十九条 三十日)."""
    e = (
        Election.objects.select_for_update(of=("self",))
        .select_related("unit", "campaign")
        .get(pk=election.pk)
    )
    _ensure_recorder(actor, e, body)
    last = ResultRound.objects.filter(election=e).order_by("-number").first()
    day = last.voting_day if last is not None else e.election_day
    law, profile = sel.law_and_profile(e, day)
    ruling = voiding.may_declare(profile, law, body, "election")
    if not ruling.allowed:
        raise ValidationError({"body": f"{ruling.text}（{ruling.citation}）"})
    _check_document(document_no, decided_on, day)
    if sel.election_voided(e):
        raise ValidationError("该选举已被宣告无效")
    remedy = voiding.remedy(profile, law, "election", 0)
    when = _remedy_day(remedy, decided_on, remedy_day)
    what = f"选举无效（{voiding.BODY_LABELS[body]} {document_no.strip()}）"
    ended = tenure_svc.end_for_void(actor=actor, election=e, on=decided_on, reason=what)
    rerun = rounds_svc.void_rerun(actor=actor, election=e, election_day=when, reason=f"{what}，重新选举")
    d = VoidDecision.objects.create(
        election=e,
        round=last,
        scope=VoidScope.ELECTION,
        body=body,
        body_label=voiding.BODY_LABELS[body],
        document_no=document_no.strip(),
        decided_on=decided_on,
        reason=reason.strip()[:MAX_TEXT],
        citation=ruling.citation,
        remedy=remedy.kind,
        remedy_text=remedy.text,
        remedy_citation=remedy.citation,
        referral=referral,
        tenures_ended=ended,
        remedy_day=when,
        remedy_election=rerun,
        created_by=str(actor),
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=d, after=audit.snapshot(d), reason=reason)
    return d
