"""Pages of the statistics app's reports area (issue 15)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from huanjie.core.permissions import requires
from huanjie.stats.capabilities import StatsCap


@requires(StatsCap.VIEW)
def index(request: Any) -> HttpResponse:
    return render(request, "stats/scaffold.html", {"area": "reports"})
