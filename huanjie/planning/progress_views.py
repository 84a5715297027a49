"""Progress of the campaign's preparation (issue 10 req. 9): a city's, county's or town's progress page
(counts per step and child unit, overdue villages, ECharts charts fed from a JSON script tag by a
static file), a village's 下一步 panel (unit_panels hook). Views are thin: progress_selectors read."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from huanjie.core.permissions import requires
from huanjie.planning import progress_selectors
from huanjie.planning.capabilities import PlanningCap


def _progress(request, pk: int, code: str) -> HttpResponse:
    page = progress_selectors.progress_page(request.user, pk, code)
    return render(request, "planning/progress.html", {"page": page})


@requires(PlanningCap.VIEW)
def progress(request, pk: int) -> HttpResponse:
    return _progress(request, pk, "")


@requires(PlanningCap.VIEW)
def progress_unit(request, pk: int, code: str) -> HttpResponse:
    return _progress(request, pk, code)


def unit_panel(user: Any, unit: Any, *, params: Any) -> dict[str, Any] | None:
    """The village's 下一步 panel (unit_panels hook); None for users who may not see planning (保密)."""
    steps = progress_selectors.village_steps(user, unit)
    if steps is None:
        return None
    return {"template": "planning/progress_panel.html", "context": {"prog": steps}, "place": "below"}
