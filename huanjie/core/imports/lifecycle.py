"""The import job's life: its statuses and the one function that changes them, the lease that
tells a running job from one whose worker died, and the reads that fail such a job on the way.

The table itself is a workflow table (huanjie.rules.import_job); :func:`transition` applies it and
leaves a history row (huanjie.core.workflow.record_history). Nothing else assigns
``ImportJob.status`` (tests/core/test_import_jobs.py checks).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import Any

from django.db import OperationalError, connection, transaction
from django.http import Http404
from django.utils import timezone

from huanjie.core.actors import Account
from huanjie.core.imports.progress import new_lease, progress_file, side_lease
from huanjie.core.models import ImportJob
from huanjie.core.workflow import record_history
from huanjie.rules.import_job import IMPORT_JOB, step_to

logger = logging.getLogger(__name__)

Status = ImportJob.Status

#: The import job's state machine, declared as a workflow table in huanjie.rules.import_job:
#: status → the statuses it may move to. :func:`transition` is the only code that changes
#: ``ImportJob.status`` (tests/core/test_import_jobs.py checks both).
TRANSITIONS: dict[str, set[str]] = {
    state: {t.target for t in IMPORT_JOB.transitions if state in t.sources} for state in IMPORT_JOB.states
}
#: Statuses in which a worker is at work and holds the job's lease.
LEASED = {Status.VALIDATING, Status.COMMITTING}
#: Statuses the user may discard (放弃) a job from.
DISCARDABLE = {Status.READY, Status.INVALID, Status.FAILED}

INTERNAL_ERROR = (
    "处理失败：系统内部错误，未导入任何数据。请放弃此任务后重新上传；如仍失败，请联系系统管理员。"
)
STALE = (
    "处理中断：处理此文件的后台进程已停止响应（可能已重启或被终止），未导入任何数据。请放弃此任务后重新上传。"
)

# Fields a run updates (never the stored file, except to clear it after a successful commit).
_STATE_FIELDS = [
    "status",
    "rows_total",
    "rows_done",
    "source",
    "error_count",
    "warning_count",
    "problems",
    "preview",
    "result",
    "message",
    "finished_at",
    "updated_at",
]
# Fields a failed job saves: nothing of the file is kept.
_FAILED_FIELDS = [*_STATE_FIELDS, "file_data", "checked_rows"]


class IllegalTransition(Exception):
    """A status change that :data:`TRANSITIONS` does not allow (a programming error)."""


def transition(
    job: ImportJob,
    to: ImportJob.Status,
    *,
    message: str | None = None,
    save_fields: Sequence[str] | None = (),
    claim: bool = False,
    actor: Account | None = None,
) -> bool:
    """Move ``job`` to status ``to``: the one place that assigns ``ImportJob.status``.

    Raises :class:`IllegalTransition` unless the table (huanjie.rules.import_job) has a transition
    from the job's status to ``to`` that ``actor`` may make (``None``: the system — the worker, or a
    reader failing a job whose worker died; a user: the uploader's own moves). Each move leaves a
    history row (core.workflow.record_history) in the same transaction as the status. ``message``,
    when given, replaces the job's message. The status is saved with ``save_fields`` (and
    ``updated_at``); ``None``: the caller saves. ``claim``: save with a compare-and-set on the
    current status, so that of two concurrent commits only one wins; returns False (and leaves the
    job's status unchanged) when the stored job had already moved on.
    """
    current = job.status
    step = step_to(current, to)
    if step is None or step.by == ("person" if actor is None else "system"):
        who = "the system" if actor is None else "a user"
        raise IllegalTransition(f"import job {job.pk}: {current} → {to} is not allowed for {who}")
    if message is not None:
        job.message = message
    # Entering a running status takes the lease; leaving it gives the lease back.
    job.lease_until = new_lease() if to in LEASED else None
    if save_fields is not None:
        save_fields = [*save_fields, "lease_until"]
    if claim:
        values = {f: getattr(job, f) for f in save_fields or () if f not in ("status", "updated_at")}
        updated = ImportJob.objects.filter(pk=job.pk, status=current).update(
            status=to, updated_at=timezone.now(), **values
        )
        if not updated:
            return False
    job.status = to
    if save_fields is not None and not claim:
        job.save(update_fields=list(dict.fromkeys([*save_fields, "status", "updated_at"])))
    record_history(
        job, actor=actor, transition=step.name, from_state=current, to_state=to, reason=message or ""
    )
    return True


def job_for(user: Account, pk: int) -> ImportJob:
    """The user's own import job (jobs are private to who uploaded them); otherwise 404. A job
    whose worker has died (lease run out) is failed on the way."""
    job = ImportJob.objects.defer("file_data", "checked_rows").filter(pk=pk, actor_id=user.pk).first()
    if job is None:
        raise Http404("未找到该导入任务")
    fail_if_stale(job)
    return job


def recent_jobs(user: Account, limit: int = 10) -> list[ImportJob]:
    jobs = list(
        ImportJob.objects.defer("file_data", "checked_rows", "problems", "preview").filter(actor_id=user.pk)[
            :limit
        ]
    )
    for job in jobs:
        fail_if_stale(job)
    return jobs


# ---------------------------------------------------------------------------------------------
# Leases: a job whose worker died is failed by the next reader
# ---------------------------------------------------------------------------------------------


def is_stale(job: ImportJob, now: dt.datetime | None = None) -> bool:
    """True when ``job`` is running and neither its row nor its side channel (SQLite, inside the
    commit transaction) has renewed the lease in time."""
    now = now or timezone.now()
    if job.status not in LEASED or job.lease_until is None or job.lease_until > now:
        return False
    side = side_lease(job.pk)
    return side is None or side <= now


def fail_if_stale(job: ImportJob, now: dt.datetime | None = None) -> bool:
    """Fail ``job`` if its worker has died (:func:`is_stale`); True when this call failed it.

    A worker that is alive inside its commit transaction holds a lock on SQLite (and, at the very
    end, on the job's row on PostgreSQL): the claim then waits at most a moment and gives up."""
    if not is_stale(job, now):
        return False
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cur:
                    cur.execute("SET LOCAL lock_timeout = '2s'")
            won = _fail(job, STALE, claim_only=True)
    except OperationalError:  # locked: the worker is alive after all
        logger.info("import job %s looks stale but is locked; left alone", job.pk)
        return False
    if won:
        logger.warning("import job %s: its worker stopped reporting; the job is failed", job.pk)
        progress_file(job.pk).unlink(missing_ok=True)  # the dead worker's side channel
    return won


def sweep_stale_jobs() -> int:
    """Fail every job whose worker has died; returns how many (run by the task worker)."""
    failed = 0
    stale = ImportJob.objects.defer("file_data", "checked_rows").filter(
        status__in=LEASED, lease_until__lt=timezone.now()
    )
    for job in stale:
        failed += fail_if_stale(job)
    return failed


def _fail(job: ImportJob, message: str, *, claim_only: bool = False) -> Any:
    """End ``job`` as FAILED with a Chinese reason, keeping nothing of the file. Returns the job
    (``claim_only``: whether this call failed it)."""
    job.finished_at = timezone.now()
    job.file_data = b""
    job.checked_rows = b""
    won = Status.FAILED in TRANSITIONS[job.status] and transition(
        job, Status.FAILED, message=message, save_fields=_FAILED_FIELDS, claim=True
    )
    if claim_only:
        return won
    if not won:
        job.refresh_from_db()
    return job
