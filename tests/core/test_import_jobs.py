"""The import job's state machine: TRANSITIONS is walked in full, transition() is the only code
that changes ImportJob.status, and the background task is found under its dotted path."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.test import override_settings

from huanjie.core import imports
from huanjie.core.imports import jobs
from huanjie.core.models import ImportJob, WorkflowHistory
from huanjie.rules.import_job import step_to

Status = ImportJob.Status
HUANJIE = Path(__file__).resolve().parents[2] / "huanjie"
JOBS = HUANJIE / "core" / "imports" / "lifecycle.py"  # the one module that changes a status


def new_job(cast, status: str) -> ImportJob:
    return ImportJob.objects.create(
        kind="roster",
        actor=cast["town_operator"],
        file_name="x.csv",
        file_digest="0" * 64,
        file_data=b"",
        status=status,
    )


def test_every_status_has_a_row_in_the_table():
    assert set(imports.TRANSITIONS) == set(Status.values)
    assert all(to <= set(Status.values) for to in imports.TRANSITIONS.values())
    for final in (Status.DONE, Status.DISCARDED):
        assert imports.TRANSITIONS[final] == set()
    # A job that ended badly, or was never committed, can only be discarded (放弃).
    for ended in (Status.INVALID, Status.FAILED):
        assert imports.TRANSITIONS[ended] == {Status.DISCARDED}
    assert imports.TRANSITIONS[Status.READY] == {Status.QUEUED, Status.COMMITTING, Status.DISCARDED}


@pytest.mark.parametrize("current", Status.values)
@pytest.mark.parametrize("to", Status.values)
def test_transition_walks_the_table(cast, current, to):
    job = new_job(cast, Status(current))
    step = step_to(current, to)
    # The uploader's own moves (queue, discard) need the uploader; the worker's need nobody.
    actor = job.actor if step is not None and step.by == "person" else None
    if to in imports.TRANSITIONS[current]:
        assert imports.transition(job, Status(to), message="after", save_fields=None, actor=actor) is True
        assert (job.status, job.message) == (to, "after")
        entry = WorkflowHistory.objects.get(object_id=str(job.pk))
        assert (entry.transition, entry.from_state, entry.to_state) == (step.name, current, to)
        assert entry.system is (actor is None)
    else:
        with pytest.raises(imports.IllegalTransition):
            imports.transition(job, Status(to), message="after", save_fields=None, actor=actor)
        assert job.status == current
        assert not WorkflowHistory.objects.exists()


def test_the_worker_cannot_discard_and_the_uploader_cannot_finish(cast):
    ready = new_job(cast, Status.READY)
    with pytest.raises(imports.IllegalTransition):
        imports.transition(ready, Status.DISCARDED, save_fields=None)  # discarding is the uploader's
    committing = new_job(cast, Status.COMMITTING)
    with pytest.raises(imports.IllegalTransition):
        imports.transition(committing, Status.DONE, save_fields=None, actor=committing.actor)


def test_transition_saves_the_status_with_the_given_fields(cast):
    job = new_job(cast, Status.VALIDATING)
    job.rows_done = 7
    imports.transition(job, Status.READY, message="好", save_fields=["rows_done", "message"])
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.message) == (Status.READY, 7, "好")


def test_a_claim_is_won_once(cast):
    job = new_job(cast, Status.READY)
    first, second = ImportJob.objects.get(pk=job.pk), ImportJob.objects.get(pk=job.pk)
    first.rows_done = second.rows_done = 0
    assert imports.transition(first, Status.COMMITTING, save_fields=["rows_done"], claim=True) is True
    assert imports.transition(second, Status.COMMITTING, save_fields=["rows_done"], claim=True) is False
    assert (first.status, second.status) == (Status.COMMITTING, Status.READY)
    assert ImportJob.objects.get(pk=job.pk).status == Status.COMMITTING


def test_an_illegal_transition_is_refused(cast):
    job = new_job(cast, Status.DONE)
    with pytest.raises(imports.IllegalTransition, match="done → committing"):
        imports.transition(job, Status.COMMITTING)
    assert ImportJob.objects.get(pk=job.pk).status == Status.DONE


def _status_writes(path: Path) -> list[tuple[int, str]]:
    """(line, function) of every write of an import job's status in ``path``: assignments to
    ``<…job…>.status`` (any ``.status`` in jobs.py) and ``status=`` in ImportJob ``update()`` or
    ``create()`` calls (any ``update()`` in jobs.py)."""
    source = path.read_text()
    if path != JOBS and "job" not in source.lower():
        return []
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            name = child.name if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else function
            targets: list[ast.expr] = []
            if isinstance(child, ast.Assign):
                targets = child.targets
            elif isinstance(child, ast.AugAssign | ast.AnnAssign):
                targets = [child.target]
            for target in targets:
                for t in ast.walk(target):
                    if isinstance(t, ast.Attribute) and t.attr == "status":
                        owner = ast.unparse(t.value).lower()
                        if path == JOBS or "job" in owner:
                            found.append((child.lineno, name))
            if (
                isinstance(child, ast.Call)
                and isinstance(child.func, ast.Attribute)
                and child.func.attr in ("update", "create", "update_or_create", "bulk_update")
                and any(k.arg == "status" for k in child.keywords)
                and (path == JOBS or "importjob" in ast.unparse(child.func.value).lower())
            ):
                found.append((child.lineno, name))
            visit(child, name)

    visit(ast.parse(source), "<module>")
    return found


def test_only_transition_changes_an_import_jobs_status():
    outside = [
        f"{path.relative_to(HUANJIE.parent)}:{line} ({function})"
        for path in sorted(HUANJIE.rglob("*.py"))
        if "migrations" not in path.parts
        for line, function in _status_writes(path)
        if not (path == JOBS and function == "transition")
    ]
    assert outside == []
    # The lint sees what it must: transition's own writes are found.
    assert {function for _, function in _status_writes(JOBS)} == {"transition"}


def test_the_lint_catches_a_status_write(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "def f(job, pk):\n"
        "    job.status = 'done'\n"
        "    ImportJob.objects.filter(pk=pk).update(status='failed')\n"
    )
    assert _status_writes(bad) == [(2, "f"), (3, "f")]


# -- the background task --------------------------------------------------------------------


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}})
def test_the_task_is_enqueued_under_its_new_dotted_path(cast):
    from django_tasks_db.models import DBTaskResult

    job = new_job(cast, Status.PENDING)
    result = imports.run_import_job.enqueue(job.pk, "preview")
    stored = DBTaskResult.objects.get(id=result.id)
    assert stored.task_path == "huanjie.core.imports.jobs.run_import_job"
    assert stored.task.func is jobs.run_import_job.func


def test_a_crashed_task_ends_the_job_as_failed(cast):
    job = new_job(cast, Status.PENDING)
    with pytest.raises(ValueError, match="unknown phase"):
        imports.run_import_job.call(job.pk, "bogus")
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert (
        job.message
        == "处理失败：系统内部错误，未导入任何数据。请放弃此任务后重新上传；如仍失败，请联系系统管理员。"
    )
    assert job.finished_at is not None


def test_a_crash_never_overwrites_a_finished_job(cast):
    job = new_job(cast, Status.DONE)
    with pytest.raises(ValueError, match="unknown phase"):
        imports.run_import_job.call(job.pk, "bogus")
    job.refresh_from_db()
    assert (job.status, job.message, job.finished_at) == (Status.DONE, "", None)


def test_an_uploaded_file_and_the_checked_rows_are_stored_and_read_back_byte_for_byte(cast):
    """The blobs go to the database as binary (PostgreSQL) or through the ORM (SQLite): the same bytes
    come back, and the checked rows are written only while the job is still being previewed."""
    data = bytes(range(256)) * 1000 + "身份证号,姓名\n".encode()
    job = imports.job_create(actor=cast["town_operator"], kind="org_units", file_name="a.csv", data=data)
    assert jobs._file_bytes(ImportJob.objects.get(pk=job.pk)) == data
    assert job.file_data == ImportJob.objects.get(pk=job.pk).file_data
    sealed = bytes(range(256)) * 10
    jobs._put_blob(job.pk, "checked_rows", sealed, status=Status.VALIDATING)
    assert jobs._get_blob(job.pk, "checked_rows") == b""  # the job is not being previewed
    ImportJob.objects.filter(pk=job.pk).update(status=Status.VALIDATING)
    jobs._put_blob(job.pk, "checked_rows", sealed, status=Status.VALIDATING)
    assert jobs._get_blob(job.pk, "checked_rows") == sealed
    with pytest.raises(ImportJob.DoesNotExist):
        jobs._get_blob(job.pk + 1000, "file_data")
