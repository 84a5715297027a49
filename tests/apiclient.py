"""Helpers for API tests: a bearer token for a cast user, and JSON GETs with it."""

from __future__ import annotations

from typing import Any

from django.test import Client

from huanjie.accounts.tokens import api_token_create


def bearer(user: Any, name: str = "test") -> str:
    _, token = api_token_create(actor=None, user=user, name=name)
    return token


def api_get(client: Client, path: str, token: str | None, **params: Any) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get(path, params, headers=headers)


def body_text(response: Any) -> str:
    """The response as text with JSON's \\u escapes decoded, so Chinese names can be searched."""
    import json

    return json.dumps(json.loads(response.content), ensure_ascii=False)
