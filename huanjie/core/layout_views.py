"""The reporting tables' layouts (报表样式): see each table's layout in force, download it as JSON,
upload the city's own, go back to the default (the city operator)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from huanjie.core import layouts
from huanjie.core.capabilities import CoreCap
from huanjie.core.permissions import requires


@requires(CoreCap.LAYOUTS)
def index(request) -> HttpResponse:
    city, rows = layouts.layouts_page(request.user)
    return render(request, "core/layouts.html", {"city": city, "rows": rows})


@requires(CoreCap.LAYOUTS)
def download(request, code: str) -> HttpResponse:
    _city, rows = layouts.layouts_page(request.user)
    row = next((r for r in rows if r.kind.code == code), None)
    if row is None:
        raise Http404("没有这种报表")
    response = HttpResponse(layouts.layout_json(row.layout), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{code}.json"'
    return response


@requires(CoreCap.LAYOUTS)
@require_POST
def upload(request, code: str) -> HttpResponse:
    city, _ = layouts.layouts_page(request.user)
    file = request.FILES.get("file")
    if file is None or file.size > layouts.MAX_LAYOUT_BYTES:
        messages.error(request, f"请选择不超过 {layouts.MAX_LAYOUT_BYTES // 1024} KB 的样式文件（JSON）")
        return redirect("layouts")
    try:
        layout = layouts.layout_set(actor=request.user, city_path=city, code=code, raw=file.read())
    except layouts.LayoutError as exc:
        messages.error(request, f"样式未替换：{exc}")
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已替换“{layout.title}”的样式")
    return redirect("layouts")


@requires(CoreCap.LAYOUTS)
@require_POST
def reset(request, code: str) -> HttpResponse:
    city, _ = layouts.layouts_page(request.user)
    try:
        layouts.layout_reset(
            actor=request.user, city_path=city, code=code, reason=request.POST.get("reason", "")[:200]
        )
    except layouts.LayoutError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已恢复参考样式")
    return redirect("layouts")
