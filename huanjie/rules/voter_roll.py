"""四增四减: how a voter roll changed against the previous one (选民登记, legal-rules.md §1).

村民委员会组织法(2018) 第十三条 / (2025) 第十六条 and the provincial measures make the election committee
register voters anew or update the previous roll before each election; in practice (民政部《村民委员会
选举规程》 选民登记) the update lists four kinds of additions — 新满十八周岁 (age counted to the election
day, 第十三条 “年满十八周岁”), 迁入, 恢复政治权利, other lawful new registrations — and four kinds of
removals — 死亡, 迁出, 被剥夺政治权利 (依照法律被剥夺政治权利的人除外), and other losses of the right to
vote here (e.g. registered in another place: 不得再参加其他地方). This module compares the two rolls
and names each change; the reasons of removals and non-age additions come from the roll's records.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from huanjie.rules.eligibility import VOTING_AGE, anniversary

NEW_ADULT = "new_adult"
OTHER_ADDITION = "other"
UNSTATED = "unstated"

ADDITION_LABELS = {
    NEW_ADULT: "新满十八周岁",
    "moved_in": "迁入",
    "restored": "恢复政治权利",
    OTHER_ADDITION: "其他新增",
}
REMOVAL_LABELS = {
    "died": "死亡",
    "moved_out": "迁出",
    "deprived": "被剥夺政治权利",
    "elsewhere": "在其他地方登记",
    "objection": "申诉成立移出",
    "other": "其他",
    UNSTATED: "未说明原因（上一份名单有、本名单没有）",
}


@dataclass(frozen=True)
class RollPerson:
    """One person of a roll: ``key`` identifies the person across rolls (the ID's blind index);
    ``reason``: the recorded reason of an addition (on the current roll) or removal (removed entry)."""

    key: str
    birth_date: date
    reason: str = ""


@dataclass(frozen=True)
class Change:
    key: str
    code: str
    label: str
    explanation: str


@dataclass(frozen=True)
class RollChanges:
    """四增 (``additions``) and 四减 (``removals``), each sorted by key, with counts by code."""

    additions: tuple[Change, ...]
    removals: tuple[Change, ...]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for change in (*self.additions, *self.removals):
            out[change.code] = out.get(change.code, 0) + 1
        return out


def roll_changes(
    previous: Mapping[str, RollPerson],
    current: Mapping[str, RollPerson],
    removed: Mapping[str, RollPerson],
    *,
    previous_day: date,
    voting_day: date,
) -> RollChanges:
    """Compare the previous roll (voting day ``previous_day``) with the current one (``voting_day``).

    An addition is 新满十八周岁 when the person's eighteenth birthday falls after the previous voting day
    and on or before this one (第十三条: 年满十八周岁 on the election day); otherwise the reason recorded
    on the entry (迁入, 恢复政治权利…), or 其他新增. A removal carries the reason recorded on the removed
    entry of the current roll; a person simply absent from it is 未说明原因, for the committee to state.

    Example: previous day 2023-03-20, voting day 2026-03-20: born 2008-03-20 → 新满十八周岁; born
    2008-03-21 is not on the current roll (17 on the day), so no change.
    """
    additions = []
    for key in sorted(set(current) - set(previous)):
        person = current[key]
        eighteenth = anniversary(person.birth_date, years=VOTING_AGE)
        if previous_day < eighteenth <= voting_day:
            code = NEW_ADULT
            text = f"{eighteenth.isoformat()} 年满十八周岁（上次投票日 {previous_day.isoformat()} 未满）"
        else:
            code = person.reason if person.reason in ADDITION_LABELS else OTHER_ADDITION
            text = f"本次登记原因：{ADDITION_LABELS[code]}"
        additions.append(Change(key, code, ADDITION_LABELS[code], text))
    removals = []
    for key in sorted(set(previous) - set(current)):
        gone = removed.get(key)
        code = gone.reason if gone is not None and gone.reason in REMOVAL_LABELS else UNSTATED
        removals.append(Change(key, code, REMOVAL_LABELS[code], f"移出原因：{REMOVAL_LABELS[code]}"))
    return RollChanges(tuple(additions), tuple(removals))
