"""Pages of what a certified result does (issue 13 req. 7): the round's tenures with 一肩挑, 交叉任职
and the ballots' retention; the handover list (工作移交) with the town's sign-off. Thin: each calls
one selector or service."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from huanjie.core import workflow
from huanjie.core.forms import call_service
from huanjie.core.permissions import requires
from huanjie.elections import results_handover_selectors as sel
from huanjie.elections import results_handover_services as svc
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.results_forms import ReasonForm
from huanjie.elections.results_handover_forms import HandoverItemForm

EDIT_DENIED = "只有村（社区）和乡镇（街道）经办人员可以登记工作移交"


@requires(ElectionsCap.VIEW)
def round_tenures(request, pk: int) -> HttpResponse:
    return render(request, "elections/results/tenures.html", {"page": sel.tenure_page(request.user, pk)})


def _handover_page(request, pk: int, *, status: int = 200, **forms) -> HttpResponse:  # type: ignore[no-untyped-def]
    page = sel.handover_page(request.user, pk)
    rows = [
        (
            it,
            forms.get(f"item_{it.pk}")
            or HandoverItemForm(
                prefix=f"i{it.pk}",
                initial={"done_on": it.done_on, "notes": it.notes, "version": page.handover.version},
            ),
        )
        for it in page.items
    ]
    return_form = forms.get("return_form") or ReasonForm(prefix="return")
    return_form.fields["reason"].widget.attrs["placeholder"] = "退回理由（必填）"
    context = {"page": page, "rows": rows, "return_form": return_form}
    return render(request, "elections/results/handover.html", context, status=status)


@requires(ElectionsCap.VIEW)
def handover(request, pk: int) -> HttpResponse:
    return _handover_page(request, pk)


@requires(ElectionsCap.EDIT, denied=EDIT_DENIED)
@require_POST
def item_record(request, pk: int) -> HttpResponse:
    it = sel.item(request.user, pk, "edit")
    form = HandoverItemForm(request.POST, request.FILES, prefix=f"i{it.pk}")
    if form.is_valid():
        upload = form.cleaned_data.get("evidence")
        done = call_service(
            form,
            svc.item_record,
            actor=request.user,
            item=it,
            done_on=form.cleaned_data["done_on"],
            notes=form.cleaned_data["notes"] or "",
            evidence_name=upload.name if upload else "",
            evidence_data=upload.read() if upload else b"",
            version=form.cleaned_data.get("version"),
        )
        if done is not None:
            messages.success(request, f"已保存：{it.get_topic_display()}")
            return redirect(it.handover.get_absolute_url())
    return _handover_page(request, it.handover_id, status=400, **{f"item_{it.pk}": form})


def _transition(request, pk: int, fn, done_text: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    h = sel.handover(request.user, pk, "edit")
    try:
        fn(actor=request.user, handover=h)
    except (ValidationError, workflow.WorkflowError) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, done_text)
    return redirect(h.get_absolute_url())


@requires(ElectionsCap.EDIT, denied=EDIT_DENIED)
@require_POST
def handover_submit(request, pk: int) -> HttpResponse:
    return _transition(request, pk, svc.submit, "已提交乡镇（街道）确认")


@requires(ElectionsCap.EDIT, denied="只有乡镇（街道）可以确认工作移交")
@require_POST
def handover_sign_off(request, pk: int) -> HttpResponse:
    response = _transition(request, pk, svc.sign_off, "已确认工作移交完成")
    step = svc.record_step(actor=request.user, handover=sel.handover(request.user, pk))
    if step:
        messages.info(request, step)
    return response


@requires(ElectionsCap.EDIT, denied="只有乡镇（街道）可以退回工作移交清单")
@require_POST
def handover_return(request, pk: int) -> HttpResponse:
    h = sel.handover(request.user, pk, "edit")
    form = ReasonForm(request.POST, prefix="return")
    if form.is_valid():
        try:
            done = call_service(
                form, svc.return_, actor=request.user, handover=h, reason=form.cleaned_data["reason"]
            )
        except workflow.WorkflowError as exc:
            form.add_error(None, str(exc))
            done = None
        if done is not None:
            messages.success(request, "已退回补充")
            return redirect(h.get_absolute_url())
    return _handover_page(request, pk, status=400, return_form=form)


@requires(ElectionsCap.VIEW)
def item_evidence(request, pk: int) -> HttpResponse:
    it, data = sel.evidence(request.user, pk)
    response = HttpResponse(data, content_type="application/octet-stream")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(it.evidence_name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
