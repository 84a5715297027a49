"""Per-request context (IP address, request id) for the audit trail.

Services are called from views, the API, imports and background tasks; they read the origin of a
change from here instead of taking the request as a parameter.
"""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip: str = ""
    request_id: str = ""


_current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "huanjie_request_context", default=RequestContext()
)


def current() -> RequestContext:
    return _current.get()


@contextmanager
def bind(*, ip: str = "", request_id: str | None = None) -> Iterator[RequestContext]:
    ctx = RequestContext(ip=ip, request_id=request_id or uuid.uuid4().hex)
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)
