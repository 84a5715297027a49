"""No lost update under real concurrency (house rule 15): several processes submit a form loaded at
the same version at the same moment; the version check runs inside the write transaction (an
IMMEDIATE transaction on SQLite, a row lock on PostgreSQL), so exactly one saves and every other one
is refused as stale. Runs real processes on a real SQLite file with the project's settings."""

from __future__ import annotations

import subprocess

from tests.core.test_sqlite_concurrency import ROOT, SETUP, sqlite_env  # noqa: F401 (fixture)

PREPARE = (
    SETUP
    + """
from huanjie.accounts.models import RoleAssignment, User
city = OrgUnit.objects.get(code="329900000000")
RoleAssignment.objects.create(user=User.objects.create(username="op"), role="city_operator", org_unit=city)
"""
)

SUBMIT = (
    SETUP
    + """
from huanjie.accounts.models import User
from huanjie.core.versioning import StaleEdit
from huanjie.org import services
actor = User.objects.get(username="op")
unit = OrgUnit.objects.get(code="329900000000")  # the form, loaded at version 1
go = os.environ["WRITER_READY"]
deadline = time.monotonic() + 60
while not os.path.exists(go) and time.monotonic() < deadline:
    time.sleep(0.01)
try:
    services.orgunit_update(actor=actor, unit=unit, version=1, population=int(sys.argv[1]))
except StaleEdit as exc:
    print(f"stale {exc.current_version}", flush=True)
else:
    print("saved", flush=True)
"""
)


def test_concurrent_submissions_of_one_version_save_once(sqlite_env):  # noqa: F811
    run, env = sqlite_env
    subprocess.run([*run, PREPARE], env=env, check=True, cwd=ROOT)
    procs = [
        subprocess.Popen([*run, SUBMIT, str(1000 + i)], env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        for i in range(4)
    ]
    open(env["WRITER_READY"], "w").close()  # all go at once
    outs = sorted(p.communicate(timeout=120)[0].strip() for p in procs)
    assert all(p.returncode == 0 for p in procs), outs
    assert outs == ["saved", "stale 2", "stale 2", "stale 2"]
    check = subprocess.run(
        [*run, SETUP + "u = OrgUnit.objects.get(code='329900000000'); print(u.version, u.population)"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    version, population = check.stdout.split()
    assert version == "2" and 1000 <= int(population) < 1004
