"""Pages of the talks (四必谈): the roll-up by town, a town's or village's ledger (regenerated when
a town operator opens it), flagging a wavering person, one talk and its completion."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from huanjie.core.forms import call_service
from huanjie.core.layouts import layout_response
from huanjie.core.permissions import requires
from huanjie.vetting import talk_selectors as sel
from huanjie.vetting import talk_services as svc
from huanjie.vetting.capabilities import VettingCap
from huanjie.vetting.export_selectors import talk_rows
from huanjie.vetting.layout_kinds import TALKS_KIND
from huanjie.vetting.talk_forms import TalkCompleteForm, TalkFlagForm


@requires(VettingCap.CONFIDENTIAL)
def rollup(request) -> HttpResponse:
    page = sel.rollup(request.user, county_code=request.GET.get("county", ""))
    if page.top is not None:
        svc.talks_viewed(actor=request.user, unit=page.top, what="查看四必谈汇总（保密）")
    return render(request, "vetting/talk_rollup.html", {"page": page})


def _ledger(request, code: str, status: int = 200, flag_form: TalkFlagForm | None = None) -> HttpResponse:
    show_obsolete = request.GET.get("obsolete") == "1"
    page = sel.ledger(request.user, code, show_obsolete=show_obsolete)
    if flag_form is None and page.can_edit and not page.is_town:
        flag_form = TalkFlagForm(people=page.people)
    context = {"page": page, "flag_form": flag_form}
    return render(request, "vetting/talk_ledger.html", context, status=status)


@requires(VettingCap.CONFIDENTIAL)
def ledger(request, code: str) -> HttpResponse:
    unit = sel.talk_unit(request.user, code)
    campaign = sel.campaign_of(unit)
    if campaign is not None and sel.may_talk(request.user, unit):
        # The plan or the nominations may have changed since the last visit (see talk_services).
        svc.talks_refresh(actor=request.user, campaign=campaign, unit=unit)
    svc.talks_viewed(actor=request.user, unit=unit, what="查看四必谈台账（保密）")
    return _ledger(request, code)


@requires(VettingCap.EDIT)
@require_POST
def generate(request, code: str) -> HttpResponse:
    unit = sel.talk_unit(request.user, code)
    campaign = sel.campaign_of(unit)
    if campaign is None or not sel.may_talk(request.user, unit):
        raise PermissionDenied("只有该村（社区）所属乡镇（街道）可以办理四必谈")
    try:
        out = svc.talks_refresh(actor=request.user, campaign=campaign, unit=unit)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(
            request,
            f"已重新生成：新增 {out.created} 项，不再需要 {out.obsoleted} 项，"
            f"恢复 {out.reopened} 项，更新 {out.updated} 项",
        )
    return redirect("vetting:talk_ledger", code=code)


@requires(VettingCap.EDIT)
@require_POST
def flag(request, code: str) -> HttpResponse:
    page = sel.ledger(request.user, code)
    if not page.can_edit or page.is_town or page.campaign is None:
        raise PermissionDenied("只有该村（社区）所属乡镇（街道）可以登记思想波动人员")
    form = TalkFlagForm(request.POST, people=page.people)
    if form.is_valid():
        data = dict(form.cleaned_data)
        person = sel.unit_person(page.unit, data.pop("person"))
        row = call_service(
            form,
            svc.talk_flag,
            actor=request.user,
            campaign=page.campaign,
            unit=page.unit,
            person=person,
            **data,
        )
        if row is not None:
            messages.success(request, f"已列入四必谈：{row}")
            return redirect("vetting:talk_ledger", code=code)
    return _ledger(request, code, status=400, flag_form=form)


def _talk(request, pk: int, status: int = 200, form: TalkCompleteForm | None = None) -> HttpResponse:
    page = sel.talk_page(request.user, pk)
    if form is None and page.can_complete:
        form = TalkCompleteForm(record=page.talk, record_fields=svc.COMPLETE_FIELDS)
    return render(request, "vetting/talk.html", {"page": page, "form": form}, status=status)


@requires(VettingCap.CONFIDENTIAL)
def talk(request, pk: int) -> HttpResponse:
    t = sel.talk(request.user, pk)
    svc.talks_viewed(actor=request.user, unit=t.unit, what=f"查看四必谈：{t}（保密）")
    return _talk(request, pk)


@requires(VettingCap.EDIT)
@require_POST
def complete(request, pk: int) -> HttpResponse:
    page = sel.talk_page(request.user, pk)
    if not page.can_complete:
        raise PermissionDenied("该谈话不能登记")
    form = TalkCompleteForm(request.POST, record=page.talk, record_fields=svc.COMPLETE_FIELDS)
    if form.is_valid():
        fields = {k: form.cleaned_data[k] for k in svc.COMPLETE_FIELDS}
        row = call_service(
            form, svc.talk_complete, actor=request.user, talk=page.talk, **fields, **form.versioned()
        )
        if row is not None:
            messages.success(request, "已登记谈话情况")
            return redirect("vetting:talk", pk=pk)
    return _talk(request, pk, status=400, form=form)


# The 四必谈台账 in Excel (a reference layout [G], official-forms §3.1; never an official template):
# every talk of the town or village, obsolete ones included, audited as a personal-data export.


@requires(VettingCap.CONFIDENTIAL)
def export(request, code: str) -> FileResponse:
    page = sel.ledger(request.user, code, show_obsolete=True)
    return layout_response(
        actor=request.user,
        code=TALKS_KIND.code,
        rows=talk_rows(page.lines),
        unit_name=page.unit.name,
        org_path=page.unit.path,
        filters={"换届工作": page.campaign.name if page.campaign else ""},
    )
