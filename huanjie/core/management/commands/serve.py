"""`huanjie serve [ADDR:PORT]`: the task worker and the development web server in one command.

Starts ``db_worker`` (django-tasks database backend: big imports, reports) as a child process, then
runs Django's ``runserver`` without autoreload in the foreground; when the server stops (Ctrl+C or
SIGTERM), the worker is stopped too. This is what ``make run`` calls. Production runs gunicorn and
``huanjie db_worker`` as separate services (docs/operations.md).
"""

from __future__ import annotations

import signal
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the task worker (db_worker) as a child process and the web server (runserver, no autoreload)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000", help="ADDR:PORT to listen on")
        parser.add_argument("--no-worker", action="store_true", help="do not start the task worker")

    def handle(self, *args: Any, addrport: str, no_worker: bool, **options: Any) -> None:
        worker = None
        if not no_worker:
            worker = subprocess.Popen([sys.executable, "-m", "huanjie.cli", "db_worker"])
            self.stdout.write(f"任务进程已启动（pid {worker.pid}）")

        def stop(signum: int, frame: Any) -> None:
            raise SystemExit(0)

        previous = signal.signal(signal.SIGTERM, stop)
        try:
            # Static files come from node_modules and the apps; nginx serves them in production.
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
