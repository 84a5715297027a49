"""Org tree pages: the tree browser, the unit list (with export), the unit page (for a village or
community: the village page with both committees and the structure summary) and the edit forms.

Views are thin: selectors read (scoped to the user), services write, templates get booleans.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from huanjie.core.exporting import Column, xlsx_response
from huanjie.core.forms import call_service
from huanjie.core.listing import describe_filters, filter_line, paginate, sort_columns
from huanjie.core.permissions import requires
from huanjie.core.pickers import PICK_LIMIT, Pick, picks_response, search_text
from huanjie.core.scoping import get_scoped_or_404
from huanjie.org import selectors, services
from huanjie.org.adapters import parent_level
from huanjie.org.capabilities import OrgCap
from huanjie.org.choices import Level
from huanjie.org.forms import (
    UnitAttributesForm,
    UnitCreateForm,
    UnitDeactivateForm,
    UnitFilterForm,
    UnitMoveForm,
)
from huanjie.org.models import OrgUnit


def _unit(request, code: str, action: str = "view") -> OrgUnit:
    return get_scoped_or_404(OrgUnit.objects.select_related("parent"), request.user, action, code=code)


def unit_crumbs(user, unit: OrgUnit, *extra: str) -> list[dict[str, str]]:
    """Breadcrumbs: 组织机构 › visible ancestors › the unit › an optional last label."""
    crumbs = [{"label": "组织机构", "url": reverse("org:tree")}]
    crumbs += [
        {"label": u.name, "url": reverse("org:unit", args=[u.code])}
        for u in selectors.breadcrumbs(user, unit)
    ]
    crumbs += [{"label": label, "url": ""} for label in extra]
    return crumbs


@requires(OrgCap.VIEW)
def tree(request):
    return render(
        request,
        "org/tree.html",
        {"roots": selectors.tree_roots(request.user), "crumbs": [{"label": "组织机构", "url": ""}]},
    )


@requires(OrgCap.VIEW)
def tree_children(request, code: str):
    """htmx partial: the children of one node, with their counts."""
    unit = _unit(request, code)
    return render(request, "org/_tree_nodes.html", {"nodes": selectors.tree_children(request.user, unit)})


UNIT_SORT_COLUMNS = [
    ("code", "区划代码"),
    ("name", "名称"),
    ("level", "层级"),
    ("population", "人口"),
    ("batch", "批次"),
]


def _unit_filters(request):
    user = request.user
    form = UnitFilterForm(
        request.GET or None,
        towns=selectors.area_choices(user),
        batches=selectors.batches_visible(user),
        categories=selectors.category_choices(user),
    )
    values = form.cleaned_data if form.is_valid() else {}
    params = {k: values.get(k, "") or "" for k in ("q", "level", "town", "pilot", "batch", "category")}
    params["active"] = values.get("active") or "1"
    sort = request.GET.get("sort", "code")
    if sort not in selectors.UNIT_SORTS:
        sort = "code"
    return form, params, sort


@requires(OrgCap.VIEW)
def unit_list(request):
    form, params, sort = _unit_filters(request)
    qs = selectors.unit_list(request.user, sort=sort, **params)
    page = paginate(request, qs)
    badges = selectors.category_badges(request.user, [u.pk for u in page.object_list])
    for u in page.object_list:
        u.badges = badges.get(u.pk, [])
    return render(
        request,
        "org/unit_list.html",
        {
            "form": form,
            "page_obj": page,
            "units": page.object_list,
            "sort_cols": sort_columns(sort, UNIT_SORT_COLUMNS),
            "current_sort": sort,
            "filter_line": filter_line(describe_filters(form)),
            "crumbs": [
                {"label": "组织机构", "url": reverse("org:tree")},
                {"label": "村（社区）列表", "url": ""},
            ],
        },
    )


UNIT_EXPORT_COLUMNS = [
    Column("区划代码", lambda u: u.code, 16),
    Column("名称", lambda u: u.name, 20),
    Column("层级", lambda u: u.get_level_display(), 10),
    Column("上级单位", lambda u: u.parent.name if u.parent_id else "", 16),
    Column("户数", lambda u: u.households, 8),
    Column("人口", lambda u: u.population, 8),
    Column("党员数", lambda u: u.party_members, 8),
    Column("村（居）民小组数", lambda u: u.villager_groups, 10),
    Column("试点", lambda u: u.is_pilot, 6),
    Column("批次", lambda u: u.batch, 6),
    Column("类别", lambda u: "、".join(b.label for b in getattr(u, "badges", [])), 12),
    Column("状态", lambda u: "有效" if u.is_active else "已撤销", 8),
]


@requires(OrgCap.VIEW)
def unit_export(request):
    form, params, sort = _unit_filters(request)
    qs = selectors.unit_list(request.user, sort=sort, **params)
    filters = {"层级": "村和社区", "状态": "有效"} | describe_filters(form)
    # The 类别 column only for those who may see the categories (保密), filled chunk by chunk.
    shown = bool(selectors.category_choices(request.user))
    columns = [c for c in UNIT_EXPORT_COLUMNS if shown or c.header != "类别"]
    return xlsx_response(
        filename="村社区列表",
        columns=columns,
        rows=selectors.with_category_badges(request.user, qs.iterator(chunk_size=2000))
        if shown
        else qs.iterator(chunk_size=2000),
        actor=request.user,
        subject="村（社区）列表",
        filters=filters,
        personal=False,
    )


@requires(OrgCap.VIEW)
def unit_detail(request, code: str):
    user = request.user
    unit = _unit(request, code)
    can_edit = unit.is_active and selectors.unit_can_edit(user, unit)
    context = {
        "unit": unit,
        "crumbs": unit_crumbs(user, unit),
        "can_edit": can_edit,
        "can_add_child": can_edit and not unit.is_leaf,
        # Offered only where there is somewhere to go (a town operator's own town has no county to
        # move to: the walk of issue 9 found the button leading to an empty picker).
        "can_move": can_edit and selectors.move_targets_exist(user, unit),
    }
    if not unit.is_leaf:
        children = selectors.child_units(user, unit)
        context["children"] = children
        # The 在任成员 column appears when the people app counted (it counts only for people.view).
        context["show_sitting"] = any(c.sitting is not None for c in children)
        return render(request, "org/unit_detail.html", context)
    # The village page (村/社区): attributes, then the panels other apps add (people: the structure
    # of the two committees and their sitting members). Each panel's context joins the page's.
    panels = selectors.unit_panels_of(user, unit, request.GET)
    for panel in panels:
        context.update(panel["context"])
    for place in ("actions", "beside", "below"):
        context[f"panels_{place}"] = [p for p in panels if p.get("place", "below") == place]
    return render(request, "org/village.html", context)


def _unit_form_page(request, form, unit: OrgUnit, title: str, crumb: str, **extra):
    """The one form page of the unit screens (edit, create, move, deactivate)."""
    context = {"form": form, "unit": unit, "title": title, "crumbs": unit_crumbs(request.user, unit, crumb)}
    return render(request, "org/unit_form.html", context | extra)


@requires(OrgCap.EDIT)
@require_http_methods(["GET", "POST"])
def unit_edit(request, code: str):
    unit = _unit(request, code, "edit")
    fields = services.EDIT_FIELDS
    form = UnitAttributesForm(
        request.POST or None, initial={f: getattr(unit, f) for f in fields}, record=unit, record_fields=fields
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = call_service(
            form,
            services.orgunit_update,
            denied_on_form=False,
            actor=request.user,
            unit=unit,
            **form.versioned(),
            **{f: data[f] for f in fields},
        )
        if done:
            messages.success(request, f"已保存“{done.name}”")
            return redirect("org:unit", code=done.code)
    return _unit_form_page(request, form, unit, f"编辑 {unit.name}", "编辑")


@requires(OrgCap.EDIT)
@require_http_methods(["GET", "POST"])
def unit_create(request, code: str):
    parent = _unit(request, code, "edit")
    levels = [(lvl.value, lvl.label) for lvl in Level if parent_level(lvl) == parent.level]
    if not levels or not parent.is_active:
        raise Http404("该单位下不能新建下级单位")
    form = UnitCreateForm(
        request.POST or None,
        levels=levels,
        initial={"code": parent.path},
        record=parent,
        record_fields=services.SHOWN_FIELDS,
        refresh_fields=(),
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "seen")}
        unit = call_service(
            form,
            services.orgunit_create,
            denied_on_form=False,
            actor=request.user,
            parent=parent,
            parent_version=form.loaded_version,
            seen=form.loaded_seen,
            **data,
        )
        if unit:
            messages.success(request, f"已新建“{unit.name}”")
            return redirect("org:unit", code=unit.code)
    return _unit_form_page(request, form, parent, f"在 {parent.name} 下新建单位", "新建下级单位")


@requires(OrgCap.EDIT)
@require_http_methods(["GET", "POST"])
def unit_move(request, code: str):
    unit = _unit(request, code, "edit")
    if parent_level(unit.level) is None or not unit.is_active:
        raise Http404("该单位不能调整隶属关系")
    parents = selectors.editable_parents(request.user, unit.level)
    if unit.parent_id is not None:
        parents = parents.exclude(pk=unit.parent_id)
    form = UnitMoveForm(
        request.POST or None,
        parents=parents,
        search_url=reverse("org:unit_move_parents", args=[unit.code]),
        record=unit,
        record_fields=services.SHOWN_FIELDS,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        new_code = d["new_code"] or selectors.next_free_code(d["new_parent"], unit.level)
        if new_code is None:
            form.add_error("new_code", "新上级单位下已没有空号，请填写统计部门下发的新代码")
        else:
            moved = call_service(
                form,
                services.orgunit_move,
                actor=request.user,
                unit=unit,
                **form.versioned(),
                new_parent=d["new_parent"],
                new_code=new_code,
                reason=d["reason"],
            )
            if moved:
                messages.success(
                    request, f"已将“{moved.name}”调整到“{d['new_parent'].name}”，新的区划代码为 {moved.code}"
                )
                return redirect("org:unit", code=moved.code)
    return _unit_form_page(
        request,
        form,
        unit,
        f"调整 {unit.name} 的隶属关系",
        "调整隶属",
        note="调整后，该单位及其下级单位的区划代码将一并改写，操作记入审计日志。",
    )


@requires(OrgCap.EDIT)
def unit_move_parents(request, code: str):
    """The move form's picker: the units this one may be moved under, searched (at most PICK_LIMIT)."""
    unit = _unit(request, code, "edit")
    q = search_text(request)
    if q is None:
        return picks_response(request, [], more=False, too_long=True)
    found, more = selectors.move_parent_search(request.user, unit, q, PICK_LIMIT)
    return picks_response(request, [Pick(str(u.pk), label, u.code) for u, label in found], more=more)


@requires(OrgCap.EDIT)
@require_http_methods(["GET", "POST"])
def unit_deactivate(request, code: str):
    unit = _unit(request, code, "edit")
    if not unit.is_active:
        raise Http404("该单位已撤销")
    form = UnitDeactivateForm(request.POST or None, record=unit, record_fields=services.SHOWN_FIELDS)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.orgunit_deactivate,
            denied_on_form=False,
            actor=request.user,
            unit=unit,
            **form.versioned(),
            reason=form.cleaned_data["reason"],
        )
        if done:
            messages.success(request, f"已撤销“{done.name}”")
            return redirect("org:unit", code=done.code)
    return _unit_form_page(
        request,
        form,
        unit,
        f"撤销 {unit.name}",
        "撤销",
        danger=True,
        note="撤销后该单位不再出现在组织机构树中；有有效下级单位时不能撤销。操作记入审计日志。",
    )
