"""People pages: the person list (filters, search, sort, audited export), the person page (masked
ID with an audited reveal, tenures, near relatives) and the edit forms.

Views are thin: selectors read (scoped to the user), services write, templates get booleans.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods, require_POST

from huanjie.accounts.models import User
from huanjie.core.exporting import Column, xlsx_response
from huanjie.core.forms import call_service
from huanjie.core.listing import describe_filters, filter_line, paginate, sort_columns
from huanjie.core.permissions import Refused, requires
from huanjie.core.scoping import can, get_scoped_or_404
from huanjie.core.workflow import WorkflowError
from huanjie.org.choices import LEAF_LEVELS
from huanjie.org.models import OrgUnit
from huanjie.org.selectors import (
    area_choices,
    breadcrumbs,
    category_badges,
    category_choices,
    leaf_choices,
    visible_unit,
)
from huanjie.people import conflicts, selectors, services
from huanjie.people.capabilities import PeopleCap
from huanjie.people.choices import CommitteeKind, ConflictStatus, Post
from huanjie.people.forms import (
    ChangeDecisionForm,
    ChangeEndLineForm,
    ChangeHeadForm,
    ChangeStartLineForm,
    ConflictDecisionForm,
    PersonEditForm,
    PersonFilterForm,
    TenureEndForm,
    TenureStartForm,
)
from huanjie.people.models import CommitteeChange, Person, RegistrationConflict, Tenure
from huanjie.rules.citations import for_display


def _person(request, pk: int, action: str = "view") -> Person:
    return get_scoped_or_404(Person.objects.select_related("domicile_unit"), request.user, action, pk=pk)


def _person_crumbs(user, person: Person, *extra: str) -> list[dict[str, str]]:
    crumbs = [{"label": "人员", "url": reverse("people:list")}]
    crumbs += [
        {"label": u.name, "url": reverse("org:unit", args=[u.code])}
        for u in breadcrumbs(user, person.domicile_unit)
    ]
    crumbs.append({"label": person.name, "url": reverse("people:detail", args=[person.pk])})
    crumbs += [{"label": label, "url": ""} for label in extra]
    return crumbs


PERSON_SORT_COLUMNS = [("name", "姓名"), ("birth", "出生年月"), ("unit", "户籍所在单位")]


UNIT_CHOICES_MAX_LEAVES = 200


def _unit_choices(user, selected: OrgUnit | None) -> list[tuple[str, str]]:
    """A tree, never a flat list (org.selectors.area_choices): counties and towns and, for a small
    jurisdiction, its villages and communities. A large jurisdiction lists counties and towns only
    (plus a unit picked from a village page)."""
    leaves = leaf_choices(user, UNIT_CHOICES_MAX_LEAVES)
    if leaves is None:
        leaves = [(selected.code, selected.name)] if selected and selected.level in LEAF_LEVELS else []
    return area_choices(user, leaves)


def _person_filters(request):
    user = request.user
    code = request.GET.get("unit", "")
    unit = visible_unit(user, code)
    units = _unit_choices(user, unit)
    # Only roles that may unmask search by the full ID (audited); a masked ID names no one.
    hint = "姓名或完整身份证号" if user.has_capability(PeopleCap.UNMASK) else "姓名"
    form = PersonFilterForm(
        request.GET or None, units=units, search_hint=hint, categories=category_choices(user)
    )
    values = form.cleaned_data if form.is_valid() else {}
    params = {
        "q": values.get("q", ""),
        "unit_path": unit.path if unit is not None and values.get("unit") else "",
        "sex": values.get("sex", ""),
        "education": values.get("education", ""),
        "political_status": values.get("political_status", ""),
        "sitting": values.get("sitting", ""),
        "kind": values.get("kind", ""),
        "post": values.get("post", ""),
        "age": values.get("age", ""),
        "veteran": values.get("veteran", ""),
        "category": values.get("category", ""),
    }
    sort = request.GET.get("sort", "unit")
    if sort not in selectors.PERSON_SORTS:
        sort = "unit"
    return form, params, sort, unit


@requires(PeopleCap.VIEW)
def person_list(request):
    form, params, sort, _unit = _person_filters(request)
    qs = selectors.with_sitting_posts(request.user, selectors.person_list(request.user, sort=sort, **params))
    page = paginate(request, qs)
    today = timezone.localdate()
    badges = category_badges(request.user, list({p.domicile_unit_id for p in page.object_list}))
    for p in page.object_list:
        p.post_labels = [post_label(t, p.domicile_unit_id) for t in p.sitting_tenures]
        p.age = selectors.age_on(p.birth_date, today)
        p.badges = badges.get(p.domicile_unit_id, [])
    return render(
        request,
        "people/person_list.html",
        {
            "form": form,
            "page_obj": page,
            "persons": page.object_list,
            "sort_cols": sort_columns(sort, PERSON_SORT_COLUMNS),
            "crumbs": [{"label": "人员", "url": ""}],
            "current_sort": sort,
            "filter_line": filter_line(describe_filters(form)),
            "can_register": request.user.has_capability(PeopleCap.EDIT),
        },
    )


# 委员 exists on both committees: name the committee so the list is unambiguous.
_MEMBER_LABELS = {
    CommitteeKind.PARTY_ORG: "党组织委员",
    CommitteeKind.VILLAGERS: "村委会委员",
    CommitteeKind.RESIDENTS: "居委会委员",
}


def post_label(t: Tenure, home_unit_id: int | None = None) -> str:
    """A sitting post as shown in lists: 委员 names its committee; the unit is named when it is not
    the person's own."""
    label = t.get_post_display()
    if t.post in (Post.PARTY_MEMBER, Post.MEMBER):
        label = _MEMBER_LABELS[CommitteeKind(t.committee.kind)]
    if t.committee.org_unit_id != home_unit_id:
        label = f"{t.committee.org_unit.name}{label}"
    return label


def _posts_text(p: Person) -> str:
    return "；".join(post_label(t) for t in p.sitting_tenures)  # type: ignore[attr-defined]


PERSON_EXPORT_COLUMNS = [
    Column("姓名", lambda p: p.name, 10),
    Column("身份证号（脱敏）", lambda p: p.id_masked, 21),
    Column("性别", lambda p: p.get_sex_display(), 6),
    # 出生年月 only: with the birth day the masked ID would leave too few candidates (issue 7).
    Column("出生年月", lambda p: p.birth_date.strftime("%Y.%m"), 10),
    Column("年龄", lambda p: selectors.age_on(p.birth_date, timezone.localdate()), 6),
    Column("民族", lambda p: p.ethnicity, 8),
    Column("政治面貌", lambda p: p.get_political_status_display(), 12),
    Column("入党时间", lambda p: p.party_join_date, 12),
    Column("全日制学历", lambda p: p.get_education_display(), 12),
    Column("在职学历", lambda p: p.get_education_in_service_display(), 12),
    Column("户籍所在单位", lambda p: p.domicile_unit.name, 14),
    Column("区划代码", lambda p: p.domicile_unit.code, 15),
    Column("职业", lambda p: p.occupation, 14),
    Column("联系电话", lambda p: p.phone, 14),
    Column("退役军人", lambda p: p.is_veteran, 8),
    Column("返乡大学生", lambda p: p.is_returning_graduate, 10),
    Column("现任职务", _posts_text, 30),
]


@requires(PeopleCap.VIEW)
def person_export(request):
    """The filtered list as .xlsx (IDs masked); recorded in the audit trail as an export of personal data."""
    form, params, sort, unit = _person_filters(request)
    qs = selectors.with_sitting_posts(request.user, selectors.person_list(request.user, sort=sort, **params))
    filters = describe_filters(form)
    return xlsx_response(
        filename="人员名单",
        columns=PERSON_EXPORT_COLUMNS,
        rows=qs.iterator(chunk_size=2000),
        actor=request.user,
        subject="人员名单",
        filters=filters,
        personal=True,
        org_path=unit.path if unit else "",
    )


@requires(PeopleCap.VIEW)
def person_detail(request, pk: int):
    user = request.user
    person = _person(request, pk)
    screen = selectors.person_screen(user, person)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "tenures": screen.tenures,
            "relatives": screen.relatives,
            "can_edit": screen.can_edit,
            "can_seat": screen.can_seat,
            "can_propose_seat": screen.can_propose_seat,
            "can_unmask": user.has_capability(PeopleCap.UNMASK),
            "crumbs": _person_crumbs(user, person),
        },
    )


@requires(PeopleCap.VIEW)
def person_print(request, pk: int):
    """The person's record for the file: masked ID and 出生年月 only (never the full ID or birth date,
    whatever the user's role: a printout leaves the audit trail), tenures and near relatives."""
    user = request.user
    person = _person(request, pk)
    screen = selectors.person_screen(user, person)
    return render(
        request,
        "people/person_print.html",
        {
            "person": person,
            "age": selectors.age_on(person.birth_date, timezone.localdate()),
            "tenures": screen.tenures,
            "relatives": screen.relatives,
            "crumbs": _person_crumbs(user, person, "打印"),
        },
    )


@requires(PeopleCap.VIEW)
def committees_print(request, code: str):
    """A village's (community's) sitting 两委 and 监委会 members, one table per committee, for print."""
    user = request.user
    unit = get_scoped_or_404(OrgUnit.objects.all(), user, "view", code=code)
    blocks = selectors.committees_of_unit(user, unit)
    today = timezone.localdate()
    for block in blocks:
        for t in block["members"]:
            t.age = selectors.age_on(t.person.birth_date, today)
    crumbs = [{"label": u.name, "url": reverse("org:unit", args=[u.code])} for u in breadcrumbs(user, unit)]
    return render(
        request,
        "people/committees_print.html",
        {"unit": unit, "committees": blocks, "crumbs": [*crumbs, {"label": "班子成员（打印）", "url": ""}]},
    )


@requires(PeopleCap.UNMASK)
@require_POST
def person_unmask(request, pk: int):
    """htmx: swap the masked ID for the full number (audited by the service)."""
    person = _person(request, pk)
    try:
        number = services.person_unmask(actor=request.user, person=person)
    except PermissionDenied:
        return HttpResponse(format_html('<span class="text-danger">{}</span>', "无权查看"), status=403)
    if request.headers.get("HX-Request"):
        return HttpResponse(
            format_html(
                '<span class="hj-mono" id="hj-id-number">{}</span> <small class="text-secondary">{}</small>',
                number,
                "（已记入审计日志）",
            )
        )
    messages.info(request, f"{person.name}的身份证号：{number}（已记入审计日志）")
    return redirect("people:detail", pk=person.pk)


def _form_page(request, person, form, title, crumb, *, note="", crumbs=None, cancel_url=""):
    return render(
        request,
        "people/person_form.html",
        {
            "form": form,
            "person": person,
            "title": title,
            "note": note,
            "crumbs": crumbs or _person_crumbs(request.user, person, crumb),
            "cancel_url": cancel_url or reverse("people:detail", args=[person.pk]),
        },
    )


@requires(PeopleCap.EDIT)
@require_http_methods(["GET", "POST"])
def person_edit(request, pk: int):
    person = _person(request, pk, "edit")
    form = PersonEditForm(
        request.POST or None,
        initial={f: getattr(person, f) for f in services.PERSON_FIELDS},
        record=person,
        record_fields=services.PERSON_SHOWN_FIELDS,
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in services.PERSON_FIELDS}
        done = call_service(
            form,
            services.person_update,
            denied_on_form=False,
            actor=request.user,
            person=person,
            **form.versioned(),
            **data,
        )
        if done:
            messages.success(request, "已保存")
            return redirect("people:detail", pk=person.pk)
    return _form_page(
        request,
        person,
        form,
        f"编辑 {person.name}",
        "编辑",
        note="身份证号、性别和出生日期由身份证号确定，不能在此修改。",
    )


def _propose_instead(request, unit: OrgUnit, message: str) -> Refused:
    """The refusal of a direct membership change for a role that proposes it (a village operator),
    leading to the committee page of the unit where he may propose it (issue 9 req. 11)."""
    if unit.level in LEAF_LEVELS and can(request.user, PeopleCap.EDIT, unit.path):
        link = reverse("people:committee_changes", args=[unit.code])
        return Refused(message, link=link, link_label=f"到{unit.name}的“班子成员变动”提出")
    return Refused(message)


def _tenure_add_refused(request, pk: int) -> Refused:
    person = _person(request, pk)  # outside the jurisdiction: 404, as for everyone
    return _propose_instead(request, person.domicile_unit, services.TENURE_START_REFUSED)


def _tenure_end_refused(request, pk: int) -> Refused:
    tenure = get_scoped_or_404(
        Tenure.objects.select_related("committee__org_unit"), request.user, "view", pk=pk
    )
    return _propose_instead(request, tenure.committee.org_unit, services.TENURE_END_REFUSED)


@requires(PeopleCap.TENURE_CHANGE, denied=_tenure_add_refused)
@require_http_methods(["GET", "POST"])
def tenure_add(request, pk: int):
    user = request.user
    person = _person(request, pk, "edit")
    form = TenureStartForm(
        request.POST or None,
        initial={"unit": person.domicile_unit.code},
        units=leaf_choices(user, UNIT_CHOICES_MAX_LEAVES),
        record=person,
        record_fields=services.PERSON_SHOWN_FIELDS,
        refresh_fields=(),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        unit = visible_unit(user, d["unit"])
        if unit is None:
            form.add_error("unit", "在您的管辖范围内未找到此单位")
        else:
            done = call_service(
                form,
                services.tenure_add,
                actor=user,
                person=person,
                org_unit=unit,
                kind=d["kind"],
                party_org_form=d["party_org_form"],
                post=d["post"],
                term_number=d["term_number"],
                start_date=d["start_date"],
                source=d["source"],
                **form.versioned(),
            )
            if done:
                messages.success(request, "已添加任职")
                # What the law asks the user to look at now (warnings; blocks were refused above).
                for f in selectors.unit_findings_now(user, unit):
                    messages.warning(request, for_display(f"{unit.name}：{f.message}（依据：{f.rule}）"))
                return redirect("people:detail", pk=person.pk)
    return _form_page(request, person, form, f"为 {person.name} 添加任职", "添加任职")


@requires(PeopleCap.TENURE_CHANGE, denied=_tenure_end_refused)
@require_http_methods(["GET", "POST"])
def tenure_end(request, pk: int):
    user = request.user
    tenure = get_scoped_or_404(
        Tenure.objects.select_related("person__domicile_unit", "committee__org_unit"), user, "edit", pk=pk
    )
    person = tenure.person
    unit = tenure.committee.org_unit
    # The member may live outside the user's jurisdiction: then the way back is the village page.
    person_visible = person.pk in selectors.visible_person_ids(user, [person.pk])
    back = (
        reverse("people:detail", args=[person.pk])
        if person_visible
        else reverse("org:unit", args=[unit.code])
    )
    form = TenureEndForm(request.POST or None, record=tenure, record_fields=services.TENURE_SHOWN_FIELDS)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.tenure_end,
            denied_on_form=False,
            actor=user,
            tenure=tenure,
            end_date=form.cleaned_data["end_date"],
            end_reason=form.cleaned_data["end_reason"],
            **form.versioned(),
        )
        if done:
            messages.success(request, "已登记离任")
            return redirect(back)
    title = f"{person.name} 离任：{unit.name}{tenure.get_post_display()}"
    crumbs = None
    if not person_visible:
        crumbs = [{"label": "组织机构", "url": reverse("org:tree")}]
        crumbs += [
            {"label": u.name, "url": reverse("org:unit", args=[u.code])} for u in breadcrumbs(user, unit)
        ]
        crumbs.append({"label": "登记离任", "url": ""})
    return _form_page(request, person, form, title, "登记离任", crumbs=crumbs, cancel_url=back)


# -- panels on the village page (core.plugins.unit_panels; registered in PeopleConfig.ready) ---------


def _parse_date(value: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def people_link_panel(user: User, unit: OrgUnit, *, params: Any) -> dict[str, Any] | None:
    """The button to the unit's persons (the person list filtered to it)."""
    if not user.has_capability(PeopleCap.VIEW):
        return None
    return {"template": "people/_unit_people_link.html", "context": {}, "place": "actions"}


def structure_panel(user: User, unit: OrgUnit, *, params: Any) -> dict[str, Any] | None:
    """The structure of the two committees on the date ``on`` of the query (default today)."""
    if not user.has_capability(PeopleCap.VIEW):
        return None
    on = _parse_date(params.get("on"))
    return {
        "template": "people/_unit_structure_panel.html",
        "context": selectors.unit_structure_panel(user, unit, on),
        "place": "beside",
    }


def committees_panel(user: User, unit: OrgUnit, *, params: Any) -> dict[str, Any] | None:
    """The unit's committees and their sitting members."""
    if not user.has_capability(PeopleCap.VIEW):
        return None
    return {
        "template": "people/_unit_committees_panel.html",
        "context": selectors.unit_committees_panel(user, unit),
        "place": "below",
    }


# -- the registration-conflict queue (hardening issue 7; people.conflicts) ---------------------------


@requires(PeopleCap.VIEW)
def conflict_list(request):
    """Rows of roster imports naming a person registered elsewhere, for the levels holding both places."""
    user = request.user
    status = request.GET.get("status", ConflictStatus.OPEN)
    if status not in ConflictStatus.values and status != "":
        status = ConflictStatus.OPEN
    page = paginate(request, conflicts.conflict_list(user, status=status))
    rows = list(page.object_list)
    visible = selectors.visible_person_ids(user, [c.person_id for c in rows])
    for c in rows:
        c.person_link = c.person_id in visible
        c.can_decide = conflicts.can_decide(user, c)
        c.level_label = conflicts.level_name(c.level_path) + "级"
    return render(
        request,
        "people/conflict_list.html",
        {
            "page_obj": page,
            "conflicts": rows,
            "status": status,
            "statuses": [("", "全部"), *ConflictStatus.choices],
            "crumbs": [{"label": "人员", "url": reverse("people:list")}, {"label": "登记冲突", "url": ""}],
        },
    )


@requires(PeopleCap.EDIT)
@require_http_methods(["GET", "POST"])
def conflict_decide(request, pk: int):
    user = request.user
    conflict = get_scoped_or_404(
        RegistrationConflict.objects.select_related("person__domicile_unit", "unit", "other_unit"),
        user,
        "edit",
        pk=pk,
    )
    form = ConflictDecisionForm(request.POST or None, registration=conflict.is_registration)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            conflicts.conflict_decide,
            actor=user,
            conflict=conflict,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
        )
        if done:
            messages.success(request, f"已决定：{done.status_label}")
            return redirect("people:conflicts")
    return render(
        request,
        "people/conflict_decide.html",
        {
            "form": form,
            "conflict": conflict,
            "can_decide": conflicts.can_decide(user, conflict),
            "level_label": conflicts.level_name(conflict.level_path) + "级",
            "crumbs": [
                {"label": "人员", "url": reverse("people:list")},
                {"label": "登记冲突", "url": reverse("people:conflicts")},
                {"label": conflict.person.name, "url": ""},
            ],
        },
    )


# -- the committee page: change sets (issue 9 reqs. 2 and 11) ---------------------------------------

START_ROWS = 4


def _unit_crumbs(user, unit: OrgUnit, label: str) -> list[dict[str, str]]:
    crumbs = [{"label": "组织机构", "url": reverse("org:tree")}]
    crumbs += [{"label": u.name, "url": reverse("org:unit", args=[u.code])} for u in breadcrumbs(user, unit)]
    return [*crumbs, {"label": label, "url": ""}]


def _person_label(p: Person) -> str:
    return f"{p.name}（{p.birth_date:%Y.%m}，{p.id_masked}）"


@requires(PeopleCap.EDIT)
@require_http_methods(["GET", "POST"])
def committee_changes(request, code: str):
    """A village's committees changed together: members leaving and joining in one change set, each
    with its legal cause, deciding body and evidence. The town (and above) applies it at once; a
    village operator's change set waits for the town's confirmation."""
    user = request.user
    unit = get_scoped_or_404(OrgUnit.objects.all(), user, "view", code=code)
    if not can(user, PeopleCap.EDIT, unit.path):
        raise Http404("未找到，或不在您的管辖范围内")
    crumbs = _unit_crumbs(user, unit, "班子成员变动")
    if unit.level not in LEAF_LEVELS:
        # Committees exist only in villages and communities: say so, and lead back to the unit.
        return render(request, "people/committee_changes_not_leaf.html", {"unit": unit, "crumbs": crumbs})
    today = timezone.localdate()
    # The causes table (and the form's default date) for the day asked (?on=), else today: the law
    # version follows the date of the change.
    on = _parse_date(request.GET.get("on"))
    screen = selectors.committee_change_screen(user, unit, on)
    data = request.POST if request.method == "POST" else None
    head = ChangeHeadForm(data, initial={"change_date": on})
    persons = {str(p.pk): p for p in screen["persons"]}
    person_choices = [(k, _person_label(p)) for k, p in persons.items()]
    kinds = [(str(k), str(CommitteeKind(k).label)) for k in screen["kinds"]]
    for block in screen["committees"]:
        for t in block["members"]:
            t.form = ChangeEndLineForm(data, prefix=f"end-{t.pk}")
    sitting = [t for block in screen["committees"] for t in block["members"]]
    starts = [
        ChangeStartLineForm(data, prefix=f"start-{i}", persons=person_choices, kinds=kinds)
        for i in range(START_ROWS)
    ]
    if data is not None:
        forms_ok = [head.is_valid()] + [t.form.is_valid() for t in sitting] + [f.is_valid() for f in starts]
        if all(forms_ok):
            lines = [
                services.ChangeLine(
                    action="end",
                    tenure=t,
                    cause=t.form.cleaned_data["cause"],
                    body=t.form.cleaned_data["body"],
                    document_number=t.form.cleaned_data["document_number"],
                    document_date=t.form.cleaned_data["document_date"],
                    note=t.form.cleaned_data["note"],
                )
                for t in sitting
                if t.form.cleaned_data["leave"]
            ]
            for f in starts:
                d = f.cleaned_data
                if not d["person"]:
                    continue
                lines.append(
                    services.ChangeLine(
                        action="start",
                        person=persons[d["person"]],
                        kind=d["kind"],
                        post=d["post"],
                        term_number=d["term_number"],
                        cause=d["cause"],
                        body=d["body"],
                        document_number=d["document_number"],
                        document_date=d["document_date"],
                        note=d["note"],
                    )
                )
            apply = screen["can_apply"]
            change = call_service(
                head,
                services.change_set_apply if apply else services.change_set_propose,
                actor=user,
                org_unit=unit,
                change_date=head.cleaned_data["change_date"],
                lines=lines,
                note=head.cleaned_data["note"],
                profile_code=screen["profile_code"],
            )
            if change:
                messages.success(request, "班子成员变动已生效" if apply else "已提交乡镇（街道）确认")
                for finding in selectors.unit_findings_now(user, unit) if apply else []:
                    messages.warning(
                        request, for_display(f"{unit.name}：{finding.message}（依据：{finding.rule}）")
                    )
                return redirect("people:change_detail", pk=change.pk)
    return render(
        request,
        "people/committee_changes.html",
        {
            **screen,
            "unit": unit,
            "head": head,
            "starts": starts,
            "today": today,
            "on": on,
            "crumbs": crumbs,
        },
    )


@requires(PeopleCap.VIEW)
def change_detail(request, pk: int):
    """A change set: its lines with causes and evidence, its state and history; the town's buttons."""
    user = request.user
    change = get_scoped_or_404(
        CommitteeChange.objects.select_related("org_unit", "proposed_by"), user, "view", pk=pk
    )
    screen = selectors.change_screen(user, change)
    return render(
        request,
        "people/change_detail.html",
        {
            **screen,
            "change": change,
            "form": ChangeDecisionForm(initial={"version": change.version}),
            "crumbs": _unit_crumbs(user, change.org_unit, f"班子成员变动（{change.change_date:%Y-%m-%d}）"),
        },
    )


@requires(PeopleCap.TENURE_CHANGE, denied=services.CHANGE_REFUSED)
@require_POST
def change_decide(request, pk: int):
    """The town confirms (the change set is applied) or returns a proposal with a reason."""
    user = request.user
    change = get_scoped_or_404(CommitteeChange.objects.select_related("org_unit"), user, "view", pk=pk)
    form = ChangeDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择操作后重新提交")
        return redirect("people:change_detail", pk=change.pk)
    change.version = form.cleaned_data["version"]  # as the page showed it: a later change is refused
    try:
        if form.cleaned_data["action"] == "confirm":
            services.change_set_confirm(actor=user, change=change)
            messages.success(request, "已确认，班子成员变动已生效")
        else:
            services.change_set_return(actor=user, change=change, reason=form.cleaned_data["reason"])
            messages.success(request, "已退回")
    except WorkflowError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, "不能确认：" + "；".join(exc.messages))
    return redirect("people:change_detail", pk=change.pk)
