"""The three separated administrators' consoles (三员分立).

* 审计管理员 (CoreCap.AUDIT_VIEW): the audit trail — filter, read before/after, verify the chain, export.
* 系统管理员 (AccountsCap.ACCOUNTS_MANAGE): accounts — create, deactivate/reactivate, reset a password. No
  business data and no role assignment.
* 安全管理员 (AccountsCap.ROLES_MANAGE): role assignments — grant and revoke with a reason. No accounts and
  no audit trail.

Each page is gated by its capability (403 for every other role); the services re-check it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from huanjie.accounts import console_selectors as sel
from huanjie.accounts import services as account_services
from huanjie.accounts.console_forms import (
    AccountCreateForm,
    AuditFilterForm,
    OptionalReasonForm,
    PasswordResetForm,
    ReasonForm,
    RoleGrantForm,
)
from huanjie.accounts.passwords import generate_initial_password
from huanjie.accounts.roles import ROLES, AccountsCap
from huanjie.core.audit import verify_chain
from huanjie.core.capabilities import CoreCap
from huanjie.core.exporting import Column, xlsx_response
from huanjie.core.forms import apply_service_errors
from huanjie.core.listing import paginate
from huanjie.core.permissions import requires

# --- audit trail ----------------------------------------------------------------------------------


def _audit_filters(request: HttpRequest) -> tuple[AuditFilterForm, sel.AuditFilters]:
    form = AuditFilterForm(request.GET, model_choices=sel.audit_model_choices(request.user))
    form.is_valid()
    return form, form.filters()


@requires(CoreCap.AUDIT_VIEW)
def audit(request: HttpRequest) -> HttpResponse:
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
            "crumbs": [{"label": "审计"}],
        },
    )


@requires(CoreCap.AUDIT_VIEW)
def audit_verify(request: HttpRequest) -> HttpResponse:
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
def audit_export(request: HttpRequest) -> HttpResponseBase:
    """The filtered trail as .xlsx (it may hold personal data, so the export is itself audited)."""
    _form, filters = _audit_filters(request)
    events = sel.audit_events(request.user, filters).iterator(chunk_size=2000)

    def rows():
        for ev in events:
            yield sel.audit_rows([ev])[0]

    columns = [
        Column("序号", lambda r: r.event.seq, 9),
        Column("时间", lambda r: r.event.at, 17),
        Column("操作人", lambda r: r.actor_label, 14),
        Column("IP 地址", lambda r: r.event.ip, 15),
        Column("请求编号", lambda r: r.event.request_id, 34),
        Column("操作", lambda r: r.action_label, 12),
        Column("对象类型", lambda r: r.model_label, 12),
        Column("对象", lambda r: r.event.object_repr, 20),
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


# --- accounts (system admin) ----------------------------------------------------------------------


def _password_shown_once(request: HttpRequest, account: Any, password: str, title: str) -> HttpResponse:
    # Rendered in the POST response (never stored in a message cookie or the session) and not cached.
    response = render(
        request,
        "console/password_once.html",
        {
            "account": account,
            "password": password,
            "title": title,
            "crumbs": [{"label": "账号管理", "url": reverse("console:accounts")}, {"label": title}],
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@requires(AccountsCap.ACCOUNTS_MANAGE)
@sensitive_post_parameters("password")
def accounts(request: HttpRequest) -> HttpResponse:
    form = AccountCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        generated = not form.cleaned_data["password"]
        password = form.cleaned_data["password"] or generate_initial_password()
        try:
            account = account_services.user_create(
                actor=request.user,
                username=form.cleaned_data["username"],
                display_name=form.cleaned_data["display_name"],
                password=password,
                must_change_password=True,
            )
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                exc = ValidationError({"password": exc.messages})
            apply_service_errors(form, exc)
        else:
            if generated:
                return _password_shown_once(request, account, password, "账号已创建")
            messages.success(request, f"账号“{account.username}”已创建，首次登录须修改密码。")
            return redirect("console:accounts")
    q = request.GET.get("q", "")
    page = paginate(request, sel.accounts(request.user, q))
    rows = [{"user": u, "roles": sel.role_labels(u)} for u in page.object_list]
    return render(
        request,
        "console/accounts.html",
        {"form": form, "page_obj": page, "rows": rows, "q": q, "crumbs": [{"label": "账号管理"}]},
    )


@requires(AccountsCap.ACCOUNTS_MANAGE)
def account(request: HttpRequest, pk: int) -> HttpResponse:
    target = sel.account_get(request.user, pk)
    return render(request, "console/account.html", _account_context(request, target))


def _account_context(request: HttpRequest, target: Any, **forms: Any) -> dict[str, Any]:
    return {
        "account": target,
        "roles": sel.role_labels(target),
        "is_self": target.pk == request.user.pk,
        "active_form": forms.get("active_form")
        or (OptionalReasonForm() if not target.is_active else ReasonForm()),
        "reset_form": forms.get("reset_form") or PasswordResetForm(),
        "crumbs": [{"label": "账号管理", "url": reverse("console:accounts")}, {"label": target.username}],
    }


@requires(AccountsCap.ACCOUNTS_MANAGE)
@require_POST
def account_active(request: HttpRequest, pk: int) -> HttpResponse:
    target = sel.account_get(request.user, pk)
    activate = not target.is_active
    form = (OptionalReasonForm if activate else ReasonForm)(request.POST)
    if form.is_valid():
        try:
            account_services.user_set_active(
                actor=request.user, user=target, active=activate, reason=form.cleaned_data["reason"]
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc.messages[0] if hasattr(exc, "messages") else str(exc))
        else:
            messages.success(request, f"账号“{target.username}”已{'恢复' if activate else '停用'}。")
            return redirect("console:account", pk=target.pk)
    return render(
        request, "console/account.html", _account_context(request, target, active_form=form), status=400
    )


@requires(AccountsCap.ACCOUNTS_MANAGE)
@require_POST
@sensitive_post_parameters("password")
def account_reset(request: HttpRequest, pk: int) -> HttpResponse:
    target = sel.account_get(request.user, pk)
    form = PasswordResetForm(request.POST)
    if form.is_valid():
        password = form.cleaned_data["password"] or generate_initial_password()
        try:
            account_services.user_reset_password(
                actor=request.user, user=target, password=password, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if not form.cleaned_data["password"]:
                return _password_shown_once(request, target, password, "密码已重置")
            messages.success(request, f"账号“{target.username}”的密码已重置，下次登录须修改密码。")
            return redirect("console:account", pk=target.pk)
    return render(
        request, "console/account.html", _account_context(request, target, reset_form=form), status=400
    )


# --- role assignments (security admin) ------------------------------------------------------------


def _roles_context(request: HttpRequest, form: RoleGrantForm) -> dict[str, Any]:
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
        "unit_suggestions": sel.unit_suggestions(request.user),
        "crumbs": [{"label": "角色分配"}],
    }


@requires(AccountsCap.ROLES_MANAGE)
def roles(request: HttpRequest) -> HttpResponse:
    form = RoleGrantForm(request.POST or None)
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
def role_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    ra = sel.assignment_get(request.user, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account_services.role_revoke(
                actor=request.user, assignment=ra, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
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
def accounts_export(request: HttpRequest) -> HttpResponseBase:
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
def roles_export(request: HttpRequest) -> HttpResponseBase:
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
