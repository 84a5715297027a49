"""Pages of the election-day checklist (issue 14 req. 7): the list of elections with their checklist
status (incomplete ones flagged), the campaign's items, and one election's checklist."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from huanjie.core import workflow
from huanjie.core.exporting import Column, xlsx_response
from huanjie.core.forms import call_service
from huanjie.core.listing import describe_filters, filter_line, paginate
from huanjie.core.permissions import requires
from huanjie.oversight import checklist_selectors as sel
from huanjie.oversight import checklist_services as svc
from huanjie.oversight import training_selectors as common
from huanjie.oversight.capabilities import OversightCap
from huanjie.oversight.checklist_forms import CheckForm, ChecklistFilter, ItemForm
from huanjie.oversight.training_views import NO_CAMPAIGN, campaign_context
from huanjie.planning import rectification_files as files

_VIEW, _EDIT = OversightCap.VIEW, OversightCap.EDIT


def _filters(request: Any) -> tuple[ChecklistFilter, dict[str, Any]]:
    towns = [(t.path, t.name) for t in common.towns(request.user)[:500]]
    filt = ChecklistFilter(request.GET, towns=towns)
    f = filt.cleaned_data if filt.is_valid() else {}
    return filt, {
        "town": f.get("town", ""),
        "status": f.get("status", ""),
        "overdue": f.get("overdue") == "1",
        "body": f.get("body", ""),
    }


@requires(_VIEW)
def index(request: Any) -> HttpResponse:
    ctx = campaign_context(request)
    c = ctx["campaign"]
    filt, f = _filters(request)
    ctx["filter_form"] = filt
    if c is not None:
        ctx["item_count"] = sel.items(c).count()
        ctx["today"] = workflow.today()
        ctx["page_obj"] = paginate(request, sel.elections(request.user, c, **f))
        ctx["export_url"] = reverse("oversight_checklist:export")
        ctx["filter_line"] = filter_line(describe_filters(filt))
    return render(request, "oversight/checklist/index.html", ctx)


@requires(_VIEW)
def items(request: Any) -> HttpResponse:
    ctx = campaign_context(request)
    c = ctx["campaign"]
    status = 200
    if c is None:
        if request.method == "POST":
            raise Http404(NO_CAMPAIGN)
        return render(request, "oversight/checklist/items.html", ctx)
    manages = common.manages(request.user, c)
    form = None
    if request.method == "POST":
        if not manages:
            raise PermissionDenied("只有本次换届工作所属的市可以设置选举日检查清单")
        form = ItemForm(request.POST)
        if form.is_valid() and call_service(
            form, svc.item_add, actor=request.user, campaign=c, **form.cleaned_data
        ):
            messages.success(request, "已加入检查清单")
            return redirect(request.path + f"?campaign={c.pk}")
        status = 400
    elif manages:
        form = ItemForm()
    ctx.update(items=sel.items(c), form=form)
    return render(request, "oversight/checklist/items.html", ctx, status=status)


def _election_page(request: Any, pk: int, status: int = 200, failed: Any = None) -> HttpResponse:
    e = sel.election(request.user, pk)
    rows = sel.election_rows(e)
    ctx = {
        "e": e,
        "rows": rows,
        "may_check": sel.may_check(request.user, e),
        "done": sum(1 for r in rows if r.done),
        "failed": failed,
        "max_mb": files.max_bytes() // files.MB,
        "allowed": files.ALLOWED_LABEL,
    }
    return render(request, "oversight/checklist/election.html", ctx, status=status)


@requires(_VIEW)
def election(request: Any, pk: int) -> HttpResponse:
    return _election_page(request, pk)


@requires(_EDIT)
@require_POST
def check(request: Any, pk: int, item: int) -> HttpResponse:
    e = sel.election(request.user, pk)
    if not sel.may_check(request.user, e):
        raise PermissionDenied("只有该村（社区）所属的乡镇（街道）可以登记检查情况")
    it = sel.items(e.campaign).filter(pk=item).first()
    if it is None:
        raise Http404("该检查事项不存在")
    form = CheckForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["evidence"]
        if upload is not None and upload.size > files.max_bytes():
            form.add_error("evidence", f"文件超过大小上限 {files.max_bytes() // files.MB} MB，请压缩后再上传")
        else:
            row = call_service(
                form,
                svc.check_record,
                actor=request.user,
                election=e,
                item=it,
                done=form.cleaned_data["done"],
                note=form.cleaned_data["note"],
                evidence_name=upload.name if upload is not None else "",
                evidence_data=upload.read() if upload is not None else b"",
            )
            if row is not None:
                messages.success(request, f"已登记“{it.title}”")
                return redirect("oversight_checklist:election", pk=e.pk)
    return _election_page(request, pk, status=400, failed={"item": it.pk, "form": form})


@requires(_VIEW)
def evidence(request: Any, pk: int) -> HttpResponse:
    ch, data = sel.check_evidence(request.user, pk)
    response = HttpResponse(data, content_type="application/octet-stream")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(ch.evidence_name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------------------------------------
# req. 9: 选举日检查清单落实情况 in Excel, as filtered: one row per election, one column per item
# of the campaign's checklist (the print view is the list's ?print=1).

EXPORT_CHUNK = 500


def _export_rows(c: Any, qs: Any) -> Any:
    batch: list[Any] = []
    for e in qs.iterator(chunk_size=EXPORT_CHUNK):
        batch.append(e)
        if len(batch) == EXPORT_CHUNK:
            yield from _with_checks(c, batch)
            batch = []
    yield from _with_checks(c, batch)


def _with_checks(c: Any, batch: list[Any]) -> Any:
    checks = sel.checks_by_election(c, [e.pk for e in batch])
    for e in batch:
        e.check_map = checks.get(e.pk, {})
        yield e


def _item_state(e: Any, item_id: int) -> str:
    ch = e.check_map.get(item_id)
    if ch is None:
        return "未登记"
    return "已落实" if ch.done else "未落实"


def _item_column(item_id: int) -> Any:
    return lambda e: _item_state(e, item_id)


@requires(_VIEW)
def export(request: Any) -> FileResponse:
    c = campaign_context(request)["campaign"]
    if c is None:
        raise Http404(NO_CAMPAIGN)
    filt, f = _filters(request)
    today = workflow.today()
    columns = [
        Column("选举日", lambda e: e.election_day, 12),
        Column("村（社区）", lambda e: e.unit.name, 14),
        Column("选举", lambda e: (e.body_label or e.get_body_display()) + e.get_kind_display(), 20),
        Column("已落实", lambda e: f"{e.done_count}/{e.item_count}", 8),
        Column(
            "状态",
            lambda e: (
                "已完成"
                if e.done_count >= e.item_count
                else ("已过选举日未完成" if e.election_day and e.election_day < today else "未完成")
            ),
            14,
        ),
    ]
    for it in sel.items(c):
        columns.append(Column(it.title, _item_column(it.pk), 12))
    return xlsx_response(
        filename="选举日检查清单落实情况",
        columns=columns,
        rows=_export_rows(c, sel.elections(request.user, c, **f)),
        actor=request.user,
        subject="选举日检查清单落实情况",
        filters={"换届工作": c.name, **describe_filters(filt)},
    )
