"""Pages of the petitions register (信访, issue 14 req. 1): the filtered list with registration,
one petition with its handling (assignment, 受理/不予受理, steps, extension, 办结 and reply), the
analysis, the campaign's legal clock, pickers and the Excel export. Thin: selectors read, services
write. The petitioner's identity is shown only to handlers, each showing audited."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from huanjie.core import workflow
from huanjie.core.exporting import Column, xlsx_response
from huanjie.core.forms import call_service
from huanjie.core.listing import describe_filters, paginate
from huanjie.core.permissions import requires
from huanjie.core.pickers import Pick, picks_response, search_text
from huanjie.core.scoping import can
from huanjie.oversight import petitions_selectors as sel
from huanjie.oversight import petitions_services as svc
from huanjie.oversight.capabilities import OversightCap
from huanjie.oversight.petitions_forms import (
    ActionForm,
    AssignForm,
    ConcludeForm,
    ExtendForm,
    PetitionFilterForm,
    PetitionForm,
    SettingsForm,
    StepForm,
)
from huanjie.oversight.petitions_workflows import PETITION_SPEC
from huanjie.planning.models import NegativeItem


def _call(form: Any, fn: Any, **kwargs: Any) -> Any:
    try:
        return call_service(form, fn, **kwargs)
    except workflow.WorkflowError as exc:
        form.add_error(None, exc.message)
        return None


def _petition_form(user: Any, data: Any = None) -> PetitionForm:
    return PetitionForm(
        data,
        campaigns=sel.campaigns(user),
        units=sel.units(user),
        people=sel.subject_people(user),
        candidates=sel.subject_candidates(user),
        initial={"received_on": sel.today()},
    )


def _filters(request: Any) -> tuple[PetitionFilterForm, sel.PetitionFilters]:
    user = request.user
    form = PetitionFilterForm(
        request.GET or None,
        jurisdictions=sel.jurisdictions(user),
        states=dict(PETITION_SPEC.states),
        auto_id="filter_%s",
    )
    f = sel.PetitionFilters()
    choices = list(sel.campaigns(user))
    pk = request.GET.get("campaign", "")
    f.campaign = next((c for c in choices if str(c.pk) == pk), choices[0] if choices else None)
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        f.jurisdiction, f.status, f.category = d["jurisdiction"], d["status"], d["category"]
        f.overdue, f.q = d["overdue"] == "1", d["q"]
    return form, f


def _list(request: Any, status: int = 200, new_form: Any = None) -> HttpResponse:
    user = request.user
    form, f = _filters(request)
    page_obj = paginate(request, sel.petition_rows(sel.petitions(user, f)))
    today = sel.today()
    for p in page_obj.object_list:
        p.overdue = p.state in sel.OPEN_STATES and p.state_due is not None and p.state_due < today
        p.state_label = PETITION_SPEC.state_label(p.state)
    may_register = user.has_capability(OversightCap.EDIT) and f.campaign is not None
    context = {
        "filter_form": form,
        "page_obj": page_obj,
        "campaign": f.campaign,
        "campaigns": sel.campaigns(user),
        "new_form": (new_form or _petition_form(user)) if may_register else None,
        "export_url": reverse("oversight_petitions:export"),
    }
    return render(request, "oversight/petitions_list.html", context, status=status)


@requires(OversightCap.VIEW)
@require_GET
def petitions(request: Any) -> HttpResponse:
    return _list(request)


@requires(OversightCap.EDIT)
@require_POST
def petition_new(request: Any) -> HttpResponse:
    form = _petition_form(request.user, request.POST)
    if form.is_valid():
        p = _call(form, svc.petition_register, actor=request.user, **form.cleaned_data)
        if p is not None:
            messages.success(request, "信访件已登记")
            return redirect(p.get_absolute_url())
    return _list(request, status=400, new_form=form)


def _page(request: Any, pk: int, status: int = 200, **forms: Any) -> HttpResponse:
    user = request.user
    p = sel.petition(user, pk)
    page = sel.petition_page(user, p)
    identity = svc.petitioner_identity(actor=user, petition=p) if page.may_see_identity else None
    items = list(
        NegativeItem.objects.filter(campaign=p.campaign).order_by("code").values_list("code", "text")
    )
    context = {
        "page": page,
        "p": p,
        "identity": identity,
        "assign_form": forms.get("assign_form")
        or AssignForm(
            units=sel.units(user, OversightCap.PETITION_HANDLE, ("county", "town", "village", "community")),
            initial={"handler_unit": p.handler_unit_id, "handler_name": p.handler_name},
        ),
        "step_form": forms.get("step_form") or StepForm(initial={"on": sel.today()}),
        "extend_form": forms.get("extend_form") or ExtendForm(),
        "conclude_form": forms.get("conclude_form")
        or ConcludeForm(items=[(c, f"{c} {t[:30]}") for c, t in items], initial={"replied_on": sel.today()}),
        "action_error": forms.get("action_error", ""),
        "act_url": reverse("oversight_petitions:act", args=[p.pk]),
    }
    return render(request, "oversight/petitions_detail.html", context, status=status)


@requires(OversightCap.VIEW)
@require_GET
def petition(request: Any, pk: int) -> HttpResponse:
    return _page(request, pk)


@requires(OversightCap.PETITION_HANDLE)
@require_POST
def petition_assign(request: Any, pk: int) -> HttpResponse:
    user = request.user
    p = sel.petition(user, pk)
    form = AssignForm(
        request.POST,
        units=sel.units(user, OversightCap.PETITION_HANDLE, ("county", "town", "village", "community")),
    )
    if form.is_valid() and _call(form, svc.petition_assign, actor=user, petition=p, **form.cleaned_data):
        messages.success(request, "已交办")
        return redirect(p.get_absolute_url())
    return _page(request, pk, status=400, assign_form=form)


@requires(OversightCap.PETITION_HANDLE)
@require_POST
def petition_act(request: Any, pk: int) -> HttpResponse:
    user = request.user
    p = sel.petition(user, pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        return _page(request, pk, status=400, action_error="请选择操作")
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    try:
        if action == "accept":
            svc.petition_accept(actor=user, petition=p)
        elif action == "decline":
            svc.petition_decline(actor=user, petition=p, reason=reason)
        elif action == "unlock":
            workflow.unlock(actor=user, record=p, reason=reason)
        else:
            return _page(request, pk, status=400, action_error="此处不能执行该操作")
    except workflow.WorkflowError as exc:
        return _page(request, pk, status=400, action_error=exc.message)
    except PermissionDenied as exc:
        return _page(request, pk, status=403, action_error=str(exc) or "您无权执行此操作")
    return redirect(p.get_absolute_url())


@requires(OversightCap.PETITION_HANDLE)
@require_POST
def petition_step(request: Any, pk: int) -> HttpResponse:
    p = sel.petition(request.user, pk)
    form = StepForm(request.POST)
    if form.is_valid() and _call(
        form, svc.petition_step_add, actor=request.user, petition=p, **form.cleaned_data
    ):
        return redirect(p.get_absolute_url())
    return _page(request, pk, status=400, step_form=form)


@requires(OversightCap.PETITION_HANDLE)
@require_POST
def petition_extend(request: Any, pk: int) -> HttpResponse:
    p = sel.petition(request.user, pk)
    form = ExtendForm(request.POST)
    if form.is_valid() and _call(
        form, svc.petition_extend, actor=request.user, petition=p, **form.cleaned_data
    ):
        messages.success(request, "已延期")
        return redirect(p.get_absolute_url())
    return _page(request, pk, status=400, extend_form=form)


@requires(OversightCap.PETITION_HANDLE)
@require_POST
def petition_conclude(request: Any, pk: int) -> HttpResponse:
    p = sel.petition(request.user, pk)
    codes = list(
        NegativeItem.objects.filter(campaign=p.campaign).order_by("code").values_list("code", "text")
    )
    form = ConcludeForm(request.POST, items=[(c, f"{c} {t[:30]}") for c, t in codes])
    if form.is_valid() and _call(
        form, svc.petition_conclude, actor=request.user, petition=p, **form.cleaned_data
    ):
        messages.success(request, "已办结")
        return redirect(p.get_absolute_url())
    return _page(request, pk, status=400, conclude_form=form)


@requires(OversightCap.VIEW)
@require_GET
def petition_analysis(request: Any) -> HttpResponse:
    form, f = _filters(request)
    a = sel.analysis(request.user, f)
    peak = max([n for _, n in a.by_week] or [1])
    context = {
        "filter_form": form,
        "a": a,
        "campaign": f.campaign,
        "campaigns": sel.campaigns(request.user),
        "weeks": [(w, n, round(100 * n / peak)) for w, n in a.by_week],
        "hot_min": sel.HOT_SPOT_MIN,
        "towns_shown": sel.TOWNS_SHOWN,
    }
    return render(request, "oversight/petitions_analysis.html", context)


@requires(OversightCap.VIEW)
def petition_settings(request: Any, campaign_pk: int) -> HttpResponse:
    user = request.user
    c = sel.campaign(user, campaign_pk)
    clock = svc.settings_for(c)
    may_edit = can(user, OversightCap.EDIT, c.city.path)
    form = SettingsForm(initial={name: getattr(clock, name) for name in svc.SETTINGS_FIELDS})
    status = 200
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied("只有市级工作人员可以修改信访办理时限")
        form = SettingsForm(request.POST)
        if form.is_valid() and _call(form, svc.settings_update, actor=user, campaign=c, **form.cleaned_data):
            messages.success(request, "已保存")
            return redirect(reverse("oversight_petitions:settings", args=[c.pk]))
        status = 400
    return render(
        request,
        "oversight/petitions_settings.html",
        {"campaign": c, "clock": clock, "form": form, "may_edit": may_edit},
        status=status,
    )


def _where(u: Any) -> str:
    """Where a village lies, as the picker shows it: its county › its town."""
    town = u.parent
    county = town.parent if town is not None else None
    return " › ".join(x.name for x in (county, town) if x is not None)


@requires(OversightCap.EDIT)
@require_GET
def petition_unit_pick(request: Any) -> HttpResponse:
    """The villages and communities of the registering user's jurisdiction matching the text."""
    text = search_text(request)
    if not text:
        return picks_response(request, [], more=False, too_long=text is None)
    rows = list(sel.units(request.user).filter(name__contains=text).select_related("parent__parent")[:21])
    picks = [Pick(str(u.pk), u.name, _where(u)) for u in rows[:20]]
    return picks_response(request, picks, more=len(rows) > 20)


@requires(OversightCap.EDIT)
@require_GET
def petition_person_pick(request: Any) -> HttpResponse:
    text = search_text(request)
    if not text:
        return picks_response(request, [], more=False, too_long=text is None)
    rows = list(
        sel.subject_people(request.user).filter(name__contains=text).select_related("domicile_unit")[:21]
    )
    picks = [Pick(str(p.pk), p.name, f"{p.domicile_unit.name} {p.id_masked}") for p in rows]
    return picks_response(request, picks, more=len(rows) > 20)


@requires(OversightCap.EDIT)
@require_GET
def petition_candidate_pick(request: Any) -> HttpResponse:
    text = search_text(request)
    if not text:
        return picks_response(request, [], more=False, too_long=text is None)
    rows = list(
        sel.subject_candidates(request.user)
        .filter(Q(person__name__contains=text))
        .select_related("unit")[:21]
    )
    picks = [Pick(str(c.pk), str(c), c.unit.name) for c in rows]
    return picks_response(request, picks, more=len(rows) > 20)


@requires(OversightCap.VIEW)
@require_GET
def petitions_export(request: Any) -> FileResponse:
    """The register as a 信访台账 (no petitioner identity in it)."""
    form, f = _filters(request)
    rows = sel.petition_rows(sel.petitions(request.user, f)).iterator(chunk_size=2000)
    columns = [
        Column("收到日期", lambda p: p.received_on, 12),
        Column("乡镇（街道）", lambda p: p.unit.parent.name if p.unit.parent else "", 14),
        Column("村（社区）", lambda p: p.unit.name, 14),
        Column("来源渠道", lambda p: p.get_channel_display(), 10),
        Column("问题类别", lambda p: p.get_category_display(), 16),
        Column("被反映人", lambda p: p.subject_person.name if p.subject_person else "", 10),
        Column("反映内容", lambda p: p.summary, 40),
        Column("承办人", lambda p: p.handler_name, 10),
        Column("状态", lambda p: PETITION_SPEC.state_label(p.state), 10),
        Column("受理告知期限", lambda p: p.accept_due, 12),
        Column("办结期限", lambda p: p.conclude_due, 12),
        Column("核查结论", lambda p: p.get_finding_display(), 10),
        Column("办理结果", lambda p: p.result, 30),
    ]
    return xlsx_response(
        filename="信访台账",
        columns=columns,
        rows=rows,
        actor=request.user,
        subject="信访台账",
        filters=describe_filters(form),
        personal=True,
    )
