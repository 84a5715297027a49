"""Pages of the results area (issue 13 reqs. 1, 2, 4): thin, each calls one selector or service."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from huanjie.core import listing, pdf, workflow
from huanjie.core.forms import call_service
from huanjie.core.middleware import client_ip
from huanjie.core.permissions import public, requires
from huanjie.elections import results_filing_selectors as fsel
from huanjie.elections import results_selectors as sel
from huanjie.elections import results_services as svc
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.results_forms import (
    AnnounceForm,
    BallotsBeginForm,
    ReasonForm,
    RoundNewForm,
    SheetEditForm,
    SheetNewForm,
)

EDIT_DENIED = "只有村（社区）和乡镇（街道）经办人员可以录入和核对选举结果"
SHEET_RECORD_FIELDS = ("box", "ballots_issued", "ballots_returned", "ballots_invalid", "votes")
VERIFY_LIMIT = 30
"""Public checks of receipt codes per address and minute (the page answers only match / no match,
but guessing must stay slow)."""


# ---------------------------------------------------------------------------------------------
# An election's rounds


@requires(ElectionsCap.VIEW)
def index(request) -> HttpResponse:
    page = listing.paginate(request, sel.scheduled_elections(request.user))
    latest = sel.elections_with_results(request.user, [e.pk for e in page])
    rows = [(e, latest.get(e.pk)) for e in page]
    ctx = {"page": page, "rows": rows, "board": sel.board(request.user)}
    return render(request, "elections/results/index.html", ctx)


def _election_page(request, pk: int, *, form: RoundNewForm | None = None, status: int = 200) -> HttpResponse:
    page = sel.election_page(request.user, pk)
    if form is None and page.can_edit and page.next_kinds:
        e = page.election
        form = RoundNewForm(
            kinds=page.next_kinds, initial={"voting_day": e.election_day, "registered": page.on_roll}
        )
    return render(request, "elections/results/election.html", {"page": page, "form": form}, status=status)


@requires(ElectionsCap.VIEW)
def election(request, pk: int) -> HttpResponse:
    return _election_page(request, pk)


@requires(ElectionsCap.EDIT, denied=EDIT_DENIED)
@require_POST
def round_new(request, pk: int) -> HttpResponse:
    e = sel.election(request.user, pk, "edit")
    page = sel.election_page(request.user, pk)
    form = RoundNewForm(request.POST, kinds=page.next_kinds)
    if form.is_valid():
        r = call_service(form, svc.round_create, actor=request.user, election=e, **form.cleaned_data)
        if r is not None:
            messages.success(request, f"已开始{r}")
            return redirect(r.get_absolute_url())
    return _election_page(request, pk, form=form, status=400)


# ---------------------------------------------------------------------------------------------
# A round: sheets, checks, announced result beside the engine's verdict, certification


def _round_page(request, pk: int, status: int = 200, **forms: Any) -> HttpResponse:
    page = sel.round_page(request.user, pk)
    r = page.round
    ctx: dict[str, Any] = {"page": page, **forms}
    if page.can_enter and "announce_form" not in forms:
        initial = {"announced_by": r.announced_by, "announced_at": r.announced_at}
        for i, p in enumerate(r.posts):
            initial[f"p_{i}"] = r.announced.get(p["post"], [])
        ctx["announce_form"] = AnnounceForm(
            record=r,
            record_fields=svc.ANNOUNCE_FIELDS,
            names=page.names,
            seats={p["post"]: p["seats"] for p in r.posts},
            initial=initial,
        )
    if page.can_unlock and "unlock_form" not in forms:
        ctx["unlock_form"] = ReasonForm(prefix="unlock")
    if page.can_edit and "reopen_form" not in forms:
        ctx["reopen_form"] = ReasonForm(prefix="reopen")
    ctx["filings"] = fsel.round_filings(r)  # 备案 (issue 13 req. 4)
    return render(request, "elections/results/round.html", ctx, status=status)


@requires(ElectionsCap.VIEW)
def round_view(request, pk: int) -> HttpResponse:
    return _round_page(request, pk)


@requires(ElectionsCap.EDIT, denied=EDIT_DENIED)
@require_POST
def announce(request, pk: int) -> HttpResponse:
    r = sel.round_(request.user, pk, "edit")
    page = sel.round_page(request.user, pk)
    form = AnnounceForm(
        request.POST,
        record=r,
        record_fields=svc.ANNOUNCE_FIELDS,
        names=page.names,
        seats={p["post"]: p["seats"] for p in r.posts},
    )
    if form.is_valid():
        done = call_service(
            form,
            svc.announce,
            actor=request.user,
            round=r,
            announced_by=form.cleaned_data["announced_by"],
            announced_at=form.cleaned_data["announced_at"],
            winners=form.winners(),
            **form.versioned(),
        )
        if done is not None:
            messages.success(request, "已登记当场公布的选举结果")
            return redirect(done.get_absolute_url())
    return _round_page(request, pk, status=400, announce_form=form)


@requires(ElectionsCap.EDIT, denied=EDIT_DENIED)
@require_POST
def certify(request, pk: int) -> HttpResponse:
    r = sel.round_(request.user, pk, "edit")
    try:
        receipt = svc.certify(actor=request.user, round=r)
    except (ValidationError, workflow.WorkflowError) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, f"已确认为正式结果，核验码：{receipt.code_grouped}")
    return redirect(r.get_absolute_url())


@requires(ElectionsCap.EDIT, denied="只有乡镇（街道）可以解锁已确认的选举结果")
@require_POST
def unlock(request, pk: int) -> HttpResponse:
    r = sel.round_(request.user, pk, "edit")
    form = ReasonForm(request.POST, prefix="unlock")
    if form.is_valid():
        done = call_service(form, svc.unlock, actor=request.user, round=r, reason=form.cleaned_data["reason"])
        if done is not None:
            messages.success(request, "已解锁，可依签字计票单更正后重新核对、确认")
            return redirect(r.get_absolute_url())
    return _round_page(request, pk, status=400, unlock_form=form)


def _workflow_errors(form: Any, fn: Any, **kwargs: Any) -> Any:
    try:
        return call_service(form, fn, **kwargs)
    except workflow.WorkflowError as exc:
        form.add_error(None, str(exc))
    return None


# ---------------------------------------------------------------------------------------------
# Tally sheets


BALLOT_LOCKED = ("ballots_returned", "ballots_invalid")


def _lock_to_ballots(form: SheetEditForm, s: Any) -> None:
    """A box whose ballots were entered one by one: its count is theirs, shown but not editable."""
    if not s.from_ballots:
        return
    form.initial.update(form.fill(s.votes, s.section_invalid or {}))
    form.initial.update({k: getattr(s, k) for k in BALLOT_LOCKED})
    for name, f in form.fields.items():
        if name in BALLOT_LOCKED or name.startswith(("v_", "w_", "x_")):
            f.disabled = True


def _sheet_page(request, template_ctx: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, "elections/results/sheet.html", template_ctx, status=status)


@requires(ElectionsCap.EDIT, denied=EDIT_DENIED)
def sheet_new(request, pk: int) -> HttpResponse:
    r = sel.round_(request.user, pk, "edit")
    if request.method == "POST":
        form = SheetNewForm(request.POST, request.FILES, posts=r.posts)
        if form.is_valid():
            photo = form.cleaned_data.get("photo")
            s = call_service(
                form,
                svc.sheet_save,
                actor=request.user,
                round=r,
                photo_name=photo.name if photo else "",
                photo_data=photo.read() if photo else b"",
                **form.sheet_data(),
            )
            if s is not None:
                messages.success(request, f"已录入{s.box}的计票单，请另一人核对")
                return redirect(r.get_absolute_url())
        status = 400
    else:
        form = SheetNewForm(posts=r.posts, initial={"idempotency_key": uuid.uuid4().hex})
        status = 200
    ctx = {"round": r, "form": form, "sheet": None, "offline": True, "ballots_form": BallotsBeginForm()}
    return _sheet_page(request, ctx, status)


@requires(ElectionsCap.VIEW)
def sheet(request, pk: int) -> HttpResponse:
    s = sel.sheet(request.user, pk)
    ctx: dict[str, Any] = {
        "round": s.round,
        "sheet": s,
        "checks": sel.checks_of(s),
        "vote_rows": sel.vote_rows(s),
    }
    if sel.may_edit(request.user, s.round.election) and sel.sheet_editable(s):
        form = SheetEditForm(posts=s.round.posts, record=s, record_fields=SHEET_RECORD_FIELDS)
        form.initial.update(form.fill(s.votes, s.section_invalid or {}))
        form.initial.update(
            {k: getattr(s, k) for k in ("box", "ballots_issued", "ballots_returned", "ballots_invalid")}
        )
        _lock_to_ballots(form, s)
        ctx["form"] = form
    return _sheet_page(request, ctx)


@requires(ElectionsCap.EDIT, denied=EDIT_DENIED)
@require_POST
def sheet_edit(request, pk: int) -> HttpResponse:
    s = sel.sheet(request.user, pk, "edit")
    form = SheetEditForm(
        request.POST, request.FILES, posts=s.round.posts, record=s, record_fields=SHEET_RECORD_FIELDS
    )
    _lock_to_ballots(form, s)
    if form.is_valid():
        photo = form.cleaned_data.get("photo")
        data = form.sheet_data()
        done = call_service(
            form,
            svc.sheet_save,
            actor=request.user,
            round=s.round,
            sheet=s,
            photo_name=photo.name if photo else "",
            photo_data=photo.read() if photo else b"",
            **form.versioned(),
            **data,
        )
        if done is not None:
            messages.success(request, f"已保存{done.box}的计票单")
            return redirect(s.round.get_absolute_url())
    ctx = {"round": s.round, "sheet": s, "checks": sel.checks_of(s), "form": form}
    return _sheet_page(request, ctx, status=409 if form.differences else 400)


@requires(ElectionsCap.EDIT, denied=EDIT_DENIED)
@require_POST
def sheet_verify(request, pk: int) -> HttpResponse:
    s = sel.sheet(request.user, pk, "edit")
    try:
        svc.sheet_verify(actor=request.user, sheet=s)
    except (ValidationError, workflow.WorkflowError) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, f"已核对{s.box}的计票单")
    return redirect(s.round.get_absolute_url())


@requires(ElectionsCap.EDIT, denied=EDIT_DENIED)
@require_POST
def sheet_reopen(request, pk: int) -> HttpResponse:
    s = sel.sheet(request.user, pk, "edit")
    form = ReasonForm(request.POST, prefix="reopen")
    if form.is_valid():
        done = _workflow_errors(
            form, svc.sheet_reopen, actor=request.user, sheet=s, reason=form.cleaned_data["reason"]
        )
        if done is not None:
            messages.success(request, f"已退回{s.box}的计票单，请更正后重新核对")
            return redirect(s.round.get_absolute_url())
    return _round_page(request, s.round_id, status=400, reopen_form=form)


@requires(ElectionsCap.VIEW)
def sheet_photo(request, pk: int) -> HttpResponse:
    s, data = sel.sheet_photo(request.user, pk)
    response = HttpResponse(data, content_type="application/octet-stream")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(s.photo_name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------------------------------------
# Documents


@requires(ElectionsCap.VIEW)
def announcement_pdf(request, pk: int) -> HttpResponse:
    page = sel.round_page(request.user, pk)
    r = page.round
    e = r.election
    content = pdf.render(
        "elections/results/announcement.typ",
        sel.announcement_data(page),
        meta=pdf.DocumentMeta(
            title=sel.document_title(r),
            issuer=f"{e.unit.name}村民选举委员会",
            date=r.voting_day,
        ),
    )
    return pdf.pdf_response(content, f"{e.unit.name}选举结果公告.pdf")


@requires(ElectionsCap.VIEW)
def certificates_pdf(request, pk: int) -> HttpResponse:
    page = sel.round_page(request.user, pk)
    r = page.round
    e = r.election
    content = pdf.render(
        "elections/results/certificates.typ",
        sel.certificates_data(page),
        meta=pdf.DocumentMeta(title="当选证书", issuer=f"{e.unit.name}村民选举委员会", date=r.voting_day),
    )
    return pdf.pdf_response(content, f"{e.unit.name}当选证书.pdf")


# ---------------------------------------------------------------------------------------------
# The public check of a receipt code


def _over_limit(request) -> bool:
    ip = client_ip(request) or "unknown"
    key = f"hj-results-verify:{ip}"
    added = cache.add(key, 1, 60)
    if added:
        return False
    try:
        n = cache.incr(key)
    except ValueError:
        cache.set(key, 1, 60)
        return False
    return n > VERIFY_LIMIT


@public
def verify(request) -> HttpResponse:
    code = (request.GET.get("code") or "").strip()[:100]
    ctx: dict[str, Any] = {"code": code}
    status = 200
    if code:
        if _over_limit(request):
            ctx["limited"] = True
            status = 429
        else:
            ctx["result"] = sel.public_check(code)
    return render(request, "elections/results/verify.html", ctx, status=status)
