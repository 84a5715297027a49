"""Elections without candidates (issue 8 req. 12): 浙江省村民委员会选举办法
第二十条、第二十一条、第二十九条 (自荐直选: “选民可以投票选举自荐人，可以另选其他选民”;
“另行选举也可以实行无候选人的自荐直选”); 河南 第二十二条、
第二十九条 (不确定候选人的选举方式); 上海 第十一条 (“具体方式由村民会议或者村民代表会议决定”) [M]."""

from __future__ import annotations

import pytest

from huanjie.elections.cli.tally import TallyInputError, run
from huanjie.rules.counting import Election, PostTally, decide
from huanjie.rules.profiles import get_law, get_profile


def open_post(seats: int, votes: dict[str, int]) -> PostTally:
    return PostTally("委员", seats, (), votes)


def test_anyone_can_be_elected_with_the_profiles_threshold() -> None:
    v = decide(
        Election(
            law=get_law("village-2018"),
            profile=get_profile("zhejiang"),
            round="first",
            registered=1000,
            voted=800,
            ballots_returned=800,
            posts=(open_post(2, {"甲": 500, "乙": 401, "丙": 400}),),
            method="no_candidates",
        )
    )
    assert v.posts[0].elected == ("甲", "乙")  # ZJ Art. 28: more than half of 800
    step = next(s for s in v.steps if s.rule == "counting.method.no_candidates")
    assert step.citation == "浙江省村民委员会选举办法 第二十条"
    assert not any(s.rule == "counting.method.no_candidates_2025" for s in v.steps)


def test_supplementary_round_open_to_anyone_and_2025_flag() -> None:
    v = decide(
        Election(
            law=get_law("village-2025"),
            profile=get_profile("henan"),
            round="supplementary",
            registered=1000,
            voted=600,
            ballots_returned=600,
            ballots_issued=600,
            posts=(open_post(1, {"丁": 250, "戊": 100}),),
            method="no_candidates",
        )
    )
    assert v.posts[0].elected == ("丁",)  # HN Art. 38: no majority → most votes with ≥ 1/3 (200)
    flag = next(s for s in v.steps if s.rule == "counting.method.no_candidates_2025")
    assert flag.provenance == "judgement"


def test_profiles_without_the_method_refuse_it() -> None:
    with pytest.raises(ValueError, match="没有无候选人的选举方式"):
        decide(
            Election(
                law=get_law("village-2025"),
                profile=get_profile("beijing"),
                round="first",
                registered=10,
                voted=10,
                ballots_returned=10,
                posts=(open_post(1, {"甲": 6}),),
                method="no_candidates",
            )
        )


def test_json_with_blank_ballot_lines() -> None:
    doc = {
        "law": "village-2018",
        "profile": "zhejiang",
        "method": "no_candidates",
        "registered": 9,
        "voted": 7,
        "posts": [{"post": "主任", "seats": 1}, {"post": "委员", "seats": 2}],
        "ballots": [
            {"主任": ["甲"], "委员": ["乙", "丙"]},
            {"主任": ["甲"], "委员": ["乙"]},
            {"主任": ["甲"], "委员": []},
            {"主任": ["甲"], "委员": ["乙", "丙"]},
            {"委员": ["丙", "乙"]},
            {"主任": ["丁"]},
            {},
        ],
    }
    out = run(doc)
    assert out["posts"][0]["elected"] == ["甲"]
    assert out["posts"][1]["elected"] == ["乙"]
    assert out["posts"][1]["next"] == "supplementary"
    supp = {
        **doc,
        "round": "supplementary",
        "posts": [{"post": "委员", "seats": 1, "votes": {"丙": 3, "戊": 2}}],
        "ballots_returned": 7,
        "elected_earlier": {"主任": ["甲"], "委员": ["乙"]},
    }
    del supp["ballots"]
    assert run(supp)["posts"][0]["elected"] == ["丙"]
    with pytest.raises(TallyInputError, match="字段 method 北京市的配置没有无候选人的选举方式"):
        run({**doc, "profile": "beijing"})
