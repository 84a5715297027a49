"""Parsing untrusted files in a child process with hard memory and time limits (DESIGN.md rule 17).

:func:`parse_in_child` starts a child from a *forkserver* (started once per web or worker process,
with only this module and python-calamine loaded, so that a child costs a fork, not an interpreter
start). The child caps its address space (``RLIMIT_AS``: what it already uses plus
``HUANJIE_IMPORT_PARSE_MEMORY_MB``) and its CPU time, parses the bytes (:mod:`.parsing`) and sends
the rows back through a pipe. Whatever the file does to the child (a reader asking for 512 GiB and
aborting, a runaway parse, a crash in native code), the parent gets a Chinese
:class:`~huanjie.core.imports.problems.ImportFileError` naming the limit, and lives on.

The rows come back pickled, in chunks: the child sends the sheet's description and size once the
file is parsed, then the rows in chunks of :data:`CHUNK`, so that the parent checks the first rows
while the child still prepares the next (:class:`ParsedRows`). Everything is unpickled with an
allow-list (:func:`loads`): a child whose parser was subverted by a file cannot make the parent run
code. This module must stay importable without Django: the forkserver preloads it. (Like every
user of multiprocessing, the program's main module must be import-safe: the child imports it as
``__mp_main__``; ``manage.py``, gunicorn and pytest are.)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import gc
import io
import logging
import multiprocessing
import os
import pickle
import signal
import threading
import time
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from typing import Any

from huanjie.core.imports.limits import MB, Limits
from huanjie.core.imports.parsing import RawTable, parse_csv, parse_xlsx, share_strings
from huanjie.core.imports.problems import ImportFileError

logger = logging.getLogger(__name__)

_PRELOAD = ["huanjie.core.imports.sandbox", "python_calamine"]
_context: Any = None


def _mp_context() -> Any:
    global _context
    if _context is None:
        if "forkserver" in multiprocessing.get_all_start_methods():
            _context = multiprocessing.get_context("forkserver")
            _context.set_forkserver_preload(_PRELOAD)
        else:  # pragma: no cover - platforms without fork
            _context = multiprocessing.get_context("spawn")
    return _context


def memory_message(limits: Limits) -> str:
    return (
        f"解析文件所需的内存超过了上限 {limits.parse_memory_mb:,} MB（HUANJIE_IMPORT_PARSE_MEMORY_MB），"
        "已停止。文件可能含有大量空白行列、超大单元格或是恶意构造的。请删除多余内容或拆分文件后重新上传。"
    )


def time_message(limits: Limits) -> str:
    return (
        f"解析文件超过了时间上限 {limits.parse_seconds:,} 秒（HUANJIE_IMPORT_PARSE_SECONDS），已停止。"
        "请拆分为几个较小的文件后重新上传。"
    )


#: Rows per message from the child.
CHUNK = 50_000
#: The pipe's buffer for the rows (Linux allows an unprivileged process up to 1 MiB).
PIPE_BYTES = 1 << 20


class ParsedRows:
    """The rows of a parsed sheet as the child sends them: iterable any number of times (each
    iteration reads on from the pipe where the rows received so far end), ``len`` the sheet's rows.
    The child ends once every row is received, or at :meth:`close` (the reader stops early).

    :meth:`receive_in_background` takes the rest of the rows still pickled, for two processes to
    read apart (:meth:`rows_in`): each unpickles its own chunks, which then live in its own memory."""

    def __init__(self, receiver: Connection, child: Any, limits: Limits, started: float, chunk: int) -> None:
        self._receiver, self._child, self._limits, self._started = receiver, child, limits, started
        self._chunk = chunk
        self._height = self._received = 0
        self._chunks: list[list[list[Any]] | bytes] = []

    def __len__(self) -> int:
        return self._height

    def __iter__(self) -> Iterator[list[Any]]:
        k = 0
        while True:
            while k < len(self._chunks):
                yield from self._chunk_rows(k)
                k += 1
            if self._received >= self._height:
                return
            chunk = self.receive()
            self._chunks.append(chunk)
            self._received += len(chunk)
            if self._received >= self._height:
                self.close()

    def _chunk_rows(self, k: int) -> list[list[Any]]:
        chunk = self._chunks[k]
        if isinstance(chunk, bytes):
            chunk = self._chunks[k] = loads(chunk)
        return chunk

    def chunks(self) -> int:
        """How many messages of rows the child sends in all."""
        return -(-self._height // self._chunk)

    def receive_in_background(self) -> None:
        """Receive every row not received yet in a thread, still pickled, while this process reads
        the first ones (:meth:`wait_for`, then :meth:`rows_in`). The thread ends once every row is
        received, or with the child's failure, which :meth:`wait_for` raises."""
        self._ready = threading.Condition()
        self._failure: BaseException | None = None

        def receive() -> None:
            try:
                while self._received < self._height:
                    data = self._receive_bytes()
                    with self._ready:
                        self._chunks.append(data)
                        self._received += min(self._chunk, self._height - self._received)
                        self._ready.notify_all()
                self.close()
            except BaseException as exc:  # the child died or took too long: for the reader to raise
                with self._ready:
                    self._failure = exc
                    self._ready.notify_all()

        self._receiver_thread = threading.Thread(target=receive, name="huanjie-import-receive", daemon=True)
        self._receiver_thread.start()

    def wait_for(self, k: int) -> None:
        """Wait until message ``k`` is received (:meth:`receive_in_background`)."""
        with self._ready:
            while len(self._chunks) <= k and self._failure is None:
                self._ready.wait()
            if len(self._chunks) <= k:
                assert self._failure is not None
                raise self._failure

    def all_received(self) -> bool:
        """Every row received and the receiving thread ended (a fork of this process may be made)."""
        if self._received < self._height:
            return False
        self._receiver_thread.join()
        return True

    def rows_in(self, first: int, end: int) -> Iterator[tuple[int, list[Any]]]:
        """(index from the top of the sheet, cells) of the rows of chunks ``first`` to ``end`` - 1
        (received: :meth:`wait_for`)."""
        for k in range(first, end):
            yield from enumerate(self._chunk_rows(k), start=k * self._chunk)

    def expect(self, height: int) -> None:
        """The sheet has ``height`` rows (the child's first message says so)."""
        self._height = height
        if height == 0:
            self.close()

    def receive(self) -> Any:
        """The child's next message, unpickled (see :meth:`_receive_bytes`)."""
        return loads(self._receive_bytes())

    def _receive_bytes(self) -> bytes:
        """The child's next message. A child that takes too long or dies is ended and the reason
        raised in Chinese (the time limit, or else the memory limit: what kills a parser)."""
        receiver, child, limits = self._receiver, self._child, self._limits
        try:
            if not receiver.poll(limits.parse_seconds):
                logger.warning("import parse child %s timed out after %ss", child.pid, limits.parse_seconds)
                raise ImportFileError(time_message(limits))
            try:
                return receiver.recv_bytes()
            except (EOFError, OSError):
                child.join(5)
                code = child.exitcode
                logger.warning("import parse child %s died (exit code %s)", child.pid, code)
                if (
                    code is not None
                    and code in (-signal.SIGXCPU, -signal.SIGKILL)
                    and (time.monotonic() - self._started >= limits.parse_seconds * 0.9)
                ):
                    raise ImportFileError(time_message(limits)) from None
                raise ImportFileError(memory_message(limits)) from None
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """End the child (a no-op once it has ended)."""
        self._receiver.close()
        if self._child.is_alive():
            self._child.kill()
        self._child.join(5)


def parse_in_child(
    data: bytes,
    suffix: str,
    sheet: str | None,
    limits: Limits,
    *,
    clean: bool = True,
    chunk: int | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> tuple[RawTable, ParsedRows, int]:
    """Parse ``data`` (".csv" or ".xlsx"; ``sheet``: the worksheet to read; ``clean``: look for
    invisible characters) in a limited child. Returns the sheet (without its rows), its rows as the
    child sends them (``chunk`` rows per message, default :data:`CHUNK`), and its width (cells in
    the longest row). ``meanwhile``: work of the caller's own, done while the child parses (the
    child is ended if it raises)."""
    chunk = chunk or CHUNK
    ctx = _mp_context()
    receiver, sender = ctx.Pipe(duplex=False)
    with contextlib.suppress(AttributeError, OSError):  # Linux: room for half a message of rows, so
        # that a thread receiving them needs a few reads a message, not one per 64 KiB
        fcntl.fcntl(receiver.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    child = ctx.Process(
        target=_child_main,
        args=(sender, data, suffix, sheet, limits, clean, chunk),
        name="huanjie-import-parse",
        daemon=True,
    )
    started = time.monotonic()
    child.start()
    sender.close()
    rows = ParsedRows(receiver, child, limits, started, chunk)
    if meanwhile is not None:
        try:
            meanwhile()
        except BaseException:
            rows.close()
            raise
    status, payload, height, width = rows.receive()
    if status != "ok":
        rows.close()
        raise ImportFileError(payload)
    rows.expect(height)
    table: RawTable = payload
    return table, rows, width


_ALLOWED = {
    ("datetime", "date"): dt.date,
    ("datetime", "datetime"): dt.datetime,
    ("datetime", "time"): dt.time,
    ("datetime", "timedelta"): dt.timedelta,
    ("huanjie.core.imports.parsing", "RawTable"): RawTable,
}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed from the parsing child") from None


def loads(data: bytes) -> Any:
    """Unpickle what the child sent: plain values, dates and times, and :class:`RawTable` only."""
    return _Unpickler(io.BytesIO(data)).load()


def _limit_resources(limits: Limits) -> None:
    import resource

    try:
        with open("/proc/self/statm") as f:
            used = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):  # pragma: no cover - not Linux
        used = 0
    cap = used + limits.parse_memory_mb * MB
    try:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ValueError, OSError):  # pragma: no cover - the platform refuses; the timeout still holds
        logger.warning("could not limit the import parser's memory")
    cpu = limits.parse_seconds + 5
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))


def _child_main(
    conn: Connection, data: bytes, suffix: str, sheet: str | None, limits: Limits, clean: bool, chunk: int
) -> None:
    result: tuple[str, Any, int, int]
    rows: list[list[Any]] = []
    gc.disable()  # a short-lived process building the rows' objects: see importer.gc_paused
    try:
        _limit_resources(limits)
        table = parse_csv(data) if suffix == ".csv" else parse_xlsx(data, sheet, clean=clean)
        del data
        rows, table.rows = table.rows, []
        result = ("ok", table, len(rows), max((len(r) for r in rows), default=0))
    except ImportFileError as exc:
        result = ("error", str(exc), 0, 0)
    except MemoryError:
        result = ("error", memory_message(limits), 0, 0)
    except BaseException as exc:
        logger.warning("import parse failed: %r", exc)
        result = (
            "error",
            "无法读取文件：文件可能已损坏或不是 Excel 生成的 .xlsx。请在 Excel 中打开后另存为 .xlsx 再上传。",
            0,
            0,
        )
    try:
        conn.send_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        if result[0] == "ok":
            for i in range(0, len(rows), chunk):
                part = rows[i : i + chunk]
                share_strings(part)
                conn.send_bytes(pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL))
    except (MemoryError, OSError):
        # out of memory: the parent reads the closed pipe as the memory limit; OSError: the parent
        # stopped reading (it closed its end), nothing more to send
        pass
    finally:
        conn.close()
