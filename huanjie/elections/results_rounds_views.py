"""Pages for later rounds, re-runs and by-elections (issue 13 req. 3): thin, each calls one selector
or service."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from huanjie.core import pdf
from huanjie.core.forms import call_service
from huanjie.core.permissions import requires
from huanjie.elections import docs_services
from huanjie.elections import results_rounds_selectors as rsel
from huanjie.elections import results_rounds_services as svc
from huanjie.elections import results_selectors as sel
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.results_rounds_forms import ByElectionForm, LaterRoundForm, RerunForm

EDIT_DENIED = "只有村（社区）和乡镇（街道）经办人员可以安排后续选举"


def _day(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw or "")
    except ValueError:
        return None


def _page(request, pk: int, *, form=None, rerun=None, by=None, status: int = 200) -> HttpResponse:
    source = request.POST if request.method == "POST" else request.GET
    page = rsel.later_page(request.user, pk, kind=source.get("kind", ""), day=_day(source.get("voting_day")))
    if form is None and page.can_edit and page.next_kinds:
        last = page.rounds[-1]
        form = LaterRoundForm(
            kinds=page.next_kinds,
            initial={
                "kind": page.preview_kind,
                "voting_day": page.preview_day,
                "registered": last.registered,
            },
        )
    if rerun is None and page.can_edit and page.rerun_allowed:
        rerun = RerunForm()
    if by is None and page.can_by_elect:
        by = ByElectionForm(initial={"voting_day": timezone.localdate()})
    by_rows = [(b, rsel.by_election_check(b)) for b in page.by_elections]
    return render(
        request,
        "elections/results/later.html",
        {"page": page, "form": form, "rerun": rerun, "by": by, "by_rows": by_rows},
        status=status,
    )


@requires(ElectionsCap.VIEW)
def later(request, pk: int) -> HttpResponse:
    return _page(request, pk)


@requires(ElectionsCap.EDIT, denied=EDIT_DENIED)
@require_POST
def later_new(request, pk: int) -> HttpResponse:
    e = sel.election(request.user, pk, "edit")
    page = rsel.later_page(request.user, pk)
    form = LaterRoundForm(request.POST, kinds=page.next_kinds)
    if form.is_valid():
        r = call_service(form, svc.later_round_open, actor=request.user, election=e, **form.cleaned_data)
        if r is not None:
            messages.success(request, f"已开始{r}")
            return redirect(r.get_absolute_url())
    return _page(request, pk, form=form, status=400)


@requires(ElectionsCap.EDIT, denied=EDIT_DENIED)
@require_POST
def rerun(request, pk: int) -> HttpResponse:
    e = sel.election(request.user, pk, "edit")
    form = RerunForm(request.POST)
    if form.is_valid():
        new = call_service(form, svc.rerun_create, actor=request.user, election=e, **form.cleaned_data)
        if new is not None:
            messages.success(request, f"已建立{new}")
            return redirect(new.get_absolute_url())
    return _page(request, pk, rerun=form, status=400)


@requires(ElectionsCap.EDIT, denied=EDIT_DENIED)
@require_POST
def by_election(request, pk: int) -> HttpResponse:
    e = sel.election(request.user, pk, "edit")
    form = ByElectionForm(request.POST)
    if form.is_valid():
        be = call_service(
            form, svc.by_election_create, actor=request.user, election=e, **form.service_kwargs()
        )
        if be is not None:
            messages.success(request, f"已建立{be}")
            return redirect("elections_results:election", pk=be.election_id)
    return _page(request, pk, by=form, status=400)


@requires(ElectionsCap.EDIT)
def later_ballot_pdf(request, pk: int) -> HttpResponse:
    r = sel.round_(request.user, pk, "edit")
    ballots = rsel.later_ballots(r)
    what = f"{r}选票"
    docs_services.documents_printed(actor=request.user, unit=r.election.unit, what=what)
    content = pdf.render(
        "elections/ballots.typ",
        {"ballots": [b.as_json() for b in ballots], "skipped": []},
        meta=pdf.DocumentMeta(title=what),
    )
    return pdf.pdf_response(content, f"{r.election.unit.name}第{r.number}轮选票.pdf")
