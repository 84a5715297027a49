"""Recall of committee members (罢免).

村民委员会组织法(2018) 第十六条 / (2025) 第十九条: “本村五分之一以上有选举权的村民或者三分之一以上的
村民代表联名，可以提出罢免村民委员会成员的要求…罢免村民委员会成员，须有登记参加选举的村民过半数投票，
并须经投票的村民过半数通过。” 城市居民委员会组织法(2025) 第二十条: petition by “十分之一以上有选举权的
居民或者户的代表，或者三分之一以上的居民代表”; the vote needs more than half of the voters (or household
representatives), or more than 2/3 of the 居民代表, and more than half of those voting must approve.

“以上” includes the boundary (民法典 第一千二百五十九条), so the petition tests are inclusive; “过半数”
is strict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from huanjie.rules.counting import MODE_BASE_NAME, Mode, majority_min
from huanjie.rules.explain import Explanation, Step
from huanjie.rules.profiles import Law

PetitionBy = Literal["voters", "representatives"]


@dataclass(frozen=True)
class RecallResult:
    """Whether the petition (or the vote) succeeds, and why."""

    ok: bool
    steps: tuple[Step, ...]


def _frac_text(num: int, den: int) -> str:
    names = {(1, 5): "五分之一", (1, 10): "十分之一", (1, 3): "三分之一", (2, 3): "三分之二"}
    return names.get((num, den), f"{num}/{den}")


def recall_petition(law: Law, signatures: int, base: int, by: PetitionBy = "voters") -> RecallResult:
    """The petition succeeds when ``signatures >= share × base``: 1/5 of the voters (community 2025:
    1/10 of the voters or household representatives), or 1/3 of the representatives."""
    share = law.recall_petition_voters if by == "voters" else law.recall_petition_representatives
    ok = signatures * share.denominator >= base * share.numerator
    who = "有选举权的人员" if by == "voters" else "代表"
    frac = _frac_text(share.numerator, share.denominator)
    cite = law.cite(law.recall_article)
    least = -(-base * share.numerator // share.denominator)
    verdict = "达到" if ok else f"未达到（至少需 {least} 人）"
    ex = Explanation()
    ex.add(
        "recall.petition",
        cite,
        f"罢免联名 {signatures} 人，{verdict}{who} {base} 人的{frac}，"
        + ("罢免要求成立" if ok else "罢免要求不成立")
        + f"（{cite}）",
    )
    return RecallResult(ok, tuple(ex.steps))


def recall_vote(law: Law, registered: int, voted: int, yes: int, mode: Mode = "all_voters") -> RecallResult:
    """The recall passes when the turnout is reached (more than half of the registered; 居民代表 mode:
    more than 2/3) and ``yes * 2 > voted``."""
    cite = law.cite(law.recall_article)
    base_name = MODE_BASE_NAME[mode]
    ex = Explanation()
    if mode == "representatives":
        share = law.representatives_turnout
        turnout_ok = voted * share.denominator > registered * share.numerator
        frac = _frac_text(share.numerator, share.denominator)
    else:
        turnout_ok = voted * 2 > registered
        frac = "半数"
    if not turnout_ok:
        ex.add(
            "recall.turnout",
            cite,
            f"参加罢免投票 {voted} 人，未超过{base_name} {registered} 人的{frac}，罢免投票无效（{cite}）",
        )
        return RecallResult(False, tuple(ex.steps))
    ex.add(
        "recall.turnout",
        cite,
        f"参加罢免投票 {voted} 人，超过{base_name} {registered} 人的{frac}，罢免投票有效（{cite}）",
    )
    passed = yes * 2 > voted
    ex.add(
        "recall.approval",
        cite,
        f"赞成罢免 {yes} 票，"
        + (
            f"超过参加投票 {voted} 人的半数，罢免通过"
            if passed
            else f"未超过参加投票 {voted} 人的半数（至少需 {majority_min(voted)} 票），罢免未通过"
        )
        + f"（{cite}）",
    )
    return RecallResult(passed, tuple(ex.steps))
