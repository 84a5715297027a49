"""Pages of Party election results (issue 13 req. 5): thin, each calls one selector or service (the
voiding record's pages: results_void_views)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from huanjie.core import workflow
from huanjie.core.forms import call_service
from huanjie.core.permissions import requires
from huanjie.core.scoping import can
from huanjie.elections import results_party_selectors as sel
from huanjie.elections import results_party_services as svc
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.results_party_forms import PartyMeetingForm, PartyReasonForm

EDIT_DENIED = "只有村（社区）和乡镇（街道）经办人员可以录入党组织选举结果"


def _election_page(request, pk: int, form: PartyMeetingForm | None = None, status: int = 200) -> HttpResponse:
    e = sel.party_election(request.user, pk)
    can_edit = can(request.user, ElectionsCap.EDIT, e.unit.path)
    if form is None and can_edit:
        form = PartyMeetingForm(initial={"held_on": e.election_day, "base": "present", "members_seats": 5})
    ctx = {"election": e, "meetings": sel.meetings_of(request.user, e), "form": form if can_edit else None}
    return render(request, "elections/results/party_election.html", ctx, status=status)


@requires(ElectionsCap.VIEW)
def party_election(request, pk: int) -> HttpResponse:
    return _election_page(request, pk)


@requires(ElectionsCap.EDIT, denied=EDIT_DENIED)
@require_POST
def party_meeting_new(request, pk: int) -> HttpResponse:
    e = sel.party_election(request.user, pk, "edit")
    form = PartyMeetingForm(request.POST)
    if form.is_valid():
        m = call_service(form, svc.meeting_save, actor=request.user, election=e, **form.service_kwargs())
        if m is not None:
            messages.success(request, f"已登记{m}")
            return redirect(m.get_absolute_url())
    return _election_page(request, pk, form=form, status=400)


def _meeting_page(request, pk: int, status: int = 200, **extra: Any) -> HttpResponse:
    page = sel.meeting_page(request.user, pk)
    ctx: dict[str, Any] = {"page": page, "m": page.meeting, **extra}
    if page.can_decide and "return_form" not in extra:
        ctx["return_form"] = PartyReasonForm()
    spec = workflow.spec_of(page.meeting)
    ctx["history"] = [(h, spec.state_label(h.to_state)) for h in workflow.history(page.meeting)]
    return render(request, "elections/results/party_meeting.html", ctx, status=status)


@requires(ElectionsCap.VIEW)
def party_meeting(request, pk: int) -> HttpResponse:
    return _meeting_page(request, pk)


def _act(request, pk: int, fn: Any, done: str) -> HttpResponse:
    m = sel.meeting(request.user, pk, "edit")
    try:
        fn(actor=request.user, meeting=m)
    except (ValidationError, workflow.WorkflowError) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, done)
    return redirect(m.get_absolute_url())


@requires(ElectionsCap.EDIT, denied=EDIT_DENIED)
@require_POST
def party_submit(request, pk: int) -> HttpResponse:
    return _act(request, pk, svc.submit, "已报乡镇党（工）委审批")


@requires(ElectionsCap.EDIT, denied="只有乡镇（街道）代乡镇党（工）委审批")
@require_POST
def party_approve(request, pk: int) -> HttpResponse:
    return _act(request, pk, svc.approve, "已批准")


@requires(ElectionsCap.EDIT, denied="只有乡镇（街道）代乡镇党（工）委审批")
@require_POST
def party_return(request, pk: int) -> HttpResponse:
    m = sel.meeting(request.user, pk, "edit")
    form = PartyReasonForm(request.POST)
    if form.is_valid():
        try:
            done = call_service(
                form, svc.return_, actor=request.user, meeting=m, reason=form.cleaned_data["reason"]
            )
        except workflow.WorkflowError as exc:
            form.add_error(None, str(exc))
            done = None
        if done is not None:
            messages.success(request, "已退回")
            return redirect(m.get_absolute_url())
    return _meeting_page(request, pk, status=400, return_form=form)
