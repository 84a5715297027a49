"""Pages of the statistics app's structure area (issue 15 reqs. 1, 3 in part, 8): the structure of
the user's jurisdiction before and after the election and as planned, against the campaign's
targets, child units as rows, every figure a link drilling down to the level below and at last to
the villages or persons behind it; a print view. Views are thin: structure_selectors read."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from huanjie.core.permissions import requires
from huanjie.stats import structure_selectors as sel
from huanjie.stats.capabilities import StatsCap

HEADLINE = (
    "reporting",
    "members",
    "average_age",
    "age_change",
    "college",
    "college_new",
    "women",
    "party_members",
    "one_shoulder_village",
    "one_shoulder_community",
    "cross_serving",
    "new_members",
)
"""The figures shown per child unit (the full list is in the unit's figure table)."""


def _basis(request: Any) -> str:
    basis = request.GET.get("basis", "after")
    if basis not in sel.BASES:
        raise Http404("口径无效：应为 换届前（before）、换届后（after）或 人事安排方案（plan）")
    return basis


def _ancestors(user: Any, c: Any, unit: Any) -> list[Any]:
    """The unit's ancestors within the user's jurisdiction, top-down (the breadcrumbs)."""
    top = sel.top_unit(user, c)
    return [sel.unit(user, c, p) for p in unit.ancestor_paths() if p.startswith(top.path)]


@requires(StatsCap.VIEW)
def index(request: Any) -> HttpResponse:
    campaigns = sel.campaigns(request.user)
    if not campaigns:
        return render(request, "stats/structure/none.html", {})
    chosen = campaigns[0]
    pick = request.GET.get("campaign", "")
    if pick:
        if not pick.isdigit():
            raise Http404("换届工作编号无效")
        chosen = sel.campaign(request.user, int(pick))
    top = sel.top_unit(request.user, chosen)
    context = _unit_context(request, chosen.pk, top.code, _basis(request))
    return render(request, "stats/structure/unit.html", context)


class _Links:
    """The drill-down and unit URLs, reversed once per page (hundreds of links per page)."""

    def __init__(self, campaign: int) -> None:
        self.drill_base = reverse("stats_structure:drill", args=[campaign, "CODE", "KEY"])
        self.unit_base = reverse("stats_structure:unit", args=[campaign, "CODE"])

    def drill(self, code: str, key: str, basis: str) -> str:
        return self.drill_base.replace("CODE", code, 1).replace("KEY", key, 1) + f"?basis={basis}"

    def unit(self, code: str, basis: str) -> str:
        return self.unit_base.replace("CODE", code, 1) + f"?basis={basis}"


def _unit_context(request: Any, campaign: int, code: str, basis: str) -> dict[str, Any]:
    c = sel.campaign(request.user, campaign)
    unit = sel.unit(request.user, c, code)
    figs = sel.figures(request.user, c, unit, basis=basis)
    comp = sel.comparison(request.user, c, unit)
    headline = [sel.FIGURE_BY_KEY[k] for k in HEADLINE]
    links = _Links(c.pk)
    here = unit.code
    return {
        "c": c,
        "unit": unit,
        "basis": basis,
        "bases": [(b, sel.BASIS_LABELS[b]) for b in comp.bases],
        "figs": figs,
        "comp": comp,
        "headline": headline,
        "targets": [
            (first, [(links.drill(here, t.figure_key, b), t) for b, t in cells])
            for first, cells in comp.target_cells()
        ],
        "women": [(w, links.drill(here, w.figure_key, basis)) for w in figs.women],
        "child_rows": [
            (
                row,
                links.unit(row.unit.code, basis),
                [(links.drill(row.unit.code, d.key, basis), row.values[d.key]) for d in headline],
            )
            for row in figs.children
        ],
        "total_row": [(links.drill(here, d.key, basis), figs.values[d.key]) for d in headline],
        "figure_rows": [
            (d, [(links.drill(here, d.key, b), v) for b, v in cells]) for d, cells in comp.figure_cells()
        ],
        "ancestors": _ancestors(request.user, c, unit),
        "campaigns": sel.campaigns(request.user),
    }


@requires(StatsCap.VIEW)
def unit(request: Any, campaign: int, code: str) -> HttpResponse:
    return render(
        request, "stats/structure/unit.html", _unit_context(request, campaign, code, _basis(request))
    )


@requires(StatsCap.VIEW)
def unit_print(request: Any, campaign: int, code: str) -> HttpResponse:
    return render(
        request, "stats/structure/print.html", _unit_context(request, campaign, code, _basis(request))
    )


@requires(StatsCap.VIEW)
def drill(request: Any, campaign: int, code: str, figure: str) -> HttpResponse:
    c = sel.campaign(request.user, campaign)
    unit = sel.unit(request.user, c, code)
    basis = _basis(request)
    without = request.GET.get("without", "") == "1"
    d = sel.drilldown(request.user, c, unit, figure, basis=basis, without=without)
    return render(
        request,
        "stats/structure/drill.html",
        {
            "c": c,
            "unit": unit,
            "basis": basis,
            "basis_label": sel.BASIS_LABELS[basis],
            "d": d,
            "ancestors": _ancestors(request.user, c, unit),
            "value": sel.figure_value(sel.counts(request.user, c, unit, basis=basis), figure),
        },
    )
