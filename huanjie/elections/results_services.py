"""Writes of the results area (issue 13 reqs. 1, 2, 4).

- A round is opened with the posts of its ballot (the published candidate list for the first round;
  the engine's run-off or 另行选举 list for a later one).
- A tally sheet is recorded as counted: the cross-checks are shown, and a sheet with an impossible
  transcription (more votes than valid ballots × seats…) cannot be verified until corrected; ballots
  returned above the voters on the roll are NEVER refused — the engine then rules the round void
  (浙江 第二十七条 / 上海 第十九条 / 北京 第二十八条 “多于投票人数的无效”; 河南 第三十五条).
- A second person verifies (not the one who entered or last changed the sheet).
- Every edit carries the version it was loaded with (house rule 15); a resend from the offline page
  carries an idempotency key and is applied once.
- The announced result is the legal fact, recorded as entered (村民委员会组织法 (2018) 第十五条 /
  (2025) 第十八条 “选举结果应当当场公布”); the engine's verdict is stored beside it and a difference is
  flagged to the town and county.
- Certification locks the round and issues a receipt code (SM3 of the canonical certified record);
  the town unlocks with a reason to correct a transcription; the next certification supersedes the
  old receipt (已更正).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from huanjie.core import audit, crypto, workflow
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import can
from huanjie.core.versioning import Difference, StaleEdit, bump, check_version, differences, loaded_version
from huanjie.elections import procedure_adapters as ad
from huanjie.elections import results_selectors as sel
from huanjie.elections import results_tenure_services
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.models import Election, ResultReceipt, ResultRound, RoundKind, TallySheet
from huanjie.planning import rectification_files as files

SHEET_FIELDS = ("box", "ballots_issued", "ballots_returned", "ballots_invalid")
ANNOUNCE_FIELDS = ("announced_by", "announced_at")
MAX_REASON = 1000


def _ensure_editor(actor: Any, e: Election) -> None:
    if not can(actor, ElectionsCap.EDIT, e.unit.path):
        raise PermissionDenied("只有该村（社区）或其所属乡镇（街道）经办人员可以录入选举结果")


def _refresh_engine(r: ResultRound, sheets: list[TallySheet] | None = None) -> None:
    """Recompute the engine's verdict over the round's boxes (``sheets``: all of them, already read)
    and whether the announcement differs."""
    r.engine = sel.engine_verdict(r, sheets)
    r.engine_differs = bool(sel.differences(r.announced, r.engine))


def _locked_round(actor: Any, r: ResultRound) -> ResultRound:
    current = (
        ResultRound.objects.select_for_update(of=("self",))
        .select_related("election", "election__unit", "election__campaign")
        .get(pk=r.pk)
    )
    _ensure_editor(actor, current.election)
    return current


def _open(current: ResultRound) -> None:
    if current.state == "certified":
        raise ValidationError("该轮选举结果已确认为正式结果并锁定；如需更正，请由乡镇（街道）说明理由后解锁")


@transaction.atomic  # not durable: a later round opens it with its roll and notice as one
def round_create(
    *,
    actor: Any,
    election: Election,
    kind: str,
    voting_day: dt.date,
    registered: int,
    voted: int | None = None,
) -> ResultRound:
    """Open the next round of ``election`` (the first, or what the last certified round's verdict
    asks for) with the posts of its ballot."""
    e = Election.objects.select_related("unit", "campaign").get(pk=election.pk)
    _ensure_editor(actor, e)
    rounds = list(ResultRound.objects.filter(election=e).order_by("number"))
    allowed = dict(sel.next_kinds(rounds))
    if kind not in allowed:
        if rounds and rounds[-1].state != "certified":
            raise ValidationError({"kind": "上一轮的结果尚未确认，不能开始下一轮"})
        raise ValidationError({"kind": "按上一轮的结果，现在不能开始这一类投票"})
    if kind == RoundKind.FIRST:
        posts = sel.first_round_posts(e)
        if not posts:
            raise ValidationError(
                {"kind": "尚无法确定选票上的职位和候选人：请先确定职数并公布经资格审查的候选人名单"}
            )
    else:
        posts = sel.later_round_posts(rounds[-1], kind)
    # Numbers are unique per election: two officials opening the same round at once get one refusal.
    r = ResultRound.objects.create(
        election=e,
        number=len(rounds) + 1,
        kind=kind,
        voting_day=voting_day,
        registered=registered,
        voted=voted,
        posts=posts,
        created_by=str(actor),
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=r, after=audit.snapshot(r))
    return r


def _clean_votes(
    posts: Sequence[Mapping[str, Any]], votes: Mapping[str, Mapping[str, int]]
) -> dict[str, dict[str, int]]:
    known = {p["post"] for p in posts}
    out: dict[str, dict[str, int]] = {}
    for post, names in votes.items():
        if post not in known:
            continue
        row = {str(n).strip(): int(v) for n, v in names.items() if str(n).strip() and int(v) > 0}
        out[post] = row
    return out


def _vote_differences(current: TallySheet, seen_votes: Mapping[str, Any] | None) -> list[Difference]:
    if seen_votes is None:
        return []
    out = []
    for post in sorted(set(current.votes) | set(seen_votes)):
        now, was = current.votes.get(post, {}), seen_votes.get(post, {})
        for name in sorted(set(now) | set(was)):
            if int(now.get(name, 0)) != int(was.get(name, 0)):
                out.append(
                    Difference(
                        f"votes.{post}.{name}",
                        f"{post}·{name}得票",
                        str(was.get(name, 0)),
                        str(now.get(name, 0)),
                    )
                )
    return out


@transaction.atomic(durable=True)
def sheet_save(
    *,
    actor: Any,
    round: ResultRound,
    box: str,
    ballots_issued: int,
    ballots_returned: int,
    ballots_invalid: int,
    votes: Mapping[str, Mapping[str, int]],
    section_invalid: Mapping[str, int] | None = None,
    sheet: TallySheet | None = None,
    version: Any = None,
    seen: dict[str, Any] | None = None,
    photo_name: str = "",
    photo_data: bytes = b"",
    idempotency_key: str = "",
) -> TallySheet:
    """Record (``sheet`` None) or change one ballot box's tally sheet, as counted. A stale form is
    refused with the newer values; a resend with a key already applied returns the sheet unchanged."""
    key = (idempotency_key or "").strip()[:64] or None
    if key is not None:
        done = TallySheet.objects.filter(idempotency_key=key).select_related("round").first()
        if done is not None:
            if done.round_id != round.pk:
                raise ValidationError("提交标识重复，请刷新页面后重新填写")
            return done
    r = _locked_round(actor, round)
    _open(r)
    errors: dict[str, str] = {}
    box = (box or "").strip()
    if not box:
        errors["box"] = "请填写票箱名称"
    if photo_data:
        try:
            files.check(photo_name, photo_data)
        except ValidationError as exc:
            errors["photo"] = "；".join(exc.messages)
    clean = _clean_votes(r.posts, votes)
    section = {p: int(n) for p, n in (section_invalid or {}).items() if int(n) > 0}
    if errors:
        raise ValidationError(errors)
    if sheet is None:
        stored = files.store(photo_data) if photo_data else ""
        if TallySheet.objects.filter(round=r, box=box).exists():
            raise ValidationError({"box": f"“{box}”的计票单已经录入，请在原计票单上修改"})
        s = TallySheet(
            round=r,
            box=box,
            ballots_issued=ballots_issued,
            ballots_returned=ballots_returned,
            ballots_invalid=ballots_invalid,
            votes=clean,
            section_invalid=section,
            entered_by=actor,
            idempotency_key=key,
            photo_name=files.clean_name(photo_name) if stored else "",
            photo_stored=stored,
        )
        try:
            with transaction.atomic():
                s.save()
        except IntegrityError:
            # Two sends of one offline sheet at once: the other one was applied — never doubled.
            done = TallySheet.objects.filter(idempotency_key=key).first() if key is not None else None
            if done is not None:
                if stored:
                    files.remove(stored)
                return done
            raise ValidationError({"box": f"“{box}”的计票单已经录入，请在原计票单上修改"}) from None
        s.round = r
        audit.record(AuditAction.CREATE, actor=actor, instance=s, after=audit.snapshot(s))
    else:
        s = TallySheet.objects.select_for_update().get(pk=sheet.pk, round=r)
        expected = loaded_version(sheet, version)
        try:
            check_version(s, expected, seen=seen, fields=SHEET_FIELDS)
        except StaleEdit:
            diffs = differences(s, seen, SHEET_FIELDS) + _vote_differences(s, (seen or {}).get("votes"))
            raise StaleEdit(s, expected, diffs) from None
        if s.state != "entered":
            raise ValidationError("该计票单已经核对；如需修改，请先说明理由退回更正")
        if s.from_ballots and (
            (ballots_returned, ballots_invalid, clean, section)
            != (s.ballots_returned, s.ballots_invalid, s.votes, s.section_invalid or {})
        ):
            # Individual ballots were entered for this box: its count is theirs (results_ballots_services).
            raise ValidationError(
                "该票箱已逐张录入选票，收回选票、废票和得票按选票汇总，不能直接修改；"
                "如需手工录入合计，请先清除逐张录入的选票"
            )
        if box != s.box and TallySheet.objects.filter(round=r, box=box).exclude(pk=s.pk).exists():
            raise ValidationError({"box": f"“{box}”的计票单已经录入"})
        stored = files.store(photo_data) if photo_data else ""
        before = audit.snapshot(s)
        s.box = box
        s.ballots_issued, s.ballots_returned, s.ballots_invalid = (
            ballots_issued,
            ballots_returned,
            ballots_invalid,
        )
        s.votes, s.section_invalid = clean, section
        s.changed_by = actor
        if stored:
            s.photo_name, s.photo_stored = files.clean_name(photo_name), stored
        if key is not None:
            s.idempotency_key = key
        bump(s)
        s.save()
        s.round = r
        audit.record(AuditAction.UPDATE, actor=actor, instance=s, before=before, after=audit.snapshot(s))
    _refresh_engine(r)
    r.save(update_fields=["engine", "engine_differs"])
    return s


@transaction.atomic(durable=True)
def sheet_verify(*, actor: Any, sheet: TallySheet) -> TallySheet:
    """A second person confirms the sheet against the signed paper one: not whoever entered it or
    last changed it; a sheet whose cross-checks find an impossible transcription is refused."""
    r = _locked_round(actor, sheet.round)  # the round first, then the sheet (the order of every write)
    s = TallySheet.objects.select_for_update().get(pk=sheet.pk, round=r)
    _open(r)
    last = s.changed_by_id or s.entered_by_id
    if last == actor.pk:
        raise ValidationError("核对须由录入（或最后修改）计票单以外的另一人进行，您不能核对自己录入的计票单")
    s.round = r
    errors = [c.text for c in sel.checks_of(s) if c.level == "error"]
    if errors:
        raise ValidationError("计票单有不能成立的数字，请先更正：" + "；".join(errors))
    s.version = loaded_version(sheet, None)
    workflow.apply_transition(actor=actor, record=s, name="verify")
    s.verified_by, s.verified_at = actor, timezone.now()
    s.save(update_fields=["verified_by", "verified_at"])
    return s


@transaction.atomic(durable=True)
def sheet_reopen(*, actor: Any, sheet: TallySheet, reason: str) -> TallySheet:
    """Send a verified sheet back for correction (with the reason), while its round is not certified."""
    r = _locked_round(actor, sheet.round)
    s = TallySheet.objects.select_for_update().get(pk=sheet.pk, round=r)
    _open(r)
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": "理由不能超过 1000 字"})
    s.version = loaded_version(sheet, None)
    workflow.apply_transition(actor=actor, record=s, name="reopen", reason=reason)
    s.verified_by, s.verified_at = None, None
    s.save(update_fields=["verified_by", "verified_at"])
    return s


@transaction.atomic(durable=True)
def announce(
    *,
    actor: Any,
    round: ResultRound,
    announced_by: str,
    announced_at: dt.datetime,
    winners: Mapping[str, Sequence[str]],
    version: Any = None,
    seen: dict[str, Any] | None = None,
) -> ResultRound:
    """Record the result as announced on the spot (the legal fact), as entered: who announced it,
    when, and the winners by post. The engine's verdict is kept beside it; a difference is flagged,
    never corrected."""
    r = _locked_round(actor, round)
    check_version(r, loaded_version(round, version), seen=seen, fields=ANNOUNCE_FIELDS)
    _open(r)
    if not announced_by.strip():
        raise ValidationError({"announced_by": "请填写宣布人"})
    if announced_at > timezone.now():
        raise ValidationError({"announced_at": "宣布时间不能晚于现在"})
    known = {p["post"]: p for p in r.posts}
    clean: dict[str, list[str]] = {}
    for post, names in winners.items():
        if post not in known:
            continue
        row = [n.strip() for n in names if n.strip()]
        if len(row) > int(known[post]["seats"]):
            raise ValidationError(
                {"winners": f"{post}公布当选 {len(row)} 人，多于应选 {known[post]['seats']} 名"}
            )
        clean[post] = row
    before = audit.snapshot(r)
    r.announced, r.announced_by, r.announced_at = clean, announced_by.strip(), announced_at
    r.announcement_entered_by = str(actor)
    _refresh_engine(r)
    bump(r)
    r.save()
    audit.record(AuditAction.UPDATE, actor=actor, instance=r, before=before, after=audit.snapshot(r))
    round.version = r.version
    return r


def canonical_record(
    r: ResultRound, sheets: Sequence[TallySheet], certified_at: dt.datetime, seq: int
) -> dict[str, Any]:
    """The certified record in canonical form: what the receipt code is the SM3 digest of."""
    e = r.election
    return {
        "village": e.unit.name,
        "unit_code": e.unit.code,
        "election": f"{ad.label(e)}{e.get_kind_display()}",
        "campaign": e.campaign.name,
        "round": f"第{r.number}轮（{r.get_kind_display()}）",
        "voting_day": r.voting_day.isoformat(),
        "registered": r.registered,
        "voted": r.voted,
        "winners": [[p["post"], list(r.announced.get(p["post"], []))] for p in r.posts],
        "announced_by": r.announced_by,
        "announced_at": timezone.localtime(r.announced_at).isoformat() if r.announced_at else "",
        "boxes": [
            {
                "box": s.box,
                "issued": s.ballots_issued,
                "returned": s.ballots_returned,
                "invalid": s.ballots_invalid,
                "votes": s.votes,
                "section_invalid": s.section_invalid,
            }
            for s in sorted(sheets, key=lambda s: s.box)
        ],
        "certified_at": timezone.localtime(certified_at).isoformat(),
        "certification": seq,
    }


def receipt_code(payload: Mapping[str, Any]) -> str:
    """SM3 of the canonical JSON (sorted keys, no spaces, UTF-8)."""
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return crypto.sm3_hex(text.encode("utf-8"))


@transaction.atomic(durable=True)
def certify(*, actor: Any, round: ResultRound) -> ResultReceipt:
    """The official lock: every sheet verified and the announcement recorded; issues the receipt
    code and supersedes the previous one after a correction (已更正)."""
    r = _locked_round(actor, round)
    sheets = list(TallySheet.objects.filter(round=r).order_by("pk"))
    blockers = sel.certify_blockers(r, sheets)
    if blockers:
        raise ValidationError("；".join(blockers))
    now = timezone.now()
    previous = list(ResultReceipt.objects.filter(round=r, superseded_at__isnull=True))
    payload = canonical_record(r, sheets, now, r.receipts.count() + 1)
    code = receipt_code(payload)
    with audit.batch():  # the transition, the receipt and every tenure: one append to the trail
        workflow.apply_transition(actor=actor, record=r, name="certify")
        for old in previous:
            old.superseded_at = now
            old.save(update_fields=["superseded_at"])
        receipt = ResultReceipt.objects.create(
            round=r, code=code, payload=payload, certified_at=now, certified_by=str(actor)
        )
        r.receipt = code
        _refresh_engine(r, sheets)
        r.save(update_fields=["receipt", "engine", "engine_differs"])
        audit.record(AuditAction.CREATE, actor=actor, instance=receipt, after={"code": code, "round": r.pk})
        round.state, round.version = r.state, r.version
        results_tenure_services.sync_round_tenures(actor=actor, round=r)  # the results become tenures
    return receipt


@transaction.atomic(durable=True)
def unlock(*, actor: Any, round: ResultRound, reason: str) -> ResultRound:
    """The town unlocks a certified round to correct a transcription against the signed tally sheet
    (the reason is required and audited); the current receipt keeps its code until the corrected
    record is certified, which marks it 已更正."""
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": "理由不能超过 1000 字"})
    r = _locked_round(actor, round)
    r.version = round.version
    workflow.apply_transition(actor=actor, record=r, name="unlock", reason=reason)
    ResultReceipt.objects.filter(round=r, superseded_at__isnull=True).update(correction_reason=reason.strip())
    round.state, round.version = r.state, r.version
    return r
