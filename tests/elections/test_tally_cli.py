"""The ``huanjie tally`` JSON contract (issue 3 req 10): elections.cli.tally and the management command."""

from __future__ import annotations

import copy
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from huanjie.elections.cli.tally import SCHEMA_PATH, TallyInputError, run

ROOT = Path(__file__).resolve().parents[2]

EX8: dict[str, Any] = {
    "law": "village-2025",
    "profile": "zhejiang",
    "registered": 1200,
    "voted": 900,
    "ballots_returned": 900,
    "posts": [
        {
            "post": "委员",
            "seats": 3,
            "candidates": ["A", "B", "C", "D", "E"],
            "votes": {"A": 610, "B": 480, "C": 450, "D": 300, "E": 150},
            "invalid": 10,
        }
    ],
}


def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def with_(doc: dict[str, Any], **changes: Any) -> dict[str, Any]:
    out = copy.deepcopy(doc)
    for key, value in changes.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = value
    return out


# ---- output contract --------------------------------------------------------------------------


def test_example_8_output() -> None:
    jsonschema.validate(EX8, schema())
    out = run(EX8)
    assert out["valid"] is True
    assert out["next"] == "supplementary"
    [p] = out["posts"]
    assert p["elected"] == ["A", "B"]
    assert p["runoff"] == []
    assert p["unfilled"] == 1
    assert p["supplementary_candidates"] == ["C", "D"]
    assert p["next"] == "supplementary"
    assert p["votes"] == {"A": 610, "B": 480, "C": 450, "D": 300, "E": 150}
    assert out["explanation"][0] == {
        "rule": "counting.turnout",
        "citation": "村民委员会组织法(2025) 第十八条",
        "text": "参加投票 900 人，超过登记选民 1200 人的半数，选举有效（村民委员会组织法(2025) 第十八条）",
        "basis": "statute",
        "provenance": "verified",
    }
    assert "women_missing" not in out
    assert "ballots_counted" not in out


def test_example_2_revote() -> None:
    post = {"post": "主任", "seats": 1, "candidates": ["A", "B"], "votes": {"A": 400, "B": 200}}
    out = run(with_(EX8, voted=620, ballots_returned=621, registered=1000, posts=[post]))
    assert out["valid"] is False
    assert out["next"] == "revote"
    assert out["posts"][0]["next"] == "revote"
    assert out["posts"][0]["elected"] == []


def test_precedence_runoff_over_supplementary() -> None:
    doc = with_(
        EX8,
        posts=[
            {"post": "主任", "seats": 1, "candidates": ["X", "Y"], "votes": {"X": 400, "Y": 300}},
            {
                "post": "委员",
                "seats": 2,
                "candidates": ["A", "B", "C"],
                "votes": {"A": 700, "B": 500, "C": 500},
            },
        ],
    )
    out = run(doc)
    assert [p["next"] for p in out["posts"]] == ["supplementary", "runoff"]
    assert out["next"] == "runoff"
    assert out["posts"][1]["runoff"] == ["B", "C"]
    assert out["posts"][1]["runoff_seats"] == 1


def test_new_election_after_supplementary_in_henan() -> None:
    doc = {
        "law": "village-2025",
        "profile": "henan",
        "round": "supplementary",
        "registered": 1000,
        "voted": 600,
        "ballots_issued": 600,
        "ballots_returned": 600,
        "posts": [{"post": "委员", "seats": 1, "candidates": ["C", "D"], "votes": {"C": 199, "D": 198}}],
    }
    out = run(doc)
    assert out["next"] == "new_election"
    assert out["posts"][0]["unfilled"] == 1


def test_ballots_input_counts_and_reports() -> None:
    doc = {
        "law": "village-2025",
        "profile": "zhejiang",
        "registered": 9,
        "voted": 7,
        "women": ["W"],
        "relatives": [["A", "B"]],
        "elected_earlier": {},
        "posts": [
            {"post": "主任", "seats": 1, "candidates": ["A", "C"]},
            {"post": "委员", "seats": 2, "candidates": ["B", "W", "D"]},
        ],
        "ballots": [
            {"主任": ["A"], "委员": ["B", "W"]},
            {"主任": ["A"], "委员": ["B", "W"]},
            {"主任": ["A"], "委员": ["B", "W", "D"]},
            {"主任": ["A"], "委员": ["A", "W"]},
            {"主任": ["A"], "委员": ["D", "W"]},
            {"unreadable": True},
            {"主任": ["A"], "委员": ["W"]},
        ],
    }
    jsonschema.validate(doc, schema())
    out = run(doc)
    assert out["ballots_counted"] == {
        "ballots": 7,
        "unreadable": 1,
        "overmarked": {"主任": 0, "委员": 1},
        "two_posts": 1,
    }
    zhuren, weiyuan = out["posts"]
    # ZJ: the ballot with A for both posts is void; 主任 A 5 of 7 → elected.
    assert zhuren["votes"] == {"A": 5, "C": 0}
    assert zhuren["invalid"] == 2
    assert zhuren["elected"] == ["A"]
    # 委员: W 4 of 7 → elected; B 2 is not, so the relatives rule (A, B) does not arise.
    assert weiyuan["votes"] == {"W": 4, "B": 2, "D": 1}
    assert weiyuan["invalid"] == 3
    assert weiyuan["elected"] == ["W"]
    assert out["women_missing"] is False
    rules = [s["rule"] for s in out["explanation"]]
    assert rules[:3] == ["counting.ballots.count", "counting.ballot.overmarked", "counting.ballot.two_posts"]


def test_party_document() -> None:
    doc = {
        "law": "party-2020",
        "registered": 52,
        "excluded": 2,
        "voted": 41,
        "ballots_returned": 41,
        "party_base": "entitled",
        "full_members": 52,
        "posts": [
            {
                "post": "委员",
                "seats": 5,
                "candidates": ["甲", "乙", "丙", "丁", "戊", "己"],
                "votes": {"甲": 30, "乙": 26, "丙": 25, "丁": 21, "戊": 20, "己": 10},
            }
        ],
    }
    jsonschema.validate(doc, schema())
    out = run(doc)
    assert out["posts"][0]["elected"] == ["甲", "乙"]
    assert out["next"] == "supplementary"
    out = run(with_(doc, party_base=None, voted=40, ballots_returned=40))
    assert out["valid"] is False
    out = run(
        with_(
            doc,
            round="committee",
            registered=5,
            excluded=0,
            voted=5,
            ballots_returned=5,
            full_members=None,
            posts=[{"post": "书记", "seats": 1, "candidates": ["甲"], "votes": {"甲": 3}}],
        )
    )
    assert out["posts"][0]["elected"] == ["甲"]


# ---- validation: one Chinese line naming the field -------------------------------------------------


BASE_BALLOTS: dict[str, Any] = {
    "law": "village-2025",
    "registered": 3,
    "voted": 2,
    "posts": [{"post": "主任", "seats": 1, "candidates": ["A"]}],
    "ballots": [{"主任": ["A"]}, {"主任": []}],
}


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ([], "字段 （根） 必须是 JSON 对象"),
        (with_(EX8, foo=1), "字段 foo 未定义（可用字段见 docs/tally-format.md）"),
        (with_(EX8, law=None), "字段 law 必须提供"),
        (
            with_(EX8, law="village-1998"),
            "字段 law 必须是 village-2018、village-2025、community-2018、community-2025、"
            "party-2020、party-1990 之一",
        ),
        (
            with_(EX8, profile="hubei"),
            "字段 profile 必须是 national、zhejiang、shanghai、beijing、jiangsu、henan 之一",
        ),
        (with_(EX8, round="committee"), "字段 round 必须是 first、runoff、supplementary 之一"),
        (with_(EX8, mode="households"), "字段 mode 仅适用于社区（居民委员会）选举"),
        (with_(EX8, excluded=1), "字段 excluded 仅适用于党组织选举"),
        (with_(EX8, registered=None), "字段 registered 必须提供"),
        (with_(EX8, registered=-1), "字段 registered 必须是非负整数"),
        (with_(EX8, registered=True), "字段 registered 必须是非负整数"),
        (with_(EX8, registered=10.5), "字段 registered 必须是非负整数"),
        (with_(EX8, voted=1201), "字段 voted 不能大于 registered"),
        (with_(EX8, profile="henan"), "字段 ballots_issued 必须提供（河南省办法以发出的选票核对收回的选票）"),
        (with_(EX8, ballots_returned=None), "字段 ballots_returned 必须提供"),
        (with_(EX8, posts=[]), "字段 posts 必须是非空列表"),
        (with_(EX8, posts="委员"), "字段 posts 必须是非空列表"),
        (with_(EX8, posts=[1]), "字段 posts[0] 必须是 JSON 对象"),
        (
            with_(EX8, posts=[{"post": "委员", "seats": 3, "votes": {}, "x": 1}]),
            "字段 posts[0].x 未定义（可用字段见 docs/tally-format.md）",
        ),
        (with_(EX8, posts=[{"seats": 3, "votes": {}}]), "字段 posts[0].post 必须是非空字符串"),
        (with_(EX8, posts=[{"post": " ", "seats": 3, "votes": {}}]), "字段 posts[0].post 必须是非空字符串"),
        (
            with_(
                EX8,
                posts=[{"post": "委员", "seats": 1, "votes": {}}, {"post": "委员", "seats": 1, "votes": {}}],
            ),
            "字段 posts[1].post 与前面的职位“委员”重复",
        ),
        (with_(EX8, posts=[{"post": "委员", "seats": 0, "votes": {}}]), "字段 posts[0].seats 必须是正整数"),
        (with_(EX8, posts=[{"post": "委员", "votes": {}}]), "字段 posts[0].seats 必须提供"),
        (
            with_(EX8, posts=[{"post": "委员", "seats": 1, "candidates": ["A", "A"], "votes": {}}]),
            "字段 posts[0].candidates 含有重复的姓名",
        ),
        (
            with_(EX8, posts=[{"post": "委员", "seats": 1, "candidates": "A", "votes": {}}]),
            "字段 posts[0].candidates 必须是姓名（非空字符串）列表",
        ),
        (
            with_(EX8, posts=[{"post": "委员", "seats": 1, "candidates": [""], "votes": {}}]),
            "字段 posts[0].candidates 必须是姓名（非空字符串）列表",
        ),
        (
            with_(EX8, posts=[{"post": "委员", "seats": 1, "women_line": 1, "votes": {}}]),
            "字段 posts[0].women_line 必须是 true 或 false",
        ),
        (
            with_(EX8, posts=[{"post": "委员", "seats": 1}]),
            "字段 posts[0].votes 必须提供（或在顶层提供 ballots）",
        ),
        (
            with_(EX8, round="supplementary", posts=[{"post": "委员", "seats": 1, "votes": {"C": 1}}]),
            "字段 posts[0].candidates 必须提供（再次投票和另行选举只能在候选人中选举）",
        ),
        (
            with_(EX8, posts=[{"post": "委员", "seats": 1, "votes": []}]),
            "字段 posts[0].votes 必须是 JSON 对象",
        ),
        (
            with_(EX8, posts=[{"post": "委员", "seats": 1, "votes": {" ": 1}}]),
            "字段 posts[0].votes 含有空的姓名",
        ),
        (
            with_(EX8, posts=[{"post": "委员", "seats": 1, "votes": {"A": -1}}]),
            "字段 posts[0].votes.A 必须是非负整数",
        ),
        (
            with_(EX8, posts=[{"post": "委员", "seats": 1, "votes": {}, "invalid": 901}]),
            "字段 posts[0].invalid 不能大于 ballots_returned（900）",
        ),
        (
            with_(EX8, posts=[{"post": "委员", "seats": 1, "votes": {"A": 891}, "invalid": 10}]),
            "字段 posts[0].votes.A 为 891，超过有效选票数 890（收回选票减该栏无效票）",
        ),
        (
            with_(EX8, posts=[{"post": "委员", "seats": 1, "votes": {"A": 500, "B": 401}}]),
            "字段 posts[0].votes 合计超过有效选票数 900 乘以应选名额 1",
        ),
        (with_(EX8, women="W"), "字段 women 必须是姓名（非空字符串）列表"),
        (with_(EX8, relatives="AB"), "字段 relatives 必须是姓名对的列表"),
        (with_(EX8, relatives=[["A"]]), "字段 relatives[0] 必须恰好包含两个不同的姓名"),
        (with_(EX8, relatives=[["A", "A"]]), "字段 relatives[0] 含有重复的姓名"),
        (
            with_(EX8, relatives=[["A", "B", "表亲"]]),
            "字段 relatives[0][2] 必须是 配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、孙子女、外孙子女 之一",
        ),
        (with_(EX8, relatives=[["A", "A", "配偶"]]), "字段 relatives[0] 含有重复的姓名"),
        (with_(EX8, elected_earlier=[]), "字段 elected_earlier 必须是 JSON 对象"),
        (with_(EX8, elected_earlier={"主任": "A"}), "字段 elected_earlier.主任 必须是姓名（非空字符串）列表"),
        (with_(BASE_BALLOTS, ballots={}), "字段 ballots 必须是选票列表"),
        (with_(BASE_BALLOTS, ballots=[["A"]]), "字段 ballots[0] 必须是 JSON 对象"),
        (
            with_(BASE_BALLOTS, ballots=[{"unreadable": "yes"}]),
            "字段 ballots[0].unreadable 必须是 true 或 false",
        ),
        (with_(BASE_BALLOTS, ballots=[{"书记": ["A"]}]), "字段 ballots[0].书记 不是 posts 中的职位"),
        (with_(BASE_BALLOTS, ballots=[{"主任": "A"}]), "字段 ballots[0].主任 必须是姓名（非空字符串）列表"),
        (with_(BASE_BALLOTS, ballots_returned=3), "字段 ballots_returned 为 3，与 ballots 中的选票数 2 不符"),
        (
            with_(BASE_BALLOTS, posts=[{"post": "主任", "seats": 1, "votes": {"A": 1}}]),
            "字段 posts[0].votes 与 ballots 不能同时提供（逐张选票时由系统计票）",
        ),
        (with_(BASE_BALLOTS, law="party-2020", excluded=4), "字段 excluded 不能大于 registered"),
        (with_(BASE_BALLOTS, law="party-2020", full_members="7"), "字段 full_members 必须是非负整数"),
        (
            with_(BASE_BALLOTS, law="party-2020", party_base="half"),
            "字段 party_base 必须是 present、entitled 之一",
        ),
    ],
)
def test_bad_input_names_the_field(doc: Any, message: str) -> None:
    with pytest.raises(TallyInputError) as info:
        run(doc)
    assert str(info.value) == message
    assert "\n" not in message


@pytest.mark.parametrize("marked", [[["A"]], [{"A": 1}], 5, "A", [1], [""], None])
def test_bad_ballot_markings(marked: Any) -> None:
    with pytest.raises(TallyInputError) as info:
        run(with_(BASE_BALLOTS, ballots=[{"主任": ["A"]}, {"主任": marked}]))
    assert str(info.value) == "字段 ballots[1].主任 必须是姓名（非空字符串）列表"


def test_unreadable_false_is_an_ordinary_ballot() -> None:
    out = run(
        with_(
            BASE_BALLOTS, ballots=[{"主任": ["A"], "unreadable": False}, {"unreadable": False, "主任": ["A"]}]
        )
    )
    assert out["posts"][0]["elected"] == ["A"]
    assert out["ballots_counted"]["unreadable"] == 0


def test_ballots_document_defaults_returned_and_is_valid_with_matching_count() -> None:
    out = run(with_(BASE_BALLOTS, ballots_returned=2))
    assert out["posts"][0]["elected"] == []  # 1 of 2 is not more than half
    assert out["posts"][0]["votes"] == {"A": 1}
    out = run(with_(BASE_BALLOTS, ballots=[{"主任": ["A"]}, {"主任": ["A"]}]))
    assert out["posts"][0]["elected"] == ["A"]


def test_community_modes_accepted() -> None:
    out = run(
        with_(
            EX8,
            law="community-2025",
            mode="representatives",
            registered=100,
            voted=67,
            ballots_returned=67,
            profile=None,
            posts=[{"post": "主任", "seats": 1, "votes": {"A": 50}}],
        )
    )
    assert out["valid"] is True
    assert out["profile"] == "national"


# ---- the management command ---------------------------------------------------------------------


def test_command_file_and_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "in.json"
    f.write_text(json.dumps(EX8, ensure_ascii=False), encoding="utf-8")
    buf = io.StringIO()
    call_command("tally", str(f), stdout=buf)
    assert json.loads(buf.getvalue())["posts"][0]["elected"] == ["A", "B"]
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(EX8)))
    buf = io.StringIO()
    call_command("tally", "-", stdout=buf)
    assert json.loads(buf.getvalue())["next"] == "supplementary"


def test_command_accepts_a_byte_order_mark(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "bom.json"
    f.write_text(json.dumps(EX8, ensure_ascii=False), encoding="utf-8-sig")
    buf = io.StringIO()
    call_command("tally", str(f), stdout=buf)
    assert json.loads(buf.getvalue())["valid"] is True
    monkeypatch.setattr(sys, "stdin", io.StringIO("\ufeff" + json.dumps(EX8)))
    buf = io.StringIO()
    call_command("tally", "-", stdout=buf)
    assert json.loads(buf.getvalue())["valid"] is True


def test_command_rejects_gbk_file(tmp_path: Path) -> None:
    f = tmp_path / "gbk.json"
    f.write_bytes(json.dumps(with_(EX8, women=["选举"]), ensure_ascii=False).encode("gbk"))
    with pytest.raises(CommandError) as info:
        call_command("tally", str(f))
    assert info.value.returncode == 2
    assert str(info.value).startswith(f"无法读取输入文件 {f}")


def test_command_errors_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(CommandError) as info:
        call_command("tally", str(tmp_path / "missing.json"))
    assert info.value.returncode == 2
    assert str(info.value).startswith("无法读取输入文件")
    monkeypatch.setattr(sys, "stdin", io.StringIO("{"))
    with pytest.raises(CommandError) as info:
        call_command("tally", "-")
    assert str(info.value) == "输入不是有效的 JSON：第 1 行第 2 列"
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(with_(EX8, voted=-3))))
    with pytest.raises(CommandError) as info:
        call_command("tally", "-")
    assert str(info.value) == "字段 voted 必须是非负整数"
    assert info.value.returncode == 2


def test_cli_subprocess_exit_codes() -> None:
    ok = subprocess.run(
        [sys.executable, "-m", "huanjie.cli", "tally", "-"],
        input=json.dumps(EX8),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["posts"][0]["supplementary_candidates"] == ["C", "D"]
    bad = copy.deepcopy(EX8)
    bad["posts"][0]["seats"] = 0
    err = subprocess.run(
        [sys.executable, "-m", "huanjie.cli", "tally", "-"],
        input=json.dumps(bad),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert err.returncode == 2
    assert err.stdout == ""
    lines = err.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0] == "字段 posts[0].seats 必须是正整数"
    assert "Traceback" not in err.stderr


def test_documented_examples_match_the_engine() -> None:
    import re

    text = (ROOT / "docs" / "tally-format.md").read_text(encoding="utf-8")
    blocks = [json.loads(b) for b in re.findall(r"```json\n(.*?)\n```", text, re.S)]
    ex1_in, ex1_out, ex2_in, _ex2_short, ex3_in, _ex3_short = blocks
    for doc in (ex1_in, ex2_in, ex3_in):
        jsonschema.validate(doc, schema())
    assert run(ex1_in) == ex1_out
    assert run(ex2_in)["posts"][1]["elected"] == ["W"]
    assert run(ex3_in)["posts"][0]["elected"] == ["甲", "乙", "丙", "丁"]


def test_a_registered_province_is_accepted_by_the_json_layer() -> None:
    from huanjie.elections.cli.schedule import run_schedule
    from huanjie.rules.profiles import register_profile, unregister_profile
    from tests.rules.test_new_province import TESTPROV

    doc = {**copy.deepcopy(EX8), "profile": "testprov", "ballots_issued": 900}
    with pytest.raises(TallyInputError, match="必须是"):
        run(doc)
    register_profile(TESTPROV)
    try:
        out = run(doc)
        assert out["profile"] == "testprov"
        assert out["valid"]
        ballots = next(s for s in out["explanation"] if s["rule"] == "counting.ballots_vs_voters")
        assert ballots["citation"] == "测试省村民委员会选举办法 第七条"
        # Henan-like: the ballots issued are required.
        del doc["ballots_issued"]
        with pytest.raises(TallyInputError, match="ballots_issued 必须提供（测试省办法"):
            run(doc)
        sched = run_schedule(law="village-2025", profile="testprov", election_day="2026-03-20")
        steps = {s["step"]: s for s in sched["steps"]}
        assert steps["candidate_list"]["latest"] == "2026-03-13"
    finally:
        unregister_profile("testprov")


def test_typed_relatives_and_one_seat_fields() -> None:
    doc = {
        "law": "village-2018",
        "profile": "henan",
        "registered": 1000,
        "voted": 1000,
        "ballots_issued": 1000,
        "ballots_returned": 1000,
        "relatives": [["A", "D", "兄弟姐妹"], ["A", "E", "外孙子女"]],
        "posts": [
            {"post": "主任", "seats": 1, "candidates": ["A"], "votes": {"A": 600}},
            {
                "post": "委员",
                "seats": 2,
                "candidates": ["A", "C", "D", "E"],
                "votes": {"A": 600, "C": 550, "D": 520, "E": 330},
            },
        ],
    }
    jsonschema.validate(doc, schema())
    out = run(doc)
    members = out["posts"][1]
    assert members["elected"] == ["C"]
    assert members["elsewhere"] == ["A"]
    assert members["dropped"] == ["D"]  # A's sibling (HN Art. 8)
    # E is A's 外孙子女, which HN Art. 8 does not cover: E stays on the 另行选举 list; too few names left.
    assert members["supplementary_candidates"] == ["E"]
    assert members["supplementary_short"] is True
    assert "surplus" not in members


def test_party_surplus_in_json() -> None:
    doc = {
        "law": "party-2020",
        "registered": 50,
        "voted": 45,
        "ballots_returned": 45,
        "posts": [{"post": "委员", "seats": 7, "candidates": list("甲乙丙丁戊己庚辛"), "votes": {"甲": 40}}],
    }
    out = run(doc)
    assert out["posts"][0]["surplus"] == {
        "candidates": 8,
        "seats": 7,
        "share": "1/5",
        "required_surplus": 2,
        "required_candidates": 9,
        "rounding": "ceil",
        "met": False,
    }
