"""Results become tenures (issue 13 req. 7), called by results_services.certify.

- Each certified round seats the persons it elected, per round: a person elected in the first round
  starts on its voting day even when a 另行选举 is still to fill other seats (the announced result is
  the legal fact: 村民委员会组织法 (2018) 第十五条 / (2025) 第十八条 “选举结果应当当场公布”; the new member
  serves from the election, (2018) 第十一条 / (2025) 第十四条). A name the system cannot match to one
  registered person (a write-in, a namesake) is not seated: the result page lists it for the town
  to register by hand.
- The outgoing committee's members end on the voting day of the first round that elects anyone, cause
  任期届满 (rules.tenure_causes; the new committee is produced, 届满 and replaced: (2018) 第十一条 /
  (2025) 第十四条) [M: 判断，新一届产生之日原成员任期届满]; a 补选 ends no one (the seat was vacant).
- Idempotent: a certification again (after a correction) moves exactly the tenures the round made
  — a name no longer elected loses the tenure the round gave (deleted with an audit entry, or ended
  when something else already refers to it), the outgoing members are reopened when the corrected
  round elects no one.
- The first round that elects a 村（居）民委员会 opens its handover (results_handover_services).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError

from huanjie.core import audit
from huanjie.core.audit import AuditAction
from huanjie.elections.choices import Body, Kind
from huanjie.elections.docs_ballots import WOMEN_POST
from huanjie.elections.models import Election, ResultRound, RoundTenure
from huanjie.people.choices import POST_RANK, CommitteeKind, EndReason, Post
from huanjie.people.models import Committee, Person, Tenure
from huanjie.people.services import check_tenure
from huanjie.vetting.models import Candidate

REASON = "依选举结果（已确认）自动登记"
CORRECTED = "选举结果更正：该任职不再成立"

_POSTS: dict[str, dict[str, str]] = {
    "committee": {
        "主任": Post.CHAIR,
        "副主任": Post.VICE_CHAIR,
        "委员": Post.MEMBER,
        WOMEN_POST: Post.MEMBER,
    },
    "supervision": {"主任": Post.SUPERVISION_CHAIR, "委员": Post.SUPERVISION_MEMBER},
    "party": {"书记": Post.SECRETARY, "副书记": Post.DEPUTY_SECRETARY, "委员": Post.PARTY_MEMBER},
}


def committee_kind(e: Election) -> str | None:
    """The committee an election fills (None: a body without tenures, e.g. 村民代表)."""
    if e.body == Body.COMMITTEE:
        return CommitteeKind.RESIDENTS if e.unit.level == "community" else CommitteeKind.VILLAGERS
    if e.body == Body.SUPERVISION:
        return CommitteeKind.SUPERVISION
    if e.body == Body.PARTY:
        return CommitteeKind.PARTY_ORG
    return None


def post_of(e: Election, label: str) -> str | None:
    """The stored post of a ballot's post label (主任, 妇女委员…) for the election's body."""
    return _POSTS.get(str(e.body), {}).get(label)


def elected(r: ResultRound) -> dict[str, str]:
    """Name → the highest post the round's announcement elects the name to (a party member elected
    委员 and 书记 holds the 书记 post)."""
    out: dict[str, str] = {}
    for label, names in (r.announced or {}).items():
        post = post_of(r.election, label)
        if post is None:
            continue
        for name in names:
            if name not in out or POST_RANK[Post(post)] < POST_RANK[Post(out[name])]:
                out[name] = post
    return out


def person_for(e: Election, name: str) -> Person | None:
    """The one registered person of that name: the election's published candidate, else the one
    person of that name domiciled in the village; None when none or several."""
    return persons_for(e, [name])[name]


def persons_for(e: Election, names: Iterable[str]) -> dict[str, Person | None]:
    """``person_for`` of every name at once: three queries whatever the number of names (the
    candidates of those names, the villagers of the names no candidate has, the persons chosen)."""
    wanted = list(dict.fromkeys(names))
    if not wanted:
        return {}
    by_candidate: dict[str, set[int]] = {}
    rows = Candidate.objects.filter(campaign=e.campaign, unit=e.unit, person__name__in=wanted).values_list(
        "person_id", "person__name"
    )
    for person_id, name in rows:
        by_candidate.setdefault(name, set()).add(person_id)
    chosen = {name: next(iter(ids)) for name, ids in by_candidate.items() if len(ids) == 1}
    rest = [n for n in wanted if n not in by_candidate]
    if rest:
        local: dict[str, list[int]] = {}
        for person_id, name in Person.objects.filter(domicile_unit=e.unit, name__in=rest).values_list(
            "pk", "name"
        ):
            local.setdefault(name, []).append(person_id)
        chosen.update({name: ids[0] for name, ids in local.items() if len(ids) == 1})
    persons = Person.objects.in_bulk(list(chosen.values())) if chosen else {}
    return {n: persons.get(chosen[n]) if n in chosen else None for n in wanted}


def _committee(actor: Any, e: Election, kind: str) -> Committee:
    committee, created = Committee.objects.get_or_create(org_unit=e.unit, kind=kind)
    if created:
        audit.record(
            AuditAction.CREATE,
            actor=actor,
            instance=committee,
            after=audit.snapshot(committee),
            reason=REASON,
        )
    return committee


def _term(committee: Committee, e: Election, mine: set[int]) -> int:
    """The term the election fills: the one after the last term on record (a 补选: the same one);
    1 when the village has no term on record (the campaign carries no 届次: the town corrects it on
    the person's page)."""
    last = (
        Tenure.objects.filter(committee=committee).exclude(pk__in=mine).aggregate(n=Max("term_number"))["n"]
        or 0
    )
    if e.kind == Kind.BY_ELECTION:
        return max(last, 1)
    return last + 1


def _election_links(e: Election) -> list[RoundTenure]:
    return list(RoundTenure.objects.filter(round__election=e).select_related("tenure", "round"))


def _drop_start(actor: Any, link: RoundTenure, r: ResultRound) -> None:
    t = link.tenure
    link.delete()
    before = audit.snapshot(t)
    try:
        with transaction.atomic():
            Tenure.objects.filter(pk=t.pk).delete()
        audit.record(AuditAction.DELETE, actor=actor, instance=t, before=before, reason=CORRECTED)
    except ProtectedError:
        if t.end_date is None:  # referred to since (a change set…): ended rather than erased
            t.end_date, t.end_reason = max(r.voting_day, t.start_date), EndReason.ELECTION_VOID
            t.version += 1
            t.save(update_fields=["end_date", "end_reason", "version"])
            audit.record(
                AuditAction.UPDATE,
                actor=actor,
                instance=t,
                before=before,
                after=audit.snapshot(t),
                reason=CORRECTED,
            )


def _reopen(actor: Any, link: RoundTenure) -> None:
    t = link.tenure
    link.delete()
    if t.end_reason != EndReason.TERM_END:
        return  # ended since for another cause: left as it is
    before = audit.snapshot(t)
    t.end_date, t.end_reason = None, ""
    t.version += 1
    t.save(update_fields=["end_date", "end_reason", "version"])
    audit.record(
        AuditAction.UPDATE, actor=actor, instance=t, before=before, after=audit.snapshot(t), reason=CORRECTED
    )


def sync_round_tenures(*, actor: Any, round: ResultRound) -> None:
    """Make the tenures of ``round`` match its certified announcement (nothing when not certified):
    inside the certification's transaction."""
    r = ResultRound.objects.select_related("election", "election__unit", "election__campaign").get(
        pk=round.pk
    )
    e = r.election
    kind = committee_kind(e)
    if kind is None:
        return
    wanted: dict[int, str] = {}
    persons: dict[int, Person] = {}
    if r.state == "certified":
        posts = elected(r)
        for name, person in persons_for(e, posts).items():
            if person is not None:
                wanted[person.pk], persons[person.pk] = posts[name], person
    committee = _committee(actor, e, kind)
    links = _election_links(e)
    mine = {link.tenure_id for link in links if link.action == "start"}
    # 1. starts of this round no longer elected (a corrected result)
    for link in [x for x in links if x.round_id == r.pk and x.action == "start"]:
        if wanted.get(link.tenure.person_id) != link.tenure.post:
            _drop_start(actor, link, r)
    # 2. the outgoing members: ended by the first round that elects anyone; reopened when none does
    term = _term(committee, e, mine)
    ends = [x for x in links if x.action == "end"]
    others_elect = any(x.action == "start" and x.round_id != r.pk for x in links)
    if e.kind != Kind.BY_ELECTION:
        if wanted and not ends:
            outgoing = Tenure.objects.select_for_update().filter(
                committee=committee, end_date__isnull=True, term_number__lt=term
            )
            ended = []
            for t in outgoing.exclude(pk__in=mine):
                before = audit.snapshot(t)
                t.end_date, t.end_reason = max(r.voting_day, t.start_date), EndReason.TERM_END
                t.version += 1
                t.save(update_fields=["end_date", "end_reason", "version"])
                audit.record(
                    AuditAction.UPDATE,
                    actor=actor,
                    instance=t,
                    before=before,
                    after=audit.snapshot(t),
                    reason=REASON,
                )
                ended.append(RoundTenure(round=r, tenure=t, action="end"))
            RoundTenure.objects.bulk_create(ended)
        elif not wanted and not others_elect:
            for link in ends:
                if link.round_id == r.pk:
                    _reopen(actor, link)
    # 3. the elected of this round not yet seated
    have = {
        x.tenure.person_id
        for x in RoundTenure.objects.filter(round=r, action="start").select_related("tenure")
    }
    for pk, post in wanted.items():
        if pk in have:
            continue
        person = persons[pk]
        try:
            check_tenure(committee, post, person)
        except ValidationError:  # a seat the committee cannot take now is listed on the page, not forced
            continue
        t = Tenure(person=person, committee=committee, post=post, term_number=term, start_date=r.voting_day)
        t.full_clean()
        t.save()
        audit.record(AuditAction.CREATE, actor=actor, instance=t, after=audit.snapshot(t), reason=REASON)
        RoundTenure.objects.create(round=r, tenure=t, action="start")
    if wanted and e.body == Body.COMMITTEE and e.kind != Kind.BY_ELECTION:  # a new committee
        from huanjie.elections.results_handover_services import open_handover

        open_handover(actor=actor, election=e, produced_on=r.voting_day)


@transaction.atomic(durable=True)
def sync(*, actor: Any, round: ResultRound) -> None:
    """sync_round_tenures in its own transaction (a management command, a retry)."""
    sync_round_tenures(actor=actor, round=round)


# -- voiding (issue 13 req. 8): a declaration ends the tenures the voided result started ----------


def end_for_void(
    *,
    actor: Any,
    election: Election,
    on: Any,
    reason: str,
    person: str | None = None,
    since: Any = None,
) -> int:
    """End, on ``on`` with the cause 当选无效 (EndReason.ELECTION_VOID; 村民委员会组织法(2018) 第十七条 /
    (2025) 第二十一条 “当选无效”), the sitting tenures the election's certified rounds started — of
    ``person`` alone, or all of them when the election itself is declared void. A Party election's
    results start no tenure here: the sitting member of that name on the village's Party committee
    who took office on or after ``since`` (the meeting's day) is ended. Inside the caller's
    transaction; returns how many ended."""
    links = RoundTenure.objects.filter(round__election=election, action="start").values_list(
        "tenure_id", flat=True
    )
    found = Tenure.objects.select_for_update().filter(pk__in=list(links), end_date__isnull=True)
    if person is not None:
        found = found.filter(person__name=person)
    tenures = list(found)
    if not tenures and person is not None and election.body == Body.PARTY and since is not None:
        who = person_for(election, person)
        if who is not None:
            tenures = list(
                Tenure.objects.select_for_update().filter(
                    person=who,
                    committee__org_unit=election.unit,
                    committee__kind=CommitteeKind.PARTY_ORG,
                    end_date__isnull=True,
                    start_date__gte=since,
                )
            )
    for t in tenures:
        before = audit.snapshot(t)
        t.end_date, t.end_reason = max(on, t.start_date), EndReason.ELECTION_VOID
        t.version += 1
        t.save(update_fields=["end_date", "end_reason", "version"])
        audit.record(
            AuditAction.UPDATE, actor=actor, instance=t, before=before, after=audit.snapshot(t), reason=reason
        )
    return len(tenures)
