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
class StructurePanel:
    """班子结构与目标 (req. 3, from req. 1's ``structure_selectors``, the one source of every
    structure figure): the unit's targets checked on the new term, and a figure of the targets
    measured in % per area of the level below (values to one decimal; ``None``: no data yet)."""

    checks: list[Any]
    figure: ps.Figure
    page_url: str


def structure_panel(user: Any, code: str) -> StructurePanel | None:
    """The structure against the targets of a city, county or town; ``None`` before any campaign or
    when the campaign sets no structure target."""
    from huanjie.stats import structure_selectors as ss

    s = ps.scope_of(user, code)
    if s.campaign is None:
        return None
    uf = ss.figures(user, s.campaign, s.unit, basis="after")
    if not uf.targets:
        return None
    shares = [t for t in uf.targets if t.unit == "%"]
    children = uf.children
    c = s.campaign

    def link(child: OrgUnit, key: str) -> str:
        if not s.leaf_children:
            return reverse("stats_dash:unit", args=[child.code]) + "#fig-structure"
        return reverse("stats_structure:drill", args=[c.pk, child.code, key])

    series = [
        ps.Series(
            t.code,
            f"{t.label}（目标 {t.range_text}）",
            [_one_decimal(row.values[t.figure_key].value) for row in children],
            [link(row.unit, t.figure_key) for row in children],
        )
        for t in shares
    ]
    figure = ps.Figure(
        "structure",
        f"{s.unit.name}各{s.child_label}换届后班子结构（%）",
        "area",
        [row.unit.name for row in children],
        [row.unit.code for row in children],
        series,  # type: ignore[arg-type]
        note="按已产生新一届班子的村（社区）计算，一人多职计一次；口径见“班子结构”页面。",
        list_url=reverse("stats_structure:unit", args=[c.pk, s.unit.code]),
    )
    return StructurePanel(uf.targets, figure, figure.list_url)


def _one_decimal(value: Any) -> float | None:
    """For the chart only (verdicts are decided on exact fractions by structure_selectors)."""
    return None if value is None else round(float(value), 1)


@dataclass
class Dashboard:
    scope: ps.Scope
    parent: OrgUnit | None
    progress: ps.Progress
    risks: ps.Figure
    petitions: ps.Figure
    results: ResultsBoard
    crumbs: list[OrgUnit]
    structure: StructurePanel | None = None

    @property
    def figures(self) -> list[ps.Figure]:
        p = self.progress
        return [p.stages, p.batches, p.overdue, p.daily, self.risks, self.petitions]

    def as_json(self) -> dict[str, Any]:
        out = {f.key: f.as_json() for f in self.figures}
        if self.structure is not None:
            out["structure"] = self.structure.figure.as_json()
        return out


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
        structure=structure_panel(user, code),
    )
