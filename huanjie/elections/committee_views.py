"""Pages of the election committee, proxies and polling plan (issue 12 reqs. 3, 5, 6): thin, each
calls one selector or service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from huanjie.core.forms import call_service
from huanjie.core.permissions import requires
from huanjie.elections import committee_selectors as sel
from huanjie.elections import committee_services as svc
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.committee_forms import (
    CommitteeForm,
    FillForm,
    PlanForm,
    ProxyForm,
    SeatForm,
    StaffForm,
    VenueForm,
    WithdrawForm,
)

_VIEW, _EDIT = ElectionsCap.VIEW, ElectionsCap.EDIT
DENIED = "只有该村（社区）或其所属乡镇（街道）可以登记"


@requires(_VIEW)
def index(request) -> HttpResponse:
    return render(
        request,
        "elections/committee/index.html",
        {
            "committees": sel.committees(request.user)[:500],
            "elections": sel.committee_elections(request.user)[:500],
        },
    )


# --- the committee -------------------------------------------------------------------------------------


def _unit(request, code: str, status: int = 200, **forms) -> HttpResponse:  # type: ignore[no-untyped-def]
    page = sel.committee_page(request.user, code)
    ctx = {"page": page, "withdraw_form": WithdrawForm(), "fill_form": FillForm()}
    if page.can_edit:
        ctx["committee_form"] = CommitteeForm()
        ctx["seat_form"] = SeatForm(people=page.people)
    ctx.update(forms)
    return render(request, "elections/committee/unit.html", ctx, status=status)


@requires(_VIEW)
def unit(request, code: str) -> HttpResponse:
    return _unit(request, code)


@requires(_EDIT)
@require_POST
def committee_create(request, code: str) -> HttpResponse:
    page = sel.committee_page(request.user, code)
    if not page.can_edit or page.campaign is None:
        raise PermissionDenied(DENIED)
    form = CommitteeForm(request.POST)
    if form.is_valid():
        row = call_service(
            form,
            svc.committee_create,
            actor=request.user,
            campaign=page.campaign,
            unit=page.unit,
            **form.cleaned_data,
        )
        if row is not None:
            messages.success(request, "已登记选举委员会")
            return redirect("elections_committee:unit", code=code)
    return _unit(request, code, status=400, committee_form=form)


@requires(_EDIT)
@require_POST
def seat_add(request, pk: int) -> HttpResponse:
    committee = sel.committee_of(request.user, pk, _EDIT)
    form = SeatForm(request.POST, people=sel.people_choices(committee.unit))
    if form.is_valid():
        data = dict(form.cleaned_data)
        person = sel.unit_person(committee.unit, data.pop("person"))
        row = call_service(form, svc.seat_add, actor=request.user, committee=committee, person=person, **data)
        if row is not None:
            messages.success(request, f"已登记：{row.person.name}（{row.get_role_display()}）")
            return redirect("elections_committee:unit", code=committee.unit.code)
    return _unit(request, committee.unit.code, status=400, seat_form=form)


@requires(_EDIT)
@require_POST
def seat_withdraw(request, pk: int) -> HttpResponse:
    seat = sel.seat_of(request.user, pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        row = call_service(form, svc.seat_withdraw, actor=request.user, seat=seat, **form.cleaned_data)
        if row is not None:
            messages.success(request, f"{row.person.name}已退出选举委员会：{row.left_reason}")
            return redirect("elections_committee:unit", code=seat.committee.unit.code)
    return _unit(request, seat.committee.unit.code, status=400, withdraw_form=form)


@requires(_EDIT)
@require_POST
def seat_chair(request, pk: int) -> HttpResponse:
    seat = sel.seat_of(request.user, pk)
    form = FillForm({"on": seat.committee.chosen_on})
    form.is_valid()
    row = call_service(form, svc.chair_choose, actor=request.user, seat=seat)
    if row is not None:
        messages.success(request, f"{row.person.name}已由成员推选为主任")
        return redirect("elections_committee:unit", code=seat.committee.unit.code)
    return _unit(request, seat.committee.unit.code, status=400, fill_form=form)


@requires(_EDIT)
@require_POST
def vacancies_fill(request, pk: int) -> HttpResponse:
    committee = sel.committee_of(request.user, pk, _EDIT)
    form = FillForm(request.POST)
    if form.is_valid():
        rows = call_service(
            form, svc.vacancies_fill, actor=request.user, committee=committee, **form.cleaned_data
        )
        if rows is not None:
            messages.success(request, "已依次递补：" + "、".join(r.person.name for r in rows))
            return redirect("elections_committee:unit", code=committee.unit.code)
    return _unit(request, committee.unit.code, status=400, fill_form=form)


# --- proxies ------------------------------------------------------------------------------------------


def _proxies(request, pk: int, status: int = 200, form: ProxyForm | None = None) -> HttpResponse:
    page = sel.proxies_page(request.user, pk)
    if form is None and page.can_edit:
        form = ProxyForm(people=page.people)
    return render(request, "elections/committee/proxies.html", {"page": page, "form": form}, status=status)


@requires(_VIEW)
def proxies(request, pk: int) -> HttpResponse:
    return _proxies(request, pk)


@requires(_EDIT)
@require_POST
def proxy_new(request, pk: int) -> HttpResponse:
    election = sel.election_of(request.user, pk, _EDIT)
    form = ProxyForm(request.POST, people=sel.people_choices(election.unit))
    if form.is_valid():
        data = dict(form.cleaned_data)
        principal = sel.unit_person(election.unit, data.pop("principal"))
        proxy = sel.unit_person(election.unit, data.pop("proxy"))
        row = call_service(
            form,
            svc.proxy_register,
            actor=request.user,
            election=election,
            principal=principal,
            proxy=proxy,
            **data,
        )
        if row is not None:
            messages.success(request, f"已登记委托投票：{row}")
            return redirect("elections_committee:proxies", pk=pk)
    return _proxies(request, pk, status=400, form=form)


@requires(_VIEW)
def proxies_print(request, pk: int) -> HttpResponse:
    return render(
        request, "elections/committee/proxies_print.html", {"page": sel.proxies_page(request.user, pk)}
    )


# --- the polling plan ---------------------------------------------------------------------------------


def _plan(request, pk: int, status: int = 200, **forms) -> HttpResponse:  # type: ignore[no-untyped-def]
    page = sel.plan_page(request.user, pk)
    ctx: dict = {"page": page}
    if page.can_edit:
        initial = {}
        if page.plan is not None:
            p = page.plan
            initial = {
                "central_venue": p.central_venue,
                "central_booths": p.central_booths,
                "mode": p.mode,
                "meeting_on": p.meeting_on,
                "meeting_place": p.meeting_place,
                "proxy_list_published_on": p.proxy_list_published_on,
            }
        ctx["plan_form"] = PlanForm(initial=initial)
        ctx["venue_form"] = VenueForm()
        ctx["staff_form"] = StaffForm(
            people=page.people, venues=[(v.venue.pk, str(v.venue)) for v in page.venues]
        )
    ctx.update(forms)
    return render(request, "elections/committee/plan.html", ctx, status=status)


@requires(_VIEW)
def plan(request, pk: int) -> HttpResponse:
    return _plan(request, pk)


@requires(_EDIT)
@require_POST
def plan_save(request, pk: int) -> HttpResponse:
    election = sel.election_of(request.user, pk, _EDIT)
    form = PlanForm(request.POST)
    if form.is_valid():
        row = call_service(form, svc.plan_save, actor=request.user, election=election, **form.cleaned_data)
        if row is not None:
            messages.success(request, "已保存投票方案")
            return redirect("elections_committee:plan", pk=pk)
    return _plan(request, pk, status=400, plan_form=form)


@requires(_EDIT)
@require_POST
def venue_add(request, pk: int) -> HttpResponse:
    election = sel.election_of(request.user, pk, _EDIT)
    plan_row = sel.plan_of(election)
    form = VenueForm(request.POST)
    if form.is_valid():
        row = call_service(form, svc.venue_add, actor=request.user, plan=plan_row, **form.cleaned_data)
        if row is not None:
            messages.success(request, f"已登记{row}")
            return redirect("elections_committee:plan", pk=pk)
    return _plan(request, pk, status=400, venue_form=form)


@requires(_EDIT)
@require_POST
def staff_add(request, pk: int) -> HttpResponse:
    election = sel.election_of(request.user, pk, _EDIT)
    plan_row = sel.plan_of(election)
    venues = sel.venue_choices(plan_row)
    form = StaffForm(request.POST, people=sel.people_choices(election.unit), venues=venues)
    if form.is_valid():
        data = dict(form.cleaned_data)
        person = sel.unit_person(election.unit, data.pop("person"))
        venue = sel.venue_of(plan_row, data.pop("venue"))
        row = call_service(
            form, svc.staff_add, actor=request.user, plan=plan_row, person=person, venue=venue, **data
        )
        if row is not None:
            messages.success(request, f"已登记选举工作人员：{row}")
            return redirect("elections_committee:plan", pk=pk)
    return _plan(request, pk, status=400, staff_form=form)
