"""Pages of the village dossiers (issue 15 req. 5): choose a unit, download one village's dossier,
or have a town's, county's or city's dossiers made (progress shown) and download them as one ZIP."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from huanjie.core import pdf
from huanjie.core.permissions import requires
from huanjie.stats import dossier_selectors as sel
from huanjie.stats import dossier_services as svc
from huanjie.stats.capabilities import StatsCap

_EXPORT = StatsCap.EXPORT


@requires(_EXPORT)
def index(request: Any) -> HttpResponse:
    return render(
        request,
        "stats/reports/dossier_index.html",
        {"unit": None, "rows": sel.children(request.user, None), "jobs": sel.recent_jobs(request.user)},
    )


@requires(_EXPORT)
def unit(request: Any, code: str) -> HttpResponse:
    u = sel.report_unit(request.user, code)
    return render(
        request,
        "stats/reports/dossier_index.html",
        {"unit": u, "rows": sel.children(request.user, u), "jobs": sel.recent_jobs(request.user)},
    )


@requires(_EXPORT)
def village_pdf(request: Any, code: str) -> HttpResponse:
    u = sel.report_unit(request.user, code)
    try:
        content, name = svc.village_pdf(actor=request.user, unit=u)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("stats_dossier:unit", code=u.code)
    return pdf.pdf_response(content, name)


@requires(_EXPORT)
def campaign_report(request: Any, code: str) -> HttpResponse:
    u = sel.report_unit(request.user, code)
    try:
        content, name = svc.campaign_report(actor=request.user, unit=u)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("stats_dossier:unit", code=u.code)
    return pdf.pdf_response(content, name)


@require_POST
@requires(_EXPORT)
def start(request: Any, code: str) -> HttpResponse:
    u = sel.report_unit(request.user, code)
    try:
        job = svc.dossiers_start(actor=request.user, unit=u)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("stats_dossier:unit", code=u.code)
    return redirect("stats_dossier:job", pk=job.pk)


@requires(_EXPORT)
def job(request: Any, pk: int) -> HttpResponse:
    j = sel.job(request.user, pk)
    template = "stats/reports/_dossier_job.html" if request.htmx else "stats/reports/dossier_job.html"
    return render(request, template, {"job": j})


@requires(_EXPORT)
def download(request: Any, pk: int) -> HttpResponse:
    j = sel.job(request.user, pk)
    try:
        data, name = svc.job_file(actor=request.user, job=j)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("stats_dossier:job", pk=j.pk)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
