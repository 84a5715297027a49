"""The rules' half of a campaign-wide screening run (``huanjie screen``), in a helper process.

``screening.screen_campaign`` reads a chunk of candidates and everything the rules need, and stores
each chunk's effects, in one transaction in the main process; the rules themselves are pure
(huanjie.rules.screening), so a helper process judges chunk N while the main process reads chunk N+1
and writes chunk N-1: the two cores share a run that would otherwise wait on one. The helper is
started from the import kit's forkserver (core.imports.sandbox): this module must stay importable
without Django.

Protocol, one message each way per chunk (the main process sends a chunk only after receiving the
previous chunk's answer, so neither side can block the other on a full pipe): ``(common, items)``
where ``common`` are the keyword arguments of ``rules.screen`` shared by the chunk and ``items`` the
list of ``(candidate, keyword arguments)``; the answer is the list of ``(effect, effect_text)`` in the
same order. ``None`` ends the helper.
"""

from __future__ import annotations

import contextlib
from typing import Any

from huanjie.rules import screening as rules

Item = tuple[rules.ScreenedCandidate, dict[str, Any]]


def judge(common: dict[str, Any], items: list[Item]) -> list[tuple[str, str]]:
    """Each item's effect and its text, by ``rules.screen``."""
    out: list[tuple[str, str]] = []
    for candidate, kwargs in items:
        result = rules.screen(candidate, **common, **kwargs)
        out.append((result.effect, result.effect_text))
    return out


def serve(conn: Any) -> None:
    """The helper's loop: judge each chunk received until ``None``."""
    try:
        while True:
            message = conn.recv()
            if message is None:
                return
            common, items = message
            conn.send(judge(common, items))
    except EOFError:
        return
    finally:
        conn.close()


class Helper:
    """The helper process of one run: ``send`` a chunk, then ``recv`` its answer (alternately);
    ``close`` ends it (also on error in the main process)."""

    def __init__(self) -> None:
        from huanjie.core.imports.sandbox import _mp_context

        ctx = _mp_context()
        self._conn, child = ctx.Pipe(duplex=True)
        self._process = ctx.Process(target=serve, args=(child,), name="huanjie-screen", daemon=True)
        self._process.start()
        child.close()

    def send(self, common: dict[str, Any], items: list[Item]) -> None:
        self._conn.send((common, items))

    def recv(self) -> list[tuple[str, str]]:
        try:
            answer: list[tuple[str, str]] = self._conn.recv()
        except EOFError:
            raise RuntimeError("审查进程意外退出") from None
        return answer

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._conn.send(None)
        self._conn.close()
        self._process.join(10)
        if self._process.is_alive():
            self._process.kill()
            self._process.join(5)
