"""Typed near relatives (issue 8 reqs. 2, 3, 6).

民法典 第一千零四十五条: “配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、孙子女、外孙子女为近亲属。”
Each rule covers its own kinds: 上海市村民委员会选举办法 第二条 “夫妻关系或者直系亲属关系”; 浙江省村民委员会
选举办法 第三十一条 “夫妻、父母子女、兄弟姐妹关系”; 河南省实施《村民委员会组织法》办法 第八条
“夫妻、父母、子女
或者兄弟姐妹关系”; 村民委员会组织法(2025) 第八条 “近亲属回避”. Untyped pairs are covered by every rule.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from huanjie.rules.counting import Election, PostTally, Relative, Verdict, decide
from huanjie.rules.profiles import get_law, get_profile, relatives_rule


def tally(post: str, seats: int, votes: Mapping[str, int]) -> PostTally:
    return PostTally(post, seats, tuple(votes), dict(votes))


def run(*posts: PostTally, law: str, profile: str, relatives: tuple[Relative, ...]) -> Verdict:
    return decide(
        Election(
            law=get_law(law),
            profile=get_profile(profile),
            round="first",
            registered=1000,
            voted=1000,
            ballots_returned=1000,
            ballots_issued=1000,
            posts=posts,
            relatives=relatives,
        )
    )


TWO = (tally("主任", 1, {"A": 700}), tally("委员", 2, {"B": 600, "C": 560, "D": 300}))


@pytest.mark.parametrize(
    ("law", "profile", "kind", "dropped"),
    [
        ("village-2018", "shanghai", "兄弟姐妹", False),  # SH Art. 2: spouse and direct line only
        ("village-2018", "shanghai", "祖父母", True),
        ("village-2018", "shanghai", "配偶", True),
        ("village-2018", "zhejiang", "祖父母", False),  # ZJ Art. 31: spouse, parents, children, siblings
        ("village-2018", "zhejiang", "兄弟姐妹", True),
        ("village-2018", "henan", "子女", True),  # HN Art. 8 applies under the 2018 text too
        ("village-2018", "henan", "外孙子女", False),
        ("village-2018", "national", "配偶", False),  # 2018 national text: no relatives rule
        ("village-2025", "national", "外孙子女", True),  # 2025: 近亲属 as in 民法典 Art. 1045
        ("village-2025", "zhejiang", "祖父母", True),  # national 近亲属 prevails from 2026 [M]
        ("village-2025", "shanghai", "兄弟姐妹", True),
    ],
)
def test_kinds_covered_by_each_rule(law: str, profile: str, kind: str, dropped: bool) -> None:
    v = run(*TWO, law=law, profile=profile, relatives=(("A", "B", kind),))
    assert (v.posts[1].dropped == ("B",)) is dropped
    if dropped:
        assert v.posts[1].elected == ("C",)


def test_untyped_pairs_are_covered_by_every_rule() -> None:
    for profile in ("shanghai", "zhejiang", "henan"):
        v = run(*TWO, law="village-2018", profile=profile, relatives=(("A", "B"),))
        assert v.posts[1].dropped == ("B",)


def test_henan_article_8_keeps_the_higher_post_under_the_2018_text() -> None:
    v = run(*TWO, law="village-2018", profile="henan", relatives=(("B", "A", "配偶"),))
    assert v.posts[0].elected == ("A",)
    step = next(s for s in v.steps if s.rule == "counting.relatives.drop")
    assert step.citation == "河南省实施《村民委员会组织法》办法 第八条"


def test_relatives_rule_citations() -> None:
    applies, kinds, cite = relatives_rule(get_law("village-2025"), get_profile("henan"))
    assert applies
    assert len(kinds) == 8
    assert cite == "村民委员会组织法(2025) 第八条；河南省实施《村民委员会组织法》办法 第八条"
    assert relatives_rule(get_law("village-2018"), get_profile("national")) == (False, frozenset(), "")


def test_supplementary_list_keeps_its_length_after_a_relative_is_dropped() -> None:
    # 委员 3 seats: B (A's spouse) is dropped; H (A's brother) could not take a seat either, so the
    # list skips him and still holds seats left + 1 names (ZJ Art. 29 差额; legal-rules.md §9).
    v = run(
        tally("主任", 1, {"A": 700}),
        tally("委员", 3, {"B": 600, "C": 550, "H": 450, "D": 400, "E": 300, "F": 200}),
        law="village-2018",
        profile="zhejiang",
        relatives=(("A", "B", "配偶"), ("A", "H", "兄弟姐妹")),
    )
    members = v.posts[1]
    assert members.elected == ("C",)
    assert members.unfilled == 2
    assert members.supplementary_candidates == ("D", "E", "F")
    assert not members.supplementary_short


def test_supplementary_list_short_is_flagged() -> None:
    v = run(
        tally("委员", 3, {"B": 600, "C": 400}),
        law="village-2018",
        profile="national",
        relatives=(),
    )
    assert v.posts[0].supplementary_candidates == ("C",)
    assert v.posts[0].supplementary_short
