"""Pages of the procedure area: thin, each calls one selector or service."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from huanjie.core import listing
from huanjie.core.forms import call_service
from huanjie.core.permissions import requires
from huanjie.elections import procedure_selectors as sel
from huanjie.elections import procedure_services as svc
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.procedure_forms import (
    ActForm,
    AlertAckForm,
    BoundaryForm,
    DependenciesForm,
    ElectionNewForm,
    ScheduleForm,
    StepCorrectForm,
    StepForm,
)
from huanjie.planning.models import Batch

EDIT_DENIED = "只有村（社区）和乡镇（街道）经办人员可以安排选举和登记程序步骤"


def _index(request, status: int = 200, form: ElectionNewForm | None = None) -> HttpResponse:
    units = sel.editable_units(request.user)
    if form is None and units:
        form = ElectionNewForm(units=units)
    page = listing.paginate(request, sel.elections(request.user))
    return render(request, "elections/index.html", {"page": page, "form": form}, status=status)


@requires(ElectionsCap.VIEW)
def index(request) -> HttpResponse:
    return _index(request)


@requires(ElectionsCap.EDIT, denied=EDIT_DENIED)
@require_POST
def election_new(request) -> HttpResponse:
    form = ElectionNewForm(request.POST, units=sel.editable_units(request.user))
    if form.is_valid():
        data = dict(form.cleaned_data)
        unit, campaign = sel.editable_unit(request.user, data.pop("unit"))
        row = call_service(
            form, svc.election_create, actor=request.user, campaign=campaign, unit=unit, **data
        )
        if row is not None:
            messages.success(request, f"已新建：{row}")
            return redirect(row.get_absolute_url())
    return _index(request, status=400, form=form)


def _page(request, pk: int, status: int = 200, **forms: Any) -> HttpResponse:
    page = sel.election_page(request.user, pk)
    e = page.election
    ctx: dict[str, Any] = {"page": page}
    if page.can_edit:
        ctx["schedule_form"] = forms.get("schedule_form") or ScheduleForm(
            record=e,
            record_fields=("election_day", "batch"),
            batches=[(b.pk, f"{b.name}（{b.start:%Y-%m-%d} 至 {b.end:%Y-%m-%d}）") for b in page.batches],
            initial={"election_day": e.election_day, "batch": e.batch_id},
        )
        ctx["dependencies_form"] = forms.get("dependencies_form") or DependenciesForm(
            record=e,
            record_fields=("order",),
            siblings=page.siblings,
            initial={"order": e.order, "depends_on": [d.pk for d in page.dependencies]},
        )
        if page.open_steps:
            ctx["step_form"] = forms.get("step_form") or StepForm(steps=page.open_steps)
        if e.kind == "boundary":
            ctx["boundary_form"] = forms.get("boundary_form") or BoundaryForm()
        if page.done_steps:
            ctx["correct_form"] = forms.get("correct_form") or StepCorrectForm(steps=page.done_steps)
    if page.ackable:
        ctx["ack_form"] = forms.get("ack_form") or AlertAckForm(steps=page.ackable)
    if page.can_act:
        ctx["act_form"] = forms.get("act_form") or ActForm()
    return render(request, "elections/election.html", ctx, status=status)


@requires(ElectionsCap.VIEW)
def election(request, pk: int) -> HttpResponse:
    return _page(request, pk)


def _editable(request, pk: int):  # type: ignore[no-untyped-def]
    e = sel.election(request.user, pk)
    if not sel.may_edit(request.user, e):
        raise PermissionDenied(EDIT_DENIED)
    return e


@requires(ElectionsCap.EDIT, denied=EDIT_DENIED)
@require_POST
def election_schedule(request, pk: int) -> HttpResponse:
    e = _editable(request, pk)
    batches = sel.election_page(request.user, pk).batches
    form = ScheduleForm(
        request.POST,
        record=e,
        record_fields=("election_day", "batch"),
        batches=[(b.pk, b.name) for b in batches],
    )
    if form.is_valid():
        batch_pk = form.cleaned_data["batch"]
        batch: Batch | None = next((b for b in batches if b.pk == batch_pk), None)
        done = call_service(
            form,
            svc.election_schedule,
            actor=request.user,
            election=e,
            election_day=form.cleaned_data["election_day"],
            batch=batch,
            **form.versioned(),
        )
        if done is not None:
            messages.success(request, f"已确定选举日：{done.election_day:%Y-%m-%d}")
            return redirect(e.get_absolute_url())
    return _page(request, pk, status=400, schedule_form=form)


@requires(ElectionsCap.EDIT, denied=EDIT_DENIED)
@require_POST
def election_dependencies(request, pk: int) -> HttpResponse:
    e = _editable(request, pk)
    siblings = sel.election_page(request.user, pk).siblings
    form = DependenciesForm(request.POST, record=e, record_fields=("order",), siblings=siblings)
    if form.is_valid():
        done = call_service(
            form,
            svc.dependencies_set,
            actor=request.user,
            election=e,
            depends_on=list(form.cleaned_data["depends_on"]),
            order=form.cleaned_data["order"],
            **form.versioned(),
        )
        if done is not None:
            messages.success(request, "已保存先后顺序")
            return redirect(e.get_absolute_url())
    return _page(request, pk, status=400, dependencies_form=form)


@requires(ElectionsCap.EDIT, denied=EDIT_DENIED)
@require_POST
def election_boundary(request, pk: int) -> HttpResponse:
    e = _editable(request, pk)
    form = BoundaryForm(request.POST)
    if form.is_valid() and call_service(
        form, svc.boundary_set, actor=request.user, election=e, **form.cleaned_data
    ):
        messages.success(request, "已登记区划批复")
        return redirect(e.get_absolute_url())
    return _page(request, pk, status=400, boundary_form=form)


@requires(ElectionsCap.EDIT, denied=EDIT_DENIED)
@require_POST
def step_new(request, pk: int) -> HttpResponse:
    e = _editable(request, pk)
    form = StepForm(request.POST, request.FILES, steps=sel.election_page(request.user, pk).open_steps)
    if form.is_valid():
        upload = form.cleaned_data["evidence"]
        if upload is not None and upload.size > svc.files.max_bytes():
            form.add_error(
                "evidence", f"文件超过大小上限 {svc.files.max_bytes() // svc.files.MB} MB，请压缩后再上传"
            )
        else:
            step = call_service(
                form,
                svc.step_record,
                actor=request.user,
                election=e,
                key=form.cleaned_data["key"],
                done_on=form.cleaned_data["done_on"],
                reason=form.cleaned_data["reason"],
                evidence_name=upload.name if upload is not None else "",
                evidence_data=upload.read() if upload is not None else b"",
            )
            if step is not None:
                if step.violations:
                    messages.warning(request, f"已登记“{step.title}”，并标记为违反程序规定，已提醒乡镇和县级")
                else:
                    messages.success(request, f"已登记“{step.title}”")
                return redirect(e.get_absolute_url())
    return _page(request, pk, status=400, step_form=form)


@requires(ElectionsCap.VIEW)
def step_evidence(request, pk: int) -> HttpResponse:
    step, data = sel.step_evidence(request.user, pk)
    response = HttpResponse(data, content_type="application/octet-stream")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(step.evidence_name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@requires(ElectionsCap.CIVIL, denied="只有民政部门可以登记政府的决定和备案")
@require_POST
def act_new(request, pk: int) -> HttpResponse:
    e = sel.election(request.user, pk)
    form = ActForm(request.POST)
    if form.is_valid() and call_service(
        form, svc.act_record, actor=request.user, election=e, **form.cleaned_data
    ):
        messages.success(request, "已登记")
        return redirect(e.get_absolute_url())
    return _page(request, pk, status=400, act_form=form)


@requires(ElectionsCap.VIEW)
def calendar(request) -> HttpResponse:
    return render(request, "elections/calendar.html", {"weeks": sel.calendar_page(request.user)})


@requires(ElectionsCap.OVERSEE, denied="只有县级及以上可以查看冲突、违规和逾期情况")
def oversight(request) -> HttpResponse:
    return render(request, "elections/oversight.html", {"page": sel.oversight_page(request.user)})


def _done_step(page: sel.ElectionPage, pk: int) -> Any:
    return next(r.done for r in page.steps if r.done is not None and r.done.pk == pk)


@requires(ElectionsCap.EDIT, denied=EDIT_DENIED)
@require_POST
def step_correct(request, pk: int) -> HttpResponse:
    e = _editable(request, pk)
    page = sel.election_page(request.user, pk)
    form = StepCorrectForm(request.POST, request.FILES, steps=page.done_steps)
    if form.is_valid():
        upload = form.cleaned_data["evidence"]
        step = next(
            r.done for r in page.steps if r.done is not None and r.done.pk == form.cleaned_data["step"]
        )
        if upload is not None and upload.size > svc.files.max_bytes():
            form.add_error(
                "evidence", f"文件超过大小上限 {svc.files.max_bytes() // svc.files.MB} MB，请压缩后再上传"
            )
        else:
            row = call_service(
                form,
                svc.step_correct,
                actor=request.user,
                step=step,
                reason=form.cleaned_data["reason"],
                done_on=form.cleaned_data["done_on"],
                evidence_name=upload.name if upload is not None else "",
                evidence_data=upload.read() if upload is not None else b"",
                situation=form.cleaned_data["situation"],
            )
            if row is not None:
                flag = "，更正后仍违反程序规定" if row.new_violations else ""
                messages.success(request, f"已更正“{step.title}”{flag}")
                return redirect(e.get_absolute_url())
    return _page(request, pk, status=400, correct_form=form)


@requires(ElectionsCap.VIEW)
@require_POST
def alert_ack(request, pk: int) -> HttpResponse:
    page = sel.election_page(request.user, pk)
    if not any(page.election.unit.path.startswith(p) for p in svc.alert_paths(request.user)):
        raise PermissionDenied("只有所属乡镇（街道）或县级以上可以知悉违规提醒")
    form = AlertAckForm(request.POST, steps=page.ackable)
    if form.is_valid():
        step = next(
            r.done for r in page.steps if r.done is not None and r.done.pk == form.cleaned_data["step"]
        )
        row = call_service(
            form, svc.alert_acknowledge, actor=request.user, step=step, note=form.cleaned_data["note"]
        )
        if row is not None:
            messages.success(request, f"已知悉“{step.title}”的违规提醒，该提醒不再列入待办")
            return redirect(page.election.get_absolute_url())
    return _page(request, pk, status=400, ack_form=form)
