"""Pages of the screening's exceptions (issue 11 req. 3): the county records an age relaxation or a
容错纠错 ruling on the candidate's exceptions page; the screening shows what each does."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from huanjie.core.forms import call_service
from huanjie.core.permissions import requires
from huanjie.core.scoping import get_scoped_or_404
from huanjie.vetting import exception_selectors as sel
from huanjie.vetting import exception_services as svc
from huanjie.vetting import party_services
from huanjie.vetting.capabilities import VettingCap
from huanjie.vetting.exception_forms import AgeRelaxationForm, RemoveForm, ToleranceRulingForm
from huanjie.vetting.models import ToleranceRuling

DENIED = "只有人选所在县（市、区）的联审人员可以登记或者撤销此项"


def _page(  # type: ignore[no-untyped-def]
    request, pk: int, status: int = 200, page: sel.CandidateExceptions | None = None, **forms: Any
) -> HttpResponse:
    page = page or sel.candidate_exceptions(request.user, pk)
    context = {
        "page": page,
        "candidate": page.candidate,
        "relaxation_form": forms.get("relaxation_form") or AgeRelaxationForm(),
        "ruling_form": forms.get("ruling_form") or ToleranceRulingForm(findings=list(page.open_findings)),
        "remove_form": forms.get("remove_form") or RemoveForm(),
    }
    return render(request, "vetting/exceptions.html", context, status=status)


@requires(VettingCap.CONFIDENTIAL)
def exceptions(request, pk: int) -> HttpResponse:
    page = sel.candidate_exceptions(request.user, pk)
    # 只做不说: read from outside the village's town, the screening is audited (as on the candidate page)
    party_services.confidential_viewed(actor=request.user, candidate=page.candidate)
    return _page(request, pk, page=page)


def _recorder(request, pk: int) -> sel.CandidateExceptions:  # type: ignore[no-untyped-def]
    page = sel.candidate_exceptions(request.user, pk)
    if not page.can_record:
        raise PermissionDenied(DENIED)
    return page


@requires(VettingCap.REVIEW)
@require_POST
def relaxation_new(request, pk: int) -> HttpResponse:
    page = _recorder(request, pk)
    form = AgeRelaxationForm(request.POST)
    if form.is_valid():
        row = call_service(
            form, svc.relaxation_record, actor=request.user, candidate=page.candidate, **form.cleaned_data
        )
        if row is not None:
            messages.success(request, f"已登记放宽年龄要求的批准（{row.document}）")
            return redirect("vetting:exceptions", pk=pk)
    return _page(request, pk, status=400, relaxation_form=form)


@requires(VettingCap.REVIEW)
@require_POST
def relaxation_remove(request, pk: int) -> HttpResponse:
    page = _recorder(request, pk)
    if page.relaxation is None:
        return redirect("vetting:exceptions", pk=pk)
    form = RemoveForm(request.POST)
    if form.is_valid() and call_service(
        form, svc.relaxation_remove, actor=request.user, approval=page.relaxation, **form.cleaned_data
    ):
        messages.success(request, "已撤销放宽年龄要求的批准")
        return redirect("vetting:exceptions", pk=pk)
    return _page(request, pk, status=400, remove_form=form)


@requires(VettingCap.REVIEW)
@require_POST
def ruling_new(request, pk: int) -> HttpResponse:
    page = _recorder(request, pk)
    form = ToleranceRulingForm(request.POST, findings=list(page.open_findings))
    if form.is_valid():
        data = dict(form.cleaned_data)
        finding = sel.open_finding(page, data.pop("finding"))
        row = call_service(form, svc.ruling_record, actor=request.user, finding=finding, **data)
        if row is not None:
            after = sel.candidate_exceptions(request.user, pk)
            verdict = next(r for r in after.rulings if r.ruling.pk == row.pk)
            if verdict.cleared:
                messages.success(
                    request, f"已登记容错纠错认定（{row.document}），该核查发现不再作为不予确定的依据"
                )
            else:
                why = "；".join(v.text for v in verdict.verdicts if v.result != "pass")
                messages.warning(request, f"已登记容错纠错认定（{row.document}），但不予适用：{why}")
            return redirect("vetting:exceptions", pk=pk)
    return _page(request, pk, status=400, ruling_form=form)


@requires(VettingCap.REVIEW)
@require_POST
def ruling_remove(request, pk: int) -> HttpResponse:
    ruling = get_scoped_or_404(
        ToleranceRuling.objects.select_related("finding__candidate__unit"),
        request.user,
        "confidential",
        pk=pk,
    )
    candidate_pk = ruling.finding.candidate_id
    _recorder(request, candidate_pk)
    form = RemoveForm(request.POST)
    if form.is_valid() and call_service(
        form, svc.ruling_remove, actor=request.user, ruling=ruling, **form.cleaned_data
    ):
        messages.success(request, "已撤销容错纠错认定")
        return redirect("vetting:exceptions", pk=candidate_pk)
    return _page(request, candidate_pk, status=400, remove_form=form)
