"""The leaders' dashboards (issue 15 req. 3): one page per city, county or town of the user's
jurisdiction assembling the figures of ``progress_selectors`` (progress, overdue, elections per day),
the results board's numbers, the risks and petitions by area; each figure drills to the level below
and, at the last level, to the villages behind a count (``progress_selectors.village_list``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from huanjie.org.models import OrgUnit
from huanjie.stats import progress_selectors as ps


@dataclass
class ResultsBoard:
    """The results board's headline: villages whose committee's result is certified, handed over,
    out of all (the figures of the stage figure's totals), and the elections app's board."""

    villages: int
    elected: int
    handed_over: int
    board_url: str

    @property
    def elected_percent(self) -> int:
        return round(100 * self.elected / self.villages) if self.villages else 0


@dataclass
class Dashboard:
    scope: ps.Scope
    parent: OrgUnit | None
    progress: ps.Progress
    risks: ps.Figure
    petitions: ps.Figure
    results: ResultsBoard
    crumbs: list[OrgUnit]

    @property
    def figures(self) -> list[ps.Figure]:
        p = self.progress
        return [p.stages, p.batches, p.overdue, p.daily, self.risks, self.petitions]

    def as_json(self) -> dict[str, Any]:
        return {f.key: f.as_json() for f in self.figures}


def dashboard(user: Any, code: str) -> Dashboard:
    """Every figure of the unit's dashboard."""
    prog = ps.progress(user, code)
    s = prog.scope
    totals = dict(zip([x.key for x in prog.stages.series], prog.stages.totals, strict=True))
    board = ResultsBoard(
        villages=sum(prog.stages.base),
        elected=totals.get("elected", 0),
        handed_over=totals.get("handover", 0),
        board_url=reverse("elections_results:index"),
    )
    crumbs: list[OrgUnit] = []
    parent = ps.parent_in_scope(user, s.unit)
    up = parent
    while up is not None:
        crumbs.insert(0, up)
        up = ps.parent_in_scope(user, up) if up.parent_id else None
    return Dashboard(
        scope=s,
        parent=parent,
        progress=prog,
        risks=ps.risk_figure(user, code),
        petitions=ps.petition_figure(user, code),
        results=board,
        crumbs=crumbs,
    )
