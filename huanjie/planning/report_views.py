"""Planning reports: a village's 研判 report (page and printable PDF, 保密: scoped like the assessment,
every view from outside the preparing town audited) and the 研判 completion of a city, county or town
against the campaign's milestone. Views are thin: report_selectors read, services audit.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from huanjie.core import pdf
from huanjie.core.permissions import requires
from huanjie.planning import report_selectors, selectors, services
from huanjie.planning.capabilities import PlanningCap


def _report(request, pk: int, what: str) -> report_selectors.AssessmentReport:
    a = selectors.assessment(request.user, pk)
    services.assessment_viewed(actor=request.user, assessment=a, what=what)
    return report_selectors.assessment_report(request.user, a)


@requires(PlanningCap.VIEW)
def assessment_report(request, pk: int) -> HttpResponse:
    report = _report(request, pk, "查看研判报告（保密）")
    can_pdf = report_selectors.may_export(request.user, report.assessment)
    return render(request, "planning/assessment_report.html", {"report": report, "can_pdf": can_pdf})


@requires(PlanningCap.EXPORT)
def assessment_pdf(request, pk: int) -> HttpResponse:
    a = selectors.assessment(request.user, pk)
    if not report_selectors.may_export(request.user, a):
        raise PermissionDenied("研判报告仅限县级及以上打印、导出")
    report = _report(request, pk, "打印研判报告 PDF（保密）")
    a = report.assessment
    now = timezone.localtime()
    meta = pdf.DocumentMeta(
        title=f"{a.unit.name}“两委”班子研判报告",
        subtitle=a.campaign.name + ("" if report.approved else "（未经县级审核通过）"),
        secrecy=report_selectors.SECRECY,
        issuer=report.town,
        date=report.approved_on or now.date(),
        footer_note=f"打印：{request.user.get_full_name() or request.user.get_username()}，"
        f"{now:%Y-%m-%d %H:%M}。本文件为内部资料，仅限工作需要使用，不得复制、转发。",
    )
    content = pdf.render("planning/assessment_report.typ", report.pdf_data(), meta=meta)
    return pdf.pdf_response(content, f"{a.unit.name}研判报告.pdf")


def _completion(request, pk: int, code: str) -> HttpResponse:
    page = report_selectors.completion_page(request.user, pk, code)
    return render(request, "planning/completion.html", {"page": page})


@requires(PlanningCap.VIEW)
def completion(request, pk: int) -> HttpResponse:
    return _completion(request, pk, "")


@requires(PlanningCap.VIEW)
def completion_unit(request, pk: int, code: str) -> HttpResponse:
    return _completion(request, pk, code)
