"""Work done by a fork of this process on the other core, while this process goes on (the second
half of a large file's rows, :func:`huanjie.core.imports.importer.process`).

A fork shares what this process has already built (the parsed rows, the importer's reference data)
without copying or sending it, and runs the same trusted code: it is not a sandbox (untrusted bytes
are parsed in :mod:`.sandbox`'s child), only a second core. Its result comes back ``marshal``'d
through a pipe: plain values, from code of this server.

The fork must not touch this process's database connection (a query of the fork would be sent on
the same socket, inside this process's transaction): every query in the fork raises, the fork then
fails, and :meth:`Forked.result` returns None — the caller does the work itself. So does a fork that
raises, dies or is killed. The fork ends with ``os._exit``: no cleanup of this process's state
(connections, temporary files, atexit handlers) runs in it.
"""

from __future__ import annotations

import marshal
import os
import signal
from collections.abc import Callable
from typing import Any


class ForkRefusedQuery(RuntimeError):
    """A query in the fork: it has no database connection of its own."""


def _refuse(*_args: Any) -> Any:
    raise ForkRefusedQuery("no database queries in a forked part of the work")


def _forbid_queries() -> None:
    from django.conf import settings
    from django.db import connections

    if not settings.configured:  # nothing to forbid (the kit's parts that need no Django)
        return
    for alias in connections:
        connections[alias].execute_wrappers.append(_refuse)


def can_fork() -> bool:
    return hasattr(os, "fork")


class Forked:
    """``work()`` run in a fork of this process; :meth:`result` waits for what it returned. As a
    context manager, a fork whose result was never read (this process failed meanwhile) is ended on
    the way out."""

    def __init__(self, work: Callable[[], Any]) -> None:
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # the fork
            code = 1
            try:
                os.close(reader)
                _forbid_queries()
                payload = marshal.dumps(work(), 4)
                with os.fdopen(writer, "wb") as out:
                    out.write(payload)
                code = 0
            except BaseException:  # noqa: S110 - the parent sees the exit code and does the work
                pass
            finally:
                os._exit(code)
        os.close(writer)
        self.pid, self.reader = pid, reader

    def result(self) -> Any | None:
        """What ``work()`` returned, or None when the fork failed (raised, died, was killed)."""
        with os.fdopen(self.reader, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        if os.waitstatus_to_exitcode(status) != 0 or not payload:
            return None
        return marshal.loads(payload)  # noqa: S302 - written by this server's own code in the fork

    def __enter__(self) -> Forked:
        return self

    def __exit__(self, *exc: object) -> None:
        self.cancel()

    def cancel(self) -> None:
        """End the fork unread (this process failed meanwhile); a no-op once :meth:`result` ran."""
        if self.pid:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            os.close(self.reader)
            self.pid = 0
