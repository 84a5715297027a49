"""Pages of the risk register (风险研判, issue 14 req. 2): the filtered list with registration, one
risk with its measures, plan and the county's review, and the Excel export. Thin: selectors read,
services write."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from huanjie.core import workflow
from huanjie.core.exporting import Column, xlsx_response
from huanjie.core.forms import call_service
from huanjie.core.listing import describe_filters, paginate
from huanjie.core.permissions import requires
from huanjie.oversight import petitions_selectors as psel
from huanjie.oversight import risks_selectors as sel
from huanjie.oversight import risks_services as svc
from huanjie.oversight.capabilities import OversightCap
from huanjie.oversight.petitions_forms import ActionForm
from huanjie.oversight.risks_forms import RiskEditForm, RiskFilterForm, RiskForm
from huanjie.oversight.risks_workflows import RISK_SPEC

_UNIT_LEVELS = ("town", "village", "community")


def _call(form: Any, fn: Any, **kwargs: Any) -> Any:
    try:
        return call_service(form, fn, **kwargs)
    except workflow.WorkflowError as exc:
        form.add_error(None, exc.message)
        return None


def _new_form(user: Any, data: Any = None) -> RiskForm:
    return RiskForm(
        data, campaigns=psel.campaigns(user), units=psel.units(user, OversightCap.EDIT, _UNIT_LEVELS)
    )


def _filters(request: Any) -> tuple[RiskFilterForm, sel.RiskFilters]:
    user = request.user
    form = RiskFilterForm(
        request.GET or None,
        jurisdictions=psel.jurisdictions(user),
        states=dict(RISK_SPEC.states),
        auto_id="filter_%s",
    )
    f = sel.RiskFilters()
    choices = list(psel.campaigns(user))
    pk = request.GET.get("campaign", "")
    f.campaign = next((c for c in choices if str(c.pk) == pk), choices[0] if choices else None)
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        f.jurisdiction, f.status, f.level, f.kind, f.overdue = (
            d["jurisdiction"],
            d["status"],
            d["level"],
            d["kind"],
            d["overdue"] == "1",
        )
    return form, f


def _list(request: Any, status: int = 200, new_form: Any = None) -> HttpResponse:
    user = request.user
    form, f = _filters(request)
    page_obj = paginate(request, sel.risks(user, f))
    today = psel.today()
    for r in page_obj.object_list:
        r.state_label = RISK_SPEC.state_label(r.state)
        r.overdue = r.state == "submitted" and r.state_due is not None and r.state_due < today
    may_register = user.has_capability(OversightCap.EDIT) and f.campaign is not None
    context = {
        "filter_form": form,
        "page_obj": page_obj,
        "campaign": f.campaign,
        "campaigns": psel.campaigns(user),
        "new_form": (new_form or _new_form(user)) if may_register else None,
        "export_url": reverse("oversight_risks:export"),
    }
    return render(request, "oversight/risks_list.html", context, status=status)


@requires(OversightCap.VIEW)
@require_GET
def risks(request: Any) -> HttpResponse:
    return _list(request)


@requires(OversightCap.EDIT)
@require_POST
def risk_new(request: Any) -> HttpResponse:
    form = _new_form(request.user, request.POST)
    if form.is_valid():
        r = _call(form, svc.risk_create, actor=request.user, **form.cleaned_data)
        if r is not None:
            messages.success(request, "已登记")
            return redirect(r.get_absolute_url())
    return _list(request, status=400, new_form=form)


def _page(request: Any, pk: int, status: int = 200, form: Any = None, action_error: str = "") -> HttpResponse:
    r = sel.risk(request.user, pk)
    page = sel.risk_page(request.user, r)
    initial = {name: getattr(r, name) for name in svc.RISK_FIELDS} | {"version": r.version}
    context = {
        "page": page,
        "r": r,
        "form": form or RiskEditForm(initial=initial),
        "action_error": action_error,
        "act_url": reverse("oversight_risks:act", args=[r.pk]),
    }
    return render(request, "oversight/risks_detail.html", context, status=status)


@requires(OversightCap.VIEW)
@require_GET
def risk(request: Any, pk: int) -> HttpResponse:
    return _page(request, pk)


@requires(OversightCap.EDIT)
@require_POST
def risk_edit(request: Any, pk: int) -> HttpResponse:
    r = sel.risk(request.user, pk)
    form = RiskEditForm(request.POST)
    if form.is_valid() and _call(form, svc.risk_update, actor=request.user, risk=r, **form.cleaned_data):
        messages.success(request, "已保存")
        return redirect(r.get_absolute_url())
    return _page(request, pk, status=400, form=form)


@requires(OversightCap.VIEW)
@require_POST
def risk_act(request: Any, pk: int) -> HttpResponse:
    r = sel.risk(request.user, pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        return _page(request, pk, status=400, action_error="请选择操作")
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    try:
        if action == "unlock":
            workflow.unlock(actor=request.user, record=r, reason=reason)
        else:
            svc.risk_act(actor=request.user, risk=r, name=action, reason=reason)
    except workflow.WorkflowError as exc:
        return _page(request, pk, status=400, action_error=exc.message)
    except PermissionDenied as exc:
        return _page(request, pk, status=403, action_error=str(exc) or "您无权执行此操作")
    return redirect(r.get_absolute_url())


@requires(OversightCap.VIEW)
@require_GET
def risks_export(request: Any) -> FileResponse:
    """The register as a 风险排查台账."""
    form, f = _filters(request)
    rows = sel.risks(request.user, f).iterator(chunk_size=2000)
    columns = [
        Column(
            "乡镇（街道）",
            lambda r: r.unit.parent.name if r.unit.level != "town" and r.unit.parent else r.unit.name,
            14,
        ),
        Column("村（社区）", lambda r: r.unit.name if r.unit.level != "town" else "", 14),
        Column("类型", lambda r: r.get_kind_display(), 14),
        Column("风险事项", lambda r: r.title, 30),
        Column("风险等级", lambda r: r.get_level_display(), 8),
        Column("风险成因", lambda r: r.cause, 30),
        Column("责任人", lambda r: r.owner, 10),
        Column("化解措施", lambda r: r.measures, 30),
        Column("应急预案", lambda r: r.plan, 30),
        Column("状态", lambda r: RISK_SPEC.state_label(r.state), 12),
    ]
    return xlsx_response(
        filename="风险排查台账",
        columns=columns,
        rows=rows,
        actor=request.user,
        subject="风险排查台账",
        filters=describe_filters(form),
    )
