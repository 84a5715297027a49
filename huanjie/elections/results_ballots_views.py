"""Pages of individual ballot entry (issue 13 req. 1): thin, each calls one selector or service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from huanjie.core.forms import call_service
from huanjie.core.permissions import requires
from huanjie.core.versioning import StaleEdit
from huanjie.core.workflow import WorkflowError
from huanjie.elections import results_ballots_selectors as bsel
from huanjie.elections import results_ballots_services as bsvc
from huanjie.elections import results_selectors as sel
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.results_forms import BallotForm, BallotsBeginForm

EDIT_DENIED = "只有村（社区）和乡镇（街道）经办人员可以录入选票"


def _ballots_url(pk: int) -> str:
    return reverse("elections_results:ballots", args=[pk])


def _page(request, pk: int, *, form: BallotForm | None = None, status: int = 200) -> HttpResponse:
    page = bsel.ballots_page(request.user, pk, show_all=request.GET.get("all") == "1")
    s = page.sheet
    if form is None and page.can_edit and s.from_ballots:
        form = BallotForm(posts=s.round.posts, initial={"version": s.version})
    begin = None
    if page.can_edit and not s.from_ballots:
        begin = BallotsBeginForm(
            initial={"box": s.box, "ballots_issued": s.ballots_issued, "version": s.version}
        )
    ctx: dict[str, Any] = {"page": page, "round": s.round, "sheet": s, "form": form, "begin": begin}
    return render(request, "elections/results/ballots.html", ctx, status=status)


@requires(ElectionsCap.VIEW)
def ballots(request, pk: int) -> HttpResponse:
    """The box's ballots, one row each, and (POST) one more ballot."""
    if request.method != "POST":
        return _page(request, pk)
    sel.sheet(request.user, pk)  # outside the jurisdiction: 404 before anything else
    if not request.user.has_capability(ElectionsCap.EDIT):
        raise PermissionDenied(EDIT_DENIED)
    s = sel.sheet(request.user, pk, "edit")
    form = BallotForm(request.POST, posts=s.round.posts)
    if form.is_valid():
        try:
            b = bsvc.ballot_add(
                actor=request.user,
                sheet=s,
                marks=form.cleaned_data["marks"],
                version=form.cleaned_data["version"],
            )
        except StaleEdit as exc:
            # Someone else added or removed a ballot of this box meanwhile: this ballot is not lost —
            # it stays in the row, with the box's current version, to be sent again after a look.
            data = request.POST.copy()
            data["version"] = str(exc.current_version)
            form = BallotForm(data, posts=s.round.posts)
            form.is_valid()
            form.add_error(
                None, "另一人刚刚在该票箱录入或删除了选票（见下表），这张选票尚未保存；请核对后再次提交"
            )
            return _page(request, pk, form=form, status=409)
        except (ValidationError, PermissionDenied, WorkflowError) as exc:
            form.add_error(None, "；".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, f"已录入第 {b.number} 张选票")
            return redirect(_ballots_url(pk))
    return _page(request, pk, form=form, status=400)


@requires(ElectionsCap.EDIT, denied=EDIT_DENIED)
@require_POST
def ballots_begin(request, pk: int) -> HttpResponse:
    """Start a new box (``pk`` the round) in ballot mode."""
    r = sel.round_(request.user, pk, "edit")
    form = BallotsBeginForm(request.POST)
    if form.is_valid():
        s = call_service(
            form,
            bsvc.ballots_begin,
            actor=request.user,
            round=r,
            box=form.cleaned_data["box"],
            ballots_issued=form.cleaned_data["ballots_issued"],
        )
        if s is not None:
            messages.success(request, f"请逐张录入{s.box}的选票")
            return redirect(_ballots_url(s.pk))
    messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect(reverse("elections_results:sheet_new", args=[r.pk]))


@requires(ElectionsCap.EDIT, denied=EDIT_DENIED)
@require_POST
def sheet_ballots_begin(request, pk: int) -> HttpResponse:
    """Turn an entered sheet (``pk``) to ballot mode."""
    s = sel.sheet(request.user, pk, "edit")
    form = BallotsBeginForm(request.POST)
    if form.is_valid():
        done = call_service(
            form,
            bsvc.ballots_begin,
            actor=request.user,
            round=s.round,
            sheet=s,
            box=form.cleaned_data["box"],
            ballots_issued=form.cleaned_data["ballots_issued"],
            version=form.cleaned_data["version"],
        )
        if done is not None:
            messages.success(request, f"{done.box}改为逐张录入选票，计票单的合计由选票汇总")
            return redirect(_ballots_url(pk))
    messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect(_ballots_url(pk))


@requires(ElectionsCap.EDIT, denied=EDIT_DENIED)
@require_POST
def ballots_clear(request, pk: int) -> HttpResponse:
    s = sel.sheet(request.user, pk, "edit")
    try:
        bsvc.ballots_clear(actor=request.user, sheet=s, version=request.POST.get("version"))
    except (ValidationError, PermissionDenied, WorkflowError) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, f"已清除{s.box}逐张录入的选票，计票单可手工修改")
    return redirect(_ballots_url(pk))


@requires(ElectionsCap.EDIT, denied=EDIT_DENIED)
@require_POST
def ballot_delete(request, pk: int) -> HttpResponse:
    b = bsel.ballot(request.user, pk, "edit")
    try:
        bsvc.ballot_delete(actor=request.user, ballot=b, version=request.POST.get("version"))
    except (ValidationError, PermissionDenied, WorkflowError) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, f"已删除第 {b.number} 张选票")
    return redirect(_ballots_url(b.sheet_id))
