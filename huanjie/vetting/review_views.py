"""Pages of the town pre-check (镇级初审) and the county joint review (县级联审): thin, each calls one
selector or service."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from huanjie.core import imports, listing
from huanjie.core import workflow as wf
from huanjie.core.forms import BootstrapMixin, call_service
from huanjie.core.permissions import requires
from huanjie.vetting import review_selectors as sel
from huanjie.vetting import review_services as svc
from huanjie.vetting.capabilities import VettingCap
from huanjie.vetting.review_forms import (
    BatchForm,
    PrecheckAnswerForm,
    PrecheckOfficesForm,
    ReviewAnswerForm,
    RulingForm,
)


def _page_size(request, default: int) -> int:
    """The ``size`` of the query string when it is one of the list pages' sizes (else ``default``)."""
    try:
        size = int(request.GET.get("size", default))
    except ValueError:
        return default
    return size if size in listing.PAGE_SIZES else default


# -- town pre-check ----------------------------------------------------------------------------


@requires(VettingCap.CONFIDENTIAL)
def precheck_index(request) -> HttpResponse:
    page = sel.precheck_overview(
        request.user,
        town_code=request.GET.get("town", ""),
        page=request.GET.get("page"),
        size=_page_size(request, sel.PRECHECK_PAGE_SIZE),
        towns_page=request.GET.get("towns"),
    )
    forms_ = {
        t.town.code: PrecheckOfficesForm(initial={"town": t.town.code, "offices": t.offices})
        for t in page.towns
        if t.can_edit
    }
    return render(
        request,
        "vetting/precheck_index.html",
        {"page": page, "page_obj": page.page, "office_forms": forms_},
    )


@requires(VettingCap.EDIT)
@require_POST
def precheck_offices(request) -> HttpResponse:
    form = PrecheckOfficesForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请至少选择一个初审单位")
        return redirect("vetting:precheck_index")
    town = sel.editable_town(request.user, form.cleaned_data["town"])
    campaign = sel.campaign_of(town)
    if campaign is None:
        raise Http404(sel.NOT_FOUND)
    if call_service(
        form,
        svc.precheck_offices_set,
        actor=request.user,
        campaign=campaign,
        town=town,
        offices=form.cleaned_data["offices"],
    ):
        messages.success(request, f"已设定{town.name}的镇级初审单位")
    else:
        messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("vetting:precheck_index")


def _precheck_page(
    request, pk: int, form: PrecheckAnswerForm | None = None, status: int = 200
) -> HttpResponse:
    page = sel.precheck_candidate(request.user, pk)
    if form is None and page.can_answer:
        form = PrecheckAnswerForm(offices=page.office_choices, codes=page.code_choices)
    return render(request, "vetting/precheck_candidate.html", {"page": page, "form": form}, status=status)


@requires(VettingCap.CONFIDENTIAL)
def precheck_candidate(request, pk: int) -> HttpResponse:
    return _precheck_page(request, pk)


@requires(VettingCap.EDIT)
@require_POST
def precheck_answer(request, pk: int) -> HttpResponse:
    page = sel.precheck_candidate(request.user, pk)
    if not page.can_answer:
        raise PermissionDenied("只有人选所在乡镇（街道）可以登记镇级初审")
    form = PrecheckAnswerForm(request.POST, offices=page.office_choices, codes=page.code_choices)
    if form.is_valid():
        row = call_service(
            form, svc.precheck_answer, actor=request.user, candidate=page.candidate, **form.finding_values()
        )
        if row is not None:
            messages.success(request, f"已登记{row.get_office_display()}的初审意见")
            return redirect("vetting:precheck_candidate", pk=pk)
    return _precheck_page(request, pk, form, status=400)


# -- county joint review -----------------------------------------------------------------------


def _label(c) -> str:  # type: ignore[no-untyped-def]
    return f"{c.unit.name} {c.person.name}（{c.get_side_display()}{c.get_post_display()}）"


def _batch_form(index: sel.ReviewIndex, data=None, chosen=()) -> BatchForm:  # type: ignore[no-untyped-def]
    """The batch form: the page's sendable candidates to tick (and, re-shown after an error, those
    ticked on any page)."""
    seen = {c.pk for c in chosen}
    choices = [(c.pk, _label(c)) for c in chosen] + [
        (c.pk, _label(c)) for c in index.sendable if c.pk not in seen
    ]
    return BatchForm(data, candidates=choices)


def _index(request) -> sel.ReviewIndex:  # type: ignore[no-untyped-def]
    return sel.review_index(
        request.user,
        page=request.GET.get("page"),
        size=_page_size(request, sel.REVIEW_PAGE_SIZE),
    )


def _index_page(request, index: sel.ReviewIndex, form: BatchForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "vetting/review_index.html",
        {"page": index, "page_obj": index.sendable_page, "form": form},
        status=status,
    )


@requires(VettingCap.REVIEW)
def review_index(request) -> HttpResponse:
    index = _index(request)
    return _index_page(request, index, _batch_form(index))


def _posted_pks(request) -> list[int]:  # type: ignore[no-untyped-def]
    return [int(v) for v in request.POST.getlist("candidates") if v.isdigit()]


@requires(VettingCap.REVIEW)
@require_POST
def review_batch_new(request) -> HttpResponse:
    index = _index(request)
    if index.county is None or index.campaign is None:
        raise PermissionDenied("只有县（市、区）可以组织县级联审")
    # The ticked candidates are checked against every sendable one, not only this page's.
    posted = sel.with_people(
        list(sel.sendable_qs(request.user, index.county, index.campaign).filter(pk__in=_posted_pks(request)))
    )
    form = _batch_form(index, request.POST, chosen=posted)
    if form.is_valid():
        chosen = sel.sendable_by_pk(
            request.user, index.county, index.campaign, form.cleaned_data["candidates"]
        )
        batch = call_service(
            form,
            svc.review_batch_send,
            actor=request.user,
            county=index.county,
            campaign=index.campaign,
            name=form.cleaned_data["name"],
            sent_on=form.cleaned_data["sent_on"],
            candidates=chosen,
        )
        if batch is not None:
            messages.success(request, f"已送县级联审：{batch.name}")
            return redirect("vetting:review_batch", pk=batch.pk)
    return _index_page(request, index, form, status=400)


@requires(VettingCap.REVIEW)
def review_batch(request, pk: int) -> HttpResponse:
    page = sel.review_batch(request.user, pk, today=wf.today())
    return render(request, "vetting/review_batch.html", {"page": page, "ruling_form": RulingForm()})


@requires(VettingCap.REVIEW)
@require_POST
def review_rule(request, pk: int) -> HttpResponse:
    entry = sel.review_entry_for_ruling(request.user, pk)
    form = RulingForm(request.POST)
    if form.is_valid():
        done = call_service(
            form,
            svc.review_rule,
            actor=request.user,
            entry=entry,
            ruling=form.cleaned_data["ruling"],
            note=form.cleaned_data["note"],
            on=wf.today(),
        )
        if done is not None:
            messages.success(request, f"已记录对{entry.candidate}的县级意见")
            return redirect("vetting:review_batch", pk=entry.batch_id)
    messages.error(
        request, "；".join(str(e) for errs in form.errors.values() for e in errs) or "请选择县级意见"
    )
    return redirect("vetting:review_batch", pk=entry.batch_id)


# -- a department's own queue ------------------------------------------------------------------


@requires(VettingCap.ANSWER)
def review_queue_home(request) -> HttpResponse:
    """The queue of the user's (first) department: the home of a 联审部门 account."""
    departments = sel.my_departments(request.user)
    if not departments:
        raise Http404(sel.NOT_FOUND)
    return _queue_page(request, departments[0][0])


def _queue_page(request, department: str) -> HttpResponse:
    page = sel.queue(
        request.user,
        department,
        today=wf.today(),
        show=request.GET.get("show", "pending"),
        page=request.GET.get("page"),
        size=_page_size(request, sel.QUEUE_PAGE_SIZE),
    )
    return render(
        request,
        "vetting/review_queue.html",
        {
            "page": page,
            "page_obj": page.page,
            "shows": sel.QUEUE_SHOWS,
            "departments": sel.my_departments(request.user),
        },
    )


@requires(VettingCap.ANSWER)
def review_queue(request, department: str) -> HttpResponse:
    return _queue_page(request, department)


def _entry_page(request, department: str, pk: int, form: ReviewAnswerForm | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    row = sel.queue_row(request.user, department, pk, today=wf.today())
    if form is None and row.pending:
        form = ReviewAnswerForm(codes=sel.item_choices(row.entry.batch.campaign))
    return render(
        request,
        "vetting/review_queue_entry.html",
        {"row": row, "form": form, "department": department, "label": sel.DEPARTMENT_LABELS[department]},
        status=status,
    )


@requires(VettingCap.ANSWER)
def review_queue_entry(request, department: str, pk: int) -> HttpResponse:
    return _entry_page(request, department, pk)


@requires(VettingCap.ANSWER)
@require_POST
def review_queue_answer(request, department: str, pk: int) -> HttpResponse:
    row = sel.queue_row(request.user, department, pk, today=wf.today())
    form = ReviewAnswerForm(request.POST, codes=sel.item_choices(row.entry.batch.campaign))
    if form.is_valid():
        done = call_service(
            form,
            svc.review_answer,
            actor=request.user,
            entry=row.entry,
            department=department,
            **form.finding_values(),
        )
        if not form.errors:
            messages.success(
                request,
                f"已答复：{row.entry.candidate.person.name}{'（有问题反映）' if done else '（无异常）'}",
            )
            return redirect("vetting:review_queue", department=department)
    return _entry_page(request, department, pk, form, status=400)


@requires(VettingCap.ANSWER)
@require_POST
def review_unmask(request, department: str, pk: int) -> HttpResponse:
    """htmx: the full ID of a candidate in the department's own queue (audited by the service)."""
    row = sel.queue_row(request.user, department, pk, today=wf.today())
    number = svc.review_unmask(actor=request.user, entry=row.entry, department=department)
    if request.headers.get("HX-Request"):
        return HttpResponse(
            format_html(
                '<span class="hj-mono">{}</span> <small class="text-secondary">{}</small>',
                number,
                "（已记入审计日志）",
            )
        )
    messages.info(request, f"{row.entry.candidate.person.name}的身份证号：{number}（已记入审计日志）")
    return redirect("vetting:review_queue_entry", department=department, pk=pk)


# -- a whole batch answered by uploading the sheet (through the import kit) ---------------------


class AnswersUploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label="答复表（.xlsx 或 .csv）")


def _job_page(request, department: str, job, status: int = 200) -> HttpResponse:  # type: ignore[no-untyped-def]
    errors = [p for p in job.problems if p.get("level") == "error"]
    return render(
        request,
        "vetting/review_upload.html",
        {
            "department": department,
            "label": sel.DEPARTMENT_LABELS[department],
            "job": job,
            "errors": errors,
            "summary": job.preview.get("summary", []),
            "ready": job.status == job.Status.READY,
        },
        status=status,
    )


@requires(VettingCap.ANSWER)
def review_template(request, department: str) -> HttpResponse:
    """The blank answers sheet (联审部门答复), with its dropdowns and notes."""
    sel.queue_check(request.user, department)  # the department must be the user's
    name, data = imports.template_workbook(sel.ANSWERS_KIND, request.user)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = content_disposition_header(True, name) or "attachment"
    return response


@requires(VettingCap.ANSWER)
@require_POST
def review_upload(request, department: str) -> HttpResponse:
    """Upload the sheet: every row checked through the answer service, nothing written yet."""
    sel.queue_check(request.user, department)
    form = AnswersUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的答复表")
        return redirect("vetting:review_queue", department=department)
    upload = form.cleaned_data["file"]
    try:
        job = imports.job_create(
            actor=request.user, kind=sel.ANSWERS_KIND, file_name=upload.name, data=upload.read()
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("vetting:review_queue", department=department)
    job = imports.job_preview(job)
    return _job_page(request, department, job, status=200 if job.status == job.Status.READY else 400)


@requires(VettingCap.ANSWER)
@require_POST
def review_upload_commit(request, department: str) -> HttpResponse:
    """Commit a clean preview: every row answered, or none."""
    try:
        pk = int(request.POST.get("job", ""))
    except ValueError:
        raise Http404(sel.NOT_FOUND) from None
    job = sel.own_answers_job(request.user, department, pk)
    try:
        job = imports.job_commit(job)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("vetting:review_queue", department=department)
    if job.status == job.Status.DONE:
        messages.success(
            request,
            "答复表已导入：" + "，".join(imports.importer_for(job.kind).result_lines(job.result or {})),
        )
    else:
        messages.info(request, job.message or "导入已提交，请稍后刷新查看")
    return redirect("vetting:review_queue", department=department)


@requires(VettingCap.REVIEW)
def review_batch_xlsx(request, pk: int) -> HttpResponse:
    """联审汇总表 (issue 11 req. 11) of one batch, in the layout in force for the county's city."""
    from huanjie.core.layouts import layout_response
    from huanjie.vetting.export_selectors import review_rows
    from huanjie.vetting.layout_kinds import REVIEW_KIND

    page = sel.review_batch(request.user, pk, today=wf.today())
    return layout_response(
        actor=request.user,
        code=REVIEW_KIND.code,
        rows=review_rows(page),
        unit_name=page.batch.county.name,
        org_path=page.batch.county.path,
        filters={"联审批次": page.batch.name},
    )
