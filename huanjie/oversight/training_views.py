"""Pages of training coverage, sessions, the town officials' roster, education upgrading and the
three mechanisms (issue 14 req. 6): thin, each calls selectors and one service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from huanjie.core.exporting import Column, xlsx_response
from huanjie.core.forms import call_service
from huanjie.core.listing import describe_filters, filter_line, paginate
from huanjie.core.permissions import requires
from huanjie.core.scoping import can
from huanjie.org.models import OrgUnit
from huanjie.oversight import training_selectors as sel
from huanjie.oversight import training_services as svc
from huanjie.oversight.capabilities import OversightCap
from huanjie.oversight.training_forms import (
    DecisionFilter,
    DecisionForm,
    OfficialFilter,
    OfficialForm,
    PersonAttendanceForm,
    SessionFilter,
    SessionForm,
    SettingForm,
    TownAttendanceForm,
    UpgradeCompleteForm,
    UpgradeFilter,
    UpgradeForm,
)

_VIEW, _EDIT = OversightCap.VIEW, OversightCap.EDIT
NO_CAMPAIGN = "暂无已发布的换届工作"


def campaign_context(request: Any) -> dict[str, Any]:
    """The campaign shown (``?campaign=``, else the latest) and the choices of the page's picker."""
    c = sel.campaign(request.user, request.GET.get("campaign"))
    return {"campaign": c, "campaigns": list(sel.campaigns(request.user)[:20])}


def _url(name: str, c: Any, **kwargs: Any) -> str:
    return reverse(name, kwargs=kwargs or None) + (f"?campaign={c.pk}" if c is not None else "")


@requires(_VIEW)
def coverage(request: Any) -> HttpResponse:
    ctx = campaign_context(request)
    c = ctx["campaign"]
    if c is not None:
        page = paginate(request, sel.towns(request.user))
        ctx.update(
            page_obj=page,
            rows=sel.coverage(request.user, c, list(page.object_list)),
            total=sel.coverage(request.user, c, None),
            target=sel.target_percent(c),
            setting_form=SettingForm(initial={"training_target_percent": sel.target_percent(c)})
            if sel.manages(request.user, c)
            else None,
        )
    return render(request, "oversight/training/coverage.html", ctx)


@requires(_EDIT)
@require_POST
def setting_save(request: Any) -> HttpResponse:
    ctx = campaign_context(request)
    c = ctx["campaign"]
    if c is None:
        raise Http404(NO_CAMPAIGN)
    form = SettingForm(request.POST)
    if form.is_valid() and call_service(
        form, svc.setting_save, actor=request.user, campaign=c, **form.cleaned_data
    ):
        messages.success(request, "已保存培训覆盖目标")
    else:
        messages.error(
            request, "；".join(str(e) for errs in form.errors.values() for e in errs) or "保存失败"
        )
    return redirect(_url("oversight_training:coverage", c))


def _session_units(request: Any) -> Any:
    return sel.units_for(request.user, _EDIT, ("city", "county", "town"))


@requires(_VIEW)
def sessions(request: Any) -> HttpResponse:
    ctx = campaign_context(request)
    c = ctx["campaign"]
    form = None
    status = 200
    if c is not None:
        units = _session_units(request)
        if request.method == "POST":
            form = SessionForm(request.POST, units=units)
            if form.is_valid():
                s = call_service(
                    form, svc.session_create, actor=request.user, campaign=c, **form.cleaned_data
                )
                if s is not None:
                    messages.success(request, f"已登记培训“{s.title}”，请登记参训人员")
                    return redirect("oversight_training:session", pk=s.pk)
            status = 400
        elif units.exists():
            form = SessionForm(units=units)
        filt, f = _session_filters(request)
        ctx.update(
            page_obj=paginate(request, sel.sessions(request.user, c, **f)),
            form=form,
            filter_form=filt,
            export_url=reverse("oversight_training:sessions_export"),
            filter_line=filter_line(describe_filters(filt)),
        )
    elif request.method == "POST":
        raise Http404(NO_CAMPAIGN)
    return render(request, "oversight/training/sessions.html", ctx, status=status)


def _town_param(request: Any, s: Any) -> OrgUnit | None:
    code = request.GET.get("town", "")
    if s.unit.level == "town":
        return s.unit
    if not code:
        return None
    return sel.towns(request.user, _EDIT).filter(code=code, path__startswith=s.unit.path).first()


def _session_page(request: Any, pk: int, status: int = 200, **forms: Any) -> HttpResponse:
    s = sel.session(request.user, pk)
    ctx: dict[str, Any] = {
        "s": s,
        "page_obj": paginate(request, sel.attendances(request.user, s)),
        # req. 9: the session's 培训签到台账 in Excel (the print view is this page's ?print=1)
        "export_url": reverse("oversight_training:attendance_export"),
        "export_query": f"session={s.pk}&campaign={s.campaign_id}",
    }
    if sel.may_edit_session(request.user, s):
        towns = sel.towns(request.user, _EDIT).filter(path__startswith=s.unit.path)
        town = _town_param(request, s)
        ctx["towns"] = towns
        ctx["town"] = town
        ctx["town_form"] = forms.get("town_form") or TownAttendanceForm(towns=towns)
        if town is not None:
            ctx["person_form"] = forms.get("person_form") or PersonAttendanceForm(
                people=sel.sitting_people(request.user, town),
                officials=sel.officials(request.user, s.campaign).filter(town=town),
            )
    return render(request, "oversight/training/session.html", ctx, status=status)


@requires(_VIEW)
def session(request: Any, pk: int) -> HttpResponse:
    return _session_page(request, pk)


def _editable_session(request: Any, pk: int) -> Any:
    s = sel.session(request.user, pk)
    if not sel.may_edit_session(request.user, s):
        raise PermissionDenied("只有举办单位可以登记参训人员")
    return s


@requires(_EDIT)
@require_POST
def attend_town(request: Any, pk: int) -> HttpResponse:
    s = _editable_session(request, pk)
    towns = sel.towns(request.user, _EDIT).filter(path__startswith=s.unit.path)
    form = TownAttendanceForm(request.POST, towns=towns)
    if form.is_valid():
        n = call_service(form, svc.attendance_add_town, actor=request.user, session=s, **form.cleaned_data)
        if n is not None:
            messages.success(request, f"已登记 {n} 名参训人员")
            return redirect("oversight_training:session", pk=s.pk)
    return _session_page(request, pk, status=400, town_form=form)


@requires(_EDIT)
@require_POST
def attend_person(request: Any, pk: int) -> HttpResponse:
    s = _editable_session(request, pk)
    town = _town_param(request, s)
    if town is None:
        raise Http404("请先选择乡镇（街道）")
    form = PersonAttendanceForm(
        request.POST,
        people=sel.sitting_people(request.user, town),
        officials=sel.officials(request.user, s.campaign).filter(town=town),
    )
    if form.is_valid():
        a = call_service(form, svc.attendance_add, actor=request.user, session=s, **form.cleaned_data)
        if a is not None:
            messages.success(request, f"已登记参训人员{a}")
            return redirect(reverse("oversight_training:session", args=[s.pk]) + f"?town={town.code}")
    return _session_page(request, pk, status=400, person_form=form)


@requires(_VIEW)
def officials(request: Any) -> HttpResponse:
    ctx = campaign_context(request)
    c = ctx["campaign"]
    status = 200
    if c is not None:
        towns = sel.towns(request.user, _EDIT)
        form = None
        if request.method == "POST":
            form = OfficialForm(request.POST, towns=towns)
            if form.is_valid() and call_service(
                form, svc.official_add, actor=request.user, campaign=c, **form.cleaned_data
            ):
                messages.success(request, "已加入镇换届工作人员名册")
                return redirect(_url("oversight_training:officials", c))
            status = 400
        elif towns.exists():
            form = OfficialForm(towns=towns)
        filt, f = _official_filters(request)
        ctx.update(
            page_obj=paginate(request, sel.officials(request.user, c, **f)),
            form=form,
            filter_form=filt,
            export_url=reverse("oversight_training:officials_export"),
            filter_line=filter_line(describe_filters(filt)),
        )
    elif request.method == "POST":
        raise Http404(NO_CAMPAIGN)
    return render(request, "oversight/training/officials.html", ctx, status=status)


@requires(_VIEW)
def upgrades(request: Any) -> HttpResponse:
    ctx = campaign_context(request)
    c = ctx["campaign"]
    status = 200
    if c is not None:
        form = None
        if request.user.has_capability(_EDIT):
            people = sel.sitting_people(request.user)
            form = UpgradeForm(request.POST if request.method == "POST" else None, people=people)
            if request.method == "POST":
                if form.is_valid() and call_service(
                    form, svc.upgrade_create, actor=request.user, campaign=c, **form.cleaned_data
                ):
                    messages.success(request, "已登记学历提升")
                    return redirect(_url("oversight_training:upgrades", c))
                status = 400
        elif request.method == "POST":
            raise PermissionDenied("您的角色无权登记学历提升")
        filt, f = _upgrade_filters(request)
        page = paginate(request, sel.upgrades(request.user, c, **f))
        for u in page.object_list:
            u.can_complete = u.completed_on is None and can(request.user, _EDIT, u.unit.path)
        ctx.update(
            page_obj=page,
            form=form,
            filter_form=filt,
            export_url=reverse("oversight_training:upgrades_export"),
            filter_line=filter_line(describe_filters(filt)),
        )
    elif request.method == "POST":
        raise Http404(NO_CAMPAIGN)
    return render(request, "oversight/training/upgrades.html", ctx, status=status)


@requires(_EDIT)
@require_POST
def upgrade_complete(request: Any, pk: int) -> HttpResponse:
    u = sel.upgrade(request.user, pk)
    form = UpgradeCompleteForm(request.POST, record=u, record_fields=("completed_on",))
    if form.is_valid() and call_service(
        form,
        svc.upgrade_complete,
        actor=request.user,
        upgrade=u,
        completed_on=form.cleaned_data["completed_on"],
        **form.versioned(),
    ):
        messages.success(request, f"已登记{u.person.name}毕业")
    else:
        messages.error(
            request, "；".join(str(e) for errs in form.errors.values() for e in errs) or "保存失败"
        )
    return redirect(_url("oversight_training:upgrades", u.campaign))


@requires(_VIEW)
def decisions(request: Any) -> HttpResponse:
    ctx = campaign_context(request)
    c = ctx["campaign"]
    status = 200
    if c is not None:
        form = None
        if request.user.has_capability(_EDIT):
            form = DecisionForm(
                request.POST if request.method == "POST" else None, people=sel.sitting_people(request.user)
            )
            if request.method == "POST":
                if form.is_valid() and call_service(
                    form, svc.decision_create, actor=request.user, campaign=c, **form.cleaned_data
                ):
                    messages.success(request, "已登记三项机制决定")
                    return redirect(_url("oversight_training:decisions", c))
                status = 400
        elif request.method == "POST":
            raise PermissionDenied("您的角色无权登记三项机制决定")
        filt, f = _decision_filters(request)
        ctx.update(
            page_obj=paginate(request, sel.decisions(request.user, c, **f)),
            form=form,
            filter_form=filt,
            export_url=reverse("oversight_training:decisions_export"),
            filter_line=filter_line(describe_filters(filt)),
        )
    elif request.method == "POST":
        raise Http404(NO_CAMPAIGN)
    return render(request, "oversight/training/decisions.html", ctx, status=status)


# req. 9: the 镇换届工作人员名册 with its training status, filtered, in Excel and in print (?print=1).
def _official_filters(request: Any) -> tuple[OfficialFilter, dict[str, str]]:
    units = [(u.path, u.name) for u in sel.units_for(request.user, _VIEW, ("city", "county", "town"))[:500]]
    filt = OfficialFilter(request.GET, units=units)
    f = filt.cleaned_data if filt.is_valid() else {}
    return filt, {k: f.get(k, "") for k in ("unit", "trained")}


OFFICIAL_COLUMNS = [
    Column("乡镇（街道）", lambda o: o.town.name, 16),
    Column("姓名", lambda o: o.name, 10),
    Column("职务", lambda o: o.post, 20),
    Column("已培训", lambda o: o.trained, 8),
]


@requires(_VIEW)
def officials_export(request: Any) -> FileResponse:
    c = campaign_context(request)["campaign"]
    if c is None:
        raise Http404(NO_CAMPAIGN)
    filt, f = _official_filters(request)
    return xlsx_response(
        filename="镇换届工作人员名册",
        columns=OFFICIAL_COLUMNS,
        rows=sel.officials(request.user, c, **f).iterator(chunk_size=2000),
        actor=request.user,
        subject="镇换届工作人员名册",
        filters={"换届工作": c.name, **describe_filters(filt)},
        personal=True,
    )


def _session_filters(request: Any) -> tuple[SessionFilter, dict[str, str]]:
    levels = ("city", "county", "town")
    units = [(u.path, u.name) for u in sel.units_for(request.user, _VIEW, levels)[:500]]
    filt = SessionFilter(request.GET, units=units)
    f = filt.cleaned_data if filt.is_valid() else {}
    return filt, {k: f.get(k, "") for k in ("unit", "level")}


SESSION_COLUMNS = [
    Column("培训日期", lambda s: s.held_on, 12),
    Column("层级", lambda s: s.get_level_display(), 8),
    Column("举办单位", lambda s: s.unit.name, 16),
    Column("培训主题", lambda s: s.title, 30),
    Column("地点", lambda s: s.place, 20),
    Column("参训人数", lambda s: s.attendee_count, 10),
]


@requires(_VIEW)
def sessions_export(request: Any) -> FileResponse:
    c = campaign_context(request)["campaign"]
    if c is None:
        raise Http404(NO_CAMPAIGN)
    filt, f = _session_filters(request)
    return xlsx_response(
        filename="培训班次台账",
        columns=SESSION_COLUMNS,
        rows=sel.sessions(request.user, c, **f).iterator(chunk_size=2000),
        actor=request.user,
        subject="培训班次台账",
        filters={"换届工作": c.name, **describe_filters(filt)},
    )


# req. 9: the 学历提升台账, the 三项机制决定台账 and the 培训签到台账 in Excel, as filtered (print:
# the lists' ?print=1, the session page's for its attendees).
def _units(request: Any) -> list[tuple[str, str]]:
    return [(u.path, u.name) for u in sel.units_for(request.user, _VIEW, ("city", "county", "town"))[:500]]


def _upgrade_filters(request: Any) -> tuple[UpgradeFilter, dict[str, str]]:
    filt = UpgradeFilter(request.GET, units=_units(request))
    f = filt.cleaned_data if filt.is_valid() else {}
    return filt, {k: f.get(k, "") for k in ("unit", "state")}


def _decision_filters(request: Any) -> tuple[DecisionFilter, dict[str, str]]:
    filt = DecisionFilter(request.GET, units=_units(request))
    f = filt.cleaned_data if filt.is_valid() else {}
    return filt, {k: f.get(k, "") for k in ("unit", "mechanism")}


UPGRADE_COLUMNS = [
    Column("单位区划代码", lambda u: u.unit.code, 16),
    Column("村（社区）", lambda u: u.unit.name, 14),
    Column("姓名", lambda u: u.person.name, 10),
    Column("学历项目", lambda u: u.programme, 30),
    Column("入学日期", lambda u: u.enrolled_on, 12),
    Column("毕业日期", lambda u: u.completed_on, 12),
    Column("状态", lambda u: "已毕业" if u.completed_on else "在读", 8),
]

DECISION_COLUMNS = [
    Column("单位区划代码", lambda d: d.unit.code, 16),
    Column("村（社区）", lambda d: d.unit.name, 14),
    Column("姓名", lambda d: d.person.name, 10),
    Column("机制", lambda d: d.get_mechanism_display(), 10),
    Column("决定内容", lambda d: d.decision, 36),
    Column("决定机关", lambda d: d.body, 16),
    Column("文号", lambda d: d.document_no, 18),
    Column("决定日期", lambda d: d.decided_on, 12),
]

ATTENDANCE_COLUMNS = [
    Column("举办单位区划代码", lambda a: a.session.unit.code, 16),
    Column("举办单位", lambda a: a.session.unit.name, 14),
    Column("培训主题", lambda a: a.session.title, 24),
    Column("培训日期", lambda a: a.session.held_on, 12),
    Column("地点", lambda a: a.session.place, 16),
    Column("参训人员类别", lambda a: "村（社区）干部" if a.person_id else "镇换届工作人员", 14),
    Column("所在单位区划代码", lambda a: a.unit.code, 16),
    Column("所在单位", lambda a: a.unit.name, 14),
    Column("姓名", lambda a: a.person.name if a.person_id else a.official.name, 10),
]


def _campaign_register_export(
    request: Any, title: str, columns: Any, filters: Any, rows: Any
) -> FileResponse:
    """A campaign's register as a 台账 xlsx: ``filters(request)`` → (shown filters, selector kwargs),
    ``rows(user, campaign, **kwargs)`` → the rows; personal data, audited by the exporter."""
    c = campaign_context(request)["campaign"]
    if c is None:
        raise Http404(NO_CAMPAIGN)
    filt, f = filters(request)
    return xlsx_response(
        filename=title,
        columns=columns,
        rows=rows(request.user, c, **f).iterator(chunk_size=2000),
        actor=request.user,
        subject=title,
        filters={"换届工作": c.name, **describe_filters(filt)},
        personal=True,
    )


@requires(_VIEW)
def upgrades_export(request: Any) -> FileResponse:
    return _campaign_register_export(request, "学历提升台账", UPGRADE_COLUMNS, _upgrade_filters, sel.upgrades)


@requires(_VIEW)
def decisions_export(request: Any) -> FileResponse:
    return _campaign_register_export(
        request, "三项机制决定台账", DECISION_COLUMNS, _decision_filters, sel.decisions
    )


@requires(_VIEW)
def attendance_export(request: Any) -> FileResponse:
    """The 培训签到台账 of the campaign, or of one session (``?session=``: 404 when not visible)."""
    c = campaign_context(request)["campaign"]
    if c is None:
        raise Http404(NO_CAMPAIGN)
    filt, f = _session_filters(request)
    raw = request.GET.get("session", "")
    session_pk = None
    filters = {"换届工作": c.name, **describe_filters(filt)}
    if raw:
        if not (raw.isascii() and raw.isdigit() and len(raw) <= 12):
            raise Http404(sel.NOT_FOUND)
        s = sel.session(request.user, int(raw))
        session_pk = s.pk
        filters["培训"] = f"{s.title}（{s.held_on:%Y-%m-%d}）"
    return xlsx_response(
        filename="培训签到台账",
        columns=ATTENDANCE_COLUMNS,
        rows=sel.attendance_register(request.user, c, session=session_pk, **f).iterator(chunk_size=2000),
        actor=request.user,
        subject="培训签到台账",
        filters=filters,
        personal=True,
    )
