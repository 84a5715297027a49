"""Reads of Party election results (issue 13 req. 5): meetings within the user's jurisdiction, the
应到会 computation, and the verdict of huanjie.rules.party beside the announced result."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from huanjie.core.scoping import can, get_scoped_or_404
from huanjie.elections import procedure_adapters as ad
from huanjie.elections import results_selectors as rsel
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.choices import Body
from huanjie.elections.models import Election, PartyMeeting, PartyMeetingKind
from huanjie.rules import counting, party
from huanjie.rules.citations import provenance_label
from huanjie.rules.profiles import law_in_force

NOT_PARTY = "该选举不是党组织选举"


def party_election(user: Any, pk: int, action: str = "view") -> Election:
    from django.http import Http404

    e = rsel.election(user, pk, action)
    if e.body != Body.PARTY:
        raise Http404(NOT_PARTY)
    return e


def meeting(user: Any, pk: int, action: str = "view") -> PartyMeeting:
    return get_scoped_or_404(  # type: ignore[no-any-return]
        PartyMeeting.objects.select_related("election", "election__unit", "election__campaign"),
        user,
        action,
        pk=pk,
    )


def electors(m: PartyMeeting) -> int:
    if m.kind == PartyMeetingKind.COMMITTEE:
        return m.full_members
    return party.electors(m.full_members, m.on_probation, m.suspended)


def excluded(m: PartyMeeting) -> int:
    return 0 if m.kind == PartyMeetingKind.COMMITTEE else m.exclusions.count()


def entitled(m: PartyMeeting) -> int:
    return party.entitled(electors(m), excluded(m))


def engine_input(m: PartyMeeting) -> party.PartyElection:
    law = law_in_force(ad.law_kind(m.election), m.held_on)
    committee = m.kind == PartyMeetingKind.COMMITTEE
    return party.PartyElection(
        law=law,
        round="committee" if committee else "first",
        electors=electors(m),
        present=m.present,
        ballots_returned=m.ballots_returned,
        ballots_issued=m.ballots_issued,
        excluded=excluded(m),
        party_base=m.base,  # type: ignore[arg-type]
        full_members=None if committee else m.full_members,
        posts=tuple(
            counting.PostTally(
                post=p["post"],
                seats=int(p["seats"]),
                candidates=tuple(p["candidates"]),
                votes={n: int(v) for n, v in m.votes.get(p["post"], {}).items()},
            )
            for p in m.posts
        ),
    )


def verdict(m: PartyMeeting) -> dict[str, Any]:
    """The party rules' verdict as stored beside the announcement (steps with their citations)."""
    v = party.decide_party(engine_input(m))
    return {
        "valid": v.valid,
        "next": v.next,
        "posts": [{"post": p.post, "elected": list(p.elected), "next": p.next} for p in v.posts],
        "steps": [
            {
                "rule": s.rule,
                "text": s.text,
                "citation": s.citation,
                "provenance_label": provenance_label(s.citation),
            }
            for s in v.steps
        ],
    }


def differences(m: PartyMeeting) -> list[str]:
    out = []
    engine = {p["post"]: p["elected"] for p in m.engine.get("posts", [])}
    for p in m.posts:
        said, rule = sorted(m.announced.get(p["post"], [])), sorted(engine.get(p["post"], []))
        if said != rule:
            said_text, rule_text = "、".join(said) or "无人", "、".join(rule) or "无人"
            out.append(f"{p['post']}：当场宣布 {said_text}当选，按规则核对为 {rule_text}")
    return out


@dataclass(frozen=True)
class MeetingPage:
    meeting: PartyMeeting
    electors: int
    excluded: int
    entitled: int
    quorum_least: int
    differences: list[str]
    can_edit: bool
    can_decide: bool
    actions: list[str]


def meeting_page(user: Any, pk: int) -> MeetingPage:
    from huanjie.core import workflow

    m = meeting(user, pk)
    law = law_in_force(ad.law_kind(m.election), m.held_on)
    ent = entitled(m)
    q = law.party_quorum
    names = (
        {a.name for a in workflow.next_actions(user, m)}
        if can(user, ElectionsCap.EDIT, m.election.unit.path)
        else set()
    )
    return MeetingPage(
        meeting=m,
        electors=electors(m),
        excluded=excluded(m),
        entitled=ent,
        quorum_least=ent * q.numerator // q.denominator + 1,
        differences=differences(m),
        can_edit=can(user, ElectionsCap.EDIT, m.election.unit.path) and m.state in ("draft", "returned"),
        can_decide=bool(names & {"approve", "return"}),
        actions=sorted(names),
    )


def meetings_of(user: Any, e: Election) -> list[PartyMeeting]:
    return list(PartyMeeting.objects.visible_to(user).filter(election=e).order_by("held_on", "pk"))


def committee_members(e: Election) -> list[str]:
    """The 委员 announced by the latest 党员大会 of ``e`` (the committee's first plenary's electors)."""
    m = (
        PartyMeeting.objects.filter(election=e, kind=PartyMeetingKind.MEMBERS)
        .order_by("-held_on", "-pk")
        .first()
    )
    if m is None:
        return []
    return [n for names in m.announced.values() for n in names]
