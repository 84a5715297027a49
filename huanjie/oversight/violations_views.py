"""Pages of the violations register (三个一律, issue 14 req. 5): the filtered list with registration,
one case with its parties, evidence, handling (开始调查, 了结), the decision form and the
consequences the system carried out (linked to the elections app's voiding page and the candidate),
a later accountability, evidence downloads, the election picker and the Excel export (案件台账).
Thin: selectors read, services write."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

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
from huanjie.oversight import violations_selectors as sel
from huanjie.oversight import violations_services as svc
from huanjie.oversight.capabilities import OversightCap
from huanjie.oversight.violations_forms import (
    AccountabilityForm,
    ActionForm,
    CaseFilterForm,
    CaseForm,
    DecideForm,
    FileForm,
    PartyForm,
)
from huanjie.oversight.violations_workflows import VIOLATION_SPEC


def _case_form(user: Any, data: Any = None, files: Any = None) -> CaseForm:
    today = sel.today()
    return CaseForm(
        data,
        files,
        campaigns=sel.campaigns(user),
        units=sel.units(user),
        elections=sel.elections(user),
        candidates=sel.candidates(user),
        initial={"registered_on": today},
    )


def _filters(request: Any) -> tuple[CaseFilterForm, sel.CaseFilters]:
    user = request.user
    form = CaseFilterForm(
        request.GET or None,
        jurisdictions=sel.jurisdictions(user),
        states=sel.state_choices(),
        auto_id="filter_%s",
    )
    f = sel.CaseFilters()
    choices = list(sel.campaigns(user))
    pk = request.GET.get("campaign", "")
    f.campaign = next((c for c in choices if str(c.pk) == pk), choices[0] if choices else None)
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        f.jurisdiction, f.status, f.kind, f.overdue = (
            d["jurisdiction"],
            d["status"],
            d["kind"],
            d["overdue"] == "1",
        )
    return form, f


def _list(request: Any, status: int = 200, new_form: Any = None) -> HttpResponse:
    user = request.user
    form, f = _filters(request)
    page_obj = paginate(request, sel.case_rows(sel.cases(user, f)))
    today = sel.today()
    for c in page_obj.object_list:
        c.overdue = sel.is_overdue(c, today)
    may_register = user.has_capability(OversightCap.EDIT) and f.campaign is not None
    context = {
        "filter_form": form,
        "page_obj": page_obj,
        "campaign": f.campaign,
        "campaigns": sel.campaigns(user),
        "new_form": (new_form or _case_form(user)) if may_register else None,
        "export_url": reverse("oversight_violations:export"),
    }
    return render(request, "oversight/violations_list.html", context, status=status)


@requires(OversightCap.VIEW)
@require_GET
def cases(request: Any) -> HttpResponse:
    return _list(request)


@requires(OversightCap.EDIT)
@require_POST
def case_new(request: Any) -> HttpResponse:
    form = _case_form(request.user, request.POST, request.FILES)
    if form.is_valid():
        d = dict(form.cleaned_data)
        party = {
            "name": d.pop("party_name"),
            "role": d.pop("party_role"),
            "candidate": d.pop("party_candidate"),
        }
        upload = d.pop("file")
        parties = [party] if party["name"] or party["candidate"] else []
        evidence = [(upload.name, upload.read())] if upload else []
        c = call_service(form, svc.case_register, actor=request.user, parties=parties, evidence=evidence, **d)
        if c is not None:
            messages.success(request, "案件已登记")
            return redirect(c.get_absolute_url())
    return _list(request, status=400, new_form=form)


def _decide_form(page: sel.CasePage, data: Any = None) -> DecideForm:
    c = page.case
    return DecideForm(
        data,
        items=[(code, f"{code} {text[:30]}") for code, text in sel.negative_items(c)],
        winners=sel.winners(c),
        initial={"decided_on": sel.today(), "void_winners": [p.pk for p in page.winners]},
    )


def _page(request: Any, pk: int, status: int = 200, **forms: Any) -> HttpResponse:
    user = request.user
    c = sel.case(user, pk)
    page = sel.case_page(user, c)
    context = {
        "page": page,
        "c": c,
        "party_form": forms.get("party_form") or PartyForm(candidates=sel.candidates(user)),
        "file_form": forms.get("file_form") or FileForm(),
        "decide_form": forms.get("decide_form") or _decide_form(page),
        "account_form": forms.get("account_form")
        or AccountabilityForm(initial={"acc_decided_on": sel.today()}),
        "action_error": forms.get("action_error", ""),
        "act_url": reverse("oversight_violations:act", args=[c.pk]),
        "void_url": reverse("elections_results:void_record", args=[c.election_id]) if c.election_id else "",
    }
    return render(request, "oversight/violations_detail.html", context, status=status)


@requires(OversightCap.VIEW)
@require_GET
def case(request: Any, pk: int) -> HttpResponse:
    return _page(request, pk)


@requires(OversightCap.EDIT)
@require_POST
def case_act(request: Any, pk: int) -> HttpResponse:
    user = request.user
    c = sel.case(user, pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        return _page(request, pk, status=400, action_error="请选择操作")
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    try:
        if action == "investigate":
            svc.case_investigate(actor=user, case=c)
        elif action == "close":
            svc.case_close(actor=user, case=c, reason=reason)
        else:
            return _page(request, pk, status=400, action_error="此处不能执行该操作")
    except workflow.WorkflowError as exc:
        return _page(request, pk, status=400, action_error=exc.message)
    except PermissionDenied as exc:
        return _page(request, pk, status=403, action_error=str(exc) or "您无权执行此操作")
    return redirect(c.get_absolute_url())


@requires(OversightCap.EDIT)
@require_POST
def case_party(request: Any, pk: int) -> HttpResponse:
    c = sel.case(request.user, pk)
    form = PartyForm(request.POST, candidates=sel.candidates(request.user))
    if form.is_valid() and call_service(form, svc.party_add, actor=request.user, case=c, **form.cleaned_data):
        messages.success(request, "已添加涉案人员")
        return redirect(c.get_absolute_url())
    return _page(request, pk, status=400, party_form=form)


@requires(OversightCap.EDIT)
@require_POST
def case_file_add(request: Any, pk: int) -> HttpResponse:
    c = sel.case(request.user, pk)
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if call_service(
            form, svc.file_add, actor=request.user, case=c, file_name=upload.name, data=upload.read()
        ):
            messages.success(request, "已上传证据材料")
            return redirect(c.get_absolute_url())
    return _page(request, pk, status=400, file_form=form)


@requires(OversightCap.EDIT)
@require_POST
def case_decide(request: Any, pk: int) -> HttpResponse:
    user = request.user
    c = sel.case(user, pk)
    form = _decide_form(sel.case_page(user, c), request.POST)
    if form.is_valid():
        d = form.cleaned_data
        acc = form.accountability()
        done = call_service(
            form,
            svc.case_decide,
            actor=user,
            case=c,
            decision_body=d["decision_body"],
            decision_body_name=d["decision_body_name"],
            document_no=d["document_no"],
            decided_on=d["decided_on"],
            decision=d["decision"],
            item_code=d["item_code"],
            void_winners=list(d["void_winners"]),
            void_election=d["void_election"],
            accountabilities=[acc] if acc else [],
        )
        if done is not None:
            messages.success(request, "处理决定已登记，相应处理已执行")
            return redirect(c.get_absolute_url())
    return _page(request, pk, status=400, decide_form=form)


@requires(OversightCap.EDIT)
@require_POST
def case_account(request: Any, pk: int) -> HttpResponse:
    c = sel.case(request.user, pk)
    form = AccountabilityForm(request.POST)
    if form.is_valid():
        acc = form.accountability() or {}
        if call_service(
            form,
            svc.accountability_add,
            actor=request.user,
            case=c,
            fields={k: acc.get(k, "" if k != "decided_on" else None) for k in svc.ACCOUNT_FIELDS},
        ):
            messages.success(request, "问责情况已登记")
            return redirect(c.get_absolute_url())
    return _page(request, pk, status=400, account_form=form)


@requires(OversightCap.VIEW)
@require_GET
def case_file(request: Any, pk: int) -> HttpResponse:
    row = sel.case_file(request.user, pk)
    data = svc.case_file(actor=request.user, file=row)
    response = HttpResponse(data, content_type=row.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(row.file_name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@requires(OversightCap.EDIT)
@require_GET
def election_pick(request: Any) -> HttpResponse:
    text = search_text(request)
    if not text:
        return picks_response(request, [], more=False, too_long=text is None)
    rows = list(
        sel.elections(request.user).filter(Q(unit__name__contains=text) | Q(body_label__contains=text))[:21]
    )
    picks = [Pick(str(e.pk), str(e), e.election_day.isoformat() if e.election_day else "") for e in rows]
    return picks_response(request, picks, more=len(rows) > 20)


@requires(OversightCap.VIEW)
@require_GET
def cases_export(request: Any) -> FileResponse:
    """The register as a 违纪违规案件台账 (the persons concerned by name: a personal export, audited)."""
    form, f = _filters(request)
    rows = sel.case_rows(sel.cases(request.user, f)).prefetch_related("parties").iterator(chunk_size=2000)
    columns = [
        Column("立案日期", lambda c: c.registered_on, 12),
        Column("乡镇（街道）", lambda c: c.unit.parent.name if c.unit.parent else "", 14),
        Column("村（社区）", lambda c: c.unit.name, 14),
        Column("类型", lambda c: c.get_kind_display(), 14),
        Column("所涉选举", lambda c: str(c.election) if c.election else "", 24),
        Column("涉案人员", sel.parties_text, 24),
        Column("案情摘要", lambda c: c.summary, 40),
        Column("调查机关", lambda c: c.investigator_name or c.get_investigating_body_display(), 16),
        Column("办结期限", lambda c: c.due_on, 12),
        Column("状态", lambda c: VIOLATION_SPEC.state_label(c.state), 12),
        Column("调查结论", lambda c: c.get_conclusion_display(), 8),
        Column("决定机关", lambda c: c.decision_body_name or c.get_decision_body_display(), 16),
        Column("决定文号", lambda c: c.document_no, 16),
        Column("决定日期", lambda c: c.decided_on, 12),
        Column("处理决定", lambda c: c.decision, 30),
    ]
    return xlsx_response(
        filename="违纪违规案件台账",
        columns=columns,
        rows=rows,
        actor=request.user,
        subject="违纪违规案件台账",
        filters=describe_filters(form),
        personal=True,
    )
