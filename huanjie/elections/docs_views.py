"""Election documents (issue 12 req. 7): ballots of an election or of a whole town as one PDF, voter
cards, proxy forms, numbered notices. Views are thin: docs_selectors read (scoped, 404 outside the
jurisdiction), docs_services write and audit, huanjie.core.pdf typesets (Typst, JSON inputs)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from huanjie.core import pdf
from huanjie.core.forms import call_service
from huanjie.core.permissions import requires
from huanjie.elections import docs_selectors as sel
from huanjie.elections import docs_services as svc
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.choices import Body
from huanjie.elections.docs_forms import NoticeDraftForm, NoticeForm, ProxyFormsForm
from huanjie.elections.models import NoticeKind

PROXY_FORMS_DEFAULT = 10
NO_ROLL = "该选举日的选民名单尚未公布，不能打印选民证：请先在“选民名单”中建立并公布本投票日的名单"


def _page(request, pk: int, form: NoticeForm | None = None, status: int = 200) -> HttpResponse:
    page = sel.docs_page(request.user, pk)
    draft = NoticeDraftForm(request.GET or None)
    if form is None and page.can_edit:
        kind = draft.cleaned_data["kind"] if draft.is_valid() else NoticeKind.VOTER_LIST
        form = NoticeForm(initial=sel.notice_initial(page.election, kind))
    return render(
        request,
        "elections/docs.html",
        {"page": page, "form": form, "draft": NoticeDraftForm(initial={"kind": draft.data.get("kind")})},
        status=status,
    )


@requires(ElectionsCap.VIEW)
def election_docs(request, pk: int) -> HttpResponse:
    return _page(request, pk)


@requires(ElectionsCap.EDIT)
@require_POST
def notice_new(request, pk: int) -> HttpResponse:
    page = sel.docs_page(request.user, pk)
    if not page.can_edit:
        raise PermissionDenied("只有该村（社区）或其所属乡镇（街道）可以发布公告")
    form = NoticeForm(request.POST)
    if form.is_valid():
        row = call_service(
            form, svc.issue_notice, actor=request.user, election=page.election, **form.cleaned_data
        )
        if row is not None:
            messages.success(request, f"已发布公告：{row}")
            return redirect("elections_docs:election", pk=pk)
    return _page(request, pk, form=form, status=400)


def _ballots_response(request, elections, unit, what: str, filename: str) -> HttpResponse:
    ballots, skipped = sel.ballots(elections)
    svc.documents_printed(actor=request.user, unit=unit, what=what)
    content = pdf.render(
        "elections/ballots.typ",
        {"ballots": [b.as_json() for b in ballots], "skipped": [[s.unit, s.reason] for s in skipped]},
        meta=pdf.DocumentMeta(title=what),
    )
    return pdf.pdf_response(content, filename)


@requires(ElectionsCap.EDIT)
def ballots_pdf(request, pk: int) -> HttpResponse:
    e = sel.election(request.user, pk, "edit")
    sel.printable(e)
    return _ballots_response(request, [e], e.unit, f"{e}选票", f"{e.unit.name}选票.pdf")


@requires(ElectionsCap.EDIT)
def town_ballots_pdf(request, code: str) -> HttpResponse:
    town = sel.town(request.user, code)
    body = request.GET.get("body", Body.COMMITTEE)
    elections = sel.town_elections(request.user, town, body)
    label = Body(body).label
    return _ballots_response(request, elections, town, f"{town.name}{label}选举选票", f"{town.name}选票.pdf")


@requires(ElectionsCap.EDIT)
def voter_cards_pdf(request, pk: int) -> HttpResponse:
    e = sel.election(request.user, pk, "edit")
    roll = sel.election_roll(e)
    if roll is None:
        messages.error(request, NO_ROLL)
        return redirect("elections_docs:election", pk=pk)
    cards = sel.voter_cards(sel.voter_rows(e, roll))
    svc.documents_printed(actor=request.user, unit=e.unit, what=f"{e}选民证")
    content = pdf.render(
        "elections/voter_cards.typ",
        {
            "election": sel.election_title(e),
            "issuer": sel.election_committee(e.unit),
            "group_label": "村民小组" if e.unit.level == "village" else "居民小组",
            "date": e.election_day or "",
            "cards": [{"name": c.name, "group": c.group, "number": c.number} for c in cards],
        },
        meta=pdf.DocumentMeta(title=f"{e}选民证"),
    )
    return pdf.pdf_response(content, f"{e.unit.name}选民证.pdf")


@requires(ElectionsCap.EDIT)
def proxy_forms_pdf(request, pk: int) -> HttpResponse:
    e = sel.election(request.user, pk, "edit")
    form = ProxyFormsForm(request.GET)
    if not form.is_valid():
        raise Http404("份数须在1至200之间")
    committee = sel.election_committee(e.unit)
    content = pdf.render(
        "elections/proxy_forms.typ",
        {
            "election": sel.election_title(e),
            "addressee": committee,
            "issuer": committee,
            "rules": sel.proxy_rules(sel.profile_of(e)),
            "count": form.cleaned_data["count"] or PROXY_FORMS_DEFAULT,
        },
        meta=pdf.DocumentMeta(title=f"{e}委托投票证"),
    )
    return pdf.pdf_response(content, f"{e.unit.name}委托投票证.pdf")


@requires(ElectionsCap.VIEW)
def notice_pdf(request, pk: int) -> HttpResponse:
    n = sel.notice(request.user, pk)
    meta = pdf.DocumentMeta(title=n.title, subtitle=f"（第{n.number}号）", issuer=n.issuer, date=n.issued_on)
    paragraphs = [line.strip() for line in n.body.splitlines() if line.strip()]
    content = pdf.render("elections/notice.typ", {"paragraphs": paragraphs}, meta=meta)
    return pdf.pdf_response(content, f"{n.title}（第{n.number}号）.pdf")
