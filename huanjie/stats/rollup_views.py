"""Pages of the signed roll-up (issue 15 req. 6): a city exports its statistics signed (HMAC-SM3); the
level above imports and verifies the files of its cities and sees their aggregate."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from huanjie.core import workflow
from huanjie.core.permissions import requires
from huanjie.stats import rollup_selectors as sel
from huanjie.stats import rollup_services as svc
from huanjie.stats.capabilities import StatsCap
from huanjie.stats.rollup_forms import RollupUploadForm


@requires(StatsCap.ROLLUP)
def rollup(request: Any) -> HttpResponse:
    context = {
        "cities": sel.export_cities(request.user),
        "aggregate": sel.aggregate(request.user),
        "imported": sel.imported(request.user),
        "headings": sel.headings(),
        "form": RollupUploadForm(),
        "on": workflow.today(),
    }
    return render(request, "stats/reports/rollup.html", context)


@requires(StatsCap.ROLLUP)
def rollup_export(request: Any, code: str) -> HttpResponse:
    city = sel.export_city(request.user, code)
    on = workflow.today()
    data = svc.export_rollup(actor=request.user, city=city, on=on)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    name = f"{city.name}-汇总上报-{on:%Y%m%d}.json"
    response["Content-Disposition"] = (
        f"attachment; filename=\"rollup-{city.code}-{on:%Y%m%d}.json\"; filename*=UTF-8''{quote(name)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@requires(StatsCap.ROLLUP)
def rollup_import(request: Any) -> HttpResponse:
    form = RollupUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"未导入：{error}")
        return redirect("stats_reports:rollup")
    try:
        row = svc.import_rollup(actor=request.user, raw=form.cleaned_data["file"].read())
    except svc.RollupError as exc:
        messages.error(request, f"未导入：{exc}")
        return redirect("stats_reports:rollup")
    messages.success(request, f"已核验并导入：{row}")
    return redirect("stats_reports:rollup_detail", pk=row.pk)


@requires(StatsCap.ROLLUP)
def rollup_detail(request: Any, pk: int) -> HttpResponse:
    row = sel.imported_one(request.user, pk)
    context = {"rollup": row, "lines": sel.detail_lines(row), "headings": sel.headings()}
    return render(request, "stats/reports/rollup_detail.html", context)


@requires(StatsCap.ROLLUP)
def rollup_aggregate_xlsx(request: Any) -> HttpResponse:
    """The cities' latest roll-ups added up, as a 换届选举情况统计表 in the layout in force (one row
    per city, the 合计 the province's figures)."""
    from django.http import Http404

    from huanjie.core.layouts import layout_response
    from huanjie.stats.tables_kinds import SUMMARY_KIND

    holder = sel.holder_unit(request.user)
    if holder is None:
        raise Http404("没有可汇总的数据")
    agg = sel.aggregate(request.user)
    return layout_response(
        actor=request.user,
        code=SUMMARY_KIND.code,
        rows=sel.aggregate_rows(agg),
        unit_name=holder.name,
        org_path=holder.path,
        filters={"汇总": "各市最新汇总上报数据"},
    )
