"""Pages of rectification (一村一策) with its tasks and evidence files, postponements, economic
audits and reserve cadres (保密: every view from outside the town is audited). Thin: selectors read,
services write."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from huanjie.core.permissions import requires
from huanjie.planning import rectification_selectors as sel
from huanjie.planning import rectification_services as svc
from huanjie.planning.capabilities import PlanningCap
from huanjie.planning.forms import ActionForm
from huanjie.planning.rectification_forms import (
    ApprovalForm,
    AuditEditForm,
    AuditNewForm,
    EvidenceForm,
    PostponementEditForm,
    PostponementForm,
    RectificationEditForm,
    ReserveEditForm,
    ReserveNewForm,
    TaskEditForm,
    TaskForm,
    UnitForm,
)
from huanjie.planning.selectors import campaign as campaign_of
from huanjie.planning.views import _call, _refusal


def _fields(form: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {f: form.cleaned_data[f] for f in names} if form.is_valid() else {}


# ---------------------------------------------------------------------------------------------
# Rectification


def _rectifications(request, pk: int, status: int = 200, new_form: Any = None) -> HttpResponse:
    page = sel.rectifications_page(request.user, pk)
    context = {
        "page": page,
        "new_form": new_form or (UnitForm(units=page.new_units) if page.new_units else None),
    }
    return render(request, "planning/rectifications.html", context, status=status)


@requires(PlanningCap.VIEW)
def rectifications(request, pk: int) -> HttpResponse:
    return _rectifications(request, pk)


@requires(PlanningCap.EDIT)
@require_POST
def rectification_new(request, pk: int) -> HttpResponse:
    c = campaign_of(request.user, pk)
    form = UnitForm(request.POST, units=sel.rectifiable_units(request.user, c))
    if form.is_valid():
        from huanjie.planning.selectors import leaf_unit

        unit = leaf_unit(request.user, c, form.cleaned_data["unit"])
        r = _call(form, svc.rectification_create, actor=request.user, campaign=c, unit=unit)
        if r is not None:
            return redirect(r.get_absolute_url())
    return _rectifications(request, pk, status=400, new_form=form)


def _rectification(request, pk: int, status: int = 200, **forms: Any) -> HttpResponse:
    r = sel.rectification(request.user, pk)
    page = sel.rectification_page(request.user, r)
    context = {
        "page": page,
        "form": forms.get("form")
        or RectificationEditForm(
            initial={"measures": r.measures}, record=r, record_fields=svc.RECTIFICATION_FIELDS
        ),
        "task_form": forms.get("task_form") or TaskForm(),
        "postpone_form": forms.get("postpone_form")
        or PostponementForm(initial={"due_date": r.campaign.window_end}),
        "action_error": forms.get("action_error", ""),
        "act_url": reverse("planning:rectification_act", args=[r.pk]),
    }
    return render(request, "planning/rectification.html", context, status=status)


@requires(PlanningCap.VIEW)
def rectification(request, pk: int) -> HttpResponse:
    return _rectification(request, pk)


@requires(PlanningCap.EDIT)
@require_POST
def rectification_edit(request, pk: int) -> HttpResponse:
    r = sel.rectification(request.user, pk)
    form = RectificationEditForm(request.POST, record=r, record_fields=svc.RECTIFICATION_FIELDS)
    fields = _fields(form, svc.RECTIFICATION_FIELDS)
    if fields and _call(
        form, svc.rectification_update, actor=request.user, rectification=r, **fields, **form.versioned()
    ):
        messages.success(request, "已保存")
        return redirect(r.get_absolute_url())
    return _rectification(request, pk, status=400, form=form)


@requires(PlanningCap.EDIT)
@require_POST
def task_new(request, pk: int) -> HttpResponse:
    r = sel.rectification(request.user, pk)
    form = TaskForm(request.POST)
    if form.is_valid() and _call(
        form, svc.task_add, actor=request.user, rectification=r, **form.cleaned_data
    ):
        messages.success(request, "已添加任务")
        return redirect(r.get_absolute_url())
    return _rectification(request, pk, status=400, task_form=form)


@requires(PlanningCap.VIEW)
@require_POST
def rectification_act(request, pk: int) -> HttpResponse:
    r = sel.rectification(request.user, pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        return _rectification(request, pk, status=400, action_error="请选择操作")
    error = _refusal(
        request,
        svc.rectification_act,
        actor=request.user,
        rectification=r,
        name=form.cleaned_data["action"],
        reason=form.cleaned_data["reason"],
    )
    if error:
        return _rectification(request, pk, status=400, action_error=error)
    messages.success(request, "已办理")
    return redirect(r.get_absolute_url())


def _task(request, pk: int, status: int = 200, **forms: Any) -> HttpResponse:
    t = sel.task(request.user, pk)
    page = sel.task_page(request.user, t)
    context = {
        "page": page,
        "form": forms.get("form")
        or TaskEditForm(
            initial={f: getattr(t, f) for f in svc.TASK_FIELDS}, record=t, record_fields=svc.TASK_FIELDS
        ),
        "evidence_form": forms.get("evidence_form") or EvidenceForm(),
    }
    return render(request, "planning/rectification_task.html", context, status=status)


@requires(PlanningCap.VIEW)
def task(request, pk: int) -> HttpResponse:
    return _task(request, pk)


@requires(PlanningCap.EDIT)
@require_POST
def task_edit(request, pk: int) -> HttpResponse:
    t = sel.task(request.user, pk)
    form = TaskEditForm(request.POST, record=t, record_fields=svc.TASK_FIELDS)
    fields = _fields(form, svc.TASK_FIELDS)
    if fields and _call(form, svc.task_update, actor=request.user, task=t, **fields, **form.versioned()):
        messages.success(request, "已保存")
        return redirect(t.get_absolute_url())
    return _task(request, pk, status=400, form=form)


@requires(PlanningCap.EDIT)
@require_POST
def evidence_new(request, pk: int) -> HttpResponse:
    t = sel.task(request.user, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > svc.files.max_bytes():
            form.add_error(
                "file", f"文件超过大小上限 {svc.files.max_bytes() // svc.files.MB} MB，请压缩后再上传"
            )
        elif _call(form, svc.evidence_add, actor=request.user, task=t, name=upload.name, data=upload.read()):
            messages.success(request, "已上传佐证材料")
            return redirect(t.get_absolute_url())
    return _task(request, pk, status=400, evidence_form=form)


@requires(PlanningCap.VIEW)
def evidence(request, pk: int) -> HttpResponse:
    ev, data = sel.evidence_content(request.user, pk)
    response = HttpResponse(data, content_type=ev.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(ev.name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@requires(PlanningCap.EDIT)
@require_POST
def evidence_delete(request, pk: int) -> HttpResponse:
    ev = sel.evidence(request.user, pk)
    error = _refusal(request, svc.evidence_delete, actor=request.user, evidence=ev)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, "已删除佐证材料")
    return redirect(ev.task.get_absolute_url())


# ---------------------------------------------------------------------------------------------
# Postponement


@requires(PlanningCap.EDIT)
@require_POST
def postponement_new(request, pk: int) -> HttpResponse:
    r = sel.rectification(request.user, pk)
    form = PostponementForm(request.POST)
    if form.is_valid():
        p = _call(
            form,
            svc.postponement_create,
            actor=request.user,
            campaign=r.campaign,
            unit=r.unit,
            **form.cleaned_data,
        )
        if p is not None:
            messages.success(request, "已登记延期换届申请，请按程序逐级登记审批")
            return redirect(p.get_absolute_url())
    return _rectification(request, pk, status=400, postpone_form=form)


def _postponement(request, pk: int, status: int = 200, **forms: Any) -> HttpResponse:
    p = sel.postponement(request.user, pk)
    page = sel.postponement_page(request.user, p)
    context = {
        "page": page,
        "form": forms.get("form")
        or PostponementEditForm(
            initial={f: getattr(p, f) for f in svc.POSTPONEMENT_FIELDS},
            record=p,
            record_fields=svc.POSTPONEMENT_FIELDS,
        ),
        "approval_form": forms.get("approval_form") or ApprovalForm(),
    }
    return render(request, "planning/postponement.html", context, status=status)


@requires(PlanningCap.VIEW)
def postponement(request, pk: int) -> HttpResponse:
    return _postponement(request, pk)


@requires(PlanningCap.EDIT)
@require_POST
def postponement_edit(request, pk: int) -> HttpResponse:
    p = sel.postponement(request.user, pk)
    form = PostponementEditForm(request.POST, record=p, record_fields=svc.POSTPONEMENT_FIELDS)
    fields = _fields(form, svc.POSTPONEMENT_FIELDS)
    if fields and _call(
        form, svc.postponement_update, actor=request.user, postponement=p, **fields, **form.versioned()
    ):
        messages.success(request, "已保存")
        return redirect(p.get_absolute_url())
    return _postponement(request, pk, status=400, form=form)


@requires(PlanningCap.EDIT)
@require_POST
def postponement_approval(request, pk: int) -> HttpResponse:
    p = sel.postponement(request.user, pk)
    form = ApprovalForm(request.POST)
    if form.is_valid() and _call(
        form, svc.postponement_approve, actor=request.user, postponement=p, **form.cleaned_data
    ):
        messages.success(request, "已登记")
        return redirect(p.get_absolute_url())
    return _postponement(request, pk, status=400, approval_form=form)


# ---------------------------------------------------------------------------------------------
# Economic audits


def _audits(request, pk: int, status: int = 200, new_form: Any = None) -> HttpResponse:
    page = sel.audits_page(request.user, pk)
    context = {
        "page": page,
        "new_form": new_form or (AuditNewForm(units=page.new_units) if page.new_units else None),
    }
    return render(request, "planning/econ_audits.html", context, status=status)


@requires(PlanningCap.VIEW)
def econ_audits(request, pk: int) -> HttpResponse:
    return _audits(request, pk)


@requires(PlanningCap.EDIT)
@require_POST
def econ_audit_new(request, pk: int) -> HttpResponse:
    c = campaign_of(request.user, pk)
    form = AuditNewForm(request.POST, units=sel.auditable_units(request.user, c))
    if form.is_valid():
        from huanjie.planning.selectors import leaf_unit

        data = dict(form.cleaned_data)
        unit = leaf_unit(request.user, c, data.pop("unit"))
        a = _call(form, svc.econ_audit_create, actor=request.user, campaign=c, unit=unit, **data)
        if a is not None:
            messages.success(request, "已登记经济责任审计")
            return redirect(a.get_absolute_url())
    return _audits(request, pk, status=400, new_form=form)


def _econ_audit(request, pk: int, status: int = 200, form: Any = None) -> HttpResponse:
    a = sel.econ_audit(request.user, pk)
    context = {
        "page": sel.econ_audit_page(request.user, a),
        "form": form
        or AuditEditForm(
            initial={f: getattr(a, f) for f in svc.AUDIT_FIELDS}, record=a, record_fields=svc.AUDIT_FIELDS
        ),
    }
    return render(request, "planning/econ_audit.html", context, status=status)


@requires(PlanningCap.VIEW)
def econ_audit(request, pk: int) -> HttpResponse:
    return _econ_audit(request, pk)


@requires(PlanningCap.EDIT)
@require_POST
def econ_audit_edit(request, pk: int) -> HttpResponse:
    a = sel.econ_audit(request.user, pk)
    form = AuditEditForm(request.POST, record=a, record_fields=svc.AUDIT_FIELDS)
    fields = _fields(form, svc.AUDIT_FIELDS)
    if fields and _call(
        form, svc.econ_audit_update, actor=request.user, econ_audit=a, **fields, **form.versioned()
    ):
        messages.success(request, "已保存")
        return redirect(a.get_absolute_url())
    return _econ_audit(request, pk, status=400, form=form)


# ---------------------------------------------------------------------------------------------
# Reserve cadres (保密)


def _reserves(request, code: str, status: int = 200, new_form: Any = None) -> HttpResponse:
    page = sel.reserves_page(request.user, code)
    svc.reserves_viewed(actor=request.user, unit=page.unit)
    context = {
        "page": page,
        "new_form": new_form or (ReserveNewForm(people=page.candidates) if page.can_edit else None),
    }
    return render(request, "planning/reserves.html", context, status=status)


@requires(PlanningCap.VIEW)
def reserves(request, code: str) -> HttpResponse:
    return _reserves(request, code)


@requires(PlanningCap.EDIT)
@require_POST
def reserve_new(request, code: str) -> HttpResponse:
    page = sel.reserves_page(request.user, code)
    if not page.can_edit:
        raise PermissionDenied("只有该村（社区）所属乡镇（街道）可以填报")
    form = ReserveNewForm(request.POST, people=page.candidates)
    if form.is_valid():
        data = dict(form.cleaned_data)
        person = sel.reserve_person(page.unit, data.pop("person"))
        if _call(form, svc.reserve_add, actor=request.user, unit=page.unit, person=person, **data):
            messages.success(request, "已纳入后备干部库")
            return redirect("planning:reserves", code=code)
    return _reserves(request, code, status=400, new_form=form)


def _reserve(request, pk: int, status: int = 200, form: Any = None) -> HttpResponse:
    r = sel.reserve(request.user, pk)
    svc.reserves_viewed(actor=request.user, unit=r.unit)
    context = {
        "reserve": r,
        "can_edit": sel.may_edit_reserves(request.user, r.unit),
        "form": form
        or ReserveEditForm(
            initial={f: getattr(r, f) for f in svc.RESERVE_FIELDS}, record=r, record_fields=svc.RESERVE_FIELDS
        ),
    }
    return render(request, "planning/reserve.html", context, status=status)


@requires(PlanningCap.VIEW)
def reserve(request, pk: int) -> HttpResponse:
    return _reserve(request, pk)


@requires(PlanningCap.EDIT)
@require_POST
def reserve_edit(request, pk: int) -> HttpResponse:
    r = sel.reserve(request.user, pk)
    form = ReserveEditForm(request.POST, record=r, record_fields=svc.RESERVE_FIELDS)
    fields = _fields(form, svc.RESERVE_FIELDS)
    if fields and _call(
        form, svc.reserve_update, actor=request.user, reserve=r, **fields, **form.versioned()
    ):
        messages.success(request, "已保存")
        return redirect(r.get_absolute_url())
    return _reserve(request, pk, status=400, form=form)


def unit_panel(user: Any, unit: Any, *, params: Any) -> dict[str, Any] | None:
    """Buttons on a village's page to its rectification, audit and reserve cadres (unit_panels)."""
    links = sel.unit_links(user, unit)
    if links is None:
        return None
    return {"template": "planning/_prep_links.html", "context": links, "place": "actions"}
