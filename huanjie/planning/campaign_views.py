"""Campaign settings pages (issue 10 req. 1): the responsibility list, structure targets, the
negative list (十不选), the age and education guidance and the joint-review departments, with the
batches, pilot villages and the law each window falls under. The city edits while the campaign may be
edited; every role holding ``planning.settings`` in the city reads (the settings are not
confidential).

Views are thin: selectors read, services write (audited, locked when published), templates get
booleans.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from huanjie.core.permissions import requires
from huanjie.core.workflow import WorkflowError
from huanjie.planning import selectors, services
from huanjie.planning.capabilities import PlanningCap
from huanjie.planning.forms import (
    BodyForm,
    DepartmentForm,
    GuidanceForm,
    NegativeForm,
    PersonForm,
    TargetEditForm,
    TargetForm,
    TaskForm,
)
from huanjie.planning.views import _call

SECTIONS: dict[str, tuple[type[forms.Form], str]] = {
    "body": (BodyForm, "领导机构和工作机构"),
    "person": (PersonForm, "责任人"),
    "task": (TaskForm, "责任清单任务"),
    "target": (TargetForm, "结构目标"),
    "negative": (NegativeForm, "负面清单事项"),
    "guidance": (GuidanceForm, "年龄学历要求"),
    "department": (DepartmentForm, "联审部门"),
}
"""Each kind of settings row: its add form and its name on the page."""


def _form(kind: str, user: Any, c: Any, data: Any = None) -> forms.Form:
    form_class = SECTIONS[kind][0]
    if kind == "person":
        return PersonForm(data, units=selectors.responsible_units(user, c))
    return form_class(data)


@requires(PlanningCap.SETTINGS)
def settings_index(request) -> HttpResponse:
    return render(
        request, "planning/settings_index.html", {"campaigns": selectors.settings_campaigns(request.user)}
    )


def _settings_page(
    request, pk: int, status: int = 200, bound: forms.Form | None = None, bound_kind: str = ""
) -> HttpResponse:
    page = selectors.settings_page(request.user, pk)
    c = page.campaign
    add_forms = {}
    if page.can_edit:
        for kind in SECTIONS:
            add_forms[kind] = (
                bound if kind == bound_kind and bound is not None else _form(kind, request.user, c)
            )
    context = {"page": page, "add_forms": add_forms, "open_kind": bound_kind}
    return render(request, "planning/settings.html", context, status=status)


@requires(PlanningCap.SETTINGS)
def settings(request, pk: int) -> HttpResponse:
    return _settings_page(request, pk)


def _values(kind: str, request, c: Any, form: forms.Form) -> dict[str, Any]:
    values = dict(form.cleaned_data)
    if kind == "person":
        values["unit"] = selectors.responsible_unit(request.user, c, values.get("unit", ""))
    return values


@requires(PlanningCap.CAMPAIGN)
@require_POST
def setting_add(request, pk: int, kind: str) -> HttpResponse:
    c = selectors.settings_campaign(request.user, pk)
    if not selectors.manages_campaign(request.user, c):
        raise PermissionDenied("只有市级可以修改换届工作设置")
    form = _form(kind, request.user, c, request.POST)
    if form.is_valid() and _call(
        form,
        services.setting_add,
        actor=request.user,
        campaign=c,
        kind=kind,
        values=_values(kind, request, c, form),
    ):
        messages.success(request, f"已添加{SECTIONS[kind][1]}")
        return redirect(reverse("planning:settings", args=[c.pk]) + f"#hj-{kind}")
    return _settings_page(request, pk, status=400, bound=form, bound_kind=kind)


@requires(PlanningCap.CAMPAIGN)
@require_POST
def setting_delete(request, pk: int, kind: str) -> HttpResponse:
    row = selectors.setting_row(request.user, kind, pk)
    try:
        services.setting_delete(actor=request.user, row=row)
    except WorkflowError as exc:
        messages.error(request, exc.message)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "您无权执行此操作")
    else:
        messages.success(request, f"已删除{SECTIONS[kind][1]}")
    return redirect(reverse("planning:settings", args=[row.campaign_id]) + f"#hj-{kind}")


def _target_page(request, row: Any, form: TargetEditForm | None = None, status: int = 200) -> HttpResponse:
    page = selectors.settings_page(request.user, row.campaign_id)
    form = form or TargetEditForm(
        initial={f: getattr(row, f) for f in services.TARGET_FIELDS},
        record=row,
        record_fields=services.TARGET_FIELDS,
    )
    context = {"page": page, "target": row, "form": form, "definition": selectors.target_definition(row)}
    return render(request, "planning/target_edit.html", context, status=status)


@requires(PlanningCap.CAMPAIGN)
def target_edit(request, pk: int) -> HttpResponse:
    row = selectors.setting_row(request.user, "target", pk)
    if not selectors.manages_campaign(request.user, row.campaign):
        raise PermissionDenied("只有市级可以修改换届工作设置")
    if request.method != "POST":
        return _target_page(request, row)
    form = TargetEditForm(request.POST, record=row, record_fields=services.TARGET_FIELDS)
    fields = {f: form.cleaned_data.get(f) for f in services.TARGET_FIELDS} if form.is_valid() else {}
    if fields:
        fields["label"] = fields["label"] or ""
        fields["baseline"] = fields["baseline"] or ""
        fields["majors"] = fields["majors"] or ""
    if fields and _call(
        form, services.target_update, actor=request.user, target=row, **fields, **form.versioned()
    ):
        messages.success(request, "已保存")
        return redirect(reverse("planning:settings", args=[row.campaign_id]) + "#hj-target")
    return _target_page(request, row, form=form, status=400)
