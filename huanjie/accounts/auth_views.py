"""Login, logout and password change.

Lockout (huanjie.accounts.lockout) is enforced by the authentication backend; Django's authenticate()
turns the backend's PermissionDenied into a plain failure, so the login view asks the lockout module
afterwards to tell the user why. The backend records every failure and lockout in the audit trail;
the view records the successful login.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from huanjie.accounts import lockout
from huanjie.accounts import services as account_services
from huanjie.accounts.auth_forms import LoginForm, NewPasswordForm, PasswordChangeForm, ResetLoginForm
from huanjie.accounts.models import AuthedRequest
from huanjie.core.forms import apply_service_errors
from huanjie.core.middleware import client_ip
from huanjie.core.permissions import AUTHENTICATED, public, requires


def _lock_message(username: str, ip: str) -> str | None:
    minutes = settings.HUANJIE_LOCKOUT_MINUTES
    if lockout.account_locked(username):
        return f"登录失败次数过多，账号已锁定 {minutes} 分钟，请稍后再试。"
    if lockout.address_locked(ip):
        return f"登录失败次数过多，本机地址已锁定 {minutes} 分钟，请稍后再试。"
    return None


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@public
@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method == "GET":
        return redirect(_safe_next(request))
    form = LoginForm(request, data=request.POST or None)
    lock_message = None
    if request.method == "POST":
        # Failures and lockouts are counted and audited by the authentication backend
        # (huanjie.accounts.lockout), which every check of a password goes through.
        if form.is_valid():
            user = form.get_user()
            auth_login(request, user)
            lockout.record_login(user)
            _tell_about_reset(request, user)
            return redirect(_safe_next(request))
        username = unicodedata.normalize("NFKC", request.POST.get("username") or "").strip()
        if username:
            lock_message = _lock_message(username, client_ip(request))
        refusal = getattr(request, "huanjie_login_refusal", "")
        if refusal and not lock_message:
            form.errors.pop("__all__", None)
            form.add_error(None, refusal)
    return _login_page(request, form, ResetLoginForm(), lock_message)


def _login_page(
    request: HttpRequest, form: Any, reset_form: Any, lock_message: str | None, reset_error: str = ""
) -> HttpResponse:
    return render(
        request,
        "registration/login.html",
        {
            "form": form,
            "reset_form": reset_form,
            "reset_error": reset_error,
            "lock_message": lock_message,
            "next": request.GET.get("next", ""),
        },
        status=429 if lock_message else 200,
    )


def _reset_text(reset: Any) -> str:
    when = timezone.localtime(reset.confirmed_at).strftime("%Y-%m-%d %H:%M")
    by = f"{reset.initiated_by.display_name or reset.initiated_by.username}（{reset.initiated_by.username}）"
    ok = f"{reset.confirmed_by.display_name or reset.confirmed_by.username}（{reset.confirmed_by.username}）"
    return f"您的密码于 {when} 被重置：由 {by} 发起，{ok} 确认，理由：{reset.reason}。"


def _tell_about_reset(request: HttpRequest, user: Any) -> None:
    """At the first login after a reset, the holder is told who reset the password and when."""
    reset = account_services.password_reset_notice(user)
    if reset is not None:
        messages.warning(request, _reset_text(reset) + "如非您本人申请，请立即向安全管理员报告。")
        account_services.password_reset_mark_notified(actor=user, reset=reset)


_RESET_SESSION_KEY = "huanjie_reset"


@public
@sensitive_post_parameters("half_a", "half_b")
@csrf_protect
@never_cache
@require_POST
def login_reset(request: HttpRequest) -> HttpResponse:
    """The holder of a reset account enters both halves (login page, 临时口令). Success logs nobody
    in: the session only remembers, for a few minutes, that this reset may set a new password."""
    reset_form = ResetLoginForm(request.POST)
    error = ""
    if reset_form.is_valid():
        data = reset_form.cleaned_data
        try:
            reset = account_services.password_reset_redeem(
                username=data["username"], half_a=data["half_a"], half_b=data["half_b"], ip=client_ip(request)
            )
        except lockout.AccountLocked:
            lock = _lock_message(data["username"], client_ip(request)) or lockout.lock_text()
            return _login_page(request, LoginForm(request), reset_form, lock)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            if request.user.is_authenticated:
                auth_logout(request)
            request.session.cycle_key()
            until = timezone.now() + account_services.RESET_SESSION_LIFETIME
            request.session[_RESET_SESSION_KEY] = {
                "reset": reset.pk,
                "user": reset.user_id,
                "until": until.isoformat(),
            }
            return redirect("password_reset_new")
    else:
        error = "请填写账号和临时口令的前后两半。"
    return _login_page(request, LoginForm(request), reset_form, None, error)


def _redeemed(request: HttpRequest) -> dict[str, Any] | None:
    marker = request.session.get(_RESET_SESSION_KEY)
    if not marker or dt.datetime.fromisoformat(marker["until"]) <= timezone.now():
        return None
    return dict(marker)


@public
@sensitive_post_parameters("new_password1", "new_password2")
@csrf_protect
@never_cache
def password_reset_new(request: HttpRequest) -> HttpResponse:
    """The one thing a temporary secret can do: set the account's new password."""
    marker = _redeemed(request)
    if marker is None:
        request.session.pop(_RESET_SESSION_KEY, None)
        messages.error(request, "请先在登录页输入账号和临时口令。")
        return redirect("login")
    form = NewPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account_services.password_reset_complete(
                reset_id=marker["reset"],
                user_id=marker["user"],
                new_password=form.cleaned_data["new_password1"],
            )
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                request.session.pop(_RESET_SESSION_KEY, None)
                messages.error(request, exc.messages[0])
                return redirect("login")
            apply_service_errors(form, exc)
        else:
            request.session.pop(_RESET_SESSION_KEY, None)
            messages.success(request, "新密码已设置，请用新密码登录。")
            return redirect("login")
    return render(request, "registration/password_reset_new.html", {"form": form})


@public
@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    messages.info(request, "您已安全退出。")
    return redirect(settings.LOGOUT_REDIRECT_URL)


def _locked_out(request: HttpRequest) -> HttpResponse:
    """Guessing the password from an open session is stopped like guessing it at the login page:
    the account locks and the session ends."""
    auth_logout(request)
    messages.error(
        request, f"原密码错误次数过多，账号已锁定 {settings.HUANJIE_LOCKOUT_MINUTES} 分钟，已退出登录。"
    )
    return redirect(settings.LOGOUT_REDIRECT_URL)


@requires(AUTHENTICATED)
@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@never_cache
def password_change(request: AuthedRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = account_services.password_change(
                actor=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
            )
        except lockout.AccountLocked:
            return _locked_out(request)
        except ValidationError as exc:
            if lockout.is_locked(request.user.username, client_ip(request)):
                return _locked_out(request)
            apply_service_errors(form, exc)
        else:
            # Keep this session logged in; other sessions of the account end (their hash is stale).
            update_session_auth_hash(request, user)
            messages.success(request, "密码已修改。")
            return redirect(settings.LOGIN_REDIRECT_URL)
    return render(
        request,
        "registration/password_change.html",
        {"form": form, "forced": getattr(request.user, "must_change_password", False)},
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Shown when a form arrives without a valid CSRF token (settings.CSRF_FAILURE_VIEW)."""
    return render(
        request,
        "core/error.html",
        {"code": 403, "message": "页面已过期或请求来源无法验证。请返回上一页，刷新后重新提交。"},
        status=403,
    )
