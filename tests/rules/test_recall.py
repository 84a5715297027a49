"""Recall (issue 3 req 5; legal-rules.md §1–2, worked example 14)."""

from __future__ import annotations

import pytest

from huanjie.rules.profiles import get_law
from huanjie.rules.recall import recall_petition, recall_vote

V2025 = get_law("village-2025")
C2025 = get_law("community-2025")


@pytest.mark.parametrize(("signatures", "ok"), [(200, True), (199, False), (201, True)])
def test_example_14_petition_one_fifth_inclusive(signatures: int, ok: bool) -> None:
    r = recall_petition(V2025, signatures, 1000)
    assert r.ok is ok
    if ok:
        assert r.steps[0].text == (
            f"罢免联名 {signatures} 人，达到有选举权的人员 1000 人的五分之一，罢免要求成立"
            "（村民委员会组织法(2025) 第十九条）"
        )
    else:
        assert "未达到（至少需 200 人）" in r.steps[0].text


def test_petition_odd_base_rounds_up() -> None:
    assert not recall_petition(V2025, 200, 1001).ok
    assert recall_petition(V2025, 201, 1001).ok


def test_petition_by_representatives_one_third() -> None:
    assert recall_petition(V2025, 10, 30, by="representatives").ok
    r = recall_petition(V2025, 9, 30, by="representatives")
    assert not r.ok
    assert "代表 30 人的三分之一" in r.steps[0].text


def test_community_2025_one_tenth() -> None:
    assert recall_petition(C2025, 100, 1000).ok
    assert not recall_petition(C2025, 99, 1000).ok
    assert not recall_petition(get_law("village-2018"), 100, 1000).ok
    assert "十分之一" in recall_petition(C2025, 99, 1000).steps[0].text


@pytest.mark.parametrize(
    ("voted", "yes", "ok", "steps"),
    [
        (501, 251, True, 2),
        (501, 250, False, 2),
        (500, 400, False, 1),
        (1000, 501, True, 2),
        (1000, 500, False, 2),
    ],
)
def test_example_14_vote(voted: int, yes: int, ok: bool, steps: int) -> None:
    r = recall_vote(V2025, 1000, voted, yes)
    assert r.ok is ok
    assert len(r.steps) == steps
    if voted == 500:
        assert r.steps[0].text == (
            "参加罢免投票 500 人，未超过登记选民 1000 人的半数，罢免投票无效"
            "（村民委员会组织法(2025) 第十九条）"
        )
    elif ok:
        assert r.steps[1].text.startswith(f"赞成罢免 {yes} 票，超过参加投票 {voted} 人的半数，罢免通过")
    else:
        assert f"（至少需 {voted // 2 + 1} 票），罢免未通过" in r.steps[1].text


def test_representatives_mode_vote_needs_two_thirds() -> None:
    r = recall_vote(C2025, 30, 20, 20, mode="representatives")
    assert not r.ok
    assert "居民代表 30 人的三分之二" in r.steps[0].text
    assert recall_vote(C2025, 30, 21, 11, mode="representatives").ok
    assert not recall_vote(C2025, 30, 21, 10, mode="representatives").ok


def test_unusual_fraction_is_shown_as_ratio() -> None:
    import dataclasses
    from fractions import Fraction

    law = dataclasses.replace(V2025, recall_petition_voters=Fraction(1, 4))
    r = recall_petition(law, 250, 1000)
    assert r.ok
    assert "1/4" in r.steps[0].text
