"""Writes of Party election results (issue 13 req. 5).

- A meeting is recorded as held and counted: the 党员大会 with the members entitled to vote (正式党员
  minus those under 留党察看 and those whose rights are suspended: 基层组织选举工作条例(2020) 第五条 [S])
  and each exclusion from 应到会 with its reason and approval (the five categories, 中组部 2016 [S]);
  or the committee's first plenary that elects the 书记 and 副书记 (等额 allowed), whose candidates
  are the 委员 the 党员大会 elected.
- What was announced at the meeting is recorded as announced; the rules of huanjie.rules.party judge
  it beside (quorum: present > 4/5 of 应到会; elected: votes > half of the base) and a difference is
  shown, never replacing it.
- The result is reported to the 乡镇党(工)委 (submit), which approves it or returns it with a reason
  (the town operator acts for the 党委; “报上级党组织批准” [S]).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from huanjie.core import audit, workflow
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import can
from huanjie.core.versioning import bump
from huanjie.elections import results_party_selectors as sel
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.choices import Body
from huanjie.elections.models import Election, PartyExclusion, PartyMeeting, PartyMeetingKind

MAX_REASON = 1000


def _ensure_editor(actor: Any, e: Election) -> None:
    if not can(actor, ElectionsCap.EDIT, e.unit.path):
        raise PermissionDenied("只有该村（社区）或其所属乡镇（街道）经办人员可以录入党组织选举结果")


def _clean(
    kind: str,
    posts: Sequence[Mapping[str, Any]],
    votes: Mapping[str, Mapping[str, int]],
    announced: Mapping[str, Sequence[str]],
    members: Sequence[str],
) -> tuple[list[dict[str, Any]], dict[str, dict[str, int]], dict[str, list[str]]]:
    errors: dict[str, str] = {}
    clean_posts, clean_votes, clean_ann = [], {}, {}
    for p in posts:
        post, seats = str(p["post"]).strip(), int(p["seats"])
        if seats <= 0:
            continue
        names = [str(n).strip() for n in p["candidates"] if str(n).strip()]
        if not names:
            errors["posts"] = f"请填写{post}的候选人"
        if kind == PartyMeetingKind.COMMITTEE:
            outside = [n for n in names if n not in members]
            if outside:
                errors["posts"] = f"书记、副书记须从党员大会选出的委员中选举：{'、'.join(outside)}不是委员"
        clean_posts.append({"post": post, "seats": seats, "candidates": names})
        clean_votes[post] = {str(n).strip(): int(v) for n, v in votes.get(post, {}).items() if str(n).strip()}
        won = [n.strip() for n in announced.get(post, []) if n.strip()]
        if len(won) > seats:
            errors["announced"] = f"{post}宣布当选 {len(won)} 人，多于应选 {seats} 名"
        clean_ann[post] = won
    if not clean_posts:
        errors["posts"] = "请至少填写一个职位及其候选人"
    if errors:
        raise ValidationError(errors)
    return clean_posts, clean_votes, clean_ann


@transaction.atomic(durable=True)
def meeting_save(
    *,
    actor: Any,
    election: Election,
    kind: str,
    held_on: dt.date,
    full_members: int,
    present: int,
    ballots_issued: int,
    ballots_returned: int,
    posts: Sequence[Mapping[str, Any]],
    votes: Mapping[str, Mapping[str, int]],
    announced: Mapping[str, Sequence[str]],
    on_probation: int = 0,
    suspended: int = 0,
    base: str = "present",
    exclusions: Sequence[Mapping[str, str]] = (),
    meeting: PartyMeeting | None = None,
) -> PartyMeeting:
    """Record (``meeting`` None) or correct a meeting while it is not reported or was returned."""
    e = (
        Election.objects.select_related("unit", "campaign")
        .select_for_update(of=("self",))
        .get(pk=election.pk)
    )
    _ensure_editor(actor, e)
    if e.body != Body.PARTY:
        raise ValidationError(sel.NOT_PARTY)
    errors: dict[str, str] = {}
    members: list[str] = []
    if kind == PartyMeetingKind.COMMITTEE:
        members = sel.committee_members(e)
        if not members:
            errors["kind"] = "请先登记党员大会选举委员会委员的结果，再登记委员会第一次全体会议"
        exclusions, on_probation, suspended = (), 0, 0
    if on_probation + suspended > full_members:
        errors["on_probation"] = "受留党察看处分和被中止权利的党员不能多于正式党员"
    vote_holders = full_members - on_probation - suspended - len(exclusions)
    if present > full_members - on_probation - suspended:
        errors["present"] = "实到会有选举权的人数不能多于有选举权的党员人数"
    if vote_holders < 0:
        errors["exclusions"] = "不列入应到会人数的党员不能多于有选举权的党员"
    for x in exclusions:
        if not x.get("name", "").strip() or not x.get("approved_by", "").strip():
            errors["exclusions"] = "每名不列入应到会人数的党员须写明姓名、原因和批准的上级党组织"
    if errors:
        raise ValidationError(errors)
    clean_posts, clean_votes, clean_ann = _clean(kind, posts, votes, announced, members)
    fields = {
        "kind": kind,
        "held_on": held_on,
        "full_members": full_members,
        "on_probation": on_probation,
        "suspended": suspended,
        "present": present,
        "ballots_issued": ballots_issued,
        "ballots_returned": ballots_returned,
        "base": base,
        "posts": clean_posts,
        "votes": clean_votes,
        "announced": clean_ann,
    }
    if meeting is None:
        m = PartyMeeting(election=e, created_by=str(actor), **fields)
        m.save()
        before = None
    else:
        m = PartyMeeting.objects.select_for_update().get(pk=meeting.pk, election=e)
        if m.state not in ("draft", "returned"):
            raise ValidationError("该结果已报乡镇党（工）委，不能修改")
        before = audit.snapshot(m)
        for k, v in fields.items():
            setattr(m, k, v)
        m.exclusions.all().delete()
        bump(m)
    PartyExclusion.objects.bulk_create(
        [
            PartyExclusion(
                meeting=m,
                name=x["name"].strip(),
                reason=x["reason"],
                approved_by=x["approved_by"].strip(),
                note=x.get("note", "").strip(),
            )
            for x in exclusions
        ]
    )
    m.engine = sel.verdict(m)
    m.save()
    after = audit.snapshot(m) | {"exclusions": [f"{x['name']}：{x['reason']}" for x in exclusions]}
    if before is None:
        audit.record(AuditAction.CREATE, actor=actor, instance=m, after=after)
    else:
        audit.record(AuditAction.UPDATE, actor=actor, instance=m, before=before, after=after)
    return m


def _transition(actor: Any, meeting: PartyMeeting, name: str, reason: str = "") -> PartyMeeting:
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": "理由不能超过 1000 字"})
    with transaction.atomic(durable=True):
        m = PartyMeeting.objects.select_for_update().select_related("election__unit").get(pk=meeting.pk)
        _ensure_editor(actor, m.election)
        m.version = meeting.version  # refused if someone changed it since it was loaded
        workflow.apply_transition(actor=actor, record=m, name=name, reason=reason)
    meeting.state, meeting.version = m.state, m.version
    return m


def submit(*, actor: Any, meeting: PartyMeeting) -> PartyMeeting:
    """Report the result to the 乡镇党(工)委 for approval."""
    return _transition(actor, meeting, "submit")


def approve(*, actor: Any, meeting: PartyMeeting) -> PartyMeeting:
    """The town operator, acting for the 乡镇党(工)委, approves the reported result."""
    return _transition(actor, meeting, "approve")


def return_(*, actor: Any, meeting: PartyMeeting, reason: str) -> PartyMeeting:
    """The town returns the report with the reason; the village corrects it and reports again."""
    return _transition(actor, meeting, "return", reason)
