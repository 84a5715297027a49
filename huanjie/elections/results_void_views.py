"""Pages of the voiding record (issue 13 req. 8) and of the filing (备案) of certified results
(req. 4): thin, each calls one selector or service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from huanjie.core.forms import call_service
from huanjie.core.permissions import requires
from huanjie.elections import results_filing_selectors as fsel
from huanjie.elections import results_filing_services as fsvc
from huanjie.elections import results_selectors as rsel
from huanjie.elections import results_void_selectors as vsel
from huanjie.elections import results_void_services as vsvc
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.models import PartyMeeting, ResultRound
from huanjie.elections.results_void_forms import WHOLE, VoidDecisionForm, VoidReferralForm
from huanjie.rules.voiding import BODY_LABELS

# -- voiding -----------------------------------------------------------------------------------


def _void_page(request, pk: int, *, decide=None, refer=None, status: int = 200) -> HttpResponse:
    ctx: dict[str, Any] = vsel.page_for(request.user, pk)
    ctx["labels"] = BODY_LABELS
    if ctx["can_record"] and not ctx["voided"]:
        ctx["decide"] = decide or VoidDecisionForm(winners=ctx["winners"], prefix="d")
        ctx["refer"] = refer or VoidReferralForm(winners=ctx["winners"], prefix="f")
    return render(request, "elections/results/void.html", ctx, status=status)


@requires(ElectionsCap.VIEW)
def void_record(request, pk: int) -> HttpResponse:
    """An election's voiding record: referrals (no effect) and declarations with their remedies,
    and the forms to record them for the township and the county (the village for its 选举委员会)."""
    return _void_page(request, pk)


@requires(ElectionsCap.VIEW)
@require_POST
def void_decide(request, pk: int) -> HttpResponse:
    ctx = vsel.page_for(request.user, pk)
    e = ctx["election"]
    form = VoidDecisionForm(request.POST, winners=ctx["winners"], prefix="d")
    if form.is_valid():
        d = form.cleaned_data
        common = {
            "actor": request.user,
            "body": d["body"],
            "document_no": d["document_no"],
            "decided_on": d["decided_on"],
            "reason": d["reason"],
            "remedy_day": d["remedy_day"],
        }
        if d["person"] == WHOLE:
            done = call_service(form, vsvc.void_election, election=e, **common)
        else:
            target = vsel.target_of(e, d["person"])
            if target is None:
                form.add_error("person", "该人员不是本选举公布的当选人")
                done = None
            else:
                done = call_service(form, vsvc.void_winner, round=target, person=d["person"], **common)
        if done is not None:
            messages.success(request, f"已登记：{done}")
            return redirect("elections_results:void_record", pk=e.pk)
    return _void_page(request, pk, decide=form, status=400)


@requires(ElectionsCap.VIEW)
@require_POST
def void_refer(request, pk: int) -> HttpResponse:
    ctx = vsel.page_for(request.user, pk)
    e = ctx["election"]
    form = VoidReferralForm(request.POST, winners=ctx["winners"], prefix="f")
    if form.is_valid():
        d = form.cleaned_data
        target = vsel.target_of(e, d["person"]) if d["person"] else None
        done = call_service(
            form,
            vsvc.record_referral,
            actor=request.user,
            election=e,
            source=d["source"],
            document_no=d["document_no"],
            found_on=d["found_on"],
            summary=d["summary"],
            person=d["person"],
            round=target if isinstance(target, ResultRound) else None,
            meeting=target if isinstance(target, PartyMeeting) else None,
        )
        if done is not None:
            messages.success(request, f"已登记移送的调查结论：{done}")
            return redirect("elections_results:void_record", pk=e.pk)
    return _void_page(request, pk, refer=form, status=400)


# -- filing (备案) -------------------------------------------------------------------------------


@requires(ElectionsCap.EDIT, denied="只有村（社区）和乡镇（街道）经办人员可以报送备案")
@require_POST
def round_file(request, pk: int) -> HttpResponse:
    r = rsel.round_(request.user, pk, "edit")
    try:
        f = fsvc.file_result(actor=request.user, round=r)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已报送{f.filed_with}备案")
    return redirect(r.get_absolute_url())


@requires(ElectionsCap.VIEW)
def filings(request) -> HttpResponse:
    """The filed results the township and the county see (their villages), newest first."""
    pending = request.GET.get("pending") == "1"
    rows = fsel.filings(request.user, pending=pending)
    ctx = {"rows": rows, "pending": pending, "may_receive": fsel.may_receive(request.user)}
    return render(request, "elections/results/filings.html", ctx)


@requires(ElectionsCap.VIEW)
@require_POST
def filing_receive(request, pk: int) -> HttpResponse:
    f = fsel.filing(request.user, pk)
    try:
        fsvc.receive_filing(actor=request.user, filing=f)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已签收")
    return redirect(reverse("elections_results:filings"))
