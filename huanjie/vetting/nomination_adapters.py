"""The nomination round's rows turned into the plain inputs of ``huanjie.rules.nomination`` (issue 11
req. 2): the law in force on the nomination day, the province's profile, the seats and surplus per
post, the nominees' votes keyed by name, and one post's list as it stands (for a withdrawal)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

from huanjie.org.models import OrgUnit
from huanjie.rules.nomination import FormalCandidates, PostCandidates, formal_candidates
from huanjie.rules.profiles import Law, Profile, get_profile, law_in_force
from huanjie.vetting.choices import Post, Qualification
from huanjie.vetting.models import NominationRound, Nominee

# The rules name the posts as the measures do; a supervision committee's 主任/委员 count like the
# 村委会's (HEAD_POSTS: 主任 and 副主任 take the head surplus).
RULE_POST: dict[str, str] = {
    Post.CHAIR: "主任",
    Post.VICE_CHAIR: "副主任",
    Post.MEMBER: "委员",
    Post.SUPERVISION_CHAIR: "主任",
    Post.SUPERVISION_MEMBER: "委员",
}


def law_kind(unit: OrgUnit) -> Literal["village", "community"]:
    return "community" if unit.level == "community" else "village"


def round_law(r: NominationRound) -> Law:
    """The text in force on the nomination day (2025 texts from 2026-01-01)."""
    return law_in_force(law_kind(r.unit), r.held_on)


def round_profile(r: NominationRound) -> Profile:
    return get_profile(r.campaign.profile_code)


def posts_of(r: NominationRound) -> list[tuple[str, int, int | None]]:
    """``(post, seats, surplus asked)`` of every post of the round with seats."""
    if r.side == "supervision":
        rows = [
            (Post.SUPERVISION_CHAIR, r.seats_chair, r.surplus_chair),
            (Post.SUPERVISION_MEMBER, r.seats_member, r.surplus_member),
        ]
    else:
        rows = [
            (Post.CHAIR, r.seats_chair, r.surplus_chair),
            (Post.VICE_CHAIR, r.seats_vice, r.surplus_vice),
            (Post.MEMBER, r.seats_member, r.surplus_member),
        ]
    return [(str(p), n, s) for p, n, s in rows if n > 0]


def target_of(r: NominationRound, post: str) -> int:
    """Seats plus the surplus asked (default: the profile's minimum for the post)."""
    profile = round_profile(r)
    for p, n, s in posts_of(r):
        if p == post:
            lo = (profile.surplus_head if RULE_POST[p] in ("主任", "副主任") else profile.surplus_member)[0]
            return n + (lo if s is None else s)
    return 0


def keys(nominees: Iterable[Nominee]) -> dict[int, str]:
    """The name the rules know each nominee by: the person's name, with the record number where two
    people of the round share a name."""
    rows = list(nominees)
    count: dict[str, set[int]] = {}
    for n in rows:
        count.setdefault(n.person.name, set()).add(n.person_id)
    return {
        n.pk: n.person.name if len(count[n.person.name]) == 1 else f"{n.person.name}（{n.person_id}）"
        for n in rows
    }


def compute(r: NominationRound, nominees: Sequence[Nominee]) -> FormalCandidates:
    """``rules.nomination.formal_candidates`` over the round as entered."""
    key = keys(nominees)
    seats: dict[str, int] = {}
    surplus: dict[str, int] = {}
    votes: dict[str, dict[str, int]] = {}
    for post, n, s in posts_of(r):
        seats[RULE_POST[post]] = n
        if s is not None:
            surplus[RULE_POST[post]] = s
        votes[RULE_POST[post]] = {key[x.pk]: x.votes for x in nominees if x.post == post}
    return formal_candidates(
        votes,
        seats=seats,
        registered=r.registered or 0,
        participants=r.participants or 0,
        law=round_law(r),
        profile=round_profile(r),
        method="primary" if r.method == "primary" else "nomination",
        surplus=surplus,
        confirmed_post={key[x.pk]: RULE_POST[x.post] for x in nominees if x.post_confirmed},
    )


def active(n: Nominee) -> bool:
    """A nominee who is on the list now: a formal candidate neither withdrawn nor found not qualified."""
    c = n.candidate
    return c is not None and c.withdrawn_on is None and c.qualification != Qualification.NOT_QUALIFIED


def post_list(r: NominationRound, post: str, nominees: Sequence[Nominee]) -> PostCandidates:
    """One post's list as it stands: the active candidates, the next nominees by votes (never a
    candidate before), every nominee's votes."""
    key = keys(nominees)
    mine = [n for n in nominees if n.post == post]
    ranked = tuple(
        sorted(((key[n.pk], n.votes) for n in mine if n.votes > 0), key=lambda kv: (-kv[1], kv[0]))
    )
    used = {key[n.pk] for n in mine if n.candidate_id is not None}
    seats = next((s for p, s, _ in posts_of(r) if p == post), 0)
    return PostCandidates(
        post=RULE_POST[post],
        seats=seats,
        target=target_of(r, post),
        candidates=tuple(key[n.pk] for n in mine if active(n)),
        tied=(),
        reserve=tuple(k for k, _ in ranked if k not in used),
        votes=ranked,
    )
