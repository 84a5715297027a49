"""The citation registry (issue 8 req. 4): every citation the engine can emit is registered with its
document, article, verbatim text and basis; steps carry basis and provenance."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import date
from pathlib import Path

import pytest

from huanjie.rules.citations import (
    CIVIL_CODE_KIN,
    UnregisteredCitation,
    classify,
    lookup,
    registry,
)
from huanjie.rules.counting import Election, PostTally, decide
from huanjie.rules.explain import Step
from huanjie.rules.law_texts import SOURCE_FILES, TEXTS
from huanjie.rules.profiles import LAWS, PROFILES, get_law, get_profile, register_profile, unregister_profile
from huanjie.rules.schedule import build_schedule, procedure

LAWS_DIR = Path(__file__).resolve().parents[3] / "shared" / "reference" / "laws"


def tally(post: str, seats: int, votes: dict[str, int]) -> PostTally:
    return PostTally(post, seats, tuple(votes), votes)


def walk_counting() -> list[Step]:
    """Every law × profile × round × a few shapes of result: the outputs of every code path that
    emits a citation in counting (the branch-coverage suite walks the rest)."""
    out: list[Step] = []
    shapes = [
        (tally("主任", 1, {"A": 600, "B": 300}), tally("委员", 2, {"A": 700, "C": 300, "D": 290})),
        (tally("委员", 1, {"C": 299, "D": 290}),),
    ]
    for law_code, profile_code, rnd in itertools.product(
        [c for c, law in LAWS.items() if law.kind != "party"], PROFILES, ("first", "runoff", "supplementary")
    ):
        for posts, voted in itertools.product(shapes, (900, 400)):
            v = decide(
                Election(
                    law=get_law(law_code),
                    profile=get_profile(profile_code),
                    round=rnd,  # type: ignore[arg-type]
                    registered=1000,
                    voted=voted,
                    ballots_returned=voted,
                    ballots_issued=voted,
                    posts=posts,
                    women=frozenset({"C"}),
                    relatives=(("A", "C", "配偶"),),
                    elected_earlier=(("委员", ("E", "F")),) if rnd == "supplementary" else (),
                )
            )
            out.extend(v.steps)
    return out


def test_every_emitted_citation_is_registered_with_basis_and_provenance() -> None:
    steps = walk_counting()
    assert len(steps) > 500
    for s in steps:
        assert s.basis and s.provenance
        assert classify(s.citation) == (s.basis, s.provenance)
    for law_code, profile_code in itertools.product(LAWS, PROFILES):
        for rule in procedure(law_code, profile_code):
            lookup(rule.citation)
        build_schedule(law_code, profile_code, date(2026, 3, 20))


def test_an_unregistered_citation_cannot_be_emitted() -> None:
    with pytest.raises(UnregisteredCitation):
        Step("x", "某省村民委员会选举办法 第九十九条", "…")
    with pytest.raises(UnregisteredCitation):
        lookup("村民委员会组织法(2025) 第一百条")
    local = Step("x", "某市换届意见 第三条", "…", basis="local")
    assert local.provenance == "local"


def test_registry_entries_carry_text() -> None:
    reg = registry()
    for source in reg.values():
        assert source.document
        assert source.basis in ("statute", "provincial", "guidance", "party", "judgement")
        if source.provenance == "verified":
            assert source.quote, source.key
        else:
            assert source.quote or source.note, source.key
    # provincial articles are whole articles of the measures in shared/reference/laws
    zj = reg["浙江省村民委员会选举办法 第三十一条"]
    assert zj.basis == "provincial"
    assert "留任其中职务最高的人员" in zj.quote
    assert zj.origin == "laws/浙江省村民委员会选举办法(2020-07-31).md"
    assert "近亲属" in reg[CIVIL_CODE_KIN].quote


@pytest.mark.skipif(not LAWS_DIR.exists(), reason="shared/reference/laws not available")
def test_provincial_texts_are_verbatim() -> None:
    for (doc, _article), text in TEXTS.items():
        source = (LAWS_DIR / SOURCE_FILES[doc].removeprefix("laws/")).read_text(encoding="utf-8")
        for para in text.split("\n"):
            assert para in source, (doc, para[:30])


def test_community_2018_says_what_article_8_does_not_say() -> None:
    note = registry()["城市居民委员会组织法(2018) 第八条"].note
    assert "NO turnout, majority, 另行选举" in note
    v = decide(
        Election(
            law=get_law("community-2018"),
            profile=get_profile("national"),
            round="first",
            registered=1000,
            voted=600,
            ballots_returned=600,
            posts=(tally("委员", 1, {"A": 400}),),
        )
    )
    turnout = v.steps[0]
    assert (
        turnout.citation == "城市居民委员会组织法(2018) 第八条 [M]；参照村民委员会组织法(2018) 第十五条 [M]"
    )
    assert turnout.provenance == "judgement"
    assert turnout.basis == "statute+judgement"


def test_a_profile_added_at_run_time_is_registered_unverified() -> None:
    prof = dataclasses.replace(
        get_profile("national"),
        code="runtime",
        name="测试",
        measure="运行时省村民委员会选举办法",
        win_article="第九条",
    )
    register_profile(prof)
    try:
        assert classify("运行时省村民委员会选举办法 第九条") == ("provincial", "unverified")
    finally:
        unregister_profile("runtime")
    assert "运行时省村民委员会选举办法 第九条" not in registry()


def test_jiangsu_sources() -> None:
    reg = registry()
    art3 = reg["江苏省村民委员会选举办法 第三条"]
    assert art3.provenance == "verified"
    assert "应当有妇女成员" in art3.quote
    assert "jiangsu.md" in art3.origin
    assert reg["江苏省村民委员会选举规程（苏民规〔2020〕4号） 第一条"].basis == "guidance"
    # no Jiangsu article other than the verified ones is registered as verified
    verified = {k for k, s in reg.items() if k.startswith("江苏省") and s.provenance == "verified"}
    assert verified == {
        "江苏省村民委员会选举办法 第三条",
        "江苏省村民委员会选举办法 第四条",
        # the heading of chapter 6 (罢免、辞职、自行终止和补选): the province provides resignation
        "江苏省村民委员会选举办法 第六章",
        "江苏省村民委员会选举规程（苏民规〔2020〕4号） 第一条",
    }


def test_conflict_rows() -> None:
    rows = {(p.code, c.topic): c for p in PROFILES.values() for c in p.conflicts}
    before, after = date(2025, 12, 31), date(2026, 1, 1)
    assert rows["zhejiang", "委托投票的受托人"].rule_on(before) == "provincial"
    assert rows["zhejiang", "委托投票的受托人"].rule_on(after) == "national"
    assert rows["zhejiang", "委托投票的受托人"].judgement
    assert rows["zhejiang", "近亲属回避的范围"].rule_on(after) == "both"
    assert rows["zhejiang", "无候选人自荐直选"].rule_on(after) == "provincial"
    assert rows["shanghai", "近亲属回避的范围"].rule_on(after) == "both"
    assert rows["shanghai", "委托投票的受托人"].rule_on(after) == "national"
    assert rows["beijing", "任期"].rule_on(date(2019, 1, 1)) == "national"
    assert not rows["beijing", "任期"].judgement
    assert rows["beijing", "委托投票的受托人"].rule_on(after) == "national"
    assert rows["henan", "任期"].rule_on(date(2018, 12, 28)) == "provincial"
    assert rows["henan", "近亲属回避的范围"].rule_on(after) == "both"
    assert rows["henan", "委托投票的受托人"].rule_on(before) == "provincial"
    assert rows["henan", "不确定候选人的选举方式"].rule_on(after) == "provincial"
    assert rows["jiangsu", "少数民族成员"].rule_on(after) == "provincial"
    assert len(rows) == 12


def test_every_provenance_has_a_label() -> None:
    from typing import get_args

    from huanjie.rules.citations import PROVENANCE_LABELS, Provenance

    assert set(PROVENANCE_LABELS) == set(get_args(Provenance))


def test_a_page_can_label_the_provenance_of_any_rule_it_shows():
    from huanjie.rules.citations import PROVENANCE_LABELS, provenance_label, registry

    verified = next(key for key, src in registry().items() if src.provenance == "verified")
    assert provenance_label(verified) == PROVENANCE_LABELS["verified"]
    # Rules outside the registry (e.g. the committee checks) are labelled by their tag.
    assert provenance_label("中国共产党支部工作条例（试行）(2018) [M]") == PROVENANCE_LABELS["judgement"]
    assert provenance_label("某办法 第三条 [S]") == PROVENANCE_LABELS["secondary"]
    assert provenance_label("某法 第八条 [V]") == PROVENANCE_LABELS["verified"]
    assert provenance_label("未标注的规定") == PROVENANCE_LABELS["unverified"]


def test_pages_show_citations_without_their_reliability_tags():
    from huanjie.rules.citations import CITE_PARTY_APPROVAL, for_display, provenance_label

    assert CITE_PARTY_APPROVAL.endswith("[S]")
    assert for_display(CITE_PARTY_APPROVAL) == "中国共产党章程：书记、副书记报上级党组织批准"
    assert for_display("甲 [M]；乙[V]、丙 [S]") == "甲；乙、丙"
    assert for_display("村民委员会组织法(2018) 第十五条") == "村民委员会组织法(2018) 第十五条"
    # The reliability stays on the page, in Chinese, beside the citation.
    assert provenance_label(CITE_PARTY_APPROVAL) == "二手来源（未见原文）"
