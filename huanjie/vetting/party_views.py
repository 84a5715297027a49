"""Pages of the party 预备人选 area: the village's 请示, one 请示 (预备人选, 批复, 公示), a candidate's
考察 and withdrawal. Thin: each calls one selector or service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from huanjie.core.forms import call_service
from huanjie.core.permissions import requires
from huanjie.core.workflow import WorkflowError
from huanjie.vetting import party_selectors as sel
from huanjie.vetting import party_services as svc
from huanjie.vetting.capabilities import VettingCap
from huanjie.vetting.party_forms import (
    ActionForm,
    AttachForm,
    InspectionForm,
    PublicityForm,
    RequestEditForm,
    WithdrawForm,
)
from huanjie.vetting.screening import today
from huanjie.vetting.workflows import PARTY_REQUEST_SPEC


def _call(form: Any, fn: Any, **kwargs: Any) -> Any:
    """A service call whose refusal (fields, jurisdiction, a locked 请示) is shown on the form."""
    try:
        return call_service(form, fn, **kwargs)
    except WorkflowError as exc:
        form.add_error(None, exc.message)
        return None


def _attach_choices(page: sel.RequestPage) -> list[tuple[int, str]]:
    return [
        (r.candidate.pk, f"{r.candidate.person.name}（{r.candidate.get_post_display()}）")
        for r in page.attachable
    ]


def _request(request, pk: int, status: int = 200, **forms: Any) -> HttpResponse:
    page = sel.request_page(request.user, pk)
    r = page.request
    context = {
        "page": page,
        "edit_form": forms.get("edit_form")
        or RequestEditForm(
            initial={"request_no": r.request_no, "request_date": r.request_date},
            record=r,
            record_fields=svc.REQUEST_FIELDS,
        ),
        "attach_form": forms.get("attach_form") or AttachForm(choices=_attach_choices(page)),
        "action_form": forms.get("action_form") or ActionForm(),
        "publicity_form": forms.get("publicity_form")
        or PublicityForm(
            initial={f: getattr(r, f) for f in svc.PUBLICITY_FIELDS},
            record=r,
            record_fields=svc.PUBLICITY_FIELDS,
        ),
        "action_error": forms.get("action_error", ""),
        "action_reasons": forms.get("action_reasons", []),
    }
    return render(request, "vetting/party_request.html", context, status=status)


@requires(VettingCap.VIEW)
def party_requests(request, code: str) -> HttpResponse:
    page = sel.unit_requests(request.user, code)
    return render(request, "vetting/party_requests.html", {"page": page})


@requires(VettingCap.EDIT)
@require_POST
def party_request_new(request, code: str) -> HttpResponse:
    page = sel.unit_requests(request.user, code)
    if page.campaign is None:
        raise PermissionDenied("所属市尚无已发布的换届工作")
    try:
        r = svc.request_create(actor=request.user, campaign=page.campaign, unit=page.unit)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("vetting:party_requests", code=code)
    messages.success(request, "已新建预备人选请示")
    return redirect(r.get_absolute_url())


@requires(VettingCap.VIEW)
def party_request(request, pk: int) -> HttpResponse:
    return _request(request, pk)


@requires(VettingCap.EDIT)
@require_POST
def party_request_edit(request, pk: int) -> HttpResponse:
    r = sel.party_request(request.user, pk)
    form = RequestEditForm(request.POST, record=r, record_fields=svc.REQUEST_FIELDS)
    if form.is_valid() and _call(
        form,
        svc.request_update,
        actor=request.user,
        request=r,
        request_no=form.cleaned_data["request_no"],
        request_date=form.cleaned_data["request_date"],
        **form.versioned(),
    ):
        messages.success(request, "已保存")
        return redirect(r.get_absolute_url())
    return _request(request, pk, status=400, edit_form=form)


@requires(VettingCap.EDIT)
@require_POST
def party_request_attach(request, pk: int) -> HttpResponse:
    page = sel.request_page(request.user, pk)
    form = AttachForm(request.POST, choices=_attach_choices(page))
    if form.is_valid():
        chosen = sel.attachable(request.user, page.request, form.cleaned_data["candidates"])
        if _call(form, svc.request_attach, actor=request.user, request=page.request, candidates=chosen):
            messages.success(request, f"已列入请示：{len(chosen)} 人")
            return redirect(page.request.get_absolute_url())
    return _request(request, pk, status=400, attach_form=form)


@requires(VettingCap.VIEW)
@require_POST
def party_request_act(request, pk: int) -> HttpResponse:
    r = sel.party_request(request.user, pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        return _request(request, pk, status=400, action_error="请选择操作，并按要求填写", action_form=form)
    data = form.cleaned_data
    try:
        svc.request_act(
            actor=request.user,
            request=r,
            name=data["action"],
            reason=data["reason"],
            approval_no=data["approval_no"],
            approval_date=data["approval_date"],
        )
    except svc.ApprovalBlocked as exc:
        return _request(request, pk, status=400, action_error=exc.message, action_reasons=exc.reasons)
    except WorkflowError as exc:
        return _request(request, pk, status=400, action_error=exc.message, action_form=form)
    except (ValidationError, PermissionDenied) as exc:
        text = "；".join(getattr(exc, "messages", None) or [str(exc)])
        return _request(request, pk, status=400, action_error=text, action_form=form)
    t = PARTY_REQUEST_SPEC.transition(data["action"])
    messages.success(request, f"已办理：{t.label_zh if t else data['action']}")
    return redirect(r.get_absolute_url())


@requires(VettingCap.EDIT)
@require_POST
def party_request_publicity(request, pk: int) -> HttpResponse:
    r = sel.party_request(request.user, pk)
    form = PublicityForm(request.POST, record=r, record_fields=svc.PUBLICITY_FIELDS)
    if form.is_valid() and _call(
        form,
        svc.request_publicity,
        actor=request.user,
        request=r,
        **{f: form.cleaned_data[f] for f in svc.PUBLICITY_FIELDS},
        **form.versioned(),
    ):
        messages.success(request, "已登记公示情况")
        return redirect(r.get_absolute_url())
    return _request(request, pk, status=400, publicity_form=form)


@requires(VettingCap.EDIT)
@require_POST
def candidate_withdraw(request, pk: int) -> HttpResponse:
    c = sel.party_candidate(request.user, pk)
    form = WithdrawForm(request.POST, record=c, record_fields=(), refresh_fields=())
    if form.is_valid() and _call(
        form,
        svc.candidate_withdraw,
        actor=request.user,
        candidate=c,
        reason=form.cleaned_data["reason"],
        on=form.cleaned_data["on"],
        **form.versioned(),
    ):
        messages.success(request, f"已办理退出：{c}")
        return redirect(c.request.get_absolute_url() if c.request else c.get_absolute_url())
    errors = "；".join(str(e) for errs in form.errors.values() for e in errs)
    messages.error(request, errors or "未能办理退出")
    return redirect(c.get_absolute_url())


def withdraw_form(c: Any) -> WithdrawForm:
    return WithdrawForm(initial={"on": today()}, record=c, record_fields=(), refresh_fields=())


def _inspection(request, pk: int, status: int = 200, form: InspectionForm | None = None) -> HttpResponse:
    page = sel.inspection_page(request.user, pk)
    if page.inspection is not None:
        svc.confidential_viewed(actor=request.user, candidate=page.candidate, inspection=page.inspection)
    if form is None and page.can_edit:
        record = page.inspection
        initial = {f: getattr(record, f) for f in svc.INSPECTION_FIELDS} if record else {}
        form = InspectionForm(
            initial=initial, record=record or page.candidate, record_fields=(), refresh_fields=()
        )
    return render(request, "vetting/inspection.html", {"page": page, "form": form}, status=status)


@requires(VettingCap.CONFIDENTIAL)
def inspection(request, pk: int) -> HttpResponse:
    if request.method != "POST":
        return _inspection(request, pk)
    page = sel.inspection_page(request.user, pk)
    record = page.inspection
    form = InspectionForm(request.POST, record=record or page.candidate, record_fields=(), refresh_fields=())
    if form.is_valid():
        values = {f: form.cleaned_data[f] for f in svc.INSPECTION_FIELDS}
        version = form.loaded_version if record is not None else None
        if _call(
            form, svc.inspection_save, actor=request.user, candidate=page.candidate, version=version, **values
        ):
            messages.success(request, "已保存考察情况")
            return redirect(page.candidate.get_absolute_url())
    return _inspection(request, pk, status=400, form=form)
