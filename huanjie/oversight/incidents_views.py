"""Pages of the incident reports (issue 14 req. 3): the list (filters, pages), reporting, one report
with its timeline and actions (acknowledge, follow up, close), and the city's deadline settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from huanjie.core import workflow
from huanjie.core.exporting import Column, xlsx_response
from huanjie.core.forms import call_service
from huanjie.core.listing import filter_line, paginate
from huanjie.core.permissions import requires
from huanjie.core.scoping import scope_paths
from huanjie.oversight import incidents_selectors as sel
from huanjie.oversight import incidents_services as svc
from huanjie.oversight.capabilities import OversightCap
from huanjie.oversight.incidents_choices import DEFAULT_SEVERITIES, IncidentCategory
from huanjie.oversight.incidents_forms import IncidentForm, SeverityHoursForm, UpdateForm
from huanjie.oversight.incidents_selectors import filter_units
from huanjie.oversight.incidents_workflows import INCIDENT_SPEC
from huanjie.vetting.selectors import campaign_of


def _filtered(request):  # type: ignore[no-untyped-def]
    g = request.GET
    return sel.incidents(
        request.user,
        unit_code=g.get("unit", ""),
        state=g.get("state", ""),
        severity=g.get("severity", ""),
        overdue=g.get("overdue") == "1",
        category=g.get("category", ""),
    )


def _filter_names(request, units=None) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The filters in force, in Chinese (the export's title line and the print view's)."""
    g = request.GET
    if units is None:
        units = filter_units(request.user)
    return {
        "单位": dict(units).get(g.get("unit", ""), "").strip(),
        "状态": INCIDENT_SPEC.states.get(g.get("state", ""), ""),
        "等级": {d.code: d.label for d in DEFAULT_SEVERITIES}.get(g.get("severity", ""), ""),
        "类别": dict(IncidentCategory.choices).get(g.get("category", ""), ""),
        "仅逾期": "是" if g.get("overdue") == "1" else "",
    }


# 重大事件报送台账 in Excel: the list as filtered, every row (序号, frozen header, autofilter).
EXPORT_COLUMNS = [
    Column("事件名称", lambda r: r.title, 24),
    Column("发生地", lambda r: r.unit.name, 14),
    Column("类别", lambda r: r.get_category_display(), 14),
    Column("等级", lambda r: r.severity_label, 8),
    Column("发生时间", lambda r: timezone.localtime(r.occurred_at), 16),
    Column("报送时间", lambda r: timezone.localtime(r.reported_at), 16),
    Column("县级签收时间", lambda r: r.county_acked_at and timezone.localtime(r.county_acked_at), 16),
    Column("市级签收时间", lambda r: r.city_acked_at and timezone.localtime(r.city_acked_at), 16),
    Column("状态", lambda r: r.state_label, 12),
    Column("基本情况", lambda r: r.summary, 40),
]


@requires(OversightCap.VIEW)
def incident_export(request) -> FileResponse:
    return xlsx_response(
        filename="重大事件报送台账",
        columns=EXPORT_COLUMNS,
        rows=_filtered(request).iterator(chunk_size=2000),
        actor=request.user,
        subject="重大事件报送台账",
        filters=_filter_names(request),
    )


@requires(OversightCap.VIEW)
def incident_list(request) -> HttpResponse:
    g = request.GET
    units = filter_units(request.user)
    page = paginate(request, _filtered(request))
    now = svc.now()
    for r in page.object_list:
        r.is_overdue = sel.is_overdue(r, now)
    home = request.user.home_unit
    campaign = campaign_of(home) if home is not None else None
    context = {
        "page_obj": page,
        "states": list(INCIDENT_SPEC.states.items()),
        "severities": svc.severities(campaign) if campaign else list(svc.DEFAULT_SEVERITIES),
        "may_report": sel.may_report(request.user),
        "may_set": campaign is not None
        and campaign.city.path in scope_paths(request.user, OversightCap.EDIT),
        "filters": {k: g.get(k, "") for k in ("unit", "state", "severity", "overdue", "category")},
        "units": units,
        # req. 9: the category filter, the Excel export and the print view's filter line
        "categories": list(IncidentCategory.choices),
        "export_url": reverse("oversight_incidents:export"),
        "filter_line": filter_line(_filter_names(request, units)),
    }
    return render(request, "oversight/incident_list.html", context)


@requires(OversightCap.EDIT)
def incident_new(request) -> HttpResponse:
    home = request.user.home_unit
    campaign = campaign_of(home) if home is not None else None
    if campaign is None:
        return render(request, "oversight/incident_form.html", {"form": None})
    severities = svc.severities(campaign)
    units = sel.report_units(request.user)
    form = IncidentForm(request.POST or None, units=units, severities=severities)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            row = call_service(
                form,
                svc.incident_report,
                actor=request.user,
                campaign=campaign,
                unit=d["unit"],
                title=d["title"],
                category=d["category"],
                severity=d["severity"],
                occurred_at=d["occurred_at"],
                summary=d["summary"],
                measures=d["measures"],
            )
            if row is not None:
                messages.success(request, f"已报送：{row}，待县级签收")
                return redirect("oversight_incidents:detail", pk=row.pk)
    return render(request, "oversight/incident_form.html", {"form": form}, status=status)


def _detail(request, pk: int, *, update_form=None, close_form=None, status: int = 200) -> HttpResponse:  # type: ignore[no-untyped-def]
    page = sel.incident_page(request.user, pk)
    context = {
        "page": page,
        "update_form": update_form or (UpdateForm(prefix="u") if page.can_follow_up else None),
        "close_form": close_form or (UpdateForm(prefix="c") if page.can_close else None),
    }
    return render(request, "oversight/incident_detail.html", context, status=status)


@requires(OversightCap.VIEW)
def incident_detail(request, pk: int) -> HttpResponse:
    return _detail(request, pk)


@requires(OversightCap.REVIEW)
@require_POST
def incident_ack(request, pk: int) -> HttpResponse:
    page = sel.incident_page(request.user, pk)
    if not page.can_ack:
        raise PermissionDenied("此报告当前不由您签收")
    try:
        svc.incident_acknowledge(actor=request.user, incident=page.incident)
    except workflow.WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已签收")
    return redirect("oversight_incidents:detail", pk=pk)


@requires(OversightCap.EDIT)
@require_POST
def incident_follow_up(request, pk: int) -> HttpResponse:
    page = sel.incident_page(request.user, pk)
    if not page.can_follow_up:
        raise PermissionDenied("只有事发地所在乡镇（街道）或县级可以续报")
    form = UpdateForm(request.POST, prefix="u")
    if form.is_valid():
        row = call_service(
            form,
            svc.incident_follow_up,
            actor=request.user,
            incident=page.incident,
            text=form.cleaned_data["text"],
        )
        if row is not None:
            messages.success(request, "已续报")
            return redirect("oversight_incidents:detail", pk=pk)
    return _detail(request, pk, update_form=form, status=400)


@requires(OversightCap.EDIT)
@require_POST
def incident_close(request, pk: int) -> HttpResponse:
    page = sel.incident_page(request.user, pk)
    if not page.can_close:
        raise PermissionDenied("此报告当前不能由您办结")
    form = UpdateForm(request.POST, prefix="c")
    if form.is_valid():
        try:
            svc.incident_close(actor=request.user, incident=page.incident, text=form.cleaned_data["text"])
        except workflow.WorkflowError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已终报办结")
            return redirect("oversight_incidents:detail", pk=pk)
    return _detail(request, pk, close_form=form, status=400)


@requires(OversightCap.EDIT)
def severity_settings(request) -> HttpResponse:
    home = request.user.home_unit
    campaign = campaign_of(home) if home is not None else None
    may_set = campaign is not None and campaign.city.path in scope_paths(request.user, OversightCap.EDIT)
    severities = svc.severities(campaign) if campaign is not None else list(svc.DEFAULT_SEVERITIES)
    form = SeverityHoursForm(request.POST or None, severities=severities) if may_set else None
    status = 200
    if request.method == "POST" and form is None:
        raise PermissionDenied("事件报送时限由市级设置")
    if request.method == "POST" and form is not None:
        status = 400
        if form.is_valid():
            done = call_service(
                form, svc.severity_set, actor=request.user, campaign=campaign, hours=dict(form.cleaned_data)
            )
            if done is not None:
                messages.success(request, "已保存签收时限")
                return redirect("oversight_incidents:list")
    return render(
        request,
        "oversight/incident_settings.html",
        {"form": form, "campaign": campaign, "severities": severities},
        status=status,
    )
