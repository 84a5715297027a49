"""Import pages (thin views over huanjie.core.imports): upload → preview → 确认导入 → result.

Jobs are private to the user who uploaded them (another user's job is a 404). Large files run in the
task worker; their page polls a small progress partial every second (htmx) and reloads when done.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from huanjie.core import imports
from huanjie.core.actors import AccountRequest
from huanjie.core.capabilities import CoreCap
from huanjie.core.exporting import Column as ExportColumn
from huanjie.core.exporting import xlsx_response
from huanjie.core.forms import ProjectMessagesMixin
from huanjie.core.imports import limits as import_limits
from huanjie.core.models import ImportJob
from huanjie.core.permissions import requires

Status = ImportJob.Status

STATUS_BADGES: dict[str, str] = {
    Status.PENDING: "text-bg-secondary",
    Status.VALIDATING: "text-bg-info",
    Status.INVALID: "text-bg-danger",
    Status.READY: "text-bg-success",
    Status.QUEUED: "text-bg-secondary",
    Status.COMMITTING: "text-bg-info",
    Status.DONE: "text-bg-primary",
    Status.FAILED: "text-bg-danger",
    Status.DISCARDED: "text-bg-secondary",
}
RUNNING = {Status.PENDING, Status.VALIDATING, Status.QUEUED, Status.COMMITTING}


class UploadForm(ProjectMessagesMixin, forms.Form):
    kind = forms.ChoiceField(label="导入内容", widget=forms.Select(attrs={"class": "form-select"}))
    file = forms.FileField(
        label="文件",
        help_text="Excel 工作簿（.xlsx）或 CSV 文件（UTF-8 或 GBK/GB18030 编码）",
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = imports.import_kinds()  # type: ignore[attr-defined]


@requires(CoreCap.IMPORT_RUN)
def index(request: AccountRequest) -> HttpResponse:
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = imports.job_create(
                    actor=request.user,
                    kind=form.cleaned_data["kind"],
                    file_name=upload.name,
                    data=upload.read(),
                )
            except ValidationError as exc:
                form.add_error("file", exc.messages[0])
            else:
                imports.job_preview(job)
                return redirect("import:job", pk=job.pk)
    else:
        kind = request.GET.get("kind", "roster")
        form = UploadForm(initial={"kind": kind if kind in imports.importer_paths() else "roster"})
    jobs = imports.recent_jobs(request.user)
    return render(
        request,
        "core/import_index.html",
        {
            "form": form,
            "templates": [
                {"kind": kind, "label": label, "url": reverse("import:template", args=[kind])}
                for kind, label in imports.import_kinds()
            ],
            "jobs": [_job_row(job) for job in jobs],
            "threshold": imports.background_threshold(),
            "limits": import_limits.current(),
            "crumbs": [{"label": "导入", "url": ""}],
        },
    )


def _job_row(job: ImportJob) -> dict[str, Any]:
    return {
        "job": job,
        "kind_label": _kind_label(job.kind),
        "badge": STATUS_BADGES.get(job.status, "text-bg-secondary"),
        "url": reverse("import:job", args=[job.pk]),
    }


def _kind_label(kind: str) -> str:
    try:
        return imports.importer_for(kind).label
    except ValidationError:
        return kind


def _progress_context(job: ImportJob) -> dict[str, Any]:
    done, total, stage = imports.live_progress(job)
    if job.status in (Status.PENDING, Status.QUEUED):
        stage_label = "排队等待后台处理"
        percent = 0
    else:
        committing = job.status == Status.COMMITTING
        phase = "写入" if stage == "写入" else "检查"
        stage_label = f"{'导入' if committing else '预览'}：正在{phase}第 {done:,} / {total:,} 行"
        percent = min(100, done * 100 // total) if total else 0
        if committing:
            # Committing checks the file again, then writes it: two halves of one bar.
            percent = 50 + percent // 2 if phase == "写入" else percent // 2
    return {
        "job": job,
        "percent": percent,
        "stage_label": stage_label,
        "progress_url": reverse("import:progress", args=[job.pk]),
        "job_url": reverse("import:job", args=[job.pk]),
        "badge": STATUS_BADGES.get(job.status, "text-bg-secondary"),
    }


@requires(CoreCap.IMPORT_RUN)
def job_detail(request: AccountRequest, pk: int) -> HttpResponse:
    job = imports.job_for(request.user, pk)
    importer = imports.importer_for(job.kind)
    preview = job.preview or {}
    problems = [
        p
        | {
            "css": "table-danger" if p["level"] == imports.ERROR else "table-warning",
            "level_label": "错误" if p["level"] == imports.ERROR else "提示",
        }
        for p in job.problems or []
    ]
    context = {
        "job": job,
        "kind_label": importer.label,
        "badge": STATUS_BADGES.get(job.status, "text-bg-secondary"),
        "running": job.status in RUNNING,
        "can_commit": job.status == Status.READY,
        "is_invalid": job.status == Status.INVALID,
        "is_done": job.status == Status.DONE,
        "is_failed": job.status == Status.FAILED,
        "is_discarded": job.status == Status.DISCARDED,
        "can_discard": job.status in imports.DISCARDABLE,
        "problems": problems,
        "problems_truncated": preview.get("truncated", False),
        "preview_columns": preview.get("columns", []),
        "preview_rows": preview.get("rows", []),
        "header_row": preview.get("header_row"),
        "summary": preview.get("summary", []),
        "result_lines": importer.result_lines(job.result) if job.result else [],
        "changed_units": [
            {"code": code, "name": name, "url": reverse("org:unit", args=[code])}
            for code, name in (job.result or {}).get("units", [])
        ],
        "crumbs": [{"label": "导入", "url": reverse("import:index")}, {"label": job.file_name, "url": ""}],
        "upload_url": f"{reverse('import:index')}?kind={job.kind}",
    }
    if context["running"]:
        context.update(_progress_context(job))
    return render(request, "core/import_job.html", context)


PROBLEM_COLUMNS = (
    ExportColumn("行", lambda p: p["row"] if p["row"] is not None else "", width=8),
    ExportColumn("列", lambda p: p["column"], width=18),
    ExportColumn("值", lambda p: p["value"], width=24),
    ExportColumn("原因", lambda p: p["reason"], width=60),
    ExportColumn("类别", lambda p: "错误" if p["level"] == imports.ERROR else "提示", width=8),
)


@requires(CoreCap.IMPORT_RUN)
def job_problems(request: AccountRequest, pk: int) -> FileResponse:
    """The problem list of a job as .xlsx (行, 列, 值, 原因, 类别), to fix the file against it."""
    job = imports.job_for(request.user, pk)
    return xlsx_response(
        filename=f"{job.file_name.rsplit('.', 1)[0]}-问题列表",
        columns=PROBLEM_COLUMNS,
        rows=job.problems or [],
        actor=request.user,
        subject=f"导入问题列表：{job.file_name}",
    )


@requires(CoreCap.IMPORT_RUN)
def job_progress(request: AccountRequest, pk: int) -> HttpResponse:
    """The progress partial, polled every second; when the job has finished the page reloads."""
    job = imports.job_for(request.user, pk)
    if job.status not in RUNNING:
        response = HttpResponse("")
        response["HX-Refresh"] = "true"
        return response
    # The status badge outside the partial is refreshed out of band.
    return render(request, "core/_import_progress.html", _progress_context(job) | {"oob_badge": True})


@require_POST
@requires(CoreCap.IMPORT_RUN)
def job_commit(request: AccountRequest, pk: int) -> HttpResponse:
    job = imports.job_for(request.user, pk)
    try:
        imports.job_commit(job)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("import:job", pk=job.pk)


@require_POST
@requires(CoreCap.IMPORT_RUN)
def job_discard(request: AccountRequest, pk: int) -> HttpResponse:
    """放弃: give up a job (failed, with errors, or not wanted); then upload again."""
    job = imports.job_for(request.user, pk)
    try:
        imports.job_discard(job, actor=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("import:job", pk=job.pk)
    messages.success(request, f"已放弃导入任务“{job.file_name}”，上传的文件已删除。可以重新上传。")
    return redirect(f"{reverse('import:index')}?kind={job.kind}")


@requires(CoreCap.IMPORT_RUN)
def template_download(request: AccountRequest, kind: str) -> HttpResponse:
    if kind not in imports.importer_paths():
        raise Http404("没有此模板")
    name, data = imports.template_workbook(kind, request.user)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = content_disposition_header(True, name) or "attachment"
    return response
