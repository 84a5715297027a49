"""`huanjie serve [ADDR:PORT]`: the task worker and the development web server in one command.

Starts ``db_worker`` (django-tasks database backend: big imports, reports) as a child process, then
runs Django's ``runserver`` without autoreload in the foreground; when the server stops (Ctrl+C or
SIGTERM), the worker is stopped too. This is what ``make run`` calls. Production runs gunicorn and
``huanjie db_worker`` as separate services (docs/operations.md).
"""

from __future__ import annotations

import contextlib
import ctypes
import signal
import socket
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the worker, before exec: on Linux, receive SIGTERM when the server process ends, even if
    it ends without cleaning up (runserver leaves with os._exit on some errors)."""
    # Not Linux: nothing to do; the finally block in handle() still stops the worker.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _split(addrport: str) -> tuple[str, int]:
    host, _, port = addrport.rpartition(":")
    if not port.isdigit():
        raise CommandError(f"地址应为 ADDR:PORT，例如 127.0.0.1:8000（收到“{addrport}”）")
    return host.strip("[]") or "127.0.0.1", int(port)


class Command(BaseCommand):
    help = "Run the task worker (db_worker) as a child process and the web server (runserver, no autoreload)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000", help="ADDR:PORT to listen on")
        parser.add_argument("--no-worker", action="store_true", help="do not start the task worker")

    def handle(self, *args: Any, addrport: str, no_worker: bool, **options: Any) -> None:
        host, port = _split(addrport)
        # Refuse early, before starting the worker, if the port is taken.
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            try:
                probe.bind((host, port))
            except OSError as exc:
                raise CommandError(f"无法监听 {host}:{port}：{exc.strerror}（端口可能已被占用）") from None
        worker = None
        if not no_worker:
            worker = subprocess.Popen(
                [sys.executable, "-m", "huanjie.cli", "db_worker"], preexec_fn=_die_with_parent
            )
            self.stdout.write(f"任务进程已启动（pid {worker.pid}）")

        def stop(signum: int, frame: Any) -> None:
            raise SystemExit(0)

        previous = signal.signal(signal.SIGTERM, stop)
        try:
            # The demo server also serves the static files (production: nginx), whatever DEBUG is.
            call_command("runserver", addrport, use_reloader=False, insecure_serving=True)
        finally:
            signal.signal(signal.SIGTERM, previous)
            if worker is not None and worker.poll() is None:
                worker.terminate()
                try:
                    worker.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    worker.kill()
                    worker.wait()
            if worker is not None:
                self.stdout.write("任务进程已停止")
