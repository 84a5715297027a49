"""Personnel plan pages (人事安排初步方案, issue 10 req. 7): the campaign's plans, a plan with its seats
and the live preview (htmx: changing a seat re-renders the preview), its PDF (county and above), and
the summary a county sends to the city. Confidential: every view from outside the town is audited.
Views are thin: plan_selectors read, plan_services write."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from huanjie.core import pdf
from huanjie.core.forms import call_service
from huanjie.core.permissions import requires
from huanjie.core.workflow import WorkflowError
from huanjie.people.registration import QUEUED_MESSAGE, person_register_checked
from huanjie.planning import plan_selectors as sel
from huanjie.planning import plan_services as services
from huanjie.planning import selectors
from huanjie.planning.capabilities import PlanningCap
from huanjie.planning.forms import ActionForm
from huanjie.planning.plan_forms import PlanNewForm, RegisterSeatForm, SeatForm
from huanjie.planning.plan_workflow import Decision


def _call(form: Any, fn: Any, **kwargs: Any) -> Any:
    """A service call whose refusal (fields, jurisdiction, a locked plan) is shown on the form."""
    try:
        return call_service(form, fn, **kwargs)
    except WorkflowError as exc:
        form.add_error(None, exc.message)
        return None


def _message(e: Exception) -> str:
    if isinstance(e, WorkflowError):
        return e.message
    return "；".join(getattr(e, "messages", None) or [str(e) or "您无权执行此操作"])


@requires(PlanningCap.VIEW)
def plans(request, pk: int, form: Any = None, status: int = 200) -> HttpResponse:
    page = sel.plans_page(request.user, pk)
    new_form = form or (PlanNewForm(units=page.new_units) if page.new_units else None)
    return render(request, "planning/plans.html", {"page": page, "new_form": new_form}, status=status)


@requires(PlanningCap.EDIT)
@require_POST
def plan_new(request, pk: int) -> HttpResponse:
    page = sel.plans_page(request.user, pk)
    form = PlanNewForm(request.POST, units=page.new_units)
    if form.is_valid():
        unit = selectors.leaf_unit(request.user, page.campaign, form.cleaned_data["unit"])
        p = _call(form, services.plan_create, actor=request.user, campaign=page.campaign, unit=unit)
        if p is not None:
            return redirect(p.get_absolute_url())
    return plans(request, pk, form=form, status=400)


def _plan_page(request, pk: int, status: int = 200, **extra: Any) -> HttpResponse:
    p = sel.plan(request.user, pk)
    services.plan_viewed(actor=request.user, plan=p)
    page = sel.plan_page(request.user, p)
    people = sel.person_choices(request.user, p) if page.can_edit else []
    context = {
        "page": page,
        "seat_form": extra.get("seat_form") or SeatForm(people=people, initial={"decision": Decision.STAY}),
        "register_form": extra.get("register_form") or RegisterSeatForm(prefix="reg"),
        "action_error": extra.get("action_error", ""),
        "act_url": reverse("planning:plan_act", args=[p.pk]),
        "side_posts": sel.side_posts(),
    }
    if request.htmx:  # htmx swaps 2xx only: the body comes back with the form's errors in it
        return render(request, "planning/_plan_body.html", context)
    return render(request, "planning/plan.html", context, status=status)


@requires(PlanningCap.VIEW)
def plan(request, pk: int) -> HttpResponse:
    return _plan_page(request, pk)


@requires(PlanningCap.VIEW)
def plan_preview(request, pk: int) -> HttpResponse:
    """htmx partial: the projected structure (village, town, county, city) and the checks."""
    p = sel.plan(request.user, pk)
    services.plan_viewed(actor=request.user, plan=p, what="查看人事安排结构测算（保密）")
    return render(request, "planning/_plan_preview.html", {"preview": sel.preview(request.user, p)})


@requires(PlanningCap.EDIT)
@require_POST
def plan_seat(request, pk: int) -> HttpResponse:
    """Add a seat, or change one (``seat`` posted); an htmx request gets the plan's body back (the
    seats and the preview re-rendered)."""
    p = sel.plan(request.user, pk)
    form = SeatForm(request.POST, people=sel.person_choices(request.user, p))
    seat_pk = request.POST.get("seat", "")
    seat = sel.plan_seat(request.user, p, int(seat_pk)) if seat_pk.isdigit() else None
    if form.is_valid():
        data = form.cleaned_data
        person = sel.plan_person(request.user, p, data["person"])
        done = _call(
            form,
            services.seat_set,
            actor=request.user,
            plan=p,
            side=data["side"],
            post=data["post"],
            decision=data["decision"],
            person=person,
            note=data["note"],
            seat=seat,
        )
        if done is not None and request.htmx:
            return _plan_page(request, pk)
        if done is not None:
            messages.success(request, "已保存")
            return redirect(p.get_absolute_url())
    return _plan_page(request, pk, status=400, seat_form=form)


@requires(PlanningCap.EDIT)
@require_POST
def plan_seat_delete(request, pk: int, seat_pk: int) -> HttpResponse:
    p = sel.plan(request.user, pk)
    seat = sel.plan_seat(request.user, p, seat_pk)
    try:
        services.seat_delete(actor=request.user, seat=seat)
    except (ValidationError, PermissionDenied, WorkflowError) as e:
        messages.error(request, _message(e))
    else:
        messages.success(request, "已删除")
    return _plan_page(request, pk) if request.htmx else redirect(p.get_absolute_url())


@requires(PlanningCap.EDIT)
@require_POST
def plan_register(request, pk: int) -> HttpResponse:
    """Register a new person on the spot in the village (people's registration service) and enter
    them (进) on the seat."""
    p = sel.plan(request.user, pk)
    form = RegisterSeatForm(request.POST, prefix="reg")
    if form.is_valid():
        data = form.cleaned_data
        reg = _call(
            form,
            person_register_checked,
            actor=request.user,
            citizen_id=data["citizen_id"],
            name=data["name"],
            domicile_unit=p.unit,
            sex=data["sex"] or None,
        )
        if reg is not None and reg.person is None:
            form.add_error(None, QUEUED_MESSAGE)
        elif reg is not None:
            done = _call(
                form,
                services.seat_set,
                actor=request.user,
                plan=p,
                side=data["side"],
                post=data["post"],
                decision=Decision.ENTER,
                person=reg.person,
                note=data["note"],
            )
            if done is not None:
                messages.success(request, f"已登记{reg.person.name}并列入方案")
                return redirect(p.get_absolute_url())
    return _plan_page(request, pk, status=400, register_form=form)


@requires(PlanningCap.VIEW)
@require_POST
def plan_act(request, pk: int) -> HttpResponse:
    p = sel.plan(request.user, pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        return _plan_page(request, pk, status=400, action_error="请选择操作")
    try:
        services.plan_act(
            actor=request.user, plan=p, name=form.cleaned_data["action"], reason=form.cleaned_data["reason"]
        )
    except (ValidationError, PermissionDenied, WorkflowError) as e:
        return _plan_page(request, pk, status=400, action_error=_message(e))
    messages.success(request, "已办理")
    return redirect(p.get_absolute_url())


@requires(PlanningCap.EXPORT)
def plan_pdf(request, pk: int) -> HttpResponse:
    """The plan as an official document, county level and above only (audited as a view)."""
    p = sel.plan(request.user, pk)
    services.ensure_export(request.user, p)
    services.plan_viewed(actor=request.user, plan=p, what="打印人事安排初步方案 PDF（保密）")
    page = sel.plan_page(request.user, p)
    now = timezone.localtime()
    meta = pdf.DocumentMeta(
        title=f"{p.unit.name}“两委”换届人事安排初步方案",
        subtitle=p.campaign.name + ("" if p.state == "approved" else f"（{page.state_label}）"),
        secrecy="机密",
        issuer=p.unit.parent.name if p.unit.parent else "",
        date=now.date(),
        footer_note=f"打印：{request.user.get_full_name() or request.user.get_username()}，"
        f"{now:%Y-%m-%d %H:%M}。本文件为内部资料，仅限工作需要使用，不得复制、转发。",
    )
    content = pdf.render("planning/personnel_plan.typ", sel.pdf_data(page), meta=meta)
    return pdf.pdf_response(content, f"{p.unit.name}人事安排初步方案.pdf")


def _summary(request, pk: int, code: str) -> HttpResponse:
    page = sel.summary_page(request.user, pk, code)
    services.summary_viewed(actor=request.user, campaign=page.campaign, unit=page.unit)
    return render(request, "planning/plan_summary.html", {"page": page})


@requires(PlanningCap.VIEW)
def plan_summary(request, pk: int) -> HttpResponse:
    return _summary(request, pk, "")


@requires(PlanningCap.VIEW)
def plan_summary_unit(request, pk: int, code: str) -> HttpResponse:
    return _summary(request, pk, code)
