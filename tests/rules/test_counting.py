"""Counting of villagers' and residents' committee elections (issue 3 req 3; legal-rules.md §9–10)."""

from __future__ import annotations

import random
from collections.abc import Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huanjie.rules.counting import (
    BallotRow,
    Election,
    Mode,
    PostTally,
    Round,
    Verdict,
    count_ballots,
    decide,
    fill_seats,
    first_of,
    majority_min,
    post_rank,
    third_min,
)
from huanjie.rules.profiles import get_law, get_profile


def post(
    name: str, seats: int, votes: Mapping[str, int], candidates: tuple[str, ...] | None = None, **kw: object
) -> PostTally:
    return PostTally(
        post=name,
        seats=seats,
        candidates=tuple(votes) if candidates is None else candidates,
        votes=dict(votes),
        **kw,  # type: ignore[arg-type]
    )


def run(
    *posts: PostTally,
    registered: int = 1000,
    voted: int = 1000,
    returned: int | None = None,
    law: str = "village-2025",
    profile: str = "national",
    round: Round = "first",
    mode: Mode = "all_voters",
    issued: int | None = None,
    women: frozenset[str] | None = None,
    relatives: tuple[tuple[str, str], ...] = (),
    earlier: tuple[tuple[str, tuple[str, ...]], ...] = (),
) -> Verdict:
    return decide(
        Election(
            law=get_law(law),
            profile=get_profile(profile),
            round=round,
            registered=registered,
            voted=voted,
            ballots_returned=voted if returned is None else returned,
            posts=posts,
            mode=mode,
            ballots_issued=issued,
            women=women,
            relatives=relatives,
            elected_earlier=earlier,
        )
    )


def texts(v: Verdict) -> str:
    return "\n".join(s.text for s in v.steps)


# ---- helpers ------------------------------------------------------------------------------------


def test_threshold_helpers_odd_and_even() -> None:
    assert majority_min(1000) == 501
    assert majority_min(999) == 500
    assert majority_min(0) == 1
    assert third_min(900) == 300
    assert third_min(680) == 227
    assert third_min(901) == 301
    assert third_min(902) == 301


def test_first_of_precedence() -> None:
    assert first_of(["none", "supplementary", "runoff"]) == "runoff"
    assert first_of(["new_election", "supplementary"]) == "supplementary"
    assert first_of(["none", "revote"]) == "revote"
    assert first_of([]) == "none"


def test_post_rank() -> None:
    order = ["主任", "书记员", "委员"]
    assert post_rank("主任", order) < post_rank("副主任", order) < post_rank("委员", order)
    assert post_rank("书记员", order) == 4 + 1
    assert post_rank("其他", order) == 4 + 3


def test_fill_seats_tie_at_cut_off() -> None:
    ranked = [("A", 10), ("B", 8), ("C", 8), ("D", 1)]
    assert fill_seats(ranked, 2, lambda v: v > 5) == (["A"], ["B", "C"], 1)
    assert fill_seats(ranked, 3, lambda v: v > 5) == (["A", "B", "C"], [], 0)
    assert fill_seats(ranked, 1, lambda v: v > 5) == (["A"], [], 0)


# ---- worked example 1: turnout ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("registered", "voted", "valid"),
    [(1000, 500, False), (1000, 501, True), (999, 499, False), (999, 500, True)],
)
def test_example_1_turnout(registered: int, voted: int, valid: bool) -> None:
    v = run(post("主任", 1, {"A": voted, "B": 0}), registered=registered, voted=voted)
    assert v.valid is valid
    assert v.next == ("none" if valid else "revote")
    assert v.posts[0].elected == (("A",) if valid else ())
    if valid:
        assert v.steps[0].text == (
            f"参加投票 {voted} 人，超过登记选民 {registered} 人的半数，选举有效"
            "（村民委员会组织法(2025) 第十八条）"
        )
    else:
        assert v.steps[0].text.startswith(f"参加投票 {voted} 人，未超过登记选民 {registered} 人的半数")
        assert v.posts[0].next == "revote"


def test_turnout_cites_2018_article() -> None:
    v = run(post("主任", 1, {"A": 600}), voted=620, law="village-2018")
    assert v.steps[0].citation == "村民委员会组织法(2018) 第十五条"
    assert (
        v.steps[0].text
        == "参加投票 620 人，超过登记选民 1000 人的半数，选举有效（村民委员会组织法(2018) 第十五条）"
    )


@pytest.mark.parametrize(("voted", "valid"), [(66, False), (67, True), (60, False)])
def test_representatives_mode_needs_more_than_two_thirds(voted: int, valid: bool) -> None:
    # 100 居民代表: 2/3 = 66.67, so 67 is needed; 300 → 200 exactly is not enough.
    v = run(
        post("主任", 1, {"A": voted}),
        registered=100,
        voted=voted,
        law="community-2025",
        mode="representatives",
    )
    assert v.valid is valid
    assert "居民代表 100 人的三分之二" in v.steps[0].text
    v = run(
        post("主任", 1, {"A": 200}), registered=300, voted=200, law="community-2025", mode="representatives"
    )
    assert not v.valid


def test_households_mode_names_the_base() -> None:
    v = run(post("主任", 1, {"A": 300}), registered=500, voted=300, law="community-2025", mode="households")
    assert v.valid
    assert v.steps[0].text.startswith("参加投票 300 人，超过户的代表 500 人的半数")


# ---- worked example 2: ballots versus voters ----------------------------------------------------


def test_example_2_more_ballots_than_voters_voids_the_round() -> None:
    v = run(post("主任", 1, {"A": 400, "B": 200}), voted=620, returned=621)
    assert not v.valid
    assert v.next == "revote"
    assert v.posts[0].next == "revote"
    assert "收回选票 621 张，多于投票人数 620，本次投票无效，应重新投票" in texts(v)


def test_example_2_fewer_ballots_is_valid_and_threshold_stays_on_voters() -> None:
    # P = 620, B = 618: the threshold is still P/2 = 310, so 310 loses and 311 wins.
    v = run(post("委员", 2, {"A": 311, "B": 310, "C": 200}), voted=620, returned=618)
    assert v.valid
    assert v.posts[0].elected == ("A",)
    assert v.posts[0].unfilled == 1
    assert v.next == "supplementary"


def test_henan_compares_ballots_with_ballots_issued() -> None:
    p = post("主任", 1, {"A": 400})
    v = run(p, voted=620, returned=621, issued=625, profile="henan")
    assert v.valid
    assert "收回选票 621 张，不多于发出的选票 625" in texts(v)
    v = run(p, voted=620, returned=626, issued=625, profile="henan")
    assert not v.valid
    # without the number issued, Henan falls back on the voters.
    v = run(p, voted=620, returned=621, profile="henan")
    assert not v.valid


# ---- worked examples 3, 6, 7: first round -------------------------------------------------------


def test_example_3_exactly_half_is_not_elected_and_invalid_stay_in_base() -> None:
    v = run(post("主任", 1, {"A": 400, "B": 388}, invalid=12), registered=1000, voted=800)
    assert v.posts[0].elected == ()
    assert v.posts[0].unfilled == 1
    assert v.posts[0].invalid == 12
    assert "主任 A 得 400 票，未超过参加投票 800 人的半数（至少需 401 票），未当选" in texts(v)
    v = run(post("主任", 1, {"A": 401, "B": 387}, invalid=12), registered=1000, voted=800)
    assert v.posts[0].elected == ("A",)


def test_example_6_qualifier_beyond_the_seats_is_not_elected() -> None:
    v = run(post("委员", 3, {"A": 720, "B": 650, "C": 610, "D": 530}))
    r = v.posts[0]
    assert r.elected == ("A", "B", "C")
    assert r.runoff == ()
    assert r.next == "none"
    assert v.next == "none"
    assert "委员 D 得 530 票，虽过半数，但应选 3 名已按得票多少选满，未当选" in texts(v)


def test_example_7_tie_at_cut_off_goes_to_runoff() -> None:
    v = run(post("委员", 3, {"A": 720, "B": 650, "C": 560, "D": 560}))
    r = v.posts[0]
    assert r.elected == ("A", "B")
    assert r.runoff == ("C", "D")
    assert r.runoff_seats == 1
    assert r.unfilled == 0
    assert v.next == "runoff"
    # the run-off: plurality among the tied; again tied → again a run-off.
    v = run(post("委员", 1, {"C": 501, "D": 499}), round="runoff")
    assert v.posts[0].elected == ("C",)
    assert v.next == "none"
    v = run(post("委员", 1, {"C": 500, "D": 500}), round="runoff")
    assert v.posts[0].runoff == ("C", "D")
    assert v.next == "runoff"


def test_tie_below_threshold_is_not_a_runoff() -> None:
    v = run(post("委员", 2, {"A": 700, "B": 400, "C": 400}))
    assert v.posts[0].elected == ("A",)
    assert v.posts[0].runoff == ()
    assert v.posts[0].supplementary_candidates == ("B", "C")


def test_write_in_can_win_first_round() -> None:
    v = run(post("主任", 1, {"A": 300, "X": 600}, candidates=("A", "B")))
    assert v.posts[0].elected == ("X",)
    assert [n for n, _ in v.posts[0].votes] == ["X", "A", "B"]


# ---- worked example 8, 9: supplementary round ---------------------------------------------------


def test_example_8_first_round_and_supplementary() -> None:
    v = run(post("委员", 3, {"A": 610, "B": 480, "C": 450, "D": 300, "E": 150}), registered=1200, voted=900)
    r = v.posts[0]
    assert r.elected == ("A", "B")
    assert r.unfilled == 1
    assert r.supplementary_candidates == ("C", "D")
    assert r.next == "supplementary"
    assert v.next == "supplementary"
    assert "委员 C 得 450 票，未超过参加投票 900 人的半数（至少需 451 票），未当选" in texts(v)
    v2 = run(
        post("委员", 1, {"C": 430, "D": 390}, invalid=20),
        registered=1200,
        voted=840,
        returned=840,
        round="supplementary",
        earlier=(("委员", ("A", "B")),),
    )
    assert v2.valid
    assert v2.posts[0].elected == ("C",)
    assert v2.next == "none"
    assert (
        "委员 另行选举 C 得 430 票，得票多且不少于已投选票 840 张的三分之一（至少需 280 票），当选"
        in texts(v2)
    )


@pytest.mark.parametrize(("c_votes", "elected"), [(300, ("C",)), (299, ())])
def test_example_9_one_third_boundary(c_votes: int, elected: tuple[str, ...]) -> None:
    v = run(
        post("委员", 1, {"C": c_votes, "D": 290}),
        voted=900,
        round="supplementary",
        profile="zhejiang",
        earlier=(("主任", ("A",)), ("委员", ("B", "E"))),
    )
    assert v.posts[0].elected == elected
    if not elected:
        # ZJ Art. 30: three members elected → the seat may stay vacant.
        assert v.posts[0].unfilled == 1
        assert v.posts[0].next == "none"
        assert "另行选举后当选 3 人，不少于 3 人，不足的名额可以空缺" in texts(v)


def test_example_9_vacancy_rules_by_province() -> None:
    base = {"voted": 900, "round": "supplementary"}
    p = post("委员", 1, {"C": 299, "D": 290})
    two = (("主任", ("A",)), ("委员", ("B",)))
    three_no_head = (("委员", ("B", "E", "F")),)
    four = (("主任", ("A",)), ("委员", ("B", "E", "F")))
    # Shanghai: fewer than 3 → another 另行选举 with the non-winners.
    v = run(p, profile="shanghai", earlier=two, **base)  # type: ignore[arg-type]
    assert v.next == "supplementary"
    assert v.posts[0].supplementary_candidates == ("C", "D")
    assert "另行选举后当选 2 人，少于 3 人，应再行另行选举（上海市村民委员会选举办法 第二十一条）" in texts(v)
    v = run(p, profile="shanghai", earlier=(("主任", ("A",)), ("委员", ("B", "E"))), **base)  # type: ignore[arg-type]
    # SH Art. 21: “不足的名额是否暂缺，由村民会议或者村民代表会议决定”.
    assert v.next == "assembly_decides"
    assert "另行选举后当选 3 人，不少于 3 人，是否暂缺由村民会议或者村民代表会议决定" in texts(v)
    # Zhejiang with 2 → new election.
    v = run(p, profile="zhejiang", earlier=two, **base)  # type: ignore[arg-type]
    assert v.next == "new_election"
    assert v.posts[0].supplementary_candidates == ()
    # Beijing: more than 3 and the 主任 → may stop; 3 without 主任 → not.
    v = run(p, profile="beijing", earlier=four, **base)  # type: ignore[arg-type]
    # BJ Art. 30: “经村民会议或者村民代表会议决定，可以不再另行选举”.
    assert v.next == "assembly_decides"
    assert "另行选举后当选 4 人，不少于 4 人且主任已选出，是否暂缺由村民会议或者村民代表会议决定" in texts(v)
    v = run(p, profile="beijing", earlier=(("委员", ("B", "E", "F", "G")),), **base)  # type: ignore[arg-type]
    assert v.next == "new_election"
    # BJ Art. 30 does not say the seats may not stay vacant, nor that the election is re-run: judgement.
    t = texts(v)
    assert "不得空缺" not in t
    assert "另行选举后当选 4 人，主任未选出；办法未规定此时如何处理，" in t
    assert "按本配置（new_election）应重新组织选举〔判断〕" in t
    step = next(s for s in v.steps if s.rule == "counting.vacancy.shortfall")
    assert step.provenance == "judgement"
    assert step.basis == "provincial+judgement"
    v = run(p, profile="beijing", earlier=three_no_head, **base)  # type: ignore[arg-type]
    assert v.next == "new_election"
    # Henan: no vacancy allowed at all.
    v = run(p, profile="henan", registered=1000, issued=900, earlier=four, **base)  # type: ignore[arg-type]
    assert v.next == "new_election"
    assert "本省办法无职位空缺的规定" in texts(v)
    # Community law: at least 5 members even where the province says 3.
    v = run(p, profile="zhejiang", law="community-2025", earlier=four, **base)  # type: ignore[arg-type]
    assert v.next == "new_election"


def test_supplementary_tie_and_seats_full() -> None:
    v = run(post("委员", 1, {"C": 400, "D": 400, "E": 100}), voted=900, round="supplementary")
    assert v.posts[0].runoff == ("C", "D")
    assert v.next == "runoff"
    v = run(post("委员", 1, {"C": 500, "D": 350, "E": 50}), voted=900, round="supplementary")
    assert v.posts[0].elected == ("C",)
    assert "委员 另行选举 D 得 350 票，名额已按得票多少选满，未当选" in texts(v)


def test_supplementary_ignores_write_ins_for_winning() -> None:
    v = run(
        post("委员", 1, {"C": 300, "D": 200, "X": 400}, candidates=("C", "D")),
        voted=900,
        round="supplementary",
    )
    assert v.posts[0].elected == ("C",)
    assert "投给其他人的 400 票不计入当选" in texts(v)


def test_supplementary_no_turnout_rule_by_default() -> None:
    v = run(post("委员", 1, {"C": 200, "D": 100}), registered=1000, voted=300, round="supplementary")
    assert v.valid
    assert v.posts[0].elected == ("C",)
    assert "法律和本省办法未规定另行选举的参选人数要求，本配置不另设要求" in texts(v)


# ---- worked example 10: Henan supplementary -----------------------------------------------------


def test_example_10_henan_supplementary_turnout() -> None:
    p = post("委员", 1, {"C": 300, "D": 190})
    v = run(p, registered=1000, voted=490, issued=490, round="supplementary", profile="henan")
    assert not v.valid
    assert v.next == "revote"
    assert "另行选举参加投票 490 人，未超过登记选民 1000 人的半数（至少需 501 人）" in texts(v)
    v = run(p, registered=1000, voted=500, issued=500, round="supplementary", profile="henan")
    assert not v.valid


@pytest.mark.parametrize(
    ("c", "d", "elected"),
    [(301, 250, ("C",)), (300, 250, ("C",)), (200, 199, ("C",)), (199, 198, ()), (250, 250, ())],
)
def test_example_10_henan_majority_first_then_one_third(c: int, d: int, elected: tuple[str, ...]) -> None:
    v = run(
        post("委员", 1, {"C": c, "D": d}),
        registered=1000,
        voted=600,
        issued=600,
        round="supplementary",
        profile="henan",
        earlier=(("主任", ("A",)), ("委员", ("B", "E"))),
    )
    assert v.valid
    assert v.posts[0].elected == elected
    if c == 301:
        assert "委员 另行选举 C 得 301 票，超过参加投票 600 人的半数，当选" in texts(v)
    if c == 300:
        assert "改以得票多且不少于已投选票 600 张三分之一（至少 200 票）者当选" in texts(v)
    if c == d:
        assert v.posts[0].runoff == ("C", "D")
        assert v.next == "runoff"
    elif not elected:
        assert v.next == "new_election"


def test_henan_majority_winners_then_third_for_remaining_seats() -> None:
    v = run(
        post("委员", 2, {"C": 350, "D": 220, "E": 30}),
        registered=1000,
        voted=600,
        issued=600,
        round="supplementary",
        profile="henan",
    )
    assert v.posts[0].elected == ("C", "D")
    step = next(s for s in v.steps if s.rule == "counting.supplementary.majority_several")
    assert step.provenance == "judgement"
    assert "第三十八条未规定其余名额如何产生" in step.text


def test_henan_majority_only_with_several_seats() -> None:
    import dataclasses

    from huanjie.rules.profiles import PROFILES

    prof = dataclasses.replace(
        get_profile("henan"), code="henan-majority-only", majority_first_several="majority_only"
    )
    PROFILES[prof.code] = prof
    try:
        v = run(
            post("委员", 2, {"C": 350, "D": 220, "E": 30}),
            registered=1000,
            voted=600,
            issued=600,
            round="supplementary",
            profile=prof.code,
        )
    finally:
        del PROFILES[prof.code]
    assert v.posts[0].elected == ("C",)
    assert v.posts[0].unfilled == 1
    assert "按本配置其余名额不再以三分之一产生" in texts(v)


def test_henan_majority_tie() -> None:
    v = run(
        post("委员", 1, {"C": 301, "D": 301}),
        registered=1000,
        voted=700,
        issued=700,
        round="supplementary",
        profile="henan",
    )
    assert v.posts[0].runoff == ("C", "D")


# ---- worked example 4, 5: ballots ----------------------------------------------------------------


def tally_ballots(rows: list[BallotRow], profile: str = "national") -> tuple[PostTally, ...]:
    posts = (
        PostTally("主任", 1, ("X", "Y")),
        PostTally("委员", 3, ("A", "B", "C", "D", "X")),
    )
    return count_ballots(posts, rows, get_profile(profile), get_law("village-2025")).posts


def test_example_4_overmarked_section_invalid_but_counted() -> None:
    rows: list[BallotRow] = [
        (("X",), ("A", "B", "C", "Z")),  # 4 names for 3 seats: 委员 section invalid
        (("Y",), ("A", "B")),  # 2 marks: valid
        ((), ()),  # all abstain: valid, no votes
        None,  # unreadable
    ]
    posts = (PostTally("主任", 1, ("X", "Y")), PostTally("委员", 3, ("A", "B", "C", "D")))
    bc = count_ballots(posts, rows, get_profile("national"), get_law("village-2025"))
    assert bc.ballots == 4
    assert bc.unreadable == 1
    assert bc.overmarked == (0, 1)
    zhuren, weiyuan = bc.posts
    assert dict(zhuren.votes) == {"X": 1, "Y": 1}
    assert zhuren.invalid == 1
    assert dict(weiyuan.votes) == {"A": 1, "B": 1}
    assert weiyuan.invalid == 2
    assert "委员栏有 1 张选票所选人数多于应选 3 名" in "\n".join(s.text for s in bc.steps)


def test_duplicate_name_in_a_section_is_invalid() -> None:
    zhuren, weiyuan = tally_ballots([((), ("A", "A"))])
    assert dict(weiyuan.votes) == {}
    assert weiyuan.invalid == 1
    assert zhuren.invalid == 0


def test_example_5_same_person_two_posts_zhejiang_voids_ballot() -> None:
    zhuren, weiyuan = tally_ballots([(("X",), ("X", "A"))], profile="zhejiang")
    assert dict(zhuren.votes) == {}
    assert dict(weiyuan.votes) == {}
    assert zhuren.invalid == 1
    assert weiyuan.invalid == 1


def test_example_5_same_person_two_posts_default_keeps_higher() -> None:
    rows: list[BallotRow] = [(("X",), ("X", "A"))] * 2
    posts = (PostTally("主任", 1, ("X", "Y")), PostTally("委员", 3, ("A", "B", "X")))
    bc = count_ballots(posts, rows, get_profile("national"), get_law("village-2025"))
    assert bc.two_posts == 2
    zhuren, weiyuan = bc.posts
    assert dict(zhuren.votes) == {"X": 2}
    assert dict(weiyuan.votes) == {"A": 2}
    assert zhuren.invalid == weiyuan.invalid == 0
    assert "2 张选票将同一人选为两项职务，保留较高职务的一票" in "\n".join(s.text for s in bc.steps)


def test_two_posts_rule_ignores_invalid_sections_and_uses_rank_not_order() -> None:
    # posts given lowest first: the rank still keeps the 主任 vote.
    posts = (PostTally("委员", 1, ("A", "X")), PostTally("主任", 1, ("X",)))
    bc = count_ballots(
        posts, [(("X",), ("X",)), (("X", "A"), ("X",))], get_profile("national"), get_law("village-2025")
    )
    weiyuan, zhuren = bc.posts
    assert dict(zhuren.votes) == {"X": 2}
    assert dict(weiyuan.votes) == {}
    assert weiyuan.invalid == 1  # the over-marked one
    assert bc.two_posts == 1


def test_ballot_with_wrong_number_of_sections_raises() -> None:
    with pytest.raises(ValueError, match="expected 2"):
        tally_ballots([(("X",),)])


def test_ballots_feed_decide() -> None:
    rows: list[BallotRow] = [(("X",), ("A", "B", "C"))] * 6 + [(("Y",), ("D",))] * 4
    posts = (PostTally("主任", 1, ("X", "Y")), PostTally("委员", 3, ("A", "B", "C", "D")))
    bc = count_ballots(posts, rows, get_profile("national"), get_law("village-2025"))
    v = run(*bc.posts, registered=15, voted=10, returned=bc.ballots)
    assert v.posts[0].elected == ("X",)
    assert v.posts[1].elected == ("A", "B", "C")


# ---- worked example 12: women --------------------------------------------------------------------


def test_example_12_zhejiang_women_line() -> None:
    women = frozenset({"W1", "W2"})
    v = run(
        post("主任", 1, {"A": 600, "B": 100}),
        post("委员", 2, {"C": 500, "D": 400, "W2": 10}),
        post("妇女委员", 1, {"W1": 330, "W2": 300}, women_line=True),
        registered=1000,
        voted=700,
        profile="zhejiang",
        women=women,
    )
    assert v.women_missing is True
    wl = v.posts[2]
    assert wl.elected == ()
    assert wl.women_line
    assert wl.next == "supplementary"
    assert wl.supplementary_candidates == ("W1", "W2")
    assert "妇女委员 W1 得 330 票，未超过参加投票 700 人的半数（至少需 351 票），未当选" in texts(v)
    assert "单列妇女委员一栏" in texts(v)
    v2 = run(
        post("妇女委员", 1, {"W1": 240, "W2": 200}, women_line=True),
        registered=1000,
        voted=680,
        round="supplementary",
        profile="zhejiang",
        women=women,
        earlier=(("主任", ("A",)), ("委员", ("C",))),
    )
    assert v2.posts[0].elected == ("W1",)
    assert v2.women_missing is False
    assert "已选出妇女成员 W1" in texts(v2)
    assert "至少需 227 票" in texts(v2)


def test_women_line_supplementary_keeps_only_women() -> None:
    v = run(
        post("妇女委员", 1, {"W1": 300, "M": 290, "W2": 100}, women_line=True),
        voted=700,
        profile="zhejiang",
        women=frozenset({"W1", "W2"}),
    )
    assert v.posts[0].supplementary_candidates == ("W1", "W2")


def test_beijing_at_least_one_woman_adds_a_woman_candidate() -> None:
    v = run(
        post("委员", 2, {"A": 600, "B": 400, "C": 300, "W": 200}),
        voted=1000,
        profile="beijing",
        women=frozenset({"W"}),
    )
    r = v.posts[0]
    assert r.elected == ("A",)
    assert r.supplementary_candidates == ("B", "C", "W")
    assert v.women_missing is True
    assert "至少有一名妇女" in texts(v)


def test_national_women_note_only() -> None:
    v = run(post("委员", 1, {"A": 600, "W": 300}), women=frozenset({"W"}))
    assert v.women_missing is True
    assert "尚未选出妇女成员，村民委员会成员中应当有妇女成员（村民委员会组织法(2025) 第八条）" in texts(v)
    assert run(post("委员", 1, {"A": 600})).women_missing is None


# ---- worked example 13: near relatives -----------------------------------------------------------


def ex13(e_votes: int, round: Round = "first") -> Verdict:
    return run(
        post("主任", 1, {"A": 620, "F": 300}),
        post("委员", 2, {"B": 520, "G": 600, "E": e_votes, "H": 100}),
        profile="zhejiang",
        relatives=(("B", "A"),),
    )


def test_example_13_relatives_keep_higher_post_and_fill() -> None:
    v = ex13(505)
    assert v.posts[0].elected == ("A",)
    assert v.posts[1].elected == ("G", "E")
    assert v.posts[1].dropped == ("B",)
    assert v.next == "none"
    t = texts(v)
    assert (
        "A 与 B 为近亲属，A 职务较高予以保留，B 的委员当选不予确认"
        "（村民委员会组织法(2025) 第八条；浙江省村民委员会选举办法 第三十一条）" in t
    )
    assert "委员 空出的名额由得票次多且达到当选票数的 E（505 票）递补" in t


def test_example_13_no_fill_goes_to_supplementary() -> None:
    v = ex13(480)
    assert v.posts[1].elected == ("G",)
    assert v.posts[1].unfilled == 1
    assert v.posts[1].next == "supplementary"
    assert v.posts[1].supplementary_candidates == ("E", "H")
    assert "委员 无达到当选票数的递补人选" in texts(v)


def test_relatives_same_post_keep_higher_vote_tie_revote_and_fill_tie() -> None:
    v = run(
        post("委员", 2, {"B": 700, "C": 600, "D": 550, "E": 550}), relatives=(("B", "C"),), profile="shanghai"
    )
    assert v.posts[0].elected == ("B",)
    assert v.posts[0].runoff == ("D", "E")
    assert v.posts[0].runoff_seats == 1
    assert v.next == "runoff"
    v = run(post("委员", 2, {"B": 600, "C": 600, "D": 550}), relatives=(("C", "B"),), law="village-2025")
    # only one of B and C may sit: the other seat goes to the next qualifier (D, 550 > 500).
    assert v.posts[0].elected == ("D",)
    assert v.posts[0].runoff == ("B", "C")
    assert v.posts[0].runoff_seats == 1
    assert v.posts[0].unfilled == 0
    assert v.next == "runoff"
    assert "B 与 C 为近亲属，同任委员且得票相等（600 票），应就二人重新投票" in texts(v)


def test_relatives_not_applied_without_the_rule() -> None:
    v = run(post("委员", 2, {"B": 600, "C": 600}), relatives=(("B", "C"),), law="village-2018")
    assert v.posts[0].elected == ("B", "C")


def test_relatives_with_earlier_rounds() -> None:
    # the earlier 主任 stays; this round's 委员 relative is dropped.
    v = run(
        post("委员", 1, {"B": 400, "E": 350}),
        voted=900,
        round="supplementary",
        profile="zhejiang",
        relatives=(("A", "B"),),
        earlier=(("主任", ("A",)), ("委员", ("C", "D"))),
    )
    assert v.posts[0].elected == ("E",)
    assert v.posts[0].dropped == ("B",)
    # same post: the earlier winner is kept.
    v = run(
        post("委员", 1, {"B": 400, "E": 350}),
        voted=900,
        round="supplementary",
        profile="zhejiang",
        relatives=(("C", "B"),),
        earlier=(("主任", ("A",)), ("委员", ("C", "D"))),
    )
    assert v.posts[0].elected == ("E",)
    assert "B 已在前轮当选" not in texts(v)
    assert "C 已在前轮当选予以保留" in texts(v)
    # the earlier one holds the lower post: their earlier election is undone.
    v = run(
        post("主任", 1, {"A": 600, "F": 300}),
        profile="zhejiang",
        relatives=(("A", "C"),),
        earlier=(("委员", ("C", "D")),),
    )
    assert v.posts[0].elected == ("A",)
    assert "C（前轮当选委员）与 A 为近亲属，A 职务较高，C 的当选应予撤销" in texts(v)
    # pairs where one is not elected, or both were elected earlier, change nothing.
    v = run(
        post("主任", 1, {"A": 600}),
        profile="zhejiang",
        relatives=(("A", "Z"), ("C", "D")),
        earlier=(("委员", ("C", "D")),),
    )
    assert v.posts[0].elected == ("A",)
    assert "近亲属" not in texts(v)


def test_relatives_runoff_fill_takes_next_candidate() -> None:
    v = run(
        post("委员", 1, {"A": 60, "B": 40}),
        relatives=(("A", "X"),),
        round="runoff",
        earlier=(("主任", ("X",)),),
    )
    assert v.posts[0].elected == ("B",)


# ---- supplementary candidate list ------------------------------------------------------------------


def test_supplementary_candidates_tied_last_place_all_kept_and_shortage_flagged() -> None:
    v = run(post("委员", 3, {"A": 700, "B": 300, "C": 200, "D": 200, "E": 100}))
    assert v.posts[0].supplementary_candidates == ("B", "C", "D")
    v = run(post("委员", 3, {"A": 700, "B": 300}))
    assert v.posts[0].supplementary_candidates == ("B",)
    assert "（不足应选名额加 1 名，应补充提名）" in texts(v)
    v = run(post("委员", 1, {"A": 300}))
    assert v.posts[0].supplementary_candidates == ("A",)


def test_top_level_next_precedence_across_posts() -> None:
    v = run(
        post("主任", 1, {"A": 400, "B": 400}),
        post("副主任", 1, {"C": 500, "D": 500}),
        post("委员", 1, {"E": 200, "F": 300}),
        voted=1000,
    )
    assert [p.next for p in v.posts] == ["supplementary", "supplementary", "supplementary"]
    v = run(post("主任", 1, {"A": 600, "B": 400}), post("委员", 2, {"E": 700, "F": 700, "G": 700}))
    assert [p.next for p in v.posts] == ["none", "runoff"]
    assert v.next == "runoff"


def test_henan_supplementary_relatives_fill_uses_majority_or_third() -> None:
    v = run(
        post("委员", 2, {"B": 400, "C": 350, "D": 210, "E": 100}),
        registered=1000,
        voted=600,
        issued=600,
        round="supplementary",
        profile="henan",
        relatives=(("B", "C"),),
    )
    assert v.posts[0].elected == ("B", "D")
    assert v.posts[0].dropped == ("C",)


# ---- property tests ------------------------------------------------------------------------------


NAMES = ("A", "B", "C", "D", "E", "F")


@st.composite
def first_rounds(draw: st.DrawFn) -> tuple[int, int, dict[str, int]]:
    voted = draw(st.integers(min_value=1, max_value=2000))
    n = draw(st.integers(min_value=1, max_value=len(NAMES)))
    seats = draw(st.integers(min_value=1, max_value=3))
    votes = {name: draw(st.integers(min_value=0, max_value=voted)) for name in NAMES[:n]}
    return voted, seats, votes


@given(first_rounds(), st.sampled_from(["first", "runoff", "supplementary"]))
@settings(max_examples=300, deadline=None)
def test_never_more_winners_than_seats(case: tuple[int, int, dict[str, int]], rnd: Round) -> None:
    voted, seats, votes = case
    v = run(post("委员", seats, votes), registered=voted, voted=voted, round=rnd)
    r = v.posts[0]
    assert len(r.elected) <= seats
    assert len(r.elected) + r.runoff_seats + r.unfilled == seats
    assert r.runoff_seats <= len(r.runoff)
    if rnd == "first":
        assert all(votes[n] * 2 > voted for n in r.elected)
    if rnd == "supplementary":
        assert all(votes[n] * 3 >= voted for n in r.elected)


@given(first_rounds())
@settings(max_examples=300, deadline=None)
def test_exactly_half_never_wins_a_first_round(case: tuple[int, int, dict[str, int]]) -> None:
    voted, seats, votes = case
    voted = voted * 2 - voted % 2  # even base
    votes = {n: min(v, voted) for n, v in votes.items()}
    votes["A"] = voted // 2
    v = run(post("委员", seats, votes), registered=voted, voted=voted)
    assert "A" not in v.posts[0].elected
    assert "A" not in v.posts[0].runoff


@given(first_rounds(), st.sampled_from(["first", "runoff", "supplementary"]))
@settings(max_examples=300, deadline=None)
def test_one_more_vote_never_makes_a_winner_lose(case: tuple[int, int, dict[str, int]], rnd: Round) -> None:
    voted, seats, votes = case
    before = run(post("委员", seats, votes), registered=voted + 1, voted=voted, round=rnd)
    for winner in before.posts[0].elected:
        more = dict(votes)
        more[winner] += 1
        # the extra vote comes with one more voter and one more ballot, raising the thresholds.
        after = run(post("委员", seats, more), registered=voted + 1, voted=voted + 1, round=rnd)
        assert winner in after.posts[0].elected


@st.composite
def ballot_sets(draw: st.DrawFn) -> list[BallotRow]:
    section = st.lists(st.sampled_from(NAMES[:4]), max_size=3).map(tuple)
    row = st.one_of(
        st.none(), st.tuples(st.lists(st.sampled_from(NAMES[:2]), max_size=2).map(tuple), section)
    )
    return draw(st.lists(row, min_size=1, max_size=40))


@given(ballot_sets(), st.randoms(use_true_random=False), st.sampled_from(["national", "zhejiang"]))
@settings(max_examples=200, deadline=None)
def test_permuting_ballots_changes_nothing(rows: list[BallotRow], rnd: object, profile: str) -> None:
    assert isinstance(rnd, random.Random)
    posts = (PostTally("主任", 1, NAMES[:2]), PostTally("委员", 2, NAMES[:4]))
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    a = count_ballots(posts, rows, get_profile(profile), get_law("village-2025"))
    b = count_ballots(posts, shuffled, get_profile(profile), get_law("village-2025"))
    assert a == b
    n = len(rows)
    va = run(*a.posts, registered=n, voted=n, profile=profile)
    vb = run(*b.posts, registered=n, voted=n, profile=profile)
    assert va == vb


def test_two_posts_keep_higher_skips_invalid_middle_section() -> None:
    posts = (
        PostTally("主任", 1, ("X",)),
        PostTally("副主任", 1, ("Y", "Z")),
        PostTally("委员", 2, ("X", "A")),
    )
    bc = count_ballots(
        posts, [(("X",), ("Y", "Z"), ("X", "A"))], get_profile("national"), get_law("village-2025")
    )
    zhuren, fu, weiyuan = bc.posts
    assert dict(zhuren.votes) == {"X": 1}
    assert fu.invalid == 1
    assert dict(weiyuan.votes) == {"A": 1}
    assert bc.two_posts == 1


def test_women_line_votes_for_a_man_cannot_elect() -> None:
    v = run(
        post("妇女委员", 1, {"M": 600, "W1": 380, "W2": 20}, candidates=("W1", "W2"), women_line=True),
        voted=1000,
        profile="zhejiang",
        women=frozenset({"W1", "W2"}),
    )
    assert v.posts[0].elected == ()
    assert v.posts[0].supplementary_candidates == ("W1", "W2")
    assert (
        "妇女委员为单列的妇女委员一栏，投给非妇女人员的 600 票不计入当选"
        "（浙江省村民委员会选举办法 第二十九条）" in texts(v)
    )
    v = run(
        post("妇女委员", 1, {"M": 600, "W1": 520}, candidates=("W1",), women_line=True),
        voted=1000,
        profile="zhejiang",
        women=frozenset({"W1"}),
    )
    assert v.posts[0].elected == ("W1",)


def test_relatives_earlier_drop_reported_once_with_other_pairs() -> None:
    v = run(
        post("主任", 1, {"A": 600, "F": 300}),
        post("委员", 2, {"G": 700, "H": 650, "I": 550}),
        profile="zhejiang",
        relatives=(("A", "C"), ("G", "H")),
        earlier=(("委员", ("C",)),),
    )
    assert v.posts[1].elected == ("G", "I")
    assert v.posts[1].dropped == ("H",)
    assert texts(v).count("C（前轮当选委员）与 A 为近亲属") == 1
