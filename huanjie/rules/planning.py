"""Planning rules as pure data: which law text is in force on a date, and the seat bounds it sets.

The law version is never a campaign setting: each step is judged by the text in force on its date
(the 2018 texts until 2025-12-31, the 2025 texts from 2026-01-01), so a campaign with December pilots
spans both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from huanjie.rules.profiles import LAWS, Law, LawKind


def law_in_force(kind: LawKind, on: date) -> Law | None:
    """The ``kind`` law (village, community or party) in force on ``on``: the latest text whose
    ``effective_from`` is not after ``on``; ``None`` before the earliest text known."""
    candidates = [law for law in LAWS.values() if law.kind == kind and law.effective_from <= on]
    return max(candidates, key=lambda law: law.effective_from, default=None)


@dataclass(frozen=True)
class SeatBounds:
    """How many members a 村（居）民委员会 may have, and the article that says so."""

    minimum: int
    maximum: int
    citation: str


def committee_seat_bounds(kind: LawKind, on: date) -> SeatBounds | None:
    """The 村民委员会 (``village``: 3–7, 村民委员会组织法(2018) 第六条 / (2025) 第八条) or 居民委员会
    (``community``: 5–9, 城市居民委员会组织法(2018) 第七条 / (2025) 第八条) bounds on ``on``; the number
    within them is decided by the 村民会议 or 村民代表会议 (居民会议). ``None`` before any text."""
    law = law_in_force(kind, on)
    if law is None:
        return None
    return SeatBounds(law.members_min, law.members_max, law.cite(law.composition_article))


def seat_count_problem(kind: LawKind, on: date, members: int) -> str | None:
    """Why ``members`` seats decided on ``on`` are outside the law's bounds (Chinese), else None."""
    bounds = committee_seat_bounds(kind, on)
    if bounds is None:
        return f"{on:%Y-%m-%d} 尚无适用的法律文本，请核对决定日期"
    if not bounds.minimum <= members <= bounds.maximum:
        return f"职数应为 {bounds.minimum} 至 {bounds.maximum} 人（{bounds.citation}）"
    return None
