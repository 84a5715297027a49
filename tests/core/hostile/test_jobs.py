"""Every job ends: hostile files, failures in the preview and the commit, dead workers (lease),
and 放弃 (discard). The pages never answer 500 to any file of the corpus."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import DataError, connection
from django.urls import reverse
from django.utils import timezone

from huanjie.core import imports
from huanjie.core.imports import jobs, lifecycle
from huanjie.core.models import AuditEvent, ImportJob
from huanjie.org.importers import OrgUnitImporter
from huanjie.org.models import OrgUnit
from tests.core.hostile import generator as g
from tests.factories import PASSWORD
from tests.importfiles import ORG_HEADER, csv_bytes

Status = ImportJob.Status
CJK = re.compile(r"[\u4e00-\u9fff]")
ENDED = {Status.READY, Status.INVALID, Status.FAILED}


def upload(user, data: bytes, name: str = "units.csv") -> ImportJob:
    job = imports.job_create(actor=user, kind="org_units", file_name=name, data=data)
    return imports.job_preview(job)


def clean_csv() -> bytes:
    return csv_bytes([ORG_HEADER, g.VILLAGE_ROW])


# -- the pages never 500 ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(g.CORPUS))
def test_every_hostile_file_through_the_pages(cast, client, name):
    file_name, build = g.CORPUS[name]
    data = build()
    client.login(username="town_op", password=PASSWORD)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("import:index"), {"kind": "org_units", "file": SimpleUploadedFile(file_name, data)}
    )
    assert response.status_code in (200, 302)
    if not data:  # refused by the form: a Chinese message on the upload page
        assert "上传的文件是空的" in response.content.decode()
        assert not ImportJob.objects.exists()
        return
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status in ENDED, (job.status, job.message)
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    if job.status != Status.READY:
        text = job.message or " ".join(p["reason"] for p in job.problems)
        assert CJK.search(text)
        assert text.split("。")[0] in html or any(p["reason"][:10] in html for p in job.problems)


def test_the_upload_page_states_the_limits(cast, client, settings):
    settings.HUANJIE_IMPORT_MAX_ROWS = 1000
    client.login(username="town_op", password=PASSWORD)
    html = client.get(reverse("import:index")).content.decode()
    assert "文件不超过 50 MB、1000 行、200 列；工作簿只导入第一个可见的工作表。" in html


def test_a_file_over_the_size_limit_is_refused_at_upload(cast, client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.HUANJIE_IMPORT_MAX_FILE_MB = 1
    client.login(username="town_op", password=PASSWORD)
    big = SimpleUploadedFile("big.csv", b"a,b\n" * 300_000)
    response = client.post(reverse("import:index"), {"kind": "org_units", "file": big})
    assert response.status_code == 200
    assert "文件超过了大小上限 1 MB（HUANJIE_IMPORT_MAX_FILE_MB），请拆分后上传" in response.content.decode()
    assert not ImportJob.objects.exists()


# -- failures in the preview and the commit ----------------------------------------------------------


def test_a_crash_in_the_preview_fails_the_job_and_keeps_nothing(cast, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(OrgUnitImporter, "finish", boom)
    job = upload(cast["town_operator"], clean_csv())
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert job.message == jobs.INTERNAL_ERROR
    assert (bytes(job.file_data), bytes(job.checked_rows), job.lease_until) == (b"", b"", None)


def test_a_crash_while_counting_rows_fails_the_job(cast, monkeypatch):
    monkeypatch.setattr(jobs, "scan_file", lambda *a, **k: 1 / 0)
    job = upload(cast["town_operator"], clean_csv())
    assert ImportJob.objects.get(pk=job.pk).status == Status.FAILED


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (DataError("integer out of range"), "未导入任何数据：数据库拒绝了写入"),
        (OverflowError("Python int too large to convert to SQLite INTEGER"), jobs.INTERNAL_ERROR),
        (RuntimeError("bug"), jobs.INTERNAL_ERROR),
    ],
)
def test_any_failure_of_the_commit_fails_the_job_and_writes_nothing(cast, monkeypatch, error, message):
    job = upload(cast["town_operator"], clean_csv())
    assert job.status == Status.READY
    units = OrgUnit.objects.count()
    audits = AuditEvent.objects.count()

    def write(self, progress):
        OrgUnit.objects.filter(code="329901001000").update(name="改过了")  # then the failure
        raise error

    monkeypatch.setattr(OrgUnitImporter, "write", write)
    imports.job_commit(job)
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert job.message.startswith(message)
    assert (bytes(job.file_data), bytes(job.checked_rows), job.lease_until) == (b"", b"", None)
    assert OrgUnit.objects.count() == units
    assert not OrgUnit.objects.filter(name="改过了").exists()
    assert AuditEvent.objects.count() == audits


# -- a dead worker: the lease --------------------------------------------------------------------


def running(cast, status: str, *, lease: dt.timedelta) -> ImportJob:
    job = ImportJob.objects.create(
        kind="org_units",
        actor=cast["town_operator"],
        file_name="x.csv",
        file_digest="0" * 64,
        file_data=b"secret",
        status=status,
        lease_until=timezone.now() + lease,
    )
    imports.progress.progress_file(job.pk).unlink(missing_ok=True)
    return job


@pytest.mark.parametrize("status", [Status.VALIDATING, Status.COMMITTING])
def test_a_job_whose_worker_died_is_failed_by_the_next_reader(cast, client, status):
    job = running(cast, status, lease=-dt.timedelta(seconds=1))
    client.login(username="town_op", password=PASSWORD)
    html = client.get(reverse("import:job", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert job.message == lifecycle.STALE
    assert bytes(job.file_data) == b""
    assert "处理中断" in html and 'id="import-discard"' in html


def test_a_dead_sqlite_worker_leaves_its_side_file_behind_and_the_reader_removes_it(cast):
    job = running(cast, Status.COMMITTING, lease=-dt.timedelta(seconds=1))
    path = imports.progress.progress_file(job.pk)
    old = timezone.now() - dt.timedelta(seconds=5)
    path.write_text(
        f'{{"rows_done": 1, "rows_total": 2, "message": "写入", "lease_until": "{old.isoformat()}"}}'
    )
    assert lifecycle.fail_if_stale(job) is True
    assert not path.exists()


def test_a_live_worker_keeps_its_job(cast, client):
    job = running(cast, Status.COMMITTING, lease=dt.timedelta(minutes=5))
    assert imports.job_for(cast["town_operator"], job.pk).status == Status.COMMITTING
    assert lifecycle.sweep_stale_jobs() == 0


def test_the_side_channel_renews_the_lease(transactional_db, cast):
    """Inside the commit transaction the job row cannot be updated where the page sees it: the lease
    is renewed on the side (a file on SQLite, a second connection on PostgreSQL — which sees only
    committed rows, hence a transactional test)."""
    job = running(cast, Status.COMMITTING, lease=-dt.timedelta(seconds=1))
    sink = imports.ProgressSink(job, "写入", 10)
    sink.in_transaction = True
    sink(3, force=True)
    assert not lifecycle.is_stale(ImportJob.objects.get(pk=job.pk))  # what a reader sees
    sink.close()
    if connection.vendor == "sqlite":  # the side file goes with the worker: the lease is no more
        assert lifecycle.is_stale(ImportJob.objects.get(pk=job.pk))


def test_the_sweep_fails_every_stale_job(cast):
    stale = [running(cast, s, lease=-dt.timedelta(seconds=1)) for s in (Status.VALIDATING, Status.COMMITTING)]
    running(cast, Status.VALIDATING, lease=dt.timedelta(minutes=5))
    assert lifecycle.sweep_stale_jobs() == 2
    assert {ImportJob.objects.get(pk=j.pk).status for j in stale} == {Status.FAILED}


def test_progress_renews_the_lease(cast):
    job = running(cast, Status.VALIDATING, lease=dt.timedelta(seconds=1))
    imports.ProgressSink(job, "检查", 10)(5, force=True)
    job.refresh_from_db()
    assert job.lease_until > timezone.now() + dt.timedelta(seconds=200)
    failed = running(cast, Status.FAILED, lease=dt.timedelta(0))
    ImportJob.objects.filter(pk=failed.pk).update(lease_until=None)
    imports.ProgressSink(failed, "检查", 10)(5, force=True)  # a worker that was given up for dead
    failed.refresh_from_db()
    assert (failed.lease_until, failed.rows_done) == (None, 0)


def test_a_worker_that_comes_back_after_being_failed_writes_nothing(cast, monkeypatch):
    job = upload(cast["town_operator"], clean_csv())
    assert job.status == Status.READY
    assert imports.transition(job, Status.COMMITTING, save_fields=[], claim=True)
    ImportJob.objects.filter(pk=job.pk).update(lease_until=timezone.now() - dt.timedelta(seconds=1))
    other = ImportJob.objects.get(pk=job.pk)
    assert lifecycle.fail_if_stale(other) is True  # a reader gives the worker up for dead
    units = OrgUnit.objects.count()
    imports.commit_job(job)  # ... but it was only slow
    job.refresh_from_db()
    assert job.status == Status.FAILED and job.message == lifecycle.STALE
    assert OrgUnit.objects.count() == units


def test_a_background_preview_never_overwrites_a_failed_job(cast):
    job = running(cast, Status.PENDING, lease=dt.timedelta(0))
    stale = ImportJob.objects.get(pk=job.pk)
    imports.transition(stale, Status.FAILED, message="别的", save_fields=["message"])
    assert imports.validate_job(job, data=clean_csv()).status == Status.FAILED
    assert ImportJob.objects.get(pk=job.pk).message == "别的"


# -- 放弃 ------------------------------------------------------------------------------------------


def test_discard_a_failed_job_then_upload_again(cast, client):
    job = running(cast, Status.COMMITTING, lease=-dt.timedelta(seconds=1))
    client.login(username="town_op", password=PASSWORD)
    client.get(reverse("import:job", args=[job.pk]))  # the reader fails it
    response = client.post(reverse("import:discard", args=[job.pk]), follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('import:index')}?kind=org_units"
    assert "已放弃导入任务“x.csv”，上传的文件已删除。可以重新上传。" in response.content.decode()
    job.refresh_from_db()
    assert job.status == Status.DISCARDED
    event = AuditEvent.objects.get(action="transition", model="core.ImportJob")
    assert (event.object_id, event.actor_id, event.after["status"]) == (
        str(job.pk),
        job.actor_id,
        "discarded",
    )
    assert event.before["status"] == Status.FAILED


@pytest.mark.parametrize("status", [Status.READY, Status.INVALID])
def test_discard_a_job_with_errors_or_not_wanted(cast, status):
    job = running(cast, status, lease=dt.timedelta(0))
    imports.job_discard(job, actor=cast["town_operator"])
    job.refresh_from_db()
    assert (job.status, bytes(job.file_data)) == (Status.DISCARDED, b"")


@pytest.mark.parametrize("status", [Status.DONE, Status.COMMITTING, Status.DISCARDED])
def test_a_running_or_finished_job_cannot_be_discarded(cast, client, status):
    job = running(cast, status, lease=dt.timedelta(minutes=5))
    client.login(username="town_op", password=PASSWORD)
    response = client.post(reverse("import:discard", args=[job.pk]), follow=True)
    assert "该导入任务当前不能放弃（正在处理或已导入）" in response.content.decode()
    assert ImportJob.objects.get(pk=job.pk).status == status
    assert not AuditEvent.objects.filter(action="transition", model="core.ImportJob").exists()


def test_only_the_uploader_may_discard(cast):
    from django.core.exceptions import PermissionDenied

    job = running(cast, Status.FAILED, lease=dt.timedelta(0))
    with pytest.raises(PermissionDenied, match="只能放弃自己上传的导入任务"):
        imports.job_discard(job, actor=cast["county_operator"])
    assert ImportJob.objects.get(pk=job.pk).status == Status.FAILED


def test_discard_needs_a_post_and_the_owner(cast, client):
    job = running(cast, Status.FAILED, lease=dt.timedelta(0))
    client.login(username="town_op", password=PASSWORD)
    assert client.get(reverse("import:discard", args=[job.pk])).status_code == 405
    client.login(username="county_op", password=PASSWORD)
    assert client.post(reverse("import:discard", args=[job.pk])).status_code == 404


# -- inline or background: the real row count --------------------------------------------------------


def test_background_is_decided_by_the_real_rows(cast, settings):
    settings.HUANJIE_IMPORT_BACKGROUND_ROWS = 3
    job = upload(cast["town_operator"], g.huge_dimension(), "dimension.xlsx")  # claims 1,048,576 rows
    assert (job.background, job.rows_total, job.status) == (False, 1, Status.READY)
    rows = [[*g.VILLAGE_ROW[:1], f"村{i}", *g.VILLAGE_ROW[2:]] for i in range(5)]
    job = upload(cast["town_operator"], g.org_xlsx(rows, dimension="A1:J2"), "small-claim.xlsx")
    assert (job.background, job.rows_total, job.status) == (True, 5, Status.PENDING)


@pytest.mark.parametrize("background", [False, True])
def test_the_upload_scans_an_xlsx_once_and_its_preview_reads_what_the_scan_found(
    cast, settings, monkeypatch, background
):
    """The checked scan made for the row count is kept on the job: the preview of the same stored
    bytes (inline, or later by the task worker) does not scan again, and still names the hidden sheet
    it skipped."""
    from huanjie.core.imports import reading

    settings.HUANJIE_IMPORT_BACKGROUND_ROWS = 0 if background else 3000
    scans = []
    real = reading.scan_xlsx
    monkeypatch.setattr(reading, "scan_xlsx", lambda *a, **k: scans.append(1) or real(*a, **k))
    job = upload(cast["town_operator"], g.hidden_first_sheet(), "h.xlsx")
    if background:
        assert job.status == Status.PENDING
        job = jobs.validate_job(ImportJob.objects.get(pk=job.pk))  # what the task worker runs
    assert (job.status, len(scans)) == (Status.READY, 1)
    assert job.source == "Excel 工作簿，工作表“数据”"
    assert [p["reason"] for p in job.problems] == ["工作表“旧数据”已隐藏，未导入；导入的是第一个可见的工作表"]
    assert "scanned" not in job.preview and job.preview["rows"][0][2] == "北村"
