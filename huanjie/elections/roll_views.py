"""Pages of the voter rolls: thin, each calls one selector or service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from huanjie.core import listing, pdf
from huanjie.core.forms import call_service
from huanjie.core.permissions import requires
from huanjie.elections import roll_selectors as sel
from huanjie.elections import roll_services as svc
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.roll_forms import (
    CopyForm,
    DayForm,
    DecideForm,
    EntryForm,
    ObjectionForm,
    RemoveForm,
    ResolveForm,
    RollCreateForm,
)

VIEW, EDIT = ElectionsCap.VIEW, ElectionsCap.EDIT


@requires(VIEW)
def index(request) -> HttpResponse:
    page = listing.paginate(request, sel.rolls(request.user))
    form = RollCreateForm(units=sel.editable_units(request.user))
    context = {"page": page, "form": form, "can_import": sel.may_import(request.user)}
    return render(request, "elections/roll_index.html", context)


@requires(EDIT)
@require_POST
def create(request) -> HttpResponse:
    form = RollCreateForm(request.POST, units=sel.editable_units(request.user))
    if form.is_valid():
        r = call_service(form, svc.roll_create, actor=request.user, **form.cleaned_data)
        if r is not None:
            messages.success(request, f"已建立{r}")
            return redirect(r)
    page = listing.paginate(request, sel.rolls(request.user))
    return render(request, "elections/roll_index.html", {"page": page, "form": form}, status=400)


def _page(request, pk: int, status: int = 200, **forms) -> HttpResponse:
    page = sel.roll_page(request.user, pk)
    ctx = {
        "page": page,
        "rows": listing.paginate(request, page.entries, default_size=50),
        "entry_form": forms.get("entry_form") or EntryForm(categories=page.categories),
        "remove_form": RemoveForm(),
        "day_form": forms.get("day_form") or DayForm(),
        "copy_form": forms.get("copy_form") or CopyForm(),
        "objection_form": forms.get("objection_form") or ObjectionForm(),
        "decide_form": forms.get("decide_form") or DecideForm(),
    }
    return render(request, "elections/roll.html", ctx, status=status)


@requires(VIEW)
def detail(request, pk: int) -> HttpResponse:
    return _page(request, pk)


def _post(request, pk: int, form, key: str, fn, done: str, **extra) -> HttpResponse:
    if form.is_valid():
        result = call_service(form, fn, actor=request.user, **extra, **form.cleaned_data)
        if result is not None:
            messages.success(request, done)
            return redirect(result if key == "copy_form" else sel.roll(request.user, pk))
    return _page(request, pk, status=400, **{key: form})


@requires(EDIT)
@require_POST
def entry_add(request, pk: int) -> HttpResponse:
    page = sel.roll_page(request.user, pk)
    form = EntryForm(request.POST, categories=page.categories)
    if form.is_valid() and form.cleaned_data["registered_on"] is None:
        form.cleaned_data.pop("registered_on")
    return _post(request, pk, form, "entry_form", svc.entry_add, "已登记", roll=page.roll)


@requires(EDIT)
@require_POST
def entry_remove(request, pk: int, entry: int) -> HttpResponse:
    e = sel.entry(request.user, pk, entry)
    form = RemoveForm(request.POST)
    return _post(request, pk, form, "remove_form", svc.entry_remove, "已移出", entry=e)


@requires(EDIT)
@require_POST
def publish(request, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        DayForm(request.POST),
        "day_form",
        svc.roll_publish,
        "已公布",
        roll=sel.roll(request.user, pk),
    )


@requires(EDIT)
@require_POST
def lock(request, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        DayForm(request.POST),
        "day_form",
        svc.roll_lock,
        "已锁定最终名单",
        roll=sel.roll(request.user, pk),
    )


@requires(EDIT)
@require_POST
def copy(request, pk: int) -> HttpResponse:
    r = sel.roll(request.user, pk)
    return _post(
        request,
        pk,
        CopyForm(request.POST),
        "copy_form",
        svc.roll_copy_to_day,
        "已按新的投票日更新名单",
        roll=r,
    )


@requires(EDIT)
@require_POST
def objection_file(request, pk: int) -> HttpResponse:
    r = sel.roll(request.user, pk)
    return _post(
        request, pk, ObjectionForm(request.POST), "objection_form", svc.objection_file, "已登记申诉", roll=r
    )


@requires(EDIT)
@require_POST
def objection_decide(request, pk: int, objection: int) -> HttpResponse:
    o = sel.objection(request.user, pk, objection)
    return _post(
        request, pk, DecideForm(request.POST), "decide_form", svc.objection_decide, "已处理申诉", objection=o
    )


@requires(VIEW)
def print_list(request, pk: int) -> HttpResponse:
    r, groups = sel.print_groups(request.user, pk)
    return render(request, "elections/roll_print.html", {"roll": r, "groups": groups})


@requires(VIEW)
def print_pdf(request, pk: int) -> HttpResponse:
    r, groups = sel.print_groups(request.user, pk)
    meta = pdf.DocumentMeta(
        title=f"{r.unit.name}选民名单", subtitle=f"投票日 {pdf.chinese_date(r.voting_day)}"
    )
    content = pdf.render("elections/roll_list.typ", sel.pdf_data(r, groups), meta=meta)
    return pdf.pdf_response(content, f"{r.unit.name}选民名单.pdf")


@requires(VIEW)
def changes(request, pk: int) -> HttpResponse:
    r, adds, removes, counts = sel.changes(request.user, pk)
    return render(
        request,
        "elections/roll_changes.html",
        {"roll": r, "adds": adds, "removes": removes, "counts": counts},
    )


@requires(VIEW)
def conflicts(request) -> HttpResponse:
    return render(request, "elections/roll_conflicts.html", {"rows": sel.conflicts(request.user)})


@requires(VIEW)
def conflict(request, pk: int) -> HttpResponse:
    c = sel.conflict(request.user, pk)
    decides = svc.may_decide_conflict(request.user, c)
    if request.method == "POST" and not decides:
        raise PermissionDenied("只有同时管辖两村（社区）的上级可以登记本人的选择")
    options = [(c.entry_a_id, c.entry_a.roll.unit.name), (c.entry_b_id, c.entry_b.roll.unit.name)]
    form = ResolveForm(request.POST or None, options=options) if decides else None
    if form is not None and request.method == "POST" and form.is_valid():
        done = call_service(form, svc.conflict_resolve, actor=request.user, conflict=c, **form.cleaned_data)
        if done is not None:
            messages.success(request, "已按本人选择处理重复登记")
            return redirect("elections_roll:conflicts")
    return render(
        request,
        "elections/roll_conflict.html",
        {"c": c, "form": form},
        status=400 if form is not None and form.errors else 200,
    )
