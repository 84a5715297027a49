"""Party basic-level organization elections (党的基层组织选举).

Source: 《中国共产党基层组织选举工作条例》(2020) and its predecessor the 暂行条例 (1990); most of the
operative wording was reached only through secondary sources, so every citation carries [S] (or [M])
as in legal-rules.md §5. Thresholds are exact integer comparisons:

* quorum: present > 4/5 of 应到会 (``present * 5 > 4 * entitled``);
* elected: votes for > half of the base (``votes * 2 > base``), the base being 实到会有选举权人数
  (``present``, default) or 应到会人数 (``entitled``) — legal-rules.md §5.1 on the two readings;
* the committee's plenary elects the 书记 and 副书记 by more than half of all committee members
  (等额 allowed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from huanjie.rules.citations import ONE_SEAT_CITE
from huanjie.rules.counting import (
    Next,
    PartySurplus,
    PostResult,
    PostTally,
    Verdict,
    fill_seats,
    first_of,
    majority_min,
    ranked_votes,
)
from huanjie.rules.explain import Explanation
from huanjie.rules.profiles import Law, PartyBase

PartyRound = Literal["first", "runoff", "supplementary", "committee"]
"""``committee``: the new committee's first plenary electing the 书记 and 副书记."""


def electors(full_members: int, on_probation: int = 0, suspended: int = 0) -> int:
    """Members with the right to vote: full members minus those under 留党察看 and those whose rights
    are suspended (留置/逮捕); 预备党员 never vote (基层组织选举工作条例(2020) 第五条 [S])."""
    return full_members - on_probation - suspended


def entitled(electors_: int, excluded: int) -> int:
    """应到会人数: electors minus the approved exclusions (中组部 2016 rule, five categories [S])."""
    return electors_ - excluded


PARTY_RANK: tuple[str, ...] = ("书记", "副书记", "委员")
"""Party posts from highest to lowest (one person, one seat; other names rank after these)."""


def required_candidates(seats: int, surplus: tuple[int, int] = (1, 5)) -> int:
    """Least number of 委员 candidates: seats plus the surplus share of the seats rounded up
    (“差额为应选人数的20%”, 进一法: 3 → 4, 5 → 6, 7 → 9) [S]; ``surplus`` is configurable."""
    num, den = surplus
    return seats + -(-seats * num // den)


def surplus_check(candidates: int, seats: int, share: tuple[int, int] = (1, 5)) -> PartySurplus:
    """The 差额 check as data: the surplus required is ``seats × share`` rounded up (进一法)."""
    want = required_candidates(seats, share)
    return PartySurplus(
        candidates=candidates,
        seats=seats,
        share=share,
        required_surplus=want - seats,
        required_candidates=want,
        met=candidates >= want,
    )


def _party_rank(post: str) -> int:
    return PARTY_RANK.index(post) if post in PARTY_RANK else len(PARTY_RANK)


def elects_secretary_directly(full_members: int, law: Law) -> bool:
    """A branch with fewer than 7 full members has no committee; its 党员大会 elects the 书记 (and
    副书记) directly (中国共产党支部工作条例(试行)(2018) [M])."""
    return full_members < law.party_small_branch


@dataclass(frozen=True)
class PartyElection:
    """One round of a Party election as counted.

    ``electors`` = full members with voting rights; ``excluded`` = approved exclusions from 应到会;
    ``present`` = members with voting rights present (实到会); in a ``committee`` round, ``electors``
    is the number of committee members and ``present`` those attending the plenary.
    """

    law: Law
    round: PartyRound
    electors: int
    present: int
    ballots_returned: int
    posts: tuple[PostTally, ...]
    excluded: int = 0
    ballots_issued: int | None = None
    party_base: PartyBase = "present"
    full_members: int | None = None


def decide_party(e: PartyElection) -> Verdict:
    """Decide one round of a Party election.

    * quorum (not for the committee plenary): present > 4/5 of 应到会, otherwise ``revote``
      (基层组织选举工作条例(2020), 暂行条例(1990) “超过应到会人数的五分之四，会议有效” [S]);
    * ballots returned > members voting (or > ballots issued) voids the vote → ``revote`` [S];
    * elected: votes > half of the base, seats filled by votes, tie at the cut-off → ``runoff`` [S];
      a shortfall → ``supplementary`` (另行选举) for the seats left [S], listing the non-winners by
      votes, one more than the seats left (by analogy with the village rule [M]);
    * first round: fewer candidates than seats + ceil(20% of seats) is reported (差额) [S];
    * committee plenary: more than half of all committee members, 等额 allowed (党章 [S]).
    """
    law = e.law
    cite = law.cite("")
    ex = Explanation()

    def add(rule: str, text: str) -> None:
        ex.add(rule, cite, f"{text}（{cite}）")

    valid = True
    if e.round == "committee":
        base = e.electors
        base_text = f"委员会委员 {e.electors} 人"
        add(
            "party.committee.base",
            f"委员会全体会议选举书记、副书记，当选须超过全体委员 {e.electors} 人的半数，可以等额选举",
        )
    else:
        ent = entitled(e.electors, e.excluded)
        q = law.party_quorum
        quorum_ok = e.present * q.denominator > ent * q.numerator
        least = ent * q.numerator // q.denominator + 1
        add(
            "party.quorum",
            f"有选举权的党员 {e.electors} 人，经批准不列入应到会人数 {e.excluded} 人，应到会 {ent} 人；"
            f"实到会 {e.present} 人，"
            + (
                "超过应到会人数的五分之四，会议有效"
                if quorum_ok
                else f"未超过应到会人数的五分之四（至少需 {least} 人），会议无效，应重新召开"
            ),
        )
        valid = quorum_ok
        if e.party_base == "entitled":
            base, base_text = ent, f"应到会 {ent} 人"
        else:
            base, base_text = e.present, f"实到会有选举权的 {e.present} 人"
        if e.full_members is not None and elects_secretary_directly(e.full_members, law):
            add(
                "party.small_branch",
                f"正式党员 {e.full_members} 人，不足 {law.party_small_branch} 人，不设支部委员会，"
                "由党员大会直接选举书记、副书记",
            )
    limit = e.present if e.ballots_issued is None else min(e.present, e.ballots_issued)
    ballots_ok = e.ballots_returned <= limit
    add(
        "party.ballots",
        f"收回选票 {e.ballots_returned} 张，"
        + (
            f"不多于投票人数 {limit}，选举有效"
            if ballots_ok
            else f"多于投票人数（或发出的选票） {limit}，选举无效，应重新投票"
        ),
    )
    if not (valid and ballots_ok):
        posts = tuple(
            PostResult(
                p.post,
                p.seats,
                (),
                unfilled=p.seats,
                next="revote",
                votes=tuple(ranked_votes(p)),
                invalid=p.invalid,
            )
            for p in e.posts
        )
        return Verdict(False, "revote", posts, tuple(ex.steps), e.round)

    need = majority_min(base)
    results: dict[str, PostResult] = {}
    held: dict[str, str] = {}
    for p in sorted(e.posts, key=lambda p: _party_rank(p.post)):
        ranked = ranked_votes(p)
        eligible = (
            ranked if e.round in ("first", "committee") else [(n, v) for n, v in ranked if n in p.candidates]
        )
        surplus: PartySurplus | None = None
        if e.round == "first":
            share = (law.party_surplus.numerator, law.party_surplus.denominator)
            surplus = surplus_check(len(p.candidates), p.seats, share)
            rule = (
                f"差额为应选人数的 {share[0]}/{share[1]}，{p.seats}×{share[0]}/{share[1]} 进一取整为 "
                f"{surplus.required_surplus} 名，候选人至少 {surplus.required_candidates} 名"
            )
            if not surplus.met:
                add(
                    "party.surplus",
                    f"{p.post} 应选 {p.seats} 名，候选人 {len(p.candidates)} 名，少于差额要求的 "
                    f"{surplus.required_candidates} 名（{rule}）",
                )
            else:
                add(
                    "party.surplus",
                    f"{p.post} 应选 {p.seats} 名，候选人 {len(p.candidates)} 名，符合差额要求（{rule}）",
                )
        for name, v in eligible:
            if name in held and (e.round == "runoff" or v * 2 > base):
                ex.add(
                    "party.two_posts.keep_higher",
                    ONE_SEAT_CITE,
                    f"{name} 已当选{held[name]}，不再计入{p.post}的当选人选，该名额由得票次多者递补"
                    f"（{ONE_SEAT_CITE}）",
                )
        eligible = [(n, v) for n, v in eligible if n not in held]

        def qualifies(v: int, base: int = base) -> bool:
            return v * 2 > base

        def plurality(v: int) -> bool:
            return True

        elected, tied, rs = fill_seats(eligible, p.seats, plurality if e.round == "runoff" else qualifies)
        for name, v in eligible:
            if name in elected:
                how = "以得票多" if e.round == "runoff" else f"超过{base_text}的半数（至少需 {need} 票），"
                add("party.win", f"{p.post} {name} 得赞成票 {v} 票，{how}当选")
            elif name in tied:
                add("party.tie", f"{p.post} {name} 得赞成票 {v} 票，与他人票数相等，就票数相等者再次投票")
            elif qualifies(v) or e.round == "runoff":
                add("party.seats_full", f"{p.post} {name} 得赞成票 {v} 票，名额已按得票多少选满，未当选")
            else:
                add(
                    "party.lose",
                    f"{p.post} {name} 得赞成票 {v} 票，未超过{base_text}的半数（至少需 {need} 票），未当选",
                )
        unfilled = p.seats - len(elected) - rs
        supp: tuple[str, ...] = ()
        nxt: Next = "none"
        if tied:
            nxt = "runoff"
        elif unfilled > 0:
            nxt = "supplementary"
            pool = [n for n, _ in eligible if n not in elected]
            supp = tuple(pool[: unfilled + 1])
            add(
                "party.supplementary",
                f"{p.post} 尚缺 {unfilled} 名，对不足名额另行选举；"
                f"候选人按得票多少为 {'、'.join(supp) or '（无）'}"
                "；如接近应选名额，经半数以上选举人同意也可以减少名额，不再选举",
            )
        held.update(dict.fromkeys(elected, p.post))
        results[p.post] = PostResult(
            post=p.post,
            seats=p.seats,
            elected=tuple(elected),
            runoff=tuple(tied),
            runoff_seats=rs,
            unfilled=unfilled,
            supplementary_candidates=supp,
            next=nxt,
            votes=tuple(ranked),
            invalid=p.invalid,
            surplus=surplus,
        )
    ordered = tuple(results[p.post] for p in e.posts)
    return Verdict(True, first_of(r.next for r in ordered), ordered, tuple(ex.steps), e.round)
