"""Problems found in an import file: :class:`Problem` (row, column, value, reason in Chinese),
the :class:`Report` that collects them, and the two errors of the kit."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

ERROR = "error"
WARNING = "warning"
#: Problems kept for display; the counts are always exact.
PROBLEM_LIMIT = 2000


#: Digits of a number shown in full; longer ones are shortened (a cell may hold 5,000 digits).
DISPLAY_DIGITS = 40


def display_value(value: Any) -> str:
    """A cell's value as the user typed it (for messages and the preview)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return "（超出范围的数字）"
        if value.is_integer():
            return _digits(int(value))
    if isinstance(value, int):
        return _digits(value)
    if isinstance(value, str) and len(value) > 200:
        return f"{value[:DISPLAY_DIGITS].strip()}…（共 {len(value):,} 个字符）"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _digits(value: int) -> str:
    if value.bit_length() <= 3 * DISPLAY_DIGITS:  # up to about 36 digits: exact
        return str(value)
    # Never str() a huge int (Python refuses beyond 4,300 digits): an estimate of its length.
    return f"（{'-' if value < 0 else ''}约 {int(value.bit_length() * 0.30103) + 1:,} 位的数字）"


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding: ``row`` is the row number as shown in Excel (None: the whole file)."""

    row: int | None
    column: str
    value: str
    reason: str
    level: str = ERROR

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
            "level": self.level,
        }


class ImportFileError(Exception):
    """The file cannot be read at all (wrong format, undecodable text, no header). Chinese message."""


class CellError(ValueError):
    """A cell whose content does not fit its column; the message is the Chinese reason."""


class Report:
    """Collects problems; keeps the first PROBLEM_LIMIT for display and counts all of them."""

    def __init__(self, limit: int = PROBLEM_LIMIT) -> None:
        self.limit = limit
        self.problems: list[Problem] = []
        self.errors = 0
        self.warnings = 0
        self.bad_rows: set[int] = set()

    def add(self, problem: Problem) -> None:
        if problem.level == ERROR:
            self.errors += 1
            if problem.row is not None:
                self.bad_rows.add(problem.row)
        else:
            self.warnings += 1
        if len(self.problems) < self.limit:
            self.problems.append(problem)

    def error(self, row: int | None, column: str, value: Any, reason: str) -> None:
        self.add(Problem(row, column, display_value(value), reason, ERROR))

    def warning(self, row: int | None, column: str, value: Any, reason: str) -> None:
        self.add(Problem(row, column, display_value(value), reason, WARNING))

    def clear(self) -> None:
        """Forget every problem (a fork checking part of the rows starts from none)."""
        self.problems, self.errors, self.warnings, self.bad_rows = [], 0, 0, set()

    def state(self) -> tuple[Any, ...]:
        """Everything reported, as plain values (``marshal``-able), for :meth:`merge`."""
        return (
            [(p.row, p.column, p.value, p.reason, p.level) for p in self.problems],
            self.errors,
            self.warnings,
            list(self.bad_rows),
        )

    def merge(self, state: tuple[Any, ...]) -> None:
        """Add what another report found (its :meth:`state`) about rows after this one's: the counts
        add up, and the problems kept are the first ``limit`` by row of both (each report keeps its
        first ones, so none of those is lost)."""
        problems, errors, warnings, bad_rows = state
        self.errors += errors
        self.warnings += warnings
        self.bad_rows.update(bad_rows)
        kept = self.problems + [Problem(*p) for p in problems]
        kept.sort(key=lambda p: -1 if p.row is None else p.row)  # stable: a row's own order stays
        self.problems = kept[: self.limit]

    def sorted_problems(self, column_order: dict[str, int]) -> list[Problem]:
        return sorted(
            self.problems,
            key=lambda p: (p.row if p.row is not None else -1, column_order.get(p.column, -1)),
        )
