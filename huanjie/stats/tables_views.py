"""Pages of the statistics app's tables area (issue 15 req. 4): the list of every reporting table for
a jurisdiction the user holds, and the Excel download of a statistics table in the layout in force
for the city (core.layouts; the export is audited there)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from huanjie.core import workflow
from huanjie.core.layouts import layout_response
from huanjie.core.permissions import requires
from huanjie.stats import tables_selectors as sel
from huanjie.stats.capabilities import StatsCap


@requires(StatsCap.EXPORT)
def index(request: Any) -> HttpResponse:
    code = request.GET.get("unit", "")
    unit = sel.jurisdiction(request.user, code) if code else sel.default_jurisdiction(request.user)
    context = {
        "unit": unit,
        "units": sel.jurisdictions(request.user),
        "links": sel.table_links(request.user, unit) if unit is not None else [],
        "on": workflow.today(),
    }
    return render(request, "stats/tables/index.html", context)


@requires(StatsCap.EXPORT)
def download(request: Any, kind: str, code: str) -> HttpResponse:
    table = sel.table_kind(kind)
    unit = sel.jurisdiction(request.user, code)
    on = workflow.today()
    return layout_response(
        actor=request.user,
        code=table.code,
        rows=sel.PROVIDERS[table.code](request.user, unit, on),
        unit_name=unit.name,
        org_path=unit.path,
        filters={"单位": unit.name, "统计日期": on.isoformat()},
    )
