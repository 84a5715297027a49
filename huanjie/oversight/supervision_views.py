"""Pages of supervision (issue 14 req. 4): groups (forming one), a group with its visits and the
visit form, a visit with its checklist and findings and the finding form, the findings list
(filters, pages), a finding with its evidence, the town's rectification and the group's sign-off."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from huanjie.core import workflow
from huanjie.core.exporting import Column, xlsx_response
from huanjie.core.forms import call_service
from huanjie.core.listing import filter_line, paginate
from huanjie.core.permissions import requires
from huanjie.core.scoping import scope_paths
from huanjie.oversight import supervision_selectors as sel
from huanjie.oversight import supervision_services as svc
from huanjie.oversight.capabilities import OversightCap
from huanjie.oversight.incidents_selectors import filter_units
from huanjie.oversight.supervision_choices import FindingCategory, FindingSeverity, GroupKind
from huanjie.oversight.supervision_forms import (
    ChecklistForm,
    FindingForm,
    GroupForm,
    RectifyForm,
    SignOffForm,
    VisitForm,
)
from huanjie.oversight.supervision_workflows import FINDING_SPEC
from huanjie.vetting.selectors import campaign_of


@requires(OversightCap.VIEW)
def findings(request) -> HttpResponse:
    g = request.GET
    units = filter_units(request.user)
    page = paginate(request, _filtered(request))
    today = workflow.today()
    for f in page.object_list:
        f.is_overdue = sel.is_overdue(f, today)
    context = {
        "page_obj": page,
        "states": list(FINDING_SPEC.states.items()),
        "severities": list(FindingSeverity.choices),
        "filters": {k: g.get(k, "") for k in ("unit", "state", "severity", "overdue", "category")},
        "units": units,
        # req. 9: the category filter, the Excel export and the print view's filter line
        "categories": list(FindingCategory.choices),
        "export_url": reverse("oversight_supervision:export"),
        "may_import": bool(svc.member_group_ids(request.user)),
        "filter_line": filter_line(_filter_names(request, units)),
    }
    return render(request, "oversight/finding_list.html", context)


def _filtered(request):  # type: ignore[no-untyped-def]
    g = request.GET
    return sel.findings(
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
        "状态": FINDING_SPEC.states.get(g.get("state", ""), ""),
        "严重程度": dict(FindingSeverity.choices).get(g.get("severity", ""), ""),
        "问题类别": dict(FindingCategory.choices).get(g.get("category", ""), ""),
        "仅逾期": "是" if g.get("overdue") == "1" else "",
    }


# 督导发现问题整改台账 in Excel: the list as filtered, every row.
EXPORT_COLUMNS = [
    Column("责任单位", lambda f: f.unit.name, 14),
    Column("督导组", lambda f: f.group.name, 18),
    Column("问题类别", lambda f: f.get_category_display(), 14),
    Column("严重程度", lambda f: f.get_severity_display(), 8),
    Column("问题描述", lambda f: f.description, 40),
    Column("发现日期", lambda f: f.found_on, 12),
    Column("整改期限", lambda f: f.rectify_by, 12),
    Column("整改情况", lambda f: f.rectification, 30),
    Column("整改报送日期", lambda f: f.rectified_on, 12),
    Column("状态", lambda f: f.state_label, 12),
    Column("验收销号日期", lambda f: f.signed_off_on, 12),
]


@requires(OversightCap.VIEW)
def findings_export(request) -> FileResponse:
    qs = _filtered(request)
    return xlsx_response(
        filename="督导发现问题整改台账",
        columns=EXPORT_COLUMNS,
        rows=qs.iterator(chunk_size=2000),
        actor=request.user,
        subject="督导发现问题整改台账",
        filters=_filter_names(request),
    )


@requires(OversightCap.VIEW)
def groups(request) -> HttpResponse:
    """The groups (req. 9: filters by jurisdiction, kind, status and overdue findings; print, Excel)."""
    g = request.GET
    units = filter_units(request.user)
    may_form = any(len(p) in (4, 6) for p in scope_paths(request.user, OversightCap.EDIT))
    context = {
        "page_obj": paginate(request, _filtered_groups(request)),
        "may_form": may_form,
        "units": units,
        "kinds": list(GroupKind.choices),
        "statuses": sel.GROUP_STATUSES,
        "filters": {k: g.get(k, "") for k in ("unit", "kind", "status", "overdue")},
        "export_url": reverse("oversight_supervision:groups_export"),
        "filter_line": filter_line(_group_filter_names(request, units)),
    }
    return render(request, "oversight/group_list.html", context)


def _filtered_groups(request):  # type: ignore[no-untyped-def]
    g = request.GET
    return sel.group_list(
        request.user,
        unit_code=g.get("unit", ""),
        kind=g.get("kind", ""),
        status=g.get("status", ""),
        overdue=g.get("overdue") == "1",
    )


def _group_filter_names(request, units=None) -> dict[str, str]:  # type: ignore[no-untyped-def]
    g = request.GET
    if units is None:
        units = filter_units(request.user)
    return {
        "联系县（镇）": dict(units).get(g.get("unit", ""), "").strip(),
        "类型": dict(GroupKind.choices).get(g.get("kind", ""), ""),
        "状态": dict(sel.GROUP_STATUSES).get(g.get("status", ""), ""),
        "有逾期未整改问题": "是" if g.get("overdue") == "1" else "",
    }


# 督导组台账 in Excel: the list as filtered, members and assigned areas as text.
GROUP_COLUMNS = [
    Column("督导组名称", lambda g: g.name, 20),
    Column("类型", lambda g: g.get_kind_display(), 12),
    Column("组建单位", lambda g: g.formed_by.name, 14),
    Column("组长及成员", sel.members_text, 36),
    Column("联系县（镇）", sel.areas_text, 30),
    Column("走访次数", lambda g: g.n_visits, 8),
    Column("发现问题数", lambda g: g.n_findings, 8),
    Column("状态", lambda g: "有效" if g.is_active else "已撤销", 8),
    Column("组建时间", lambda g: g.created_at, 16),
]


@requires(OversightCap.VIEW)
def groups_export(request) -> FileResponse:
    """The 督导组台账 (members' names: a personal-data export, audited)."""
    return xlsx_response(
        filename="督导组台账",
        columns=GROUP_COLUMNS,
        rows=_filtered_groups(request).iterator(chunk_size=500),
        actor=request.user,
        subject="督导组台账",
        filters=_group_filter_names(request),
        personal=True,
    )


@requires(OversightCap.EDIT)
def group_new(request) -> HttpResponse:
    choices = sel.group_form_choices(request.user)
    if choices is None:
        return render(request, "oversight/group_form.html", {"form": None})
    form = GroupForm(
        request.POST or None, formers=choices.formers, supervisors=choices.supervisors, areas=choices.areas
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            campaign = campaign_of(d["formed_by"])
            if campaign is None:
                form.add_error(None, "所属市尚无已发布的换届工作")
            else:
                group = call_service(
                    form,
                    svc.group_create,
                    actor=request.user,
                    campaign=campaign,
                    formed_by=d["formed_by"],
                    name=d["name"],
                    kind=d["kind"],
                    members=list(d["members"]),
                    leader=d["leader"],
                    areas=list(d["areas"]),
                )
                if group is not None:
                    messages.success(request, f"已组建：{group}")
                    return redirect("oversight_supervision:group", pk=group.pk)
    return render(request, "oversight/group_form.html", {"form": form}, status=status)


def _group(
    request, pk: int, form: VisitForm | None = None, checks: ChecklistForm | None = None, status: int = 200
) -> HttpResponse:
    page = sel.group_page(request.user, pk)
    if form is None and page.is_member:
        form = VisitForm(units=page.area_choices, initial={"visited_on": workflow.today()})
        checks = ChecklistForm(items=page.checklist, prefix="c")
    context = {"page": page, "form": form, "checks": checks}
    return render(request, "oversight/group_detail.html", context, status=status)


@requires(OversightCap.VIEW)
def group(request, pk: int) -> HttpResponse:
    return _group(request, pk)


@requires(OversightCap.SUPERVISE)
@require_POST
def visit_new(request, pk: int) -> HttpResponse:
    page = sel.group_page(request.user, pk)
    if not page.is_member:
        raise PermissionDenied("只有本督导组成员可以登记")
    form = VisitForm(request.POST, units=page.area_choices)
    checks = ChecklistForm(request.POST, items=page.checklist, prefix="c")
    if form.is_valid() and checks.is_valid():
        d = form.cleaned_data
        unit = sel.pick_unit(d["unit"], page.area_choices)
        if unit is None:
            form.add_error("unit", "请选择督导单位")
        else:
            visit = call_service(
                form,
                svc.visit_record,
                actor=request.user,
                group=page.group,
                unit=unit,
                visited_on=d["visited_on"],
                places=d["places"],
                checked=d["checked"],
                results=checks.results(),
            )
            if visit is not None:
                messages.success(request, "已登记督导走访")
                return redirect("oversight_supervision:visit", pk=visit.pk)
    return _group(request, pk, form, checks, status=400)


def _visit(request, pk: int, form: FindingForm | None = None, status: int = 200) -> HttpResponse:
    page = sel.visit_page(request.user, pk)
    if form is None and page.is_member:
        form = FindingForm(units=page.unit_choices)
    return render(request, "oversight/visit_detail.html", {"page": page, "form": form}, status=status)


@requires(OversightCap.VIEW)
def visit(request, pk: int) -> HttpResponse:
    return _visit(request, pk)


@requires(OversightCap.SUPERVISE)
@require_POST
def finding_new(request, pk: int) -> HttpResponse:
    page = sel.visit_page(request.user, pk)
    if not page.is_member:
        raise PermissionDenied("只有本督导组成员可以登记")
    form = FindingForm(request.POST, request.FILES, units=page.unit_choices)
    if form.is_valid():
        d = form.cleaned_data
        unit = sel.pick_unit(d["unit"], page.unit_choices)
        upload = d.get("file")
        finding = (
            None
            if unit is None
            else call_service(
                form,
                svc.finding_record,
                actor=request.user,
                visit=page.visit,
                unit=unit,
                category=d["category"],
                severity=d["severity"],
                description=d["description"],
                rectify_by=d["rectify_by"],
                evidence=[(upload.name, upload.read())] if upload else [],
            )
        )
        if finding is not None:
            messages.success(request, "已登记发现问题，待责任单位整改")
            return redirect("oversight_supervision:finding", pk=finding.pk)
    return _visit(request, pk, form, status=400)


def _finding(request, pk: int, *, rectify=None, sign=None, status: int = 200) -> HttpResponse:  # type: ignore[no-untyped-def]
    page = sel.finding_page(request.user, pk)
    context = {
        "page": page,
        "rectify_form": rectify or (RectifyForm() if page.can_rectify else None),
        "sign_form": sign or (SignOffForm() if page.can_sign_off else None),
    }
    return render(request, "oversight/finding_detail.html", context, status=status)


@requires(OversightCap.VIEW)
def finding(request, pk: int) -> HttpResponse:
    return _finding(request, pk)


@requires(OversightCap.EDIT)
@require_POST
def finding_rectify(request, pk: int) -> HttpResponse:
    page = sel.finding_page(request.user, pk)
    if not page.can_rectify:
        raise PermissionDenied("此问题当前不由您报送整改")
    form = RectifyForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            done = call_service(
                form,
                svc.finding_rectify,
                actor=request.user,
                finding=page.finding,
                text=form.cleaned_data["text"],
                evidence=[(upload.name, upload.read())],
            )
        except workflow.WorkflowError as exc:
            form.add_error(None, exc.message)
            done = None
        if done is not None:
            messages.success(request, "已报送整改，待督导组验收")
            return redirect("oversight_supervision:finding", pk=pk)
    return _finding(request, pk, rectify=form, status=400)


@requires(OversightCap.SUPERVISE)
@require_POST
def finding_sign_off(request, pk: int) -> HttpResponse:
    page = sel.finding_page(request.user, pk)
    if not page.can_sign_off:
        raise PermissionDenied("只有本督导组成员可以验收")
    form = SignOffForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            done = call_service(
                form,
                svc.finding_sign_off,
                actor=request.user,
                finding=page.finding,
                accept=accept,
                reason=form.cleaned_data["reason"],
            )
        except workflow.WorkflowError as exc:
            form.add_error(None, exc.message)
            done = None
        if done is not None:
            messages.success(request, "已验收销号" if accept else "已退回整改")
            return redirect("oversight_supervision:finding", pk=pk)
    return _finding(request, pk, sign=form, status=400)


@requires(OversightCap.VIEW)
def finding_file(request, pk: int) -> HttpResponse:
    row = sel.finding_file(request.user, pk)
    data = svc.finding_file(actor=request.user, file=row)
    response = HttpResponse(data, content_type=row.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(row.file_name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
