"""Login lockout: 5 failed attempts lock the account, and separately the source IP, for 15 minutes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone

from huanjie.accounts.models import LoginAttempt
from huanjie.core.middleware import client_ip


class AccountLocked(PermissionDenied):
    pass


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=settings.HUANJIE_LOCKOUT_MINUTES)


def _failures_since_success(**where: str) -> int:
    since = _window_start()
    last_ok = (
        LoginAttempt.objects.filter(success=True, at__gte=since, **where)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    qs = LoginAttempt.objects.filter(success=False, at__gte=last_ok or since, **where)
    return qs.count()


def is_locked(username: str, ip: str) -> bool:
    limit = settings.HUANJIE_LOCKOUT_THRESHOLD
    return _failures_since_success(username=username) >= limit or (
        bool(ip)
        and LoginAttempt.objects.filter(success=False, ip=ip, at__gte=_window_start()).count() >= limit
    )


class LockoutModelBackend(ModelBackend):
    """ModelBackend that refuses locked accounts and addresses and records every attempt."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if username is None:
            return None
        ip = client_ip(request) if request is not None else ""
        if is_locked(username, ip):
            LoginAttempt.objects.create(username=username, ip=ip, success=False)
            raise AccountLocked(
                f"登录失败次数过多，账号或地址已锁定 {settings.HUANJIE_LOCKOUT_MINUTES} 分钟。"
            )
        user = super().authenticate(request, username=username, password=password, **kwargs)
        LoginAttempt.objects.create(username=username, ip=ip, success=user is not None)
        return user
