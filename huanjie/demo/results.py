"""The demo pilots that have already voted: their elections completed through the results services.

Two pilots in three (``voted_pilots``, in path order) held the Party organization's election on
15 November and the 村（居）民委员会's on 22 November 2026, before the demo date. For each, after the
starting state is built (builder.build_demo):

* the committee side's 人选 are confirmed qualified by the 选举委员会 (the demo's candidates are written
  as a starting state, without nomination rounds, so the decision is written with them);
* a first round is opened, the tally sheets of its boxes entered by one town official and verified by
  another, the announced result recorded and the round certified (receipt code) — which seats the
  elected as the new term and ends the outgoing members' tenures (results_tenure_services);
* the Party organization's meetings (党员大会, 委员会第一次全体会议) are recorded, reported and approved by
  the town for the Party organization;
* every other voted pilot completes its handover (工作移交), signed off by the town.

The votes favour younger, better educated candidates and women (the campaign's structure targets),
so the outgoing member who loses a 差额 seat is usually the oldest; the sitting secretary, who is
also the chair candidate in most villages, is re-elected (一肩挑). The third pilot of every three
stays in preparation (its steps recorded by the builder), and so do all other villages.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from huanjie.accounts.models import RoleAssignment, User
from huanjie.org.models import OrgUnit
from huanjie.rules.dates import age_on
from huanjie.rules.registry import COLLEGE_OR_ABOVE

PARTY_DAY = dt.date(2026, 11, 15)
COMMITTEE_DAY = dt.date(2026, 11, 22)
DONE_DAYS = (PARTY_DAY, COMMITTEE_DAY)


@dataclass
class Done:
    certified: int = 0
    party_approved: int = 0
    handovers: int = 0


def voted_pilots(pilots: Sequence[OrgUnit]) -> list[OrgUnit]:
    """The pilots (in path order) that voted in November: two in three."""
    ordered = sorted(pilots, key=lambda u: u.path)
    return [u for i, u in enumerate(ordered) if i % 3 != 2]


def _officials(town: OrgUnit) -> tuple[User, User]:
    """Two operators of the town (they cannot log in: no password): one enters, the other verifies."""
    out = []
    for n, label in ((1, "录入"), (2, "核对")):
        user, created = User.objects.get_or_create(
            username=f"jb{town.code}{n}",
            defaults={"display_name": f"{town.name}经办人（{label}）", "must_change_password": False},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            RoleAssignment.objects.create(user=user, role="town_operator", org_unit=town)
        out.append(user)
    return out[0], out[1]


def _score(person: Any, on: dt.date) -> float:
    """How the voters lean: younger, 大专及以上, women first."""
    college = person.highest_education in COLLEGE_OR_ABOVE
    return -age_on(person.birth_date, on) + 12 * college + 6 * (person.sex == "F")


def _winners(
    posts: list[dict[str, Any]], people: dict[str, Any], on: dt.date, body: str
) -> dict[str, list[str]]:
    """The announced winners per post: the leaders' candidates, then the best-scored for the rest;
    a woman on every 村（居）民委员会."""
    leaders = {n for p in posts if p["post"] != "委员" for n in p["candidates"]}
    out: dict[str, list[str]] = {}
    for p in posts:
        names = [n for n in p["candidates"] if n in people]
        if body == "party" and p["post"] == "委员":
            ranked = sorted(names, key=lambda n: (n not in leaders, -_score(people[n], on)))
        else:
            ranked = sorted(names, key=lambda n: -_score(people[n], on))
        out[p["post"]] = ranked[: int(p["seats"])]
    if body == "committee":
        won = {n for names in out.values() for n in names}
        if not any(people[n].sex == "F" for n in won):
            for p in posts:
                women = [n for n in p["candidates"] if n in people and people[n].sex == "F" and n not in won]
                if women and out[p["post"]] and p["post"] == "委员":
                    out[p["post"]][-1] = women[0]
                    break
    return out


def _split(total: int, shares: Sequence[float]) -> list[int]:
    parts = [int(total * s) for s in shares[:-1]]
    return [*parts, total - sum(parts)]


def _sheets(
    rng: random.Random, posts: list[dict[str, Any]], winners: dict[str, list[str]], boxes: dict[str, int]
) -> list[dict[str, Any]]:
    out = []
    for box, returned in boxes.items():
        invalid = rng.randint(0, max(1, returned // 60))
        valid = returned - invalid
        votes: dict[str, dict[str, int]] = {}
        for p in posts:
            won = {n: round(valid * rng.uniform(0.6, 0.9)) for n in winners[p["post"]]}
            lost = [n for n in p["candidates"] if n not in won]
            left = valid * int(p["seats"]) - sum(won.values())
            floor = min(won.values(), default=valid) - 1
            each = min(left // max(1, len(lost)), floor, valid // 2 - 1)
            votes[p["post"]] = won | {n: max(0, round(each * rng.uniform(0.3, 1.0))) for n in lost}
        out.append(
            {
                "box": box,
                "ballots_issued": returned + rng.randint(0, 3),
                "ballots_returned": returned,
                "ballots_invalid": invalid,
                "votes": votes,
            }
        )
    return out


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 30)))


def _round(
    rng: random.Random,
    e: Any,
    entry: User,
    check: User,
    *,
    registered: int,
    boxes: dict[str, int],
    people: dict[str, Any],
    announced_by: str,
) -> Any:
    """One first round through the services: opened, sheets entered and verified by two officials,
    the announcement recorded, certified. Returns the round and its winners."""
    from huanjie.elections import results_services as svc
    from huanjie.elections.models import ResultRound, TallySheet

    day = e.election_day
    r = svc.round_create(
        actor=entry,
        election=e,
        kind="first",
        voting_day=day,
        registered=registered,
        voted=sum(boxes.values()),
    )
    winners = _winners(r.posts, people, day, e.body)
    for sheet in _sheets(rng, r.posts, winners, boxes):
        svc.sheet_save(actor=entry, round=r, **sheet)
    for s in TallySheet.objects.filter(round=r).select_related("round").order_by("pk"):
        svc.sheet_verify(actor=check, sheet=s)
    r = ResultRound.objects.get(pk=r.pk)
    svc.announce(actor=entry, round=r, announced_by=announced_by, announced_at=_at(day, 17), winners=winners)
    r = ResultRound.objects.get(pk=r.pk)
    svc.certify(actor=check, round=r)
    return r, winners


def _party_meetings(
    rng: random.Random, e: Any, entry: User, check: User, r: Any, winners: dict[str, list[str]]
) -> None:
    """The Party organization's two meetings recorded, reported and approved by the town."""
    from huanjie.elections import results_party_services as party

    members = e.unit.party_members or 30
    present = max(3, round(members * rng.uniform(0.86, 0.96)))
    by_post = {p["post"]: p for p in r.posts}
    committee = by_post["委员"]
    votes = {
        n: (
            round(present * rng.uniform(0.7, 0.95))
            if n in winners["委员"]
            else round(present * rng.uniform(0.1, 0.4))
        )
        for n in committee["candidates"]
    }
    m1 = party.meeting_save(
        actor=entry,
        election=e,
        kind="members",
        held_on=e.election_day,
        full_members=members,
        present=present,
        ballots_issued=present,
        ballots_returned=present,
        posts=[{"post": "委员", "seats": committee["seats"], "candidates": committee["candidates"]}],
        votes={"委员": votes},
        announced={"委员": winners["委员"]},
    )
    seated = len(winners["委员"])
    leaders = [p for p in r.posts if p["post"] != "委员"]
    m2 = party.meeting_save(
        actor=entry,
        election=e,
        kind="committee",
        held_on=e.election_day,
        full_members=seated,
        present=seated,
        ballots_issued=seated,
        ballots_returned=seated,
        posts=[{"post": p["post"], "seats": p["seats"], "candidates": p["candidates"]} for p in leaders],
        votes={p["post"]: dict.fromkeys(winners[p["post"]], seated) for p in leaders},
        announced={p["post"]: winners[p["post"]] for p in leaders},
    )
    for m in (m1, m2):
        party.submit(actor=entry, meeting=m)
        party.approve(actor=check, meeting=m)


def _handover(e: Any, entry: User, check: User) -> bool:
    from huanjie.elections import results_handover_services as hs
    from huanjie.elections.models import Handover

    h = Handover.objects.filter(election=e).first()
    if h is None:
        return False
    for i, item in enumerate(h.items.order_by("pk")):
        item.handover = h
        hs.item_record(
            actor=entry,
            item=item,
            done_on=h.produced_on + dt.timedelta(days=2 + i // 2),
            notes="新老班子当面点交，双方签字",
        )
    hs.submit(actor=entry, handover=h)
    hs.sign_off(actor=check, handover=h)
    return True


RETIRE_AGE = 56


def _renew(rng: random.Random, campaign: Any, unit: OrgUnit) -> None:
    """Before the nomination: sitting members aged 56 or more (other than the secretary and the
    chair) declined in writing to stand again, and two younger residents (大专及以上 first, a woman
    among them) were nominated by the voters — written with the starting state, like the 人选."""
    from huanjie.people.models import Person
    from huanjie.vetting.models import Candidate

    rows = list(Candidate.objects.filter(campaign=campaign, unit=unit).select_related("person"))
    leaders = {c.person_id for c in rows if c.post in ("secretary", "chair")}
    retiring = [
        c.pk
        for c in rows
        if c.side == "committee"
        and c.person_id not in leaders
        and age_on(c.person.birth_date, PARTY_DAY) >= RETIRE_AGE
    ]
    Candidate.objects.filter(pk__in=retiring).update(
        withdrawn_on=PARTY_DAY - dt.timedelta(days=30),
        withdrawal_reason="本人书面申请：年龄原因，不再参加本届选举",
    )
    held = {c.person_id for c in rows}
    young = [
        p
        for p in Person.objects.filter(domicile_unit=unit).exclude(pk__in=held).order_by("pk")
        if 22 <= age_on(p.birth_date, PARTY_DAY) <= 50
    ]
    young.sort(key=lambda p: -_score(p, PARTY_DAY))
    standing = sum(1 for c in rows if c.side == "committee" and c.pk not in retiring)
    wanted = max(2, 5 - standing)  # a committee of at least three after the 差额
    picked = young[:1] + [p for p in young[1:] if p.sex == "F"][:1]
    picked += [p for p in young if p not in picked][: wanted - len(picked)]
    party = [c for c in rows if c.side == "party"]
    extra = []
    if len(party) <= 3:  # a committee of at least three after the 差额
        held_party = {c.person_id for c in party}
        extra = [
            p
            for p in Person.objects.filter(domicile_unit=unit, political_status="cpc").exclude(
                pk__in=held_party
            )
            if age_on(p.birth_date, PARTY_DAY) < RETIRE_AGE
        ]
        extra.sort(key=lambda p: -_score(p, PARTY_DAY))
    members = unit.party_members or 30
    Candidate.objects.bulk_create(
        [
            Candidate(
                campaign=campaign,
                unit=unit,
                person=p,
                side="party",
                post="party_member",
                source="other",
                channel="two_recommendations",
                votes_members=rng.randint(members // 2, members),
                votes_public=rng.randint(40, 200),
            )
            for p in extra[: 4 - len(party)]
        ]
        + [
            Candidate(
                campaign=campaign,
                unit=unit,
                person=p,
                side="committee",
                post="member",
                source="other",
                channel="voters",
                nomination_votes=rng.randint(80, 300),
            )
            for p in picked
        ]
    )


def complete_pilot_elections(city: OrgUnit, seed: int) -> Done:
    """Enter, verify, announce and certify the voted pilots' elections (see the module doc)."""
    from huanjie.elections.models import Election
    from huanjie.people.models import Person
    from huanjie.vetting.models import Candidate

    done = Done()
    rng = random.Random(seed + 13)
    pilots = list(OrgUnit.objects.filter(path__startswith=city.path, is_pilot=True).select_related("parent"))
    for i, unit in enumerate(voted_pilots(pilots)):
        elections = {
            e.body: e
            for e in Election.objects.filter(unit=unit, election_day__in=DONE_DAYS).select_related(
                "unit", "campaign"
            )
        }
        if set(elections) != {"party", "committee"} or unit.parent is None:
            continue
        entry, check = _officials(unit.parent)
        campaign = elections["party"].campaign
        _renew(rng, campaign, unit)
        candidates = list(
            Candidate.objects.filter(campaign=campaign, unit=unit, withdrawn_on__isnull=True).select_related(
                "person"
            )
        )
        # The 选举委员会's confirmation of the committee side (written with the starting state).
        Candidate.objects.filter(pk__in=[c.pk for c in candidates if c.side != "party"]).update(
            qualification="qualified",
            qualification_basis="村民委员会组织法 第十三条：经选举委员会审查，符合候选人条件",
            qualification_date=PARTY_DAY - dt.timedelta(days=10),
        )
        people = {c.person.name: c.person for c in candidates}
        held = {c.person_id for c in candidates}
        chair = Person.objects.filter(domicile_unit=unit).exclude(pk__in=held).order_by("pk").first()
        announced_by = chair.name if chair else "选举委员会主任"
        # The Party organization first (党员大会), then the 村（居）民委员会.
        pe = elections["party"]
        members = unit.party_members or 30
        r, winners = _round(
            rng,
            pe,
            entry,
            check,
            registered=members,
            boxes={"党员大会": max(3, round(members * rng.uniform(0.86, 0.96)))},
            people=people,
            announced_by=announced_by,
        )
        done.certified += 1
        _party_meetings(rng, pe, entry, check, r, winners)
        done.party_approved += 1
        ce = elections["committee"]
        registered = round((unit.population or 2000) * rng.uniform(0.72, 0.8))
        voted = round(registered * rng.uniform(0.82, 0.93))
        central, mobile = _split(voted, (0.78, 0.22))
        _round(
            rng,
            ce,
            entry,
            check,
            registered=registered,
            boxes={"中心会场": central, "流动票箱": mobile},
            people=people,
            announced_by=announced_by,
        )
        done.certified += 1
        if i % 2 == 0 and _handover(ce, entry, check):
            done.handovers += 1
    campaign_ids = set(
        Election.objects.filter(unit__path__startswith=city.path).values_list("campaign_id", flat=True)
    )
    from huanjie.vetting import pledge_tally

    for pk in sorted(campaign_ids):
        pledge_tally.rebuild(pk)  # the roll-up's counts after the renewed 人选
    return done
