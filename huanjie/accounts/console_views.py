"""The three separated administrators' consoles (三员分立).

* 审计管理员 (CoreCap.AUDIT_VIEW): the audit trail — filter, read before/after, verify the chain, export.
* 系统管理员 (AccountsCap.ACCOUNTS_MANAGE): accounts — create, deactivate/reactivate, initiate a password
  reset. No business data and no role assignment.
* 安全管理员 (AccountsCap.ROLES_MANAGE): role assignments — grant and revoke with a reason; confirms
  password resets. No accounts and no audit trail.

A password is reset by two administrators, each shown half of the temporary secret
(services.reset_parties says which two); nobody ever sees a whole password.

Each page is gated by its capability (403 for every other role); the services re-check it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from huanjie.accounts import console_selectors as sel
from huanjie.accounts import services as account_services
from huanjie.accounts.console_forms import (
    AccountCreateForm,
    AuditFilterForm,
    OptionalReasonForm,
    PasswordResetForm,
    ReasonForm,
    ResetInitiateForm,
    RoleGrantForm,
)
from huanjie.accounts.models import AuthedRequest
from huanjie.accounts.roles import ROLES, AccountsCap
from huanjie.core.audit import verify_chain
from huanjie.core.capabilities import CoreCap
from huanjie.core.exporting import Column, xlsx_response
from huanjie.core.forms import apply_service_errors, call_service
from huanjie.core.listing import filter_line, paginate
from huanjie.core.permissions import requires
from huanjie.core.pickers import PICK_LIMIT, picks_response, search_text

# --- audit trail ----------------------------------------------------------------------------------


def _audit_filters(request: AuthedRequest) -> tuple[AuditFilterForm, sel.AuditFilters]:
    form = AuditFilterForm(
        request.GET, model_choices=sel.audit_model_choices(request.user), actor=request.user
    )
    form.is_valid()
    return form, form.filters()


@requires(CoreCap.AUDIT_VIEW)
def audit(request: AuthedRequest) -> HttpResponse:
    form, filters = _audit_filters(request)
    page = paginate(request, sel.audit_events(request.user, filters), default_size=50)
    return render(
        request,
        "console/audit.html",
        {
            "form": form,
            "page_obj": page,
            "rows": sel.audit_rows(page.object_list),
            "filtered": any(filters.as_text().values()),
            "filter_line": filter_line(filters.as_text()),
            "crumbs": [{"label": "审计"}],
        },
    )


@requires(CoreCap.AUDIT_VIEW)
def audit_verify(request: AuthedRequest) -> HttpResponse:
    """Walk the whole SM3 chain; an htmx request gets the result box only."""
    problem = verify_chain()
    context = {
        "problem": str(problem) if problem else "",
        "total": sel.audit_events(request.user, sel.AuditFilters()).count(),
        "checked_at": timezone.now(),
        "crumbs": [{"label": "审计", "url": reverse("console:audit")}, {"label": "校验审计链"}],
    }
    template = "console/_audit_verify.html" if request.htmx else "console/audit_verify.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def _changes_text(row: sel.AuditRow) -> str:
    return "\n".join(
        f"{c.field}：{c.before or '—'} → {c.after or '—'}"
        if c.kind == "changed"
        else f"{c.field}：{c.after}"
        if c.kind == "added"
        else f"{c.field}：{c.before}（已移除）"
        for c in row.changes
    )


@requires(CoreCap.AUDIT_VIEW)
def audit_export(request: AuthedRequest) -> HttpResponseBase:
    """The filtered trail as .xlsx (it may hold personal data, so the export is itself audited)."""
    _form, filters = _audit_filters(request)
    events = sel.audit_events(request.user, filters).iterator(chunk_size=2000)

    def rows():
        chunk: list[Any] = []
        for ev in events:
            chunk.append(ev)
            if len(chunk) == 500:
                yield from sel.audit_rows(chunk)
                chunk = []
        yield from sel.audit_rows(chunk)

    columns = [
        Column("序号", lambda r: r.event.seq, 9),
        Column("时间", lambda r: r.event.at, 17),
        Column("操作人", lambda r: r.actor_label, 14),
        Column("IP 地址", lambda r: r.event.ip, 15),
        Column("请求编号", lambda r: r.event.request_id, 34),
        Column("操作", lambda r: r.action_label, 12),
        Column("对象类型", lambda r: r.model_label, 12),
        Column("对象", lambda r: r.event.object_repr, 20),
        Column("单位", lambda r: r.unit_label, 24),
        Column("单位路径", lambda r: r.event.org_path, 14),
        Column("理由", lambda r: r.event.reason, 20),
        Column("修改内容", _changes_text, 60),
    ]
    return xlsx_response(
        filename="审计记录",
        columns=columns,
        rows=rows(),
        actor=request.user,
        subject="审计记录",
        filters=filters.as_text(),
        personal=True,
    )


# --- pickers: units and accounts for the security admin's grants and the audit admin's filters ---


def _units_picks(request: AuthedRequest) -> HttpResponse:
    q = search_text(request)
    if q is None:
        return picks_response(request, [], more=False, too_long=True)
    picks, more = sel.unit_search(request.user, q, PICK_LIMIT)
    return picks_response(request, picks, more=more)


def _accounts_picks(request: AuthedRequest) -> HttpResponse:
    q = search_text(request)
    if q is None:
        return picks_response(request, [], more=False, too_long=True)
    picks, more = sel.account_search(request.user, q, PICK_LIMIT)
    return picks_response(request, picks, more=more)


@requires(AccountsCap.ROLES_MANAGE)
def roles_units(request: AuthedRequest) -> HttpResponse:
    return _units_picks(request)


@requires(AccountsCap.ROLES_MANAGE)
def roles_accounts(request: AuthedRequest) -> HttpResponse:
    return _accounts_picks(request)


@requires(CoreCap.AUDIT_VIEW)
def audit_units(request: AuthedRequest) -> HttpResponse:
    return _units_picks(request)


@requires(CoreCap.AUDIT_VIEW)
def audit_accounts(request: AuthedRequest) -> HttpResponse:
    return _accounts_picks(request)


# --- accounts (system admin) ----------------------------------------------------------------------

FIRST_ISSUE_REASON = "新建账号，签发初始口令"


def _half_shown_once(request: AuthedRequest, reset: Any, half: str, *, first: bool) -> HttpResponse:
    # Rendered in the POST response (never stored in a message cookie or the session) and not cached.
    confirmer = account_services.ADMIN_LABELS[account_services.reset_parties(reset.user)[1]]
    response = render(
        request,
        "console/reset_half.html",
        {
            "reset": reset,
            "account": reset.user,
            "half": account_services.format_half(half),
            "first": first,
            "confirmer": confirmer,
            "crumbs": [{"label": "密码重置"}],
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@requires(AccountsCap.ACCOUNTS_MANAGE)
def accounts(request: AuthedRequest) -> HttpResponse:
    form = AccountCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account = account_services.user_create(
                actor=request.user,
                username=form.cleaned_data["username"],
                display_name=form.cleaned_data["display_name"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            # The account has no password: its first one is issued like a reset (next step, on the
            # account page), half from each of two administrators.
            messages.success(
                request, f"账号“{account.username}”已创建。请发起签发初始口令，由安全管理员确认。"
            )
            return redirect("console:account", pk=account.pk)
    q = request.GET.get("q", "")
    page = paginate(request, sel.accounts(request.user, q))
    rows = [{"user": u, "roles": sel.role_labels(u)} for u in page.object_list]
    return render(
        request,
        "console/accounts.html",
        {
            "form": form,
            "page_obj": page,
            "rows": rows,
            "q": q,
            "filter_line": filter_line({"查找": q}),
            "crumbs": [{"label": "账号管理"}],
        },
    )


@requires(AccountsCap.ACCOUNTS_MANAGE)
def account(request: AuthedRequest, pk: int) -> HttpResponse:
    target = sel.account_get(request.user, pk)
    return render(request, "console/account.html", _account_context(request, target))


def _account_context(request: AuthedRequest, target: Any, **forms: Any) -> dict[str, Any]:
    actor: Any = request.user
    initiator, confirmer = account_services.reset_parties(target)
    open_reset = sel.open_reset(actor, target)
    # A new account, never given a password: the reset card issues its first one.
    first_secret = not target.has_usable_password() and target.last_login is None and open_reset is None
    return {
        "account": target,
        "roles": sel.role_labels(target),
        "is_self": target.pk == request.user.pk,
        "active_form": forms.get("active_form")
        or (OptionalReasonForm if not target.is_active else ReasonForm)(**_account_record(target)),
        "reset_form": forms.get("reset_form")
        or PasswordResetForm(
            initial={"reason": FIRST_ISSUE_REASON} if first_secret else None, **_account_record(target)
        ),
        "first_secret": first_secret,
        "can_reset": actor.has_capability(initiator) and target.pk != actor.pk,
        "reset_initiator": account_services.ADMIN_LABELS[initiator],
        "reset_confirmer": account_services.ADMIN_LABELS[confirmer],
        "open_reset": open_reset,
        "crumbs": [{"label": "账号管理", "url": reverse("console:accounts")}, {"label": target.username}],
    }


def _account_record(target: Any) -> dict[str, Any]:
    """The account forms carry the account's version (a stale page is refused, house rule 15)."""
    return {
        "record": target,
        "record_fields": account_services.ACCOUNT_SHOWN_FIELDS,
        "refresh_fields": (),
    }


@requires(AccountsCap.ACCOUNTS_MANAGE)
@require_POST
def account_active(request: AuthedRequest, pk: int) -> HttpResponse:
    target = sel.account_get(request.user, pk)
    activate = not target.is_active
    form = (OptionalReasonForm if activate else ReasonForm)(request.POST, **_account_record(target))
    if form.is_valid():
        done = call_service(
            form,
            account_services.user_set_active,
            actor=request.user,
            user=target,
            active=activate,
            reason=form.cleaned_data["reason"],
            **form.versioned(),
        )
        if done:
            messages.success(request, f"账号“{target.username}”已{'恢复' if activate else '停用'}。")
            return redirect("console:account", pk=target.pk)
    return render(
        request, "console/account.html", _account_context(request, target, active_form=form), status=400
    )


@requires(AccountsCap.ACCOUNTS_MANAGE)
@require_POST
def account_reset(request: AuthedRequest, pk: int) -> HttpResponse:
    """Initiate a reset (the system administrator); the first half is shown once."""
    target = sel.account_get(request.user, pk)
    form = PasswordResetForm(request.POST, **_account_record(target))
    if form.is_valid():
        done = call_service(
            form,
            account_services.password_reset_initiate,
            actor=request.user,
            user=target,
            reason=form.cleaned_data["reason"],
            **form.versioned(),
        )
        if done:
            reset, half = done
            return _half_shown_once(request, reset, half, first=True)
    return render(
        request, "console/account.html", _account_context(request, target, reset_form=form), status=400
    )


# --- password resets (the second administrator; an administrator's account) ----------------------


def _resets_page(request: AuthedRequest, url_name: str) -> HttpResponse:
    """Confirm the resets waiting for this administrator, and initiate a reset of an administrator's
    account where this administrator is the one to initiate it."""
    targets = sel.reset_targets(request.user)
    choices = [(u.pk, f"{u.username}（{'、'.join(sel.role_labels(u))}）") for u in targets]
    action = request.POST.get("action") if request.method == "POST" else None
    form = ResetInitiateForm(request.POST if action == "initiate" else None, targets=choices)
    error = ""
    if action == "confirm":
        try:
            pk = int(request.POST.get("reset") or 0)
        except ValueError:
            pk = 0
        reset = sel.reset_to_confirm_get(request.user, pk)
        try:
            reset, half = account_services.password_reset_confirm(actor=request.user, reset=reset)
        except (ValidationError, PermissionDenied) as exc:
            error = "；".join(getattr(exc, "messages", [str(exc)]))
        else:
            return _half_shown_once(request, reset, half, first=False)
    elif action == "initiate" and form.is_valid():
        target = next(u for u in targets if u.pk == form.cleaned_data["user"])
        try:
            reset, half = account_services.password_reset_initiate(
                actor=request.user, user=target, reason=form.cleaned_data["reason"]
            )
        except (ValidationError, PermissionDenied) as exc:
            error = "；".join(getattr(exc, "messages", [str(exc)]))
        else:
            return _half_shown_once(request, reset, half, first=True)
    return render(
        request,
        "console/resets.html",
        {
            "pending": sel.resets_to_confirm(request.user),
            "form": form if targets else None,
            "error": error,
            "url_name": url_name,
            "crumbs": [{"label": "密码重置"}],
        },
        status=400 if request.method == "POST" else 200,
    )


@requires(AccountsCap.ROLES_MANAGE)
def resets(request: AuthedRequest) -> HttpResponse:
    """The security administrator: confirms resets of business accounts and of the audit
    administrator; initiates resets of the system administrator."""
    return _resets_page(request, "console:resets")


@requires(CoreCap.AUDIT_VIEW)
def resets_audit(request: AuthedRequest) -> HttpResponse:
    """The audit administrator: confirms resets of the system and the security administrator."""
    return _resets_page(request, "console:resets_audit")


# --- role assignments (security admin) ------------------------------------------------------------


def _roles_context(request: AuthedRequest, form: RoleGrantForm) -> dict[str, Any]:
    q = request.GET.get("q", "")
    include_revoked = request.GET.get("revoked") == "1"
    page = paginate(request, sel.assignments(request.user, q, include_revoked=include_revoked))
    return {
        "form": form,
        "page_obj": page,
        "rows": [
            {
                "ra": ra,
                "role_label": ROLES[ra.role].label,
                # Nobody revokes their own role (the service refuses it too).
                "can_revoke": ra.is_active and ra.user_id != request.user.pk,
            }
            for ra in page.object_list
        ],
        "q": q,
        "include_revoked": include_revoked,
        "filter_line": filter_line({"查找": q, "含已撤销": "是" if include_revoked else ""}),
        "crumbs": [{"label": "角色分配"}],
    }


@requires(AccountsCap.ROLES_MANAGE)
def roles(request: AuthedRequest) -> HttpResponse:
    form = RoleGrantForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        grantee = sel.grantee_by_username(request.user, data["username"])
        unit = sel.unit_by_code(request.user, data["unit_code"]) if data["unit_code"] else None
        if grantee is None:
            form.add_error("username", "账号不存在")
        if data["unit_code"] and unit is None:
            form.add_error("unit_code", "找不到该区划代码对应的有效单位")
        if form.is_valid() and grantee is not None:
            try:
                ra = account_services.role_assign(
                    actor=request.user,
                    user=grantee,
                    role=data["role"],
                    org_unit=unit,
                    department=data["department"],
                    reason=data["reason"],
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict") and "org_unit" in exc.error_dict:
                    exc.error_dict["unit_code"] = exc.error_dict.pop("org_unit")
                apply_service_errors(form, exc)
            else:
                messages.success(request, f"已授予：{ra}")
                return redirect("console:roles")
    status = 400 if request.method == "POST" else 200
    return render(request, "console/roles.html", _roles_context(request, form), status=status)


@requires(AccountsCap.ROLES_MANAGE)
def role_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    ra = sel.assignment_get(request.user, pk)
    form = ReasonForm(
        request.POST or None,
        record=ra,
        record_fields=account_services.ASSIGNMENT_SHOWN_FIELDS,
        refresh_fields=(),
    )
    if request.method == "POST" and form.is_valid():
        # A PermissionDenied (not a security administrator) stays a 403, as before.
        done = call_service(
            form,
            account_services.role_revoke,
            denied_on_form=False,
            actor=request.user,
            assignment=ra,
            reason=form.cleaned_data["reason"],
            **form.versioned(),
        )
        if done:
            messages.success(request, f"已撤销：{ra}")
            return redirect("console:roles")
    return render(
        request,
        "console/role_revoke.html",
        {
            "ra": ra,
            "role_label": ROLES[ra.role].label,
            "form": form,
            "crumbs": [{"label": "角色分配", "url": reverse("console:roles")}, {"label": "撤销角色"}],
        },
    )


@requires(AccountsCap.ACCOUNTS_MANAGE)
def accounts_export(request: AuthedRequest) -> HttpResponseBase:
    """The account list (with its search) as .xlsx; account lists are audited like personal data."""
    q = request.GET.get("q", "")
    columns = [
        Column("账号", lambda u: u.username, 16),
        Column("姓名", lambda u: u.display_name, 12),
        Column("角色", lambda u: "、".join(sel.role_labels(u)), 40),
        Column("状态", lambda u: "有效" if u.is_active else "已停用", 8),
        Column("首次登录须改密码", lambda u: "是" if u.must_change_password else "否", 10),
        Column("最近登录", lambda u: u.last_login, 17),
    ]
    return xlsx_response(
        filename="账号",
        columns=columns,
        rows=sel.accounts(request.user, q),
        actor=request.user,
        subject="账号",
        filters={"查找": q},
        personal=True,
    )


@requires(AccountsCap.ROLES_MANAGE)
def roles_export(request: AuthedRequest) -> HttpResponseBase:
    """The role assignments (with the list's filters) as .xlsx, audited."""
    q = request.GET.get("q", "")
    include_revoked = request.GET.get("revoked") == "1"
    columns = [
        Column("账号", lambda ra: ra.user.username, 16),
        Column("姓名", lambda ra: ra.user.display_name, 12),
        Column("角色", lambda ra: ROLES[ra.role].label, 16),
        Column("管辖单位", lambda ra: ra.org_unit.name if ra.org_unit is not None else "全局", 16),
        Column("区划代码", lambda ra: ra.org_unit.code if ra.org_unit is not None else "", 14),
        Column("联审部门", lambda ra: ra.get_department_display(), 12),
        Column("状态", lambda ra: "有效" if ra.is_active else "已撤销", 8),
    ]
    rows = sel.assignments(request.user, q, include_revoked=include_revoked)
    return xlsx_response(
        filename="角色分配",
        columns=columns,
        rows=rows,
        actor=request.user,
        subject="角色分配",
        filters={"查找": q, "含已撤销": "是" if include_revoked else ""},
        personal=True,
    )
