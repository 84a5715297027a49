"""Pages of the statistics app's reports area (issue 15): the hub of the PDF reports (req. 5) and the
signed roll-up for the level above (req. 6, rollup_views)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from huanjie.core.permissions import requires
from huanjie.core.scoping import scope_paths
from huanjie.stats.capabilities import StatsCap


@requires(StatsCap.EXPORT)
def index(request: Any) -> HttpResponse:
    context = {"can_rollup": bool(scope_paths(request.user, StatsCap.ROLLUP))}
    return render(request, "stats/reports/index.html", context)
