"""Party basic-level elections (issue 3 req 4; legal-rules.md §5, worked example 15)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huanjie.rules.counting import PostTally, Verdict, count_ballots
from huanjie.rules.party import (
    PartyElection,
    PartyRound,
    decide_party,
    electors,
    elects_secretary_directly,
    entitled,
    required_candidates,
)
from huanjie.rules.profiles import PartyBase, get_law, get_profile

LAW = get_law("party-2020")
SIX = ("甲", "乙", "丙", "丁", "戊", "己")


def committee(votes: dict[str, int], seats: int = 5, candidates: tuple[str, ...] = SIX) -> PostTally:
    return PostTally("委员", seats, candidates, votes)


def run(
    *posts: PostTally,
    electors_: int = 52,
    excluded: int = 2,
    present: int = 41,
    returned: int | None = None,
    base: PartyBase = "present",
    round: PartyRound = "first",
    issued: int | None = None,
    full: int | None = None,
    law: str = "party-2020",
) -> Verdict:
    return decide_party(
        PartyElection(
            law=get_law(law),
            round=round,
            electors=electors_,
            present=present,
            ballots_returned=present if returned is None else returned,
            posts=posts,
            excluded=excluded,
            ballots_issued=issued,
            party_base=base,
            full_members=full,
        )
    )


def texts(v: Verdict) -> str:
    return "\n".join(s.text for s in v.steps)


def test_electors_and_entitled() -> None:
    # 55 full members, 2 under 留党察看, 1 suspended → 52 electors; 2 exclusions → 应到会 50.
    assert electors(55, on_probation=2, suspended=1) == 52
    assert entitled(52, 2) == 50


@pytest.mark.parametrize(("seats", "want"), [(3, 4), (5, 6), (7, 9), (1, 2), (10, 12)])
def test_required_candidates_rounds_up(seats: int, want: int) -> None:
    assert required_candidates(seats) == want


def test_required_candidates_configurable() -> None:
    assert required_candidates(5, (1, 10)) == 6
    assert required_candidates(10, (3, 10)) == 13


def test_small_branch() -> None:
    assert elects_secretary_directly(6, LAW)
    assert not elects_secretary_directly(7, LAW)


VOTES = {"甲": 30, "乙": 25, "丙": 21, "丁": 21, "戊": 20, "己": 10}


def test_example_15_quorum_fails_at_exactly_four_fifths() -> None:
    v = run(committee(VOTES), present=40)
    assert not v.valid
    assert v.next == "revote"
    assert v.posts[0].next == "revote"
    assert "应到会 50 人；实到会 40 人，未超过应到会人数的五分之四（至少需 41 人），会议无效" in texts(v)


def test_example_15_default_base_is_present() -> None:
    v = run(committee({"甲": 30, "乙": 25, "丙": 21, "丁": 21, "戊": 20, "己": 10}, seats=5), present=41)
    assert v.valid
    assert "实到会 41 人，超过应到会人数的五分之四，会议有效" in texts(v)
    r = v.posts[0]
    # 21 > 41/2 wins, 20 does not.
    assert r.elected == ("甲", "乙", "丙", "丁")
    assert r.unfilled == 1
    assert r.next == "supplementary"
    assert r.supplementary_candidates == ("戊", "己")
    assert "委员 丙 得赞成票 21 票，超过实到会有选举权的 41 人的半数（至少需 21 票），当选" in texts(v)
    assert "委员 戊 得赞成票 20 票，未超过实到会有选举权的 41 人的半数（至少需 21 票），未当选" in texts(v)
    assert "候选人 6 名，符合差额要求" in texts(v)


def test_example_15_entitled_base_option() -> None:
    v = run(
        committee({"甲": 30, "乙": 26, "丙": 25, "丁": 21, "戊": 20, "己": 10}), present=41, base="entitled"
    )
    assert v.posts[0].elected == ("甲", "乙")
    assert "委员 丙 得赞成票 25 票，未超过应到会 50 人的半数（至少需 26 票），未当选" in texts(v)


def test_example_15_ballot_with_six_names_is_invalid() -> None:
    posts = (PostTally("委员", 5, SIX),)
    bc = count_ballots(posts, [(SIX,), (SIX[:5],), (SIX[:2],)], get_profile("national"), LAW)
    assert bc.posts[0].invalid == 1
    assert dict(bc.posts[0].votes) == {"甲": 2, "乙": 2, "丙": 1, "丁": 1, "戊": 1}


def test_more_ballots_than_voting_members_voids() -> None:
    v = run(committee(VOTES), present=41, returned=42)
    assert not v.valid
    assert "收回选票 42 张，多于投票人数（或发出的选票） 41，选举无效" in texts(v)
    v = run(committee(VOTES), present=41, returned=41, issued=40)
    assert not v.valid
    v = run(committee(VOTES), present=41, returned=40, issued=40)
    assert v.valid


def test_surplus_shortfall_is_reported() -> None:
    v = run(committee({"甲": 30}, candidates=SIX[:5]))
    assert "委员 应选 5 名，候选人 5 名，少于差额要求的 6 名" in texts(v)


def test_tie_at_cut_off_and_runoff() -> None:
    v = run(committee({"甲": 30, "乙": 30, "丙": 30, "丁": 30, "戊": 25, "己": 25}))
    r = v.posts[0]
    assert r.elected == ("甲", "乙", "丙", "丁")
    assert r.runoff == ("戊", "己")
    assert v.next == "runoff"
    assert "委员 戊 得赞成票 25 票，与他人票数相等，就票数相等者再次投票" in texts(v)
    v = run(PostTally("委员", 1, ("戊", "己"), {"戊": 22, "己": 19}), round="runoff")
    assert v.posts[0].elected == ("戊",)
    assert "委员 戊 得赞成票 22 票，以得票多当选" in texts(v)
    assert "委员 己 得赞成票 19 票，名额已按得票多少选满，未当选" in texts(v)


def test_seats_full() -> None:
    v = run(committee({"甲": 30, "乙": 30, "丙": 30, "丁": 30, "戊": 29, "己": 28}))
    assert v.posts[0].elected == ("甲", "乙", "丙", "丁", "戊")
    assert "委员 己 得赞成票 28 票，名额已按得票多少选满，未当选" in texts(v)


def test_supplementary_round_candidates_only() -> None:
    v = run(
        PostTally("委员", 1, ("戊", "己"), {"戊": 21, "己": 15, "X": 3}),
        round="supplementary",
    )
    assert v.posts[0].elected == ("戊",)
    v = run(PostTally("委员", 1, ("戊", "己"), {"戊": 20, "己": 15}), round="supplementary")
    assert v.posts[0].elected == ()
    assert v.posts[0].supplementary_candidates == ("戊", "己")
    v = run(PostTally("委员", 2, (), {}), round="supplementary")
    assert v.posts[0].supplementary_candidates == ()
    assert "候选人按得票多少为 （无）" in texts(v)


def test_committee_elects_secretary_by_majority_of_members_equal_candidates_allowed() -> None:
    # committee of 5, 5 present: 书记 needs 3 votes; 等额 (one candidate) is fine.
    post = PostTally("书记", 1, ("甲",), {"甲": 3})
    v = run(post, electors_=5, excluded=0, present=5, round="committee")
    assert v.posts[0].elected == ("甲",)
    assert "当选须超过全体委员 5 人的半数，可以等额选举" in texts(v)
    assert "差额" not in texts(v).replace("可以等额选举", "")
    # 4 present, 2 votes: not more than half of 5 members.
    v = run(PostTally("书记", 1, ("甲",), {"甲": 2}), electors_=5, excluded=0, present=4, round="committee")
    assert v.posts[0].elected == ()
    assert "未超过委员会委员 5 人的半数（至少需 3 票）" in texts(v)


def test_small_branch_step_and_1990_text() -> None:
    v = run(
        PostTally("书记", 1, ("甲", "乙"), {"甲": 4, "乙": 2}), electors_=6, excluded=0, present=6, full=6
    )
    assert v.posts[0].elected == ("甲",)
    assert "正式党员 6 人，不足 7 人，不设支部委员会，由党员大会直接选举书记、副书记" in texts(v)
    v = run(
        PostTally("书记", 1, ("甲", "乙"), {"甲": 5}),
        electors_=9,
        excluded=0,
        present=8,
        full=9,
        law="party-1990",
    )
    assert "不设支部委员会" not in texts(v)
    assert v.steps[0].citation == "中国共产党基层组织选举工作暂行条例(1990) [S]"


@given(
    st.integers(min_value=1, max_value=200),
    st.integers(min_value=1, max_value=5),
    st.lists(st.integers(min_value=0, max_value=200), min_size=1, max_size=7),
    st.sampled_from(["present", "entitled"]),
)
@settings(max_examples=300, deadline=None)
def test_party_winners_bounded_and_over_half(
    present: int, seats: int, raw: list[int], base: PartyBase
) -> None:
    names = tuple(f"党员{i}" for i in range(len(raw)))
    votes = {n: min(v, present) for n, v in zip(names, raw, strict=True)}
    v = run(PostTally("委员", seats, names, votes), electors_=present, excluded=0, present=present, base=base)
    r = v.posts[0]
    assert len(r.elected) + r.runoff_seats + r.unfilled == seats
    assert all(votes[n] * 2 > present for n in r.elected)
    assert all(votes[n] * 2 != present for n in (*r.elected, *r.runoff))


def test_surplus_is_an_output_field() -> None:
    from huanjie.rules.party import surplus_check

    s = surplus_check(6, 5)
    assert (s.required_surplus, s.required_candidates, s.met, s.rounding) == (1, 6, True, "ceil")
    s = surplus_check(8, 7)
    assert (s.required_surplus, s.required_candidates, s.met) == (2, 9, False)
    assert surplus_check(4, 3).required_surplus == 1
