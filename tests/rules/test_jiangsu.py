"""The ``jiangsu`` profile (issue 8 req. 8; shared/reference/jiangsu.md §13.3, §13.9).

Verified rows cite J1 (《江苏省村民委员会选举办法》 2019) Arts. 3–4 or J3 (民政厅 规程); every other row
inherits the national law of the text in force and says so; no unverified Jiangsu article is cited.
"""

from __future__ import annotations

from collections.abc import Mapping

from huanjie.rules.counting import Election, PostTally, Verdict, decide
from huanjie.rules.profiles import get_law, get_profile
from huanjie.rules.schedule import procedure

INHERITED = "江苏省村民委员会选举办法相应条款未核实，适用国家法律 [M]"


def tally(post: str, seats: int, votes: Mapping[str, int]) -> PostTally:
    return PostTally(post, seats, tuple(votes), dict(votes))


def js(
    *posts: PostTally, registered: int = 1200, voted: int, returned: int | None = None, **kw: object
) -> Verdict:
    return decide(
        Election(
            law=get_law(kw.pop("law", "village-2025")),  # type: ignore[arg-type]
            profile=get_profile("jiangsu"),
            round=kw.pop("round", "first"),  # type: ignore[arg-type]
            registered=registered,
            voted=voted,
            ballots_returned=voted if returned is None else returned,
            posts=posts,
            **kw,  # type: ignore[arg-type]
        )
    )


def test_js1_turnout_cites_the_national_article_and_says_it_is_inherited() -> None:
    v = js(tally("主任", 1, {"A": 400}), voted=600)
    assert not v.valid
    step = v.steps[0]
    assert step.citation == f"村民委员会组织法(2025) 第十八条；{INHERITED}"
    assert step.provenance == "inherited"
    assert step.basis == "statute"
    assert js(tally("主任", 1, {"A": 400}), voted=601).valid


def test_js2_majority_of_those_voting() -> None:
    v = js(tally("主任", 1, {"A": 401, "B": 380}), registered=1000, voted=801)
    assert v.posts[0].elected == ("A",)
    v = js(tally("主任", 1, {"A": 400, "B": 380}), registered=1000, voted=801)
    assert v.posts[0].elected == ()
    assert v.next == "supplementary"


def test_js3_supplementary_one_third_and_no_vacancy_rule() -> None:
    v = js(tally("委员", 1, {"C": 234, "D": 230}), registered=1000, voted=700, round="supplementary")
    assert v.posts[0].elected == ("C",)
    v = js(
        tally("委员", 1, {"C": 233, "D": 230}),
        registered=1000,
        voted=700,
        round="supplementary",
        elected_earlier=(("主任", ("A",)), ("委员", ("B", "E"))),
    )
    assert v.posts[0].elected == ()
    # Row 8: no verified vacancy rule → a decision outside the text is needed.
    assert v.next == "decision_needed"
    step = next(s for s in v.steps if s.rule == "counting.vacancy.shortfall")
    assert step.provenance == "judgement"
    assert "江苏省相应条款未核实" in step.text
    assert "江苏" not in step.citation or "未核实" in step.citation
    assert js(tally("委员", 1, {"C": 233}), registered=1000, voted=699, round="supplementary").posts[
        0
    ].elected == ("C",)


def test_women_row_cites_the_verified_article() -> None:
    v = js(tally("委员", 2, {"A": 700, "B": 650}), voted=1000, registered=1000, women=frozenset({"W"}))
    step = next(s for s in v.steps if s.rule == "counting.women.missing")
    assert step.citation == "江苏省村民委员会选举办法 第三条"
    assert step.provenance == "verified"


def test_relatives_only_from_2026_and_inherited() -> None:
    posts = (tally("主任", 1, {"A": 700}), tally("委员", 1, {"B": 600, "C": 550}))
    v = js(*posts, law="village-2018", voted=1000, registered=1000, relatives=(("A", "B", "配偶"),))
    assert v.posts[1].elected == ("B",)
    v = js(*posts, voted=1000, registered=1000, relatives=(("A", "B", "配偶"),))
    assert v.posts[1].elected == ("C",)
    step = next(s for s in v.steps if s.rule == "counting.relatives.drop")
    assert step.citation == f"村民委员会组织法(2025) 第八条；{INHERITED}"
    assert step.provenance == "inherited"


def test_no_unverified_jiangsu_article_is_ever_cited() -> None:
    allowed = {"江苏省村民委员会选举办法 第三条", "江苏省村民委员会选举办法 第四条"}
    for law in ("village-2018", "village-2025"):
        for rule in procedure(law, "jiangsu"):
            for part in rule.citation.split("；"):
                if part.startswith("江苏省村民委员会选举办法 第"):
                    assert part in allowed
    v = js(tally("主任", 1, {"A": 400}), voted=601, women=frozenset({"A"}))
    for s in v.steps:
        for part in s.citation.split("；"):
            if part.startswith("江苏省村民委员会选举办法 第"):
                assert part in allowed
