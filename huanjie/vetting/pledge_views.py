"""Pages of the pledges: the roll-up by town, a town's or village's coverage with the required
signers still missing and the record form, and the download of a scanned copy (audited)."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from huanjie.core.forms import call_service
from huanjie.core.layouts import layout_response
from huanjie.core.permissions import requires
from huanjie.vetting import pledge_selectors as sel
from huanjie.vetting import pledge_services as svc
from huanjie.vetting.capabilities import VettingCap
from huanjie.vetting.export_selectors import pledge_rows
from huanjie.vetting.layout_kinds import PLEDGES_KIND
from huanjie.vetting.pledge_forms import PledgeForm, PledgeScanForm


@requires(VettingCap.VIEW)
def rollup(request) -> HttpResponse:
    page = sel.rollup(request.user, county_code=request.GET.get("county", ""))
    return render(request, "vetting/pledge_rollup.html", {"page": page})


def _coverage(request, code: str, status: int = 200, form: PledgeForm | None = None) -> HttpResponse:
    page = sel.coverage(request.user, code)
    if form is None and page.can_edit:
        form = PledgeForm(choices=page.signer_choices, initial={"signer_name": page.town_secretary})
    return render(request, "vetting/pledge_coverage.html", {"page": page, "form": form}, status=status)


@requires(VettingCap.VIEW)
def coverage(request, code: str) -> HttpResponse:
    return _coverage(request, code)


@requires(VettingCap.EDIT)
@require_POST
def new(request, code: str) -> HttpResponse:
    page = sel.coverage(request.user, code)
    if not page.can_edit or page.campaign is None:
        raise PermissionDenied("只有该单位或其上级乡镇（街道）可以登记")
    form = PledgeForm(request.POST, request.FILES, choices=page.signer_choices)
    if form.is_valid():
        data = form.cleaned_data
        kind, unit, person = sel.resolve_signer(page, data["signer"])
        upload = data["file"]
        if upload.size > svc.files.max_bytes():
            form.add_error("file", f"文件超过大小上限 {page.max_mb} MB，请压缩后再上传")
        else:
            row = call_service(
                form,
                svc.pledge_record,
                actor=request.user,
                campaign=page.campaign,
                unit=unit,
                kind=kind,
                person=person,
                signer_name=data["signer_name"],
                signer_post=data["signer_post"],
                signed_on=data["signed_on"],
                file_name=upload.name,
                data=upload.read(),
            )
            if row is not None:
                messages.success(request, f"已登记：{row}")
                return redirect("vetting:pledge_coverage", code=code)
    return _coverage(request, code, status=400, form=form)


@requires(VettingCap.EDIT)
@require_POST
def attach_scan(request, pk: int) -> HttpResponse:
    """Upload the missing scan of a pledge (扫描件待补) from its row on the coverage page."""
    pledge = sel.pledge(request.user, pk)
    back = request.POST.get("back", "")
    back = back if back.isdigit() and len(back) == len(pledge.unit.code) else pledge.unit.code
    form = PledgeScanForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > svc.files.max_bytes():
            limit = svc.files.max_bytes() // svc.files.MB
            form.add_error("file", f"文件超过大小上限 {limit} MB，请压缩后再上传")
        else:
            row = call_service(
                form,
                svc.pledge_attach_scan,
                actor=request.user,
                pledge=pledge,
                file_name=upload.name,
                data=upload.read(),
            )
            if row is not None:
                messages.success(request, f"已上传扫描件：{row}")
                return redirect("vetting:pledge_coverage", code=back)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, f"{pledge}扫描件未上传：{error}")
    return redirect("vetting:pledge_coverage", code=back)


@requires(VettingCap.VIEW)
def download(request, pk: int) -> HttpResponse:
    pledge = sel.pledge(request.user, pk)
    if not pledge.has_scan:
        message = "扫描件待补：该件登记时尚未上传扫描件，请在签订情况页面补传"
        return render(request, "core/error.html", {"code": 404, "message": message}, status=404)
    data = svc.pledge_file(actor=request.user, pledge=pledge)
    response = HttpResponse(data, content_type=pledge.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(pledge.file_name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# 承诺书签订情况 in Excel (a reference layout [G], official-forms §3.2): one row per unit with the
# required and signed counts and the names still missing; audited (names are personal data).


@requires(VettingCap.VIEW)
def export(request, code: str) -> FileResponse:
    page = sel.coverage(request.user, code)
    return layout_response(
        actor=request.user,
        code=PLEDGES_KIND.code,
        rows=pledge_rows(page),
        unit_name=page.unit.name,
        org_path=page.unit.path,
        filters={"换届工作": page.campaign.name if page.campaign else ""},
    )
