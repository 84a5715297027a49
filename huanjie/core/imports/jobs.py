"""Import jobs: upload, preview and commit, inline or in the task worker.

:class:`~huanjie.core.models.ImportJob` keeps the uploaded file (encrypted) between preview and
commit; a re-upload is never trusted. Files with more data rows than
``settings.HUANJIE_IMPORT_BACKGROUND_ROWS`` (default 3000) are checked and committed by the task
worker (django-tasks, database backend; ``huanjie db_worker``) and the page shows a progress bar.
The kit records ONE audit event per import (action ``import``) with the file name, its SM3 digest
and the counts.

Every job ends (DESIGN.md rule 17): any failure in the preview or the commit marks the job failed
with a Chinese reason and writes nothing. A job being checked or committed holds a lease
(``lease_until``), renewed by its progress reports; when the lease has run out the worker is taken
for dead and the next reader (:func:`job_for`, :func:`recent_jobs`, the task worker's
:func:`sweep_stale_jobs`) fails the job. Every final status change from a running state is a
compare-and-set (``claim``), so a late worker never overwrites the failure, and a commit sets DONE
inside its own transaction. The user may then discard the job (:func:`job_discard`, audited) and
upload again.
"""

from __future__ import annotations

import json
import logging
import marshal
import zlib
from pathlib import Path
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone
from django_tasks import task

from huanjie.core import audit, context, crypto
from huanjie.core.actors import Account
from huanjie.core.audit import AuditAction
from huanjie.core.imports import limits as import_limits
from huanjie.core.imports.importer import Importer, Outcome, common_path, gc_paused, importer_for, process
from huanjie.core.imports.lifecycle import (
    _FAILED_FIELDS,
    _STATE_FIELDS,
    DISCARDABLE,
    INTERNAL_ERROR,
    Status,
    _fail,
    sweep_stale_jobs,
    transition,
)
from huanjie.core.imports.problems import ImportFileError, Problem, Report
from huanjie.core.imports.progress import ProgressSink
from huanjie.core.imports.reading import scan_file
from huanjie.core.models import ImportJob

logger = logging.getLogger(__name__)

EXTENSIONS = (".xlsx", ".csv")


def background_threshold() -> int:
    return int(getattr(settings, "HUANJIE_IMPORT_BACKGROUND_ROWS", 3000))


# ---------------------------------------------------------------------------------------------
# Upload, preview, commit, discard
# ---------------------------------------------------------------------------------------------


def job_create(*, actor: Account, kind: str, file_name: str, data: bytes) -> ImportJob:
    """Store an uploaded file (encrypted) as a new job. Nothing is imported yet."""
    importer_for(kind)
    name = Path(file_name).name[:255]
    if Path(name).suffix.lower() not in EXTENSIONS:
        raise ValidationError({"file": "请上传 .xlsx 或 .csv 文件"})
    if not data:
        raise ValidationError({"file": "文件为空"})
    limits = import_limits.current()
    if len(data) > limits.max_file_bytes:
        too_big = f"文件超过了大小上限 {limits.max_file_mb} MB（HUANJIE_IMPORT_MAX_FILE_MB），请拆分后上传"
        raise ValidationError({"file": too_big})
    ctx = context.current()
    blob = crypto.encrypt_bytes(data)
    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=kind,
            actor_id=actor.pk,
            file_name=name,
            file_size=len(data),
            file_digest=crypto.file_digest(data),
            file_data=b"",
            ip=ctx.ip,
            request_id=ctx.request_id,
        )
        _put_blob(job.pk, "file_data", blob)
    job.file_data = blob
    return job


#: The jobs' blobs (field and column names alike).
Blob = Literal["file_data", "checked_rows"]


def _put_blob(pk: int, field: Blob, value: bytes, *, status: str | None = None) -> None:
    """Store one of a job's encrypted blobs (``status``: only while the job is in that status). On
    PostgreSQL the bytes travel as a binary parameter: the ORM's client-side binding writes them
    into the statement as hexadecimal text for the server to parse back (a 33 MB file: 1.3 s
    against 0.2 s)."""
    if connection.vendor != "postgresql":
        found = ImportJob.objects.filter(pk=pk)
        (found if status is None else found.filter(status=status)).update(**{field: value})
        return
    import psycopg
    from psycopg import sql

    connection.ensure_connection()
    query = sql.SQL("UPDATE {} SET {} = %b WHERE id = %s").format(
        sql.Identifier(ImportJob._meta.db_table), sql.Identifier(field)
    )
    params: list[Any] = [value, pk]
    if status is not None:
        query += sql.SQL(" AND status = %s")
        params.append(status)
    with psycopg.Cursor(connection.connection) as cur:
        cur.execute(query, params)


def _get_blob(pk: int, field: Blob) -> bytes:
    """One of a job's encrypted blobs, read in binary on PostgreSQL (see ``_put_blob``)."""
    if connection.vendor != "postgresql":
        return bytes(ImportJob.objects.filter(pk=pk).values_list(field, flat=True).get() or b"")
    import psycopg
    from psycopg import sql

    connection.ensure_connection()
    query = sql.SQL("SELECT {} FROM {} WHERE id = %s").format(
        sql.Identifier(field), sql.Identifier(ImportJob._meta.db_table)
    )
    with psycopg.Cursor(connection.connection) as cur:
        cur.execute(query, [pk], binary=True)
        found = cur.fetchone()
    if found is None:
        raise ImportJob.DoesNotExist(f"import job {pk}")
    return bytes(found[0] or b"")


def _file_bytes(job: ImportJob) -> bytes:
    return crypto.decrypt_bytes(_get_blob(job.pk, "file_data"))


def job_preview(job: ImportJob) -> ImportJob:
    """Check the file: inline when small, otherwise queued for the task worker (progress bar).

    Inline or background is decided by the real row count (the checked scan of the file, never
    the count the file declares)."""
    try:
        data = _file_bytes(job)
        job_scan(job, data)
    except ImportFileError as exc:
        return _file_failed(job, str(exc))
    except Exception:
        logger.exception("import job %s: counting the rows failed", job.pk)
        return _fail(job, INTERNAL_ERROR)
    if job.rows_total > background_threshold():
        job.background = True  # the new job stays PENDING until the task worker takes it
        job.save(update_fields=["rows_total", "preview", "background", "updated_at"])
        run_import_job.enqueue(job.pk, "preview")
        return job
    job.save(update_fields=["rows_total", "preview", "updated_at"])
    return validate_job(job, data=data)


def job_scan(job: ImportJob, data: bytes) -> None:
    """The checked scan of the uploaded bytes (not saved here): the data rows, and what the preview
    needs to read the same stored file without scanning it again (``preview["scanned"]``, replaced
    by the preview itself). Raises ImportFileError for a file beyond the limits."""
    total, scanned = scan_file(data, job.file_name)
    job.rows_total = max(total - 1, 0)
    job.preview = {"scanned": scanned} if scanned else {}


def job_commit(job: ImportJob) -> ImportJob:
    """Commit a clean, previewed job: inline when small, otherwise queued for the task worker."""
    refused = "该导入任务当前不能提交（可能已提交或有错误）"
    if job.status != Status.READY:
        raise ValidationError(refused)
    job.rows_done = 0
    new = Status.QUEUED if job.background else Status.COMMITTING
    # The uploader asks for the commit (job pages reach only the uploader's own jobs).
    if not transition(job, new, save_fields=["rows_done"], claim=True, actor=job.actor):
        raise ValidationError(refused)
    if job.background:
        run_import_job.enqueue(job.pk, "commit")
        return job
    return commit_job(job)


@transaction.atomic(durable=True)
def job_discard(job: ImportJob, *, actor: Account) -> ImportJob:
    """放弃: the user gives up a job that will not be (or cannot be) committed; the stored file and
    checked rows are deleted, and an audit event (action ``transition``, status → discarded)
    records it."""
    before = job.status
    if job.actor_id != actor.pk:  # jobs are private to who uploaded them
        raise PermissionDenied("只能放弃自己上传的导入任务")
    if job.status not in DISCARDABLE:
        raise ValidationError("该导入任务当前不能放弃（正在处理或已导入）")
    job.file_data = b""
    job.checked_rows = b""
    job.finished_at = job.finished_at or timezone.now()
    fields = ["message", "file_data", "checked_rows", "finished_at"]
    if not transition(
        job,
        Status.DISCARDED,
        message="已放弃，上传的文件已删除。",
        save_fields=fields,
        claim=True,
        actor=actor,
    ):
        raise ValidationError("该导入任务的状态已经改变，请刷新页面")
    audit.record(
        AuditAction.TRANSITION,
        actor=actor,
        model="core.ImportJob",
        object_id=str(job.pk),
        object_repr=f"放弃导入：{job.file_name}"[:255],
        before={"status": before, "message": (job.message if before != Status.FAILED else "")},
        after={"status": Status.DISCARDED, "file_digest": job.file_digest, "kind": job.kind},
        reason="放弃导入任务，删除上传的文件",
    )
    return job


def _file_failed(job: ImportJob, message: str) -> ImportJob:
    """The file cannot be read (a Chinese reason for the user): the job ends INVALID."""
    job.problems = [Problem(None, "文件", job.file_name, message).as_dict()]
    job.error_count, job.warning_count = 1, 0
    job.finished_at = timezone.now()
    job.checked_rows = b""
    if not transition(
        job, Status.INVALID, message=message, save_fields=[*_STATE_FIELDS, "checked_rows"], claim=True
    ):
        job.refresh_from_db()
    return job


def _store_outcome(job: ImportJob, outcome: Outcome) -> None:
    order = outcome.importer.column_order() if outcome.importer else {}
    report = outcome.report
    job.problems = [p.as_dict() for p in report.sorted_problems(order)]
    job.error_count, job.warning_count = report.errors, report.warnings
    job.source = outcome.source[:200]
    job.preview = outcome.preview | {
        "header_row": outcome.header_row,
        "rows": outcome.preview.get("rows", []),
        "summary": outcome.importer.summary() if outcome.importer and not report.errors else [],
        "truncated": report.errors + report.warnings > len(report.problems),
    }
    job.rows_total = outcome.rows


def validate_job(job: ImportJob, *, data: bytes | None = None) -> ImportJob:
    """Preview: check every row of the stored file and record the problems. Writes no data.

    Any failure ends the job: a file that cannot be read is INVALID with its reason, anything else
    FAILED with a Chinese reason (and logged)."""
    if job.status != Status.VALIDATING and not transition(job, Status.VALIDATING, claim=True):
        job.refresh_from_db()  # another worker took it, or it ended meanwhile
        return job
    sink = ProgressSink(job, "检查", job.rows_total)
    try:
        outcome = process(
            data if data is not None else _file_bytes(job),
            job.file_name,
            kind=job.kind,
            actor=job.actor,
            progress=sink,
            scanned=(job.preview or {}).get("scanned"),
            expected_rows=job.rows_total,
        )
        _store_outcome(job, outcome)
        clean = not outcome.report.errors
        with gc_paused():
            state = outcome.importer.dump() if outcome.importer and clean else None
            job.checked_rows = b"" if state is None else _seal(state)
        # written apart (binary), and only while the job is still this preview's
        _put_blob(job.pk, "checked_rows", job.checked_rows, status=Status.VALIDATING)
    except ImportFileError as exc:
        return _file_failed(job, str(exc))
    except Exception:
        logger.exception("import job %s: the preview failed", job.pk)
        return _fail(job, INTERNAL_ERROR)
    finally:
        sink.close()
    job.rows_done = outcome.rows
    job.finished_at = timezone.now()
    to = Status.READY if clean else Status.INVALID
    if not transition(job, to, message="", save_fields=_STATE_FIELDS, claim=True):
        job.refresh_from_db()  # failed meanwhile (its lease ran out): that stands
    return job


#: First byte of a sealed state written with marshal; a state sealed earlier is zlib'd JSON (0x78).
_MARSHAL = b"m"


def _seal(state: Any) -> bytes:
    """The importer's checked rows (plain values), compressed and encrypted with SM4-GCM for the
    commit. marshal, not JSON: a seventh of JSON's time for the million rows of a roll, both ways.
    marshal must never read untrusted bytes; these are authenticated by the cipher under this
    server's key, so only what this server sealed is ever read. A state holding values marshal
    refuses (a choice is a ``str`` subclass) is sealed as JSON, which reads them as plain values."""
    try:
        plain = _MARSHAL + zlib.compress(marshal.dumps(state, 4), 1)
    except ValueError:
        plain = zlib.compress(json.dumps(state, ensure_ascii=False).encode(), 1)
    return crypto.encrypt_bytes(plain)


def _unseal(blob: bytes) -> Any:
    plain = crypto.decrypt_bytes(blob)
    if plain[:1] == _MARSHAL:
        return marshal.loads(zlib.decompress(plain[1:]))  # noqa: S302 - authenticated above
    return json.loads(zlib.decompress(plain))  # sealed by an earlier version (JSON) before an upgrade


def _checked_outcome(job: ImportJob, blob: bytes) -> Outcome:
    """The preview's checked rows, re-checked against the database (inside the commit)."""
    importer_cls = importer_for(job.kind)
    report = Report()
    importer = importer_cls(actor=job.actor, report=report)
    importer.load()
    importer.restore(_unseal(blob))
    importer.rows_seen = job.rows_total
    importer.finish()
    preview = dict(job.preview or {})
    return Outcome(report, importer, job.source, preview.get("header_row"), job.rows_total, preview)


class _Rollback(Exception):
    def __init__(self, outcome: Outcome, message: str) -> None:
        super().__init__(message)
        self.outcome = outcome
        self.message = message


class _Lost(Exception):
    """The job is no longer COMMITTING (it was failed as stale): nothing may be written."""


def commit_job(job: ImportJob) -> ImportJob:
    """Re-check and write the previewed file in ONE transaction, all-or-nothing.

    Inside the transaction: every row is re-checked against the current database (the rows the
    preview checked, kept encrypted on the job; or, when an importer keeps none, the stored file
    parsed again — never a re-upload), the actor's jurisdiction is re-read and every target unit
    re-checked (final scope re-check), then the importer writes in bulk and one audit event (action
    ``import``) records the file's name and SM3 digest and the counts; last, the job becomes DONE
    with a compare-and-set, so a job failed meanwhile (stale lease) rolls everything back.

    Any failure ends the job FAILED (or INVALID when the data changed since the preview) with a
    Chinese reason, and nothing is written.
    """
    if job.status != Status.COMMITTING and not transition(job, Status.COMMITTING, claim=True):
        job.refresh_from_db()  # another worker took it, or it ended meanwhile
        return job
    sink = ProgressSink(job, "检查", job.rows_total)
    to: Status | None = None
    message = ""
    try:
        checked = _get_blob(job.pk, "checked_rows")
        data = b"" if checked else _file_bytes(job)
        with gc_paused(), transaction.atomic():
            sink.in_transaction = True
            if connection.vendor == "sqlite":
                # Take SQLite's write lock first: a transaction that has only read cannot later
                # upgrade to writing once the web process has written meanwhile (its snapshot is
                # stale; WAL answers "database is locked" at once). Other writers wait instead.
                ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now())
            if checked:
                outcome = _checked_outcome(job, checked)
            else:
                outcome = process(data, job.file_name, kind=job.kind, actor=job.actor, progress=sink)
            if outcome.report.errors or outcome.importer is None:
                raise _Rollback(outcome, "预览之后数据发生了变化，出现了下列问题，未导入任何数据。")
            importer = outcome.importer
            _final_scope_check(job.actor, importer)
            sink.stage, sink.total = "写入", outcome.rows
            sink(0, force=True)
            result = importer.write(sink)
            result.update(
                {
                    "kind": job.kind,
                    "file_name": job.file_name,
                    "file_digest": job.file_digest,
                    "rows": outcome.rows,
                    "job": job.pk,
                }
            )
            audit.record(
                AuditAction.IMPORT,
                actor=job.actor,
                model=importer.audit_model,
                object_id=str(job.pk),
                object_repr=f"导入{importer.label}：{job.file_name}"[:255],
                org_path=common_path(set(importer.target_paths())),
                after=result,
            )
            _store_outcome(job, outcome)
            job.result = result
            job.rows_done = outcome.rows
            job.finished_at = timezone.now()
            # The file held personal data in clear; after a successful commit only its digest is kept.
            job.file_data = b""
            job.checked_rows = b""
            if not transition(job, Status.DONE, message="", save_fields=_FAILED_FIELDS, claim=True):
                raise _Lost
    except _Lost:
        logger.warning("import job %s was failed while committing; rolled back", job.pk)
        job.refresh_from_db()
        return job
    except _Rollback as rb:
        _store_outcome(job, rb.outcome)
        to, message = Status.INVALID, rb.message
    except ImportFileError as exc:
        return _file_failed(job, str(exc))
    except PermissionDenied as exc:
        to, message = Status.FAILED, f"未导入任何数据：{exc}"
    except IntegrityError:
        logger.warning("import %s hit a conflicting concurrent change", job.pk, exc_info=True)
        to, message = Status.FAILED, "未导入任何数据：与他人同时提交的数据冲突，请重新上传预览后再导入。"
    except DatabaseError:
        logger.exception("import job %s: the database refused the commit", job.pk)
        to, message = (
            Status.FAILED,
            "未导入任何数据：数据库拒绝了写入（可能有数值超出范围或数据库暂时不可用）。"
            "请放弃此任务后重新上传；如仍失败，请联系系统管理员。",
        )
    except Exception:
        logger.exception("import job %s: the commit failed", job.pk)
        to, message = Status.FAILED, INTERNAL_ERROR
    else:
        return job
    finally:
        sink.close()
    if to == Status.FAILED:
        return _fail(job, message)
    job.finished_at = timezone.now()
    job.checked_rows = b""
    if not transition(job, to, message=message, save_fields=[*_STATE_FIELDS, "checked_rows"], claim=True):
        job.refresh_from_db()
    return job


def _final_scope_check(actor: Account, importer: Importer) -> None:
    """Re-read the actor's role assignments inside the transaction and check every target unit."""
    account_model: Any = type(actor)  # the user model (core does not import accounts)
    fresh = account_model._default_manager.get(pk=actor.pk)
    if not fresh.is_active:
        raise PermissionDenied("账号已停用")
    allowed = fresh.scope_paths(importer.capability)
    outside = sorted(p for p in importer.target_paths() if not any(p.startswith(a) for a in allowed))
    if outside:
        raise PermissionDenied(f"{len(outside)} 个目标单位不在您的管辖范围内（如 {outside[0]}）")


@task()
def run_import_job(job_id: int, phase: str) -> str:
    """Background work for large files: ``phase`` is "preview" or "commit". Jobs whose worker died
    are failed first (:func:`sweep_stale_jobs`)."""
    sweep_stale_jobs()
    job = ImportJob.objects.defer("file_data", "checked_rows").select_related("actor").get(pk=job_id)
    with context.bind(ip=job.ip, request_id=job.request_id or None):
        try:
            if phase == "preview":
                validate_job(job)
            elif phase == "commit":
                commit_job(job)
            else:
                raise ValueError(f"unknown phase {phase}")
        except Exception:
            logger.exception("import job %s failed", job_id)
            job.refresh_from_db(fields=["status"])
            _fail(job, INTERNAL_ERROR)  # never overwrites a finished job
            raise
    return str(job.status)
