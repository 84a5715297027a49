"""Pages of the statistics app's dash area (issue 15 reqs. 2, 3): the dashboards of a city, county
or town (ECharts drawn by a static file from the figures' JSON script tag: no inline script under
the CSP), their print view, and the villages behind a figure. Views are thin: the selectors read."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from huanjie.core import listing
from huanjie.core.permissions import requires
from huanjie.stats import dash_selectors
from huanjie.stats import progress_selectors as ps
from huanjie.stats.capabilities import StatsCap


@requires(StatsCap.VIEW)
def index(request: Any) -> HttpResponse:
    """The dashboard of the top of the user's jurisdiction (the leader's and the city's: the city's;
    a county's, a town's), or the choice when the user holds several."""
    tops = ps.top_units(request.user)
    areas = [u for u in tops if u.level in ps.CHILD]
    if len(areas) == 1:
        board = dash_selectors.dashboard(request.user, areas[0].code)
        return render(request, "stats/dash/dashboard.html", {"d": board, "print_view": False})
    return render(request, "stats/dash/index.html", {"units": areas})


@requires(StatsCap.VIEW)
def unit(request: Any, code: str) -> HttpResponse:
    board = dash_selectors.dashboard(request.user, code)
    return render(request, "stats/dash/dashboard.html", {"d": board, "print_view": False})


@requires(StatsCap.VIEW)
def unit_print(request: Any, code: str) -> HttpResponse:
    board = dash_selectors.dashboard(request.user, code)
    return render(request, "stats/dash/dashboard.html", {"d": board, "print_view": True})


@requires(StatsCap.VIEW)
def villages(request: Any, code: str) -> HttpResponse:
    try:
        f = ps.parse_filter(request.GET)
    except ps.BadFilter as exc:
        s = ps.scope_of(request.user, code)
        return render(request, "stats/dash/villages.html", {"error": str(exc), "scope": s}, status=400)
    found = ps.village_list(request.user, code, f)
    page = listing.paginate(request, found.villages, default_size=50)
    rows = [(u, ps.village_marks(u)) for u in page]
    return render(
        request,
        "stats/dash/villages.html",
        {"found": found, "scope": found.scope, "page_obj": page, "rows": rows},
    )
