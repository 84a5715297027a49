"""The embedded SQLite as a serious default (hardening issue, requirement 3): while one process
holds a long write transaction (a big import commit), readers keep answering at once, and a second
writer waits for the lock instead of failing with "database is locked".

Runs real processes on a real SQLite file with the project's settings (whatever DATABASE_URL the
suite itself uses)."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import closing
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SETUP = """
import os, sys, time
import django
django.setup()
from django.db import connection, transaction
from huanjie.org.models import OrgUnit
"""

HOLDER = (
    SETUP
    + """
flag = os.environ["WRITER_READY"]
with transaction.atomic():
    OrgUnit.objects.filter(code="329900000000").update(households=1)
    print("locked", flush=True)
    deadline = time.monotonic() + 60
    while not os.path.exists(flag) and time.monotonic() < deadline:
        time.sleep(0.05)
    seen = time.time()
    time.sleep(1.0)  # the second writer is now blocked on the lock
print(f"done {seen:.3f} {time.time():.3f}", flush=True)
"""
)

READER = (
    SETUP
    + """
t = time.monotonic()
n = OrgUnit.objects.count()
print(f"read {n} {time.monotonic() - t:.3f}", flush=True)
"""
)

WRITER = (
    SETUP
    + """
t = time.monotonic()  # before the flag: the holder keeps the lock at least 1 s after it
open(os.environ["WRITER_READY"], "w").close()
with transaction.atomic():
    # Read, then write: in a deferred transaction this upgrade fails at once with "database is
    # locked" while another writer holds the lock; an IMMEDIATE one waits at BEGIN instead.
    OrgUnit.objects.get(code="329900000000")
    OrgUnit.objects.filter(code="329900000000").update(households=2)
print(f"wrote {time.monotonic() - t:.3f} {time.time():.3f}", flush=True)
"""
)


def _migrated_template(env: dict[str, str]) -> Path:
    """A migrated, empty SQLite database made once for the current migrations and kept in the temp
    directory (migrating takes half a minute; each test copies the template). Keyed by the migration
    files' contents, so a changed migration makes a new one; written under a temporary name and
    renamed, so parallel workers never read a half-written file."""
    digest = hashlib.sha256()
    for f in sorted((ROOT / "huanjie").glob("*/migrations/*.py")):
        digest.update(f.relative_to(ROOT).as_posix().encode())
        digest.update(f.read_bytes())
    template = Path(tempfile.gettempdir()) / f"huanjie-test-migrated-{digest.hexdigest()[:16]}.sqlite3"
    if template.exists():
        return template
    build = Path(tempfile.mkdtemp(prefix="huanjie-migrate-"))
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.core.management import call_command; "
            "call_command('migrate', verbosity=0)",
        ],
        env={**env, "HUANJIE_VAR_DIR": str(build)},
        check=True,
        cwd=ROOT,
    )
    partial = template.with_suffix(f".{os.getpid()}.partial")
    # through SQLite's backup (it reads what is still in the write-ahead log), into one file
    with closing(sqlite3.connect(build / "huanjie.sqlite3")) as src, closing(sqlite3.connect(partial)) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
    os.replace(partial, template)
    shutil.rmtree(build, ignore_errors=True)
    return template


@pytest.fixture
def sqlite_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        HUANJIE_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="huanjie.settings",
        PYTHONPATH=str(ROOT),
        WRITER_READY=str(tmp_path / "writer-ready"),
        HUANJIE_ENC_KEY="00112233445566778899aabbccddeeff",
        HUANJIE_MAC_KEY="ffeeddccbbaa99887766554433221100" * 2,
    )
    run = [sys.executable, "-c"]
    shutil.copyfile(_migrated_template(env), tmp_path / "huanjie.sqlite3")
    subprocess.run(
        [
            *run,
            SETUP + "OrgUnit.objects.create(code='329900000000', path='3299', level='city', name='测试市')",
        ],
        env=env,
        check=True,
        cwd=ROOT,
    )
    return run, env


def test_readers_answer_and_writers_wait_during_a_long_write(sqlite_env):
    run, env = sqlite_env
    holder = subprocess.Popen([*run, HOLDER], env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    reader = subprocess.run([*run, READER], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    writer = subprocess.run([*run, WRITER], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    holder_out, _ = holder.communicate(timeout=60)
    assert reader.returncode == 0, reader.stderr
    assert writer.returncode == 0, writer.stderr  # no "database is locked"
    _, n, read_seconds = reader.stdout.split()
    assert n == "1" and float(read_seconds) < 1.0  # the read did not wait for the writer
    assert holder_out.startswith("done"), holder_out
    # The second writer started while the lock was held and waited about a second for it.
    assert float(writer.stdout.split()[1]) > 0.8, (holder_out, writer.stdout)
