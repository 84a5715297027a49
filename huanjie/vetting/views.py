"""Pages of the vetting app: thin, each calls one selector or service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from huanjie.core import listing
from huanjie.core import workflow as wf
from huanjie.core.forms import call_service
from huanjie.core.permissions import requires
from huanjie.vetting import exception_selectors as exception_sel
from huanjie.vetting import party_selectors as party_sel
from huanjie.vetting import party_services as party_svc
from huanjie.vetting import party_views
from huanjie.vetting import review_selectors as review_sel
from huanjie.vetting import selectors as sel
from huanjie.vetting import services as svc
from huanjie.vetting.capabilities import VettingCap
from huanjie.vetting.forms import CandidateFilterForm, CandidateNewForm


@requires(VettingCap.VIEW)
def index(request) -> HttpResponse:
    form = CandidateFilterForm(request.GET or None)
    side = form.cleaned_data["side"] if form.is_bound and form.is_valid() else ""
    page = listing.paginate(request, sel.candidates(request.user, side=side))
    return render(request, "vetting/index.html", {"form": form, "page": page})


def _unit(request, code: str, status: int = 200, new_form: CandidateNewForm | None = None) -> HttpResponse:
    page = sel.unit_candidates(request.user, code)
    if new_form is None and page.can_edit:
        new_form = CandidateNewForm(people=page.people)
    return render(request, "vetting/unit.html", {"page": page, "new_form": new_form}, status=status)


@requires(VettingCap.VIEW)
def unit(request, code: str) -> HttpResponse:
    return _unit(request, code)


@requires(VettingCap.EDIT)
@require_POST
def candidate_new(request, code: str) -> HttpResponse:
    page = sel.unit_candidates(request.user, code)
    if not page.can_edit or page.campaign is None:
        raise PermissionDenied("只有该村（社区）或其所属乡镇（街道）可以登记人选")
    form = CandidateNewForm(request.POST, people=page.people)
    if form.is_valid():
        data = dict(form.cleaned_data)
        person = sel.unit_person(page.unit, data.pop("person"))
        row = call_service(
            form,
            svc.candidate_register,
            actor=request.user,
            campaign=page.campaign,
            unit=page.unit,
            person=person,
            **data,
        )
        if row is not None:
            messages.success(request, f"已登记人选：{row}")
            return redirect("vetting:unit", code=code)
    return _unit(request, code, status=400, new_form=form)


@requires(VettingCap.VIEW)
def candidate(request, pk: int) -> HttpResponse:
    c = sel.candidate(request.user, pk)
    # The town's pre-check and the county's joint-review feedback (vetting.confidential only).
    review = review_sel.candidate_review(request.user, c, today=wf.today())
    # party 预备人选 area: screening and 考察 (confidential only), withdrawal
    party = party_sel.candidate_party(request.user, c)
    if party.confidential:
        party_svc.confidential_viewed(actor=request.user, candidate=c, inspection=party.inspection)
    withdraw = party_views.withdraw_form(c) if party.can_withdraw else None
    context: dict[str, Any] = {"candidate": c, "review": review, "party": party, "withdraw_form": withdraw}
    # the county's age relaxation and 容错纠错 rulings (confidential as the screening)
    if party.confidential:
        context["exceptions"] = exception_sel.exceptions_of(request.user, c, party.screening)
    return render(request, "vetting/candidate.html", context)


@requires(VettingCap.VIEW)
def candidates_xlsx(request) -> HttpResponse:
    """人选情况表 (issue 11 req. 11) in the layout in force for the user's city."""
    from django.utils import timezone

    from huanjie.core.layouts import layout_response
    from huanjie.vetting.export_selectors import candidate_rows
    from huanjie.vetting.layout_kinds import CANDIDATES_KIND

    form = CandidateFilterForm(request.GET or None)
    side = form.cleaned_data["side"] if form.is_bound and form.is_valid() else ""
    unit = sel.report_unit(request.user)
    if unit is None:
        raise PermissionDenied("您没有可导出的人选")
    return layout_response(
        actor=request.user,
        code=CANDIDATES_KIND.code,
        rows=candidate_rows(request.user, side=side, on=timezone.localdate()),
        unit_name=unit.name,
        org_path=unit.path,
        filters={"班子": side} if side else None,
    )
