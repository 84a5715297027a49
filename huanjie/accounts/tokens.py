"""API tokens: creation, revocation and bearer authentication.

A token is a random secret shown once when created; only its SM3 digest is stored (``ApiToken``),
so a leaked database does not leak usable tokens. A request carrying ``Authorization: Bearer <token>``
acts as the token's user: the same capabilities, the same jurisdiction (``visible_to``) and the same
404 for anything outside it as in the UI.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from huanjie.accounts.models import ApiToken, User
from huanjie.core import audit
from huanjie.core.audit import AuditAction
from huanjie.core.crypto import sm3_hex

TOKEN_PREFIX = "hj_"  # noqa: S105 (a public marker, not a secret)
# last_used is refreshed at most this often, so reads do not turn into a write per request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=5)


def token_digest(token: str) -> str:
    return sm3_hex(token.encode())


@transaction.atomic(durable=True)
def api_token_create(*, actor: User | None, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token for ``user``; returns the record and the token, which is never stored."""
    name = name.strip()
    if not name:
        raise ValueError("令牌名称不能为空")
    if not user.is_active:
        raise ValueError("该账号已停用，不能创建令牌")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(user=user, name=name, key_digest=token_digest(token))
    audit.record(
        AuditAction.CREATE,
        actor=actor,
        instance=record,
        after={"user": user.username, "name": name},
    )
    return record, token


@transaction.atomic(durable=True)
def api_token_revoke(*, actor: User | None, token: ApiToken) -> ApiToken:
    """Deactivate a token; requests carrying it get 401 from then on."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.is_active:
        token.is_active = False
        token.save(update_fields=["is_active"])
        audit.record(
            AuditAction.UPDATE,
            actor=actor,
            instance=token,
            before={"is_active": True},
            after={"is_active": False},
        )
    return token


class TokenAuth(HttpBearer):
    """``Authorization: Bearer hj_…``; missing, unknown or revoked tokens and inactive users → 401."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token.startswith(TOKEN_PREFIX):
            return None
        record = (
            ApiToken.objects.select_related("user")
            .filter(key_digest=token_digest(token), is_active=True)
            .first()
        )
        if record is None or not record.user.is_active:
            return None
        now = timezone.now()
        if record.last_used is None or now - record.last_used > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=record.pk).update(last_used=now)
        request.user = record.user
        return record.user
