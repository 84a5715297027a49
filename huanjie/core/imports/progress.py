"""Progress of a running import, for the page's progress bar (:class:`ProgressSink`,
:func:`live_progress`), and the job's lease: every progress report renews it (:func:`new_lease`);
a job whose lease has run out has lost its worker (see :mod:`.jobs`)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, connections
from django.utils import timezone

from huanjie.core.imports.limits import lease_seconds
from huanjie.core.models import ImportJob

logger = logging.getLogger(__name__)

#: The statuses a progress report (and lease renewal) applies to (lifecycle.LEASED).
RUNNING = (ImportJob.Status.VALIDATING, ImportJob.Status.COMMITTING)


class ProgressSink:
    """Reports rows done to the page. While previewing it updates the job row. Inside the commit
    transaction (``in_transaction``) that update would stay invisible to the page (and on SQLite
    would take the write lock early), so it goes through a second connection (PostgreSQL) or a small
    file next to the database (SQLite, where everything runs on one machine).
    """

    def __init__(self, job: ImportJob, stage: str, total: int) -> None:
        self.job = job
        self.stage = stage
        self.total = total
        self.last = 0.0
        self.side: Any = None
        self.in_transaction = False

    def __call__(self, done: int, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < 0.5:
            return
        self.last = now
        lease = new_lease()
        fields: dict[str, Any] = {
            "rows_done": min(done, self.total),
            "rows_total": self.total,
            "message": self.stage,
            "lease_until": lease,
        }
        if not self.in_transaction:
            # Only while the job runs: a job failed meanwhile (stale) keeps no lease.
            ImportJob.objects.filter(pk=self.job.pk, status__in=RUNNING).update(**fields)
        elif connection.vendor == "postgresql":
            self._side_update(fields)
        else:
            progress_file(self.job.pk).write_text(json.dumps(fields | {"lease_until": lease.isoformat()}))

    def _side_update(self, fields: dict[str, Any]) -> None:
        try:
            if self.side is None:
                self.side = connections.create_connection("default")
            with self.side.cursor() as cur:
                cur.execute(
                    f"UPDATE {ImportJob._meta.db_table} SET rows_done = %s, rows_total = %s, message = %s, "  # noqa: S608
                    "lease_until = %s WHERE id = %s AND status IN (%s, %s)",
                    [
                        fields["rows_done"],
                        fields["rows_total"],
                        fields["message"],
                        fields["lease_until"],
                        self.job.pk,
                        *(s.value for s in RUNNING),
                    ],
                )
        except DatabaseError:  # progress is best effort; the import itself is unaffected
            logger.warning("import progress update failed", exc_info=True)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
        progress_file(self.job.pk).unlink(missing_ok=True)


def new_lease() -> dt.datetime:
    """When a lease taken or renewed now runs out (``HUANJIE_IMPORT_LEASE_SECONDS``)."""
    return timezone.now() + dt.timedelta(seconds=lease_seconds())


def side_lease(pk: int) -> dt.datetime | None:
    """The lease renewed through the SQLite side file (inside a commit transaction), if any."""
    try:
        return dt.datetime.fromisoformat(json.loads(progress_file(pk).read_text())["lease_until"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def progress_file(pk: int) -> Path:
    folder = Path(settings.VAR_DIR) / "import-progress"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{pk}.json"


def live_progress(job: ImportJob) -> tuple[int, int, str]:
    """(rows done, rows total, stage) for the progress bar, including the SQLite side channel."""
    done, total, stage = job.rows_done, job.rows_total, job.message
    path = progress_file(job.pk)
    if job.status == ImportJob.Status.COMMITTING and path.exists():
        try:
            data = json.loads(path.read_text())
            done, total, stage = data["rows_done"], data["rows_total"], data["message"]
        except (OSError, ValueError, KeyError):
            pass
    return done, total, stage
