"""Request context for the audit trail, Content-Security-Policy, and the forced password change."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from huanjie.core import context

logger = logging.getLogger(__name__)

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def client_ip(request: HttpRequest) -> str:
    if settings.HUANJIE_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()[:45]
    return request.META.get("REMOTE_ADDR", "")[:45]


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The request id is always the server's own: a client could otherwise plant a misleading id
        # in the audit trail. A well-formed client id is logged beside it, never stored as ours.
        rid = uuid.uuid4().hex
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        if incoming and _REQUEST_ID.match(incoming):
            logger.info("request %s carries client request id %s", rid, incoming)
        with context.bind(ip=client_ip(request), request_id=rid):
            request.request_id = rid  # type: ignore[attr-defined]
            response = self.get_response(request)
        response["X-Request-ID"] = rid
        return response


class RejectNulMiddleware:
    """A NUL character in any parameter is refused at the door (400, in Chinese): no official types
    one, PostgreSQL cannot store one, and a view reading a raw parameter would otherwise fail deep
    inside a query."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "%00" in request.META.get("QUERY_STRING", ""):
            return _bad_request(request)
        if request.method == "POST" and request.path.startswith("/api/"):
            # The API reads the raw body (JSON); reading it first keeps it readable after the form
            # parse below (Django refuses ``body`` once the stream was read as a form).
            request.body  # noqa: B018
        if (
            request.method == "POST"
            and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data")
            and any("\x00" in v for _, values in request.POST.lists() for v in values)
        ):
            return _bad_request(request)
        return self.get_response(request)


NUL_REFUSED = "请求中含有不允许的控制字符（NUL），请检查输入后重试。"


def _bad_request(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": NUL_REFUSED}, status=400)
    return HttpResponse(NUL_REFUSED, status=400, content_type="text/plain; charset=utf-8")


class IdleSessionMiddleware:
    """Sliding idle expiry without writing the session on every request.

    Saving the session on each request turned every page view into a database write; on the
    embedded SQLite that queues readers behind a long import commit. Instead the session is saved
    (its expiry pushed to now + SESSION_COOKIE_AGE) only when the last refresh is older than
    ``HUANJIE_SESSION_REFRESH_SECONDS``: an idle user is logged out within that margin of the
    30 minutes.
    """

    KEY = "_huanjie_refreshed"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated and session.session_key:
            now = int(timezone.now().timestamp())
            last = session.get(self.KEY, 0)
            if now - int(last) >= settings.HUANJIE_SESSION_REFRESH_SECONDS:
                session[self.KEY] = now  # marks the session modified: SessionMiddleware saves it
        return response


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every response of the application (pages, exports, API): they
    show personal data to the signed-in user, and no browser or proxy cache may keep a copy.
    Static files (served by nginx, or by ``huanjie serve`` before this middleware) are unaffected."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(settings.STATIC_URL):
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/api/docs"):
            # The OpenAPI viewer ships its own bundled script; it is still same-origin only.
            response.setdefault(
                "Content-Security-Policy",
                settings.HUANJIE_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
            )
        else:
            response.setdefault("Content-Security-Policy", settings.HUANJIE_CSP)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class PasswordChangeRequiredMiddleware:
    """Accounts created by an administrator must choose their own password at first login."""

    ALLOWED = ("password_change", "logout")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
            and not request.path.startswith(settings.STATIC_URL)
            and not request.path.startswith("/api/")
            and request.path not in {reverse(name) for name in self.ALLOWED}
        ):
            return redirect("password_change")
        return self.get_response(request)
