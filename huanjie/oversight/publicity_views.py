"""Pages of publicity tasks (宣传发动) and public-opinion events (舆情) (issue 14 req. 8): lists
filtered by jurisdiction, status and overdue, a form to add, and one form per record to update."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from huanjie.core import workflow
from huanjie.core.exporting import Column, xlsx_response
from huanjie.core.forms import call_service
from huanjie.core.listing import describe_filters, filter_line, paginate
from huanjie.core.permissions import requires
from huanjie.core.scoping import can
from huanjie.oversight import publicity_selectors as sel
from huanjie.oversight import publicity_services as svc
from huanjie.oversight import training_selectors as common
from huanjie.oversight.capabilities import OversightCap
from huanjie.oversight.models.publicity import OpinionSource, OpinionStatus
from huanjie.oversight.publicity_forms import EventForm, EventUpdateForm, ListFilter, TaskDoneForm, TaskForm
from huanjie.oversight.training_views import NO_CAMPAIGN, campaign_context

_VIEW, _EDIT = OversightCap.VIEW, OversightCap.EDIT
TASK_STATUSES = [("open", "未完成"), ("done", "已完成")]


def _unit_choices(request: Any) -> list[tuple[str, str]]:
    return [(u.path, u.name) for u in common.units_for(request.user, _VIEW, ("city", "county", "town"))[:500]]


def _filters(
    request: Any, statuses: list[tuple[str, str]], categories: list[tuple[str, str]] | None = None
) -> tuple[ListFilter, dict[str, Any]]:
    filt = ListFilter(request.GET, units=_unit_choices(request), statuses=statuses, categories=categories)
    f = filt.cleaned_data if filt.is_valid() else {}
    out = {
        "unit": f.get("unit", ""),
        "status": f.get("status", ""),
        "overdue": f.get("overdue") == "1",
    }
    if categories:
        out["category"] = f.get("category", "")
    return filt, out


@requires(_VIEW)
def tasks(request: Any) -> HttpResponse:
    ctx = campaign_context(request)
    c = ctx["campaign"]
    status = 200
    if c is not None:
        units = common.units_for(request.user, _EDIT, ("city", "county", "town"))
        form = None
        if request.method == "POST":
            form = TaskForm(request.POST, units=units)
            if form.is_valid() and call_service(
                form, svc.task_create, actor=request.user, campaign=c, **form.cleaned_data
            ):
                messages.success(request, "已登记宣传任务")
                return redirect(request.path + f"?campaign={c.pk}")
            status = 400
        elif units.exists():
            form = TaskForm(units=units)
        filt, f = _filters(request, TASK_STATUSES)
        page = paginate(request, sel.tasks(request.user, c, **f))
        today = workflow.today()
        for t in page.object_list:
            t.overdue = t.done_on is None and t.deadline < today
            t.can_edit = t.done_on is None and can(request.user, _EDIT, t.owner.path)
        ctx.update(
            form=form,
            filter_form=filt,
            page_obj=page,
            today=today,
            export_url=reverse("oversight_publicity:tasks_export"),
            filter_line=filter_line(describe_filters(filt)),
        )
    elif request.method == "POST":
        raise Http404(NO_CAMPAIGN)
    return render(request, "oversight/publicity/tasks.html", ctx, status=status)


def _task_page(request: Any, pk: int, status: int = 200, form: Any = None) -> HttpResponse:
    t = sel.task(request.user, pk)
    may = can(request.user, _EDIT, t.owner.path)
    if may and form is None:
        form = TaskDoneForm(
            record=t,
            record_fields=("done_on", "note"),
            initial={"done_on": t.done_on or workflow.today(), "note": t.note},
        )
    overdue = t.done_on is None and t.deadline < workflow.today()
    return render(
        request,
        "oversight/publicity/task.html",
        {"t": t, "form": form if may else None, "overdue": overdue},
        status=status,
    )


@requires(_VIEW)
def task(request: Any, pk: int) -> HttpResponse:
    if request.method == "POST":
        t = sel.task(request.user, pk)
        form = TaskDoneForm(request.POST, record=t, record_fields=("done_on", "note"))
        if form.is_valid() and call_service(
            form,
            svc.task_done,
            actor=request.user,
            task=t,
            done_on=form.cleaned_data["done_on"],
            note=form.cleaned_data["note"],
            **form.versioned(),
        ):
            messages.success(request, "已登记完成情况")
            return redirect("oversight_publicity:task", pk=t.pk)
        return _task_page(request, pk, status=400, form=form)
    return _task_page(request, pk)


@requires(_VIEW)
def events(request: Any) -> HttpResponse:
    ctx = campaign_context(request)
    c = ctx["campaign"]
    status = 200
    if c is not None:
        units = common.units_for(request.user, _EDIT, ("town", "village", "community"))
        form = None
        if request.method == "POST":
            form = EventForm(request.POST, units=units)
            if form.is_valid():
                e = call_service(form, svc.event_create, actor=request.user, campaign=c, **form.cleaned_data)
                if e is not None:
                    messages.success(request, "已登记舆情")
                    return redirect("oversight_publicity:event", pk=e.pk)
            status = 400
        elif units.exists():
            form = EventForm(units=units)
        filt, f = _filters(request, list(OpinionStatus.choices), list(OpinionSource.choices))
        page = paginate(request, sel.events(request.user, c, **f))
        today = workflow.today()
        for e in page.object_list:
            e.overdue = e.status != OpinionStatus.CLOSED and e.respond_by < today
        ctx.update(
            form=form,
            filter_form=filt,
            page_obj=page,
            export_url=reverse("oversight_publicity:events_export"),
            filter_line=filter_line(describe_filters(filt)),
        )
    elif request.method == "POST":
        raise Http404(NO_CAMPAIGN)
    return render(request, "oversight/publicity/events.html", ctx, status=status)


def _event_page(request: Any, pk: int, status: int = 200, form: Any = None) -> HttpResponse:
    e = sel.event(request.user, pk)
    may = can(request.user, _EDIT, e.unit.path)
    if may and form is None:
        form = EventUpdateForm(
            record=e,
            record_fields=("response", "status"),
            initial={"response": e.response, "status": e.status},
        )
    overdue = e.status != OpinionStatus.CLOSED and e.respond_by < workflow.today()
    return render(
        request,
        "oversight/publicity/event.html",
        {"e": e, "form": form if may else None, "overdue": overdue},
        status=status,
    )


@requires(_VIEW)
def event(request: Any, pk: int) -> HttpResponse:
    if request.method == "POST":
        e = sel.event(request.user, pk)
        form = EventUpdateForm(request.POST, record=e, record_fields=("response", "status"))
        if form.is_valid() and call_service(
            form,
            svc.event_update,
            actor=request.user,
            event=e,
            response=form.cleaned_data["response"],
            status=form.cleaned_data["status"],
            **form.versioned(),
        ):
            messages.success(request, "已更新处置情况")
            return redirect("oversight_publicity:event", pk=e.pk)
        return _event_page(request, pk, status=400, form=form)
    return _event_page(request, pk)


# ---------------------------------------------------------------------------------------------
# Req. 9: the 宣传发动任务台账 and the 舆情台账 in Excel, as filtered (the print view is the list's
# ?print=1, core.listing).

TASK_COLUMNS = [
    Column("责任单位", lambda t: t.owner.name, 16),
    Column("宣传任务", lambda t: t.title, 40),
    Column("完成时限", lambda t: t.deadline, 12),
    Column("完成日期", lambda t: t.done_on, 12),
    Column("完成情况", lambda t: t.note, 30),
]
EVENT_COLUMNS = [
    Column("涉及村（镇）", lambda e: e.unit.name, 16),
    Column("来源", lambda e: e.get_source_display(), 10),
    Column("发现日期", lambda e: e.occurred_on, 12),
    Column("内容摘要", lambda e: e.summary, 40),
    Column("处置时限", lambda e: e.respond_by, 12),
    Column("处置情况", lambda e: e.response, 30),
    Column("状态", lambda e: e.get_status_display(), 8),
]


def _export(request: Any, kind: str) -> FileResponse:
    ctx = campaign_context(request)
    c = ctx["campaign"]
    if c is None:
        raise Http404(NO_CAMPAIGN)
    rows: Any
    if kind == "tasks":
        filt, f = _filters(request, TASK_STATUSES)
        rows, columns, subject = sel.tasks(request.user, c, **f), TASK_COLUMNS, "宣传发动任务台账"
    else:
        filt, f = _filters(request, list(OpinionStatus.choices), list(OpinionSource.choices))
        rows, columns, subject = sel.events(request.user, c, **f), EVENT_COLUMNS, "舆情台账"
    return xlsx_response(
        filename=subject,
        columns=columns,
        rows=rows.iterator(chunk_size=2000),
        actor=request.user,
        subject=subject,
        filters={"换届工作": c.name, **describe_filters(filt)},
    )


@requires(_VIEW)
def tasks_export(request: Any) -> FileResponse:
    return _export(request, "tasks")


@requires(_VIEW)
def events_export(request: Any) -> FileResponse:
    return _export(request, "events")
