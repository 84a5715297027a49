"""One person, one seat on a committee, whatever the input form (issue 8 req. 1).

The law fixes the committee at 主任、副主任和委员共三至七人 (村民委员会组织法(2018) 第六条 / (2025) 第八条);
Henan counts each post on its own ballot (河南省实施《村民委员会组织法》办法 第三十四条 “应当分别制作选票”),
so one person can have a majority for two posts. No text says which seat the person keeps: the
profile's ``two_posts_seat`` decides (default: keep the higher post, the lower seat goes to the next
qualifier) [M].
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from hypothesis import given, settings
from hypothesis import strategies as st

from huanjie.rules.counting import Election, PostTally, Round, Verdict, decide
from huanjie.rules.party import PartyElection, decide_party
from huanjie.rules.profiles import KIN_1045, LAWS, PROFILES, get_law, get_profile


def tally(post: str, seats: int, votes: Mapping[str, int]) -> PostTally:
    return PostTally(post, seats, tuple(votes), dict(votes))


def henan(*posts: PostTally, profile: str = "henan", **kw: object) -> Verdict:
    prof = kw.pop("prof", None) or get_profile(profile)
    return decide(
        Election(
            law=get_law(kw.pop("law", "village-2018")),  # type: ignore[arg-type]
            profile=prof,  # type: ignore[arg-type]
            round=kw.pop("round", "first"),  # type: ignore[arg-type]
            registered=1000,
            voted=1000,
            ballots_returned=1000,
            ballots_issued=1000,
            posts=posts,
            **kw,  # type: ignore[arg-type]
        )
    )


def steps(v: Verdict) -> str:
    return "\n".join(s.text for s in v.steps)


def test_tally_sheets_keep_the_higher_post_and_pass_the_seat_on() -> None:
    v = henan(
        tally("主任", 1, {"A": 600, "B": 300}), tally("委员", 2, {"A": 700, "C": 550, "D": 520, "E": 200})
    )
    head, members = v.posts
    assert head.elected == ("A",)
    assert members.elected == ("C", "D")
    assert members.elsewhere == ("A",)
    assert v.next == "none"
    t = steps(v)
    assert "A 同时达到主任和委员的当选票数，保留较高职务主任" in t
    assert "委员的该名额由得票次多且达到当选票数的人选递补" in t
    assert "委员 空出的名额由得票次多且达到当选票数的 D（520 票）递补" in t
    assert any(s.rule == "counting.two_posts.keep_higher" for s in v.steps)


def test_no_next_qualifier_goes_to_the_supplementary_round() -> None:
    v = henan(tally("主任", 1, {"A": 600}), tally("委员", 2, {"A": 700, "C": 550, "D": 400}))
    members = v.posts[1]
    assert members.elected == ("C",)
    assert members.unfilled == 1
    assert members.next == "supplementary"
    assert "A" not in members.supplementary_candidates
    assert "委员 无达到当选票数的递补人选" in steps(v)


def test_profile_may_send_the_lower_seat_to_the_supplementary_round() -> None:
    prof = dataclasses.replace(get_profile("henan"), two_posts_seat="supplementary")
    v = henan(tally("主任", 1, {"A": 600}), tally("委员", 2, {"A": 700, "C": 550, "D": 520}), prof=prof)
    members = v.posts[1]
    assert members.elected == ("C",)
    assert members.unfilled == 1
    assert members.next == "supplementary"
    assert members.supplementary_candidates == ("D",) or members.supplementary_candidates[0] == "D"
    assert "委员的该名额由另行选举递补" in steps(v)


def test_the_higher_post_holder_leaves_a_tie_in_the_lower_post() -> None:
    v = henan(tally("主任", 1, {"A": 600}), tally("委员", 1, {"A": 550, "C": 550, "D": 100}))
    assert v.posts[1].elected == ("C",)
    assert v.posts[1].runoff == ()


def test_a_post_held_from_an_earlier_round_is_kept() -> None:
    v = henan(
        tally("委员", 1, {"A": 700, "C": 400}),
        round="supplementary",
        elected_earlier=(("主任", ("A",)),),
    )
    assert v.posts[0].elected == ("C",)
    assert v.posts[0].elsewhere == ("A",)


def test_ballots_and_tally_sheets_agree() -> None:
    # With ballots, keep_higher already keeps one vote per ballot; across ballots the same rule applies.
    v = henan(tally("副主任", 1, {"X": 900}), tally("主任", 1, {"X": 800, "Y": 100}))
    assert v.posts[1].elected == ("X",)
    assert v.posts[0].elected == ()
    assert v.posts[0].unfilled == 1


def test_party_secretary_and_deputy() -> None:
    v = decide_party(
        PartyElection(
            law=get_law("party-2020"),
            round="committee",
            electors=5,
            present=5,
            ballots_returned=5,
            posts=(tally("副书记", 1, {"甲": 4, "乙": 3}), tally("书记", 1, {"甲": 5})),
        )
    )
    deputy, secretary = v.posts
    assert secretary.elected == ("甲",)
    assert deputy.elected == ("乙",)
    assert any(s.rule == "party.two_posts.keep_higher" for s in v.steps)


# ---- property: every law × profile -------------------------------------------------------------

NAMES = ("A", "B", "C", "D", "E", "F")
POSTS = ("主任", "副主任", "委员", "书记")


@st.composite
def elections(draw: st.DrawFn) -> tuple[str, str, Round, int, tuple[PostTally, ...], tuple, tuple]:  # type: ignore[type-arg]
    law = draw(st.sampled_from(sorted(LAWS)))
    profile = draw(st.sampled_from(sorted(PROFILES)))
    rnd: Round = draw(st.sampled_from(("first", "runoff", "supplementary")))
    voted = draw(st.integers(1, 40))
    posts = []
    for name in draw(st.lists(st.sampled_from(POSTS), min_size=1, max_size=3, unique=True)):
        seats = draw(st.integers(1, 3))
        names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=5, unique=True))
        votes = {n: draw(st.integers(0, voted)) for n in names}
        posts.append(PostTally(name, seats, tuple(names), votes))
    rel_pairs = draw(
        st.lists(
            st.tuples(st.sampled_from(NAMES), st.sampled_from(NAMES), st.sampled_from((None, *KIN_1045))),
            max_size=3,
        )
    )
    relatives = tuple((a, b) if k is None else (a, b, k) for a, b, k in rel_pairs if a != b)
    earlier = draw(st.sampled_from(((), (("主任", ("F",)),), (("委员", ("E",)),))))
    return law, profile, rnd, voted, tuple(posts), relatives, earlier


@settings(max_examples=400, deadline=None)
@given(elections())
def test_no_one_is_elected_twice_and_seats_add_up(case: tuple) -> None:  # type: ignore[type-arg]
    law_code, profile_code, rnd, voted, posts, relatives, earlier = case
    law = get_law(law_code)
    if law.kind == "party":
        v = decide_party(
            PartyElection(
                law=law, round=rnd, electors=voted, present=voted, ballots_returned=voted, posts=posts
            )
        )
        earlier_names: set[str] = set()
    else:
        v = decide(
            Election(
                law=law,
                profile=get_profile(profile_code),
                round=rnd,
                registered=voted,
                voted=voted,
                ballots_returned=voted,
                ballots_issued=voted,
                posts=posts,
                relatives=relatives,
                elected_earlier=earlier,
            )
        )
        earlier_names = {n for _, names in earlier for n in names}
    seen: set[str] = set(earlier_names)
    for r in v.posts:
        assert not seen & set(r.elected), (r.post, r.elected, seen, case)
        seen |= set(r.elected)
        assert len(r.elected) + r.runoff_seats + r.unfilled == r.seats, r
        assert len(set(r.elected)) == len(r.elected)


def test_supplementary_mode_with_a_single_seat() -> None:
    prof = dataclasses.replace(get_profile("henan"), two_posts_seat="supplementary")
    v = henan(tally("主任", 1, {"A": 600}), tally("副主任", 1, {"A": 700, "C": 550}), prof=prof)
    assert v.posts[1].elected == ()
    assert v.posts[1].unfilled == 1
    assert v.posts[1].supplementary_candidates == ("C",)


@st.composite
def ballot_elections(draw: st.DrawFn) -> tuple[str, str, tuple[PostTally, ...], list]:  # type: ignore[type-arg]
    law = draw(st.sampled_from(sorted(c for c, law in LAWS.items() if law.kind != "party")))
    profile = draw(st.sampled_from(sorted(PROFILES)))
    posts = tuple(
        PostTally(name, draw(st.integers(1, 2)), NAMES[:4])
        for name in draw(st.lists(st.sampled_from(POSTS[:3]), min_size=1, max_size=3, unique=True))
    )
    section = st.lists(st.sampled_from(NAMES[:4]), max_size=3)
    rows = draw(st.lists(st.one_of(st.none(), st.tuples(*[section.map(tuple) for _ in posts])), max_size=30))
    return law, profile, posts, rows


@settings(max_examples=200, deadline=None)
@given(ballot_elections())
def test_individual_ballots_never_elect_a_person_twice(case: tuple) -> None:  # type: ignore[type-arg]
    from huanjie.rules.counting import count_ballots

    law_code, profile_code, posts, rows = case
    law, profile = get_law(law_code), get_profile(profile_code)
    counted = count_ballots(posts, rows, profile, law)
    n = max(counted.ballots, 1)
    v = decide(
        Election(
            law=law,
            profile=profile,
            round="first",
            registered=n,
            voted=n,
            ballots_returned=counted.ballots,
            ballots_issued=counted.ballots,
            posts=counted.posts,
        )
    )
    seen: set[str] = set()
    for r in v.posts:
        assert not seen & set(r.elected)
        seen |= set(r.elected)
        assert len(r.elected) + r.runoff_seats + r.unfilled == r.seats


def test_relatives_revote_refill_keeps_one_seat_each() -> None:
    # Found by the property test: B and E (spouses) tie for 主任 and vote again; the 主任 seats left are
    # refilled, and C, already a 委员, must not be elected 主任 as well without leaving the 委员 seat.
    v = decide(
        Election(
            law=get_law("village-2025"),
            profile=get_profile("national"),
            round="first",
            registered=10,
            voted=10,
            ballots_returned=10,
            posts=(tally("委员", 1, {"C": 9}), tally("主任", 3, {"B": 9, "E": 9, "X": 8, "C": 7})),
            relatives=(("B", "E", "配偶"),),
        )
    )
    members, head = v.posts
    assert set(members.elected) & set(head.elected) == set()
    assert head.runoff == ("B", "E")
    assert head.elected == ("X", "C")
    assert members.elsewhere == ("C",)
