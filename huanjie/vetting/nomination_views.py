"""Pages of the 村（居）民委员会 nomination: thin, each calls one selector or service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from huanjie.core.forms import apply_service_errors, call_service
from huanjie.core.permissions import requires
from huanjie.vetting import nomination_selectors as sel
from huanjie.vetting import nomination_services as svc
from huanjie.vetting.capabilities import VettingCap
from huanjie.vetting.nomination_forms import (
    ROUND_FIELDS,
    DatedStepForm,
    NomineeForm,
    OpinionForm,
    PaperForm,
    QualifyForm,
    RoundEditForm,
    RoundOpenForm,
    SelfRegisterForm,
    VotesForm,
    WithdrawForm,
)

# --- a village's rounds ---------------------------------------------------------------------------


def _unit(request: Any, code: str, form: RoundOpenForm | None = None, status: int = 200) -> HttpResponse:
    page = sel.unit_nominations(request.user, code)
    if form is None and page.can_edit:
        form = RoundOpenForm(methods=page.methods)
    return render(request, "vetting/nomination_unit.html", {"page": page, "form": form}, status=status)


@requires(VettingCap.VIEW)
def unit_nominations(request: Any, code: str) -> HttpResponse:
    return _unit(request, code)


@requires(VettingCap.EDIT)
@require_POST
def round_open(request: Any, code: str) -> HttpResponse:
    page = sel.unit_nominations(request.user, code)
    if not page.can_edit or page.campaign is None:
        raise PermissionDenied("只有该村（社区）或其所属乡镇（街道）可以登记提名")
    form = RoundOpenForm(request.POST, methods=page.methods)
    if form.is_valid():
        r = call_service(
            form,
            svc.round_open,
            actor=request.user,
            campaign=page.campaign,
            unit=page.unit,
            **form.cleaned_data,
        )
        if r is not None:
            messages.success(request, f"已登记：{r}")
            return redirect("vetting:nomination", pk=r.pk)
    return _unit(request, code, form, status=400)


# --- one round ------------------------------------------------------------------------------------


def _methods(page: sel.RoundPage) -> list[tuple[str, str]]:
    return sel.methods_of(page.round.campaign.profile_code)


def _round(request: Any, pk: int, status: int = 200, **forms: Any) -> HttpResponse:
    page = sel.nomination_round(request.user, pk)
    r = page.round
    ctx: dict[str, Any] = {"page": page}
    if page.can_edit:
        ctx["edit_form"] = forms.get("edit_form") or RoundEditForm(
            record=r,
            record_fields=ROUND_FIELDS,
            methods=_methods(page),
            initial={f: getattr(r, f) for f in ROUND_FIELDS},
        )
        ctx["nominee_form"] = forms.get("nominee_form") or NomineeForm(
            people=page.people, posts=page.post_choices, initial={"nominated_on": r.held_on}
        )
        ctx["paper_form"] = forms.get("paper_form") or PaperForm()
    if page.can_confirm or forms.get("confirm_form"):
        ctx["confirm_form"] = forms.get("confirm_form") or DatedStepForm(record=r, initial={"on": r.held_on})
    if page.can_publish:
        ctx["publish_form"] = forms.get("publish_form") or DatedStepForm(record=r, prefix="pub")
    if page.can_self_register:
        ctx["self_form"] = forms.get("self_form") or SelfRegisterForm(
            people=page.people, posts=page.post_choices
        )
    return render(request, "vetting/nomination_round.html", ctx, status=status)


@requires(VettingCap.VIEW)
def nomination(request: Any, pk: int) -> HttpResponse:
    return _round(request, pk)


@requires(VettingCap.EDIT)
@require_POST
def round_edit(request: Any, pk: int) -> HttpResponse:
    page = sel.nomination_round(request.user, pk)
    form = RoundEditForm(request.POST, record=page.round, record_fields=ROUND_FIELDS, methods=_methods(page))
    if form.is_valid():
        data = {f: form.cleaned_data[f] for f in ROUND_FIELDS}
        if call_service(
            form, svc.round_update, actor=request.user, round=page.round, **data, **form.versioned()
        ):
            messages.success(request, "已保存提名情况")
            return redirect("vetting:nomination", pk=pk)
    return _round(request, pk, status=400, edit_form=form)


@requires(VettingCap.EDIT)
@require_POST
def nominee_new(request: Any, pk: int) -> HttpResponse:
    page = sel.nomination_round(request.user, pk)
    form = NomineeForm(request.POST, people=page.people, posts=page.post_choices)
    if form.is_valid():
        data = dict(form.cleaned_data)
        person = sel.round_person(page.round, data.pop("person"))
        if call_service(form, svc.nominee_add, actor=request.user, round=page.round, person=person, **data):
            messages.success(request, f"已登记提名：{person.name}")
            return redirect("vetting:nomination", pk=pk)
    return _round(request, pk, status=400, nominee_form=form)


@requires(VettingCap.EDIT)
@require_POST
def nominee_votes(request: Any, pk: int, nominee: int) -> HttpResponse:
    page = sel.nomination_round(request.user, pk)
    n = sel.round_nominee(request.user, page.round, nominee)
    form = VotesForm(request.POST)
    if form.is_valid() and call_service(
        form, svc.nominee_set_votes, actor=request.user, nominee=n, **form.cleaned_data
    ):
        messages.success(request, f"已登记 {n.person.name} 的得票")
        return redirect("vetting:nomination", pk=pk)
    for e in form.errors.values():
        messages.error(request, "；".join(str(x) for x in e))
    return redirect("vetting:nomination", pk=pk)


@requires(VettingCap.EDIT)
@require_POST
def nominee_confirm_post(request: Any, pk: int, nominee: int) -> HttpResponse:
    page = sel.nomination_round(request.user, pk)
    n = sel.round_nominee(request.user, page.round, nominee)
    form = VotesForm()
    if call_service(form, svc.nominee_confirm_post, actor=request.user, nominee=n):
        messages.success(request, f"已登记 {n.person.name} 本人书面确认作为{n.get_post_display()}候选人")
    else:
        messages.error(request, "；".join(str(e) for e in form.non_field_errors()))
    return redirect("vetting:nomination", pk=pk)


@requires(VettingCap.EDIT)
@require_POST
def paper_new(request: Any, pk: int) -> HttpResponse:
    page = sel.nomination_round(request.user, pk)
    form = PaperForm(request.POST)
    if form.is_valid():
        labels = {label: value for value, label in page.post_choices}
        data = dict(form.cleaned_data)
        try:
            data["choices"] = svc.parse_choices(data["choices"], labels)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if call_service(form, svc.paper_add, actor=request.user, round=page.round, **data):
                messages.success(request, "已录入提名票")
                return redirect("vetting:nomination", pk=pk)
    return _round(request, pk, status=400, paper_form=form)


@requires(VettingCap.EDIT)
@require_POST
def papers_apply(request: Any, pk: int) -> HttpResponse:
    page = sel.nomination_round(request.user, pk)
    form = VotesForm()
    changed = call_service(form, svc.papers_apply, actor=request.user, round=page.round)
    if changed is None:
        messages.error(request, "；".join(str(e) for e in form.non_field_errors()))
    else:
        messages.success(request, f"已按提名票计票结果更新 {len(changed)} 名被提名人的得票")
    return redirect("vetting:nomination", pk=pk)


@requires(VettingCap.EDIT)
@require_POST
def round_confirm(request: Any, pk: int) -> HttpResponse:
    page = sel.nomination_round(request.user, pk)
    form = DatedStepForm(request.POST, record=page.round)
    if form.is_valid():
        rows = call_service(
            form,
            svc.round_confirm,
            actor=request.user,
            round=page.round,
            on=form.cleaned_data["on"],
            version=form.loaded_version,
        )
        if rows is not None:
            messages.success(request, f"已确定正式候选人 {len(rows)} 人，请选举委员会确认资格")
            return redirect("vetting:nomination", pk=pk)
    return _round(request, pk, status=400, confirm_form=form)


@requires(VettingCap.QUALIFY)
@require_POST
def round_publish(request: Any, pk: int) -> HttpResponse:
    page = sel.nomination_round(request.user, pk)
    form = DatedStepForm(request.POST, record=page.round, prefix="pub")
    if form.is_valid():
        done = call_service(
            form,
            svc.round_publish,
            actor=request.user,
            round=page.round,
            on=form.cleaned_data["on"],
            version=form.loaded_version,
        )
        if done is not None:
            messages.success(request, "已公布候选人名单")
            return redirect("vetting:nomination", pk=pk)
    return _round(request, pk, status=400, publish_form=form)


@requires(VettingCap.EDIT)
@require_POST
def self_register(request: Any, pk: int) -> HttpResponse:
    page = sel.nomination_round(request.user, pk)
    form = SelfRegisterForm(request.POST, people=page.people, posts=page.post_choices)
    if form.is_valid():
        data = dict(form.cleaned_data)
        person = sel.round_person(page.round, data.pop("person"))
        if call_service(form, svc.self_register, actor=request.user, round=page.round, person=person, **data):
            messages.success(request, f"已登记自荐人：{person.name}")
            return redirect("vetting:nomination", pk=pk)
    return _round(request, pk, status=400, self_form=form)


# --- one candidate: qualification, withdrawal, county opinion --------------------------------------


def _qualification(request: Any, pk: int, status: int = 200, **forms: Any) -> HttpResponse:
    page = sel.qualification(request.user, pk)
    c = page.candidate
    ctx: dict[str, Any] = {"page": page}
    if page.can_decide:
        ctx["qualify_form"] = forms.get("qualify_form") or QualifyForm(
            record=c, refresh_fields=(), articles=page.articles, initial={"decided_on": page.today}
        )
    if page.can_withdraw:
        ctx["withdraw_form"] = forms.get("withdraw_form") or WithdrawForm(
            record=c, refresh_fields=(), prefix="wd", initial={"filed_on": page.today}
        )
    if page.can_record_opinion:
        ctx["opinion_form"] = forms.get("opinion_form") or OpinionForm(prefix="op")
    return render(request, "vetting/nomination_qualification.html", ctx, status=status)


@requires(VettingCap.VIEW)
def qualification(request: Any, pk: int) -> HttpResponse:
    return _qualification(request, pk)


@requires(VettingCap.QUALIFY)
@require_POST
def qualify(request: Any, pk: int) -> HttpResponse:
    page = sel.qualification(request.user, pk)
    form = QualifyForm(request.POST, record=page.candidate, refresh_fields=(), articles=page.articles)
    if form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("qualified", "article", "basis", "decided_on")}
        done = call_service(
            form,
            svc.candidate_qualify,
            actor=request.user,
            candidate=page.candidate,
            version=form.loaded_version,
            **data,
        )
        if done is not None:
            messages.success(request, f"已记录选举委员会对 {done.person.name} 的资格确认")
            return redirect("vetting:nomination", pk=page.round.pk)
    return _qualification(request, pk, status=400, qualify_form=form)


@requires(VettingCap.EDIT)
@require_POST
def withdraw(request: Any, pk: int) -> HttpResponse:
    page = sel.qualification(request.user, pk)
    form = WithdrawForm(request.POST, record=page.candidate, refresh_fields=(), prefix="wd")
    if form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("filed_on", "in_writing", "reason")}
        done = call_service(
            form,
            svc.candidate_withdraw,
            actor=request.user,
            candidate=page.candidate,
            version=form.loaded_version,
            **data,
        )
        if done is not None:
            c, _filled, notes = done
            messages.success(request, "；".join([f"{c.person.name} 已退出", *notes]))
            return redirect("vetting:nomination", pk=page.round.pk)
    return _qualification(request, pk, status=400, withdraw_form=form)


@requires(VettingCap.VIEW)
@require_POST
def opinion(request: Any, pk: int) -> HttpResponse:
    page = sel.qualification(request.user, pk)
    form = OpinionForm(request.POST, prefix="op")
    if form.is_valid() and call_service(
        form, svc.county_opinion_record, actor=request.user, candidate=page.candidate, **form.cleaned_data
    ):
        messages.success(request, "已登记县级联审意见")
        return redirect("vetting:nomination_qualification", pk=pk)
    return _qualification(request, pk, status=400, opinion_form=form)
