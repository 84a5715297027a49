"""Issue 12 requirement 10 (the roll half): a city's voter rolls imported through the whole user flow
(upload + preview + commit) on PostgreSQL, against the floor measured side by side in the same run
(python-calamine reading the same file + PostgreSQL COPY of the same rows into an equivalent
table), and the city-wide duplicate check.

    .venv/bin/python bench/bench_rolls.py [--rows 100000] [--no-write]

Steps (each heavy step in its own child process; peak memory via ``os.wait4``):

1. (re)create the database ``bench_rolls`` on 127.0.0.1:5432 (user postgres) and migrate;
2. a city with counties, towns and villages (about 1,000 voters per village), a published campaign,
   one roll per village for the voting day 2026-03-20, 10 of each village's voters already in the
   person register (the import links their entries), and a user who is town operator of every
   town (the rolls are the towns' and villages' to import); then ANALYZE, as autovacuum would have;
3. the file: ``--rows`` rows of household-register lists (.xlsx), 0.1 % of the persons listed in two
   villages (the duplicates the check must find);
4. **import**: ``job_create`` (upload) → ``validate_job`` (preview: every row checked, the law's
   verdict on the voting day) → ``commit_job`` (re-check, bulk write with COPY, the duplicate check,
   one audit event);
5. **duplicate check**: ``roll_services.detect_conflicts`` over the whole city once more (a grouped
   query over every entry of the campaign);
6. **floor**: python-calamine reads the file, psycopg COPY writes the rows into a plain table;
7. the figures go to docs/BENCHMARKS.md under “Voter rolls at city scale (issue 12 requirement 10)”.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import _report  # noqa: E402

PG = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
DB = os.environ.get("BENCH_ROLLS_DB", "bench_rolls")
PY = sys.executable
VOTERS_PER_VILLAGE = 1000
#: Persons of a village already in the register (its cadres, candidates and reserves): the import
#: links their entries to them.
REGISTERED_PER_VILLAGE = 10
VILLAGES_PER_TOWN = 20
TOWNS_PER_COUNTY = 10
CITY = "419800000000"
HEADING = "## Voter rolls at city scale (issue 12 requirement 10)"
BENCH_ENV = {
    "HUANJIE_ENC_KEY": "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
    "HUANJIE_MAC_KEY": "a1b2c3d4e5f60718293a4b5c6d7e8f90" * 2,
    "HUANJIE_VAR_DIR": "/tmp/huanjie-bench-rolls-var",
    "HUANJIE_IMPORT_BACKGROUND_ROWS": "3000",
    "HUANJIE_IMPORT_MAX_ROWS": "6000000",
    "HUANJIE_IMPORT_MAX_FILE_MB": "1024",
    "HUANJIE_IMPORT_PARSE_MEMORY_MB": "8192",
    "DJANGO_SETTINGS_MODULE": "huanjie.settings",
}
HEADER = [
    "村（社区）区划代码",
    "村（居）民小组",
    "姓名",
    "身份证号",
    "登记类别",
    "本人申请参加选举",
    "登记日期",
]


def env() -> dict[str, str]:
    return {**os.environ, **BENCH_ENV, "DATABASE_URL": f"{PG}/{DB}"}


def recreate_database() -> str:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB}"')
        return str(conn.execute("SHOW server_version").fetchone()[0])


def run_child(mode: str, *args: str) -> tuple[dict, int]:
    proc = subprocess.Popen(
        [PY, __file__, "--child", mode, *args], env=env(), cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"child {mode} failed:\n{out}")
    result = json.loads(out.strip().splitlines()[-1])
    result["cpu"] = usage.ru_utime + usage.ru_stime
    return result, usage.ru_maxrss


# --- the data --------------------------------------------------------------------------------------


def layout(rows: int) -> list[tuple[str, str, str, str]]:
    """(code, level, name, parent code) of the city's units for ``rows`` voters."""
    villages = max(1, rows // VOTERS_PER_VILLAGE)
    towns = -(-villages // VILLAGES_PER_TOWN)
    counties = -(-towns // TOWNS_PER_COUNTY)
    units = [(CITY, "city", "青澜市", "")]
    v = 0
    for c in range(1, counties + 1):
        county = f"{CITY[:4]}{c:02d}000000"
        units.append((county, "county", f"第{c}县", CITY))
        for t in range(1, TOWNS_PER_COUNTY + 1):
            if v >= villages:
                break
            town = f"{county[:6]}{t:03d}000"
            units.append((town, "town", f"第{c}县{t}镇", county))
            for k in range(1, VILLAGES_PER_TOWN + 1):
                if v >= villages:
                    break
                units.append((f"{town[:9]}{k + 200:03d}", "village", f"{t}镇{k}村", town))
                v += 1
    return units


def citizen_of(i: int) -> tuple[str, dt.date]:
    """The citizen ID and birth date of the file's row ``i`` (0-based): 0.1 % of the persons are
    listed again in the next village (the duplicates to find)."""
    from huanjie.rules.ids import make_citizen_id

    person = i - VOTERS_PER_VILLAGE - 1 if (i % 1000 == 999 and i >= VOTERS_PER_VILLAGE) else i
    q, seq = divmod(person, 999)
    birth = dt.date(1940, 1, 1) + dt.timedelta(days=q % 24000)
    return make_citizen_id(f"41{(q // 24000) % 10000:04d}", birth, seq + 1), birth


def name_of(i: int) -> str:
    return "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"[i % 20] + "某" + str(i % 97)


def generate(rows: int, path: Path, seed: int = 2026, start: int = 0, end: int | None = None) -> None:
    """Rows ``start``..``end`` of the city's ``rows`` (one .xlsx sheet holds at most 1,048,575 rows,
    so a city is several files, as counties upload their own)."""
    import xlsxwriter

    rng = random.Random(seed)
    villages = [u[0] for u in layout(rows) if u[1] == "village"]
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = book.add_worksheet("选民名单")
    ws.write_row(0, 0, HEADER)
    for n, i in enumerate(range(start, rows if end is None else end), start=1):
        village = villages[min(i // VOTERS_PER_VILLAGE, len(villages) - 1)]
        number, _ = citizen_of(i)
        group = f"第{rng.randrange(1, 9)}村民小组"
        ws.write_row(n, 0, [village, group, name_of(i), number, "户籍在本村并在本村居住", "否", "2026-02-01"])
    book.close()


# --- children ------------------------------------------------------------------------------------


def child_setup(rows: int) -> dict:
    import django

    django.setup()
    from huanjie.accounts.models import RoleAssignment, User
    from huanjie.elections.models import VoterRoll
    from huanjie.org.models import OrgUnit
    from huanjie.planning.models import Campaign

    t0 = time.perf_counter()
    by_code: dict[str, OrgUnit] = {}
    units = layout(rows)
    for level in ("city", "county", "town", "village"):
        batch = [
            OrgUnit(
                code=code,
                path=code[: {"city": 4, "county": 6, "town": 9}.get(lvl, 12)],
                level=lvl,
                name=name,
                parent=by_code.get(parent),
            )
            for code, lvl, name, parent in units
            if lvl == level
        ]
        for u in OrgUnit.objects.bulk_create(batch, batch_size=2000):
            by_code[u.code] = u
    campaign = Campaign.objects.create(
        city=by_code[CITY],
        name="青澜市换届工作",
        profile_code="zhejiang",
        window_start=dt.date(2025, 12, 1),
        window_end=dt.date(2026, 6, 30),
        state="published",
    )
    villages = [u for u in by_code.values() if u.level == "village"]
    VoterRoll.objects.bulk_create(
        [
            VoterRoll(unit=u, campaign=campaign, profile_code="zhejiang", voting_day=dt.date(2026, 3, 20))
            for u in villages
        ],
        batch_size=2000,
    )
    registered = register_persons(rows, villages)
    user = User.objects.create_user(username="bench_roll_op", password="Bench-Rolls-2026!")  # noqa: S106
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=user, role="town_operator", org_unit=u)
            for u in by_code.values()
            if u.level == "town"
        ]
    )
    from django.db import connection

    with connection.cursor() as cur:
        # statistics, as a live database has them (autovacuum): the rolls just made would otherwise
        # be planned as a handful, and the duplicate check's joins read every entry per roll
        cur.execute("ANALYZE")
    return {
        "units": len(units),
        "villages": len(villages),
        "registered": registered,
        "seconds": time.perf_counter() - t0,
    }


def register_persons(rows: int, villages: list) -> int:
    """``REGISTERED_PER_VILLAGE`` of each village's voters in the person register."""
    from huanjie.core import crypto
    from huanjie.people.models import Person

    by_code = {u.code: u for u in villages}
    codes = [u[0] for u in layout(rows) if u[1] == "village"]
    step = VOTERS_PER_VILLAGE // REGISTERED_PER_VILLAGE
    picked = [i for i in range(step // 2, rows, step) if i % 1000 != 999]
    numbers = [citizen_of(i) for i in picked]
    ciphers = crypto.encrypt_many([n for n, _ in numbers])
    index = crypto.blind_indexer()
    persons = [
        Person(
            name=name_of(i),
            sex="M" if int(number[16]) % 2 else "F",
            birth_date=birth,
            id_cipher=cipher,
            id_index=index(number),
            id_masked=number[:6] + "*" * 12,
            domicile_unit=by_code[codes[min(i // VOTERS_PER_VILLAGE, len(codes) - 1)]],
        )
        for i, (number, birth), cipher in zip(picked, numbers, ciphers, strict=True)
    ]
    Person.objects.bulk_create(persons, batch_size=2000)
    return len(persons)


def child_import(paths: list[Path]) -> dict:
    import django

    django.setup()
    from django.db import connection

    from huanjie.accounts.models import User
    from huanjie.core import imports
    from huanjie.core.models import ImportJob
    from huanjie.elections import roll_services
    from huanjie.elections.models import RollConflict, RollEntry
    from huanjie.planning.models import Campaign

    actor = User.objects.get(username="bench_roll_op")
    profile = None
    if os.environ.get("BENCH_PROFILE"):  # BENCH_PROFILE=file: the preview and commit under cProfile
        import cProfile

        profile = cProfile.Profile()
        profile.enable()
    upload = preview = commit = 0.0
    cpu = {"upload": 0.0, "preview": 0.0, "commit": 0.0}
    rows = 0
    for path in paths:
        data = path.read_bytes()
        c0 = time.process_time()
        t0 = time.perf_counter()
        job = imports.job_create(actor=actor, kind="elections_roll", file_name=path.name, data=data)
        imports.job_scan(job, data)  # what job_preview does before the preview (the row count)
        job.save(update_fields=["rows_total", "preview"])
        del data
        t1 = time.perf_counter()
        c1 = time.process_time()
        job = imports.validate_job(ImportJob.objects.select_related("actor").get(pk=job.pk))
        t2 = time.perf_counter()
        c2 = time.process_time()
        if job.status != ImportJob.Status.READY:
            return {
                "error": f"preview: {job.status} {job.message} {job.error_count}",
                "problems": job.problems[:5],
            }
        job = imports.commit_job(ImportJob.objects.select_related("actor").get(pk=job.pk))
        t3 = time.perf_counter()
        c3 = time.process_time()
        if job.status != ImportJob.Status.DONE:
            return {"error": f"commit: {job.status} {job.message}", "problems": job.problems[:5]}
        upload, preview, commit = upload + t1 - t0, preview + t2 - t1, commit + t3 - t2
        cpu["upload"] += c1 - c0
        cpu["preview"] += c2 - c1
        cpu["commit"] += c3 - c2
        print(
            f"{path.name}: upload {t1 - t0:.1f} s, preview {t2 - t1:.1f} s, commit {t3 - t2:.1f} s",
            file=sys.stderr,
        )
        rows += job.rows_total
    if profile is not None:
        import pstats

        profile.disable()
        with open(os.environ["BENCH_PROFILE"], "w") as f:
            pstats.Stats(profile, stream=f).sort_stats(
                os.environ.get("BENCH_PROFILE_SORT", "cumulative")
            ).print_stats(80)
    campaign = Campaign.objects.get()
    t4 = time.perf_counter()
    again = roll_services.detect_conflicts(campaign_id=campaign.pk)
    t5 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("SELECT version()")
        pg = cur.fetchone()[0]
    return {
        "rows": rows,
        "files": len(paths),
        "entries": RollEntry.objects.count(),
        "linked": RollEntry.objects.filter(person__isnull=False).count(),
        "conflicts": RollConflict.objects.count(),
        "conflicts_again": again,
        "upload": upload,
        "preview": preview,
        "commit": commit,
        "dup_check": t5 - t4,
        "cpu_phases": cpu,
        "pg": pg.split(" on ")[0],
    }


def child_dup(rows: int) -> dict:
    """The city-wide duplicate check alone at ``rows`` entries: the rolls are filled directly with
    COPY (the kit's bulk_insert; blind indexes computed, IDs not encrypted — the check reads only the
    indexes), then ``detect_conflicts`` runs over the whole city."""
    import django

    django.setup()
    from django.db import connection, transaction

    from huanjie.core import crypto
    from huanjie.core.imports import bulk_insert
    from huanjie.elections import roll_services
    from huanjie.elections.models import RollConflict, RollEntry, VoterRoll
    from huanjie.planning.models import Campaign

    index = crypto.blind_indexer()
    roll_ids = list(VoterRoll.objects.order_by("unit__path").values_list("pk", flat=True))
    t0 = time.perf_counter()
    batch: list[tuple] = []
    cols = ["roll_id", "name", "id_cipher", "id_index", "id_masked", "sex", "birth_date", "group", "category",
            "registered_on", "law_code", "status"]  # fmt: skip
    with transaction.atomic():
        for i in range(rows):
            number, birth = citizen_of(i)
            roll = roll_ids[min(i // VOTERS_PER_VILLAGE, len(roll_ids) - 1)]
            batch.append((roll, "某", "-", index(number), number[:6] + "*" * 12, "M", birth, "第一村民小组",
                          "hukou_resident", dt.date(2026, 2, 1), "village-2025", "active"))  # fmt: skip
            if len(batch) == 200_000:
                bulk_insert(RollEntry, cols, batch)
                batch = []
        bulk_insert(RollEntry, cols, batch)
    with connection.cursor() as cur:
        cur.execute("ANALYZE elections_rollentry")
    t1 = time.perf_counter()
    campaign = Campaign.objects.get()
    with transaction.atomic():
        found = roll_services.detect_conflicts(campaign_id=campaign.pk)
    t2 = time.perf_counter()
    return {
        "entries": RollEntry.objects.count(),
        "fill": t1 - t0,
        "dup_check": t2 - t1,
        "conflicts": found,
        "queued": RollConflict.objects.count(),
    }


FLOOR_TABLE = """
CREATE TABLE floor_roll (
    id bigserial PRIMARY KEY, unit_code varchar(12) NOT NULL, grp varchar(50), name varchar(50) NOT NULL,
    citizen_id varchar(18) NOT NULL, category varchar(40), applied varchar(2), registered_on date
)
"""


def child_floor(paths: list[Path]) -> dict:
    import psycopg
    from python_calamine import CalamineWorkbook

    t0 = time.perf_counter()
    rows = []
    for path in paths:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        rows += [[(v if v != "" else None) for v in r] for r in sheet[1:]]
        del sheet
    t1 = time.perf_counter()
    with psycopg.connect(f"{PG}/{DB}") as conn:
        conn.execute("DROP TABLE IF EXISTS floor_roll")
        conn.execute(FLOOR_TABLE)
        conn.commit()
        t2 = time.perf_counter()
        with (
            conn.cursor() as cur,
            cur.copy(
                "COPY floor_roll (unit_code, grp, name, citizen_id, category, applied, registered_on)"
                " FROM STDIN"
            ) as copy,
        ):
            for r in rows:
                copy.write_row(r)
        conn.commit()
        t3 = time.perf_counter()
        n = conn.execute("SELECT count(*) FROM floor_roll").fetchone()[0]
    return {"rows": n, "read": t1 - t0, "copy": t3 - t2}


# --- report --------------------------------------------------------------------------------------


def report(
    rows: int, paths: list[Path], setup: dict, imp: dict, rss: int, floor: dict, frss: int, load: str
) -> str:
    flow = imp["upload"] + imp["preview"] + imp["commit"]
    fl = floor["read"] + floor["copy"]
    size = sum(p.stat().st_size for p in paths) / 1e6
    return "\n".join(
        [
            f"- Date: {_report.now()} (commit {_report.git_head()})",
            f"- Machine: {_report.machine(imp['pg'])}",
            f"- Load average at start / end: {load} → {_report.load_average()}"
            " (other sessions share this machine)",
            "- Command: `.venv/bin/python bench/bench_rolls.py --rows " + str(rows) + "`",
            f"- Data: {rows:,} rows of household-register lists ({imp['files']} .xlsx file(s) of at most"
            f" 1,000,000 rows, {size:.1f} MB) in {setup['villages']:,}"
            f" villages ({setup['units']:,} units); 0.1 % of the persons listed in two villages;"
            f" {setup['registered']:,} of them already in the person register",
            "",
            "| Step | Wall | Rows/s |",
            "|---|---|---|",
            f"| Upload (`job_create` + row count) | {imp['upload']:.1f} s | |",
            "| Preview (`validate_job`: every row checked, verdict on the voting day) |"
            f" {imp['preview']:.1f} s"
            f" | {rows / imp['preview']:,.0f} |",
            "| Commit (`commit_job`: re-check, COPY write, duplicate check, audit) |"
            f" {imp['commit']:.1f} s"
            f" | {rows / imp['commit']:,.0f} |",
            f"| **Whole user flow** | **{flow:.1f} s** | {rows / flow:,.0f} |",
            f"| Floor: calamine read | {floor['read']:.1f} s | |",
            f"| Floor: PostgreSQL COPY into a plain table | {floor['copy']:.1f} s | |",
            f"| **Floor total** | **{fl:.1f} s** | {rows / fl:,.0f} |",
            f"| City-wide duplicate check (`detect_conflicts`, {imp['conflicts']:,} pairs) |"
            f" **{imp['dup_check']:.2f} s** | |",
            "",
            f"- Ratio whole flow / floor: **{flow / fl:.2f}×**"
            f" (target ≤ 3×: {'met' if flow / fl <= 3 else 'NOT met'});"
            f" commit alone / floor: {imp['commit'] / fl:.2f}×.",
            f"- Duplicate check: {imp['dup_check']:.2f} s"
            f" (target < 30 s: {'met' if imp['dup_check'] < 30 else 'NOT met'}).",
            "- CPU time of the import process (not counting its parsing and encryption helper processes):"
            f" upload {imp['cpu_phases']['upload']:.1f} s, preview {imp['cpu_phases']['preview']:.1f} s,"
            f" commit {imp['cpu_phases']['commit']:.1f} s; the floor process {floor['cpu']:.1f} s.",
            f"- Peak memory: import process {rss / 1024:.0f} MiB, floor process {frss / 1024:.0f} MiB.",
            f"- Entries written {imp['entries']:,} ({imp['linked']:,} linked to a registered person);"
            f" conflicts queued {imp['conflicts']:,}"
            f" (a second check found {imp['conflicts_again']} new).",
        ]
    )


def write_section(body: str) -> None:
    path = _report.BENCHMARKS
    text = path.read_text()
    block = f"{HEADING}\n\n{body.strip()}\n"
    if HEADING in text:
        text = re.sub(rf"{re.escape(HEADING)}\n.*?(?=^## |\Z)", block + "\n", text, flags=re.S | re.M)
    else:
        text = text.rstrip("\n") + "\n\n" + block
    path.write_text(text.rstrip("\n") + "\n")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--dup-only", action="store_true", help="only the city-wide duplicate check at --rows")
    ap.add_argument("--child", nargs="*")
    args = ap.parse_args()
    if args.child:
        mode, arg = args.child
        paths = [Path(a) for a in arg.split(",")]
        fn = {
            "setup": lambda: child_setup(int(arg)),
            "import": lambda: child_import(paths),
            "floor": lambda: child_floor(paths),
            "dup": lambda: child_dup(int(arg)),
        }[mode]
        print(json.dumps(fn()))
        return
    if args.dup_only:
        recreate_database()
        subprocess.run([PY, "-m", "huanjie.cli", "migrate", "-v0"], check=True, env=env(), cwd=ROOT)
        run_child("setup", str(args.rows))
        dup, rss = run_child("dup", str(args.rows))
        print(
            json.dumps({**dup, "rss_mib": rss // 1024, "load": _report.load_average(), "at": _report.now()})
        )
        return
    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    per_file = int(os.environ.get("BENCH_ROLLS_PER_FILE", "1000000"))
    files = -(-args.rows // per_file)
    paths = [
        folder / (f"rolls-{args.rows}.xlsx" if files == 1 else f"rolls-{args.rows}-{k + 1}.xlsx")
        for k in range(files)
    ]
    for k, path in enumerate(paths):
        if not path.exists():
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huanjie.settings")
            generate(args.rows, path, start=k * per_file, end=min(args.rows, (k + 1) * per_file))
    path = paths[0]
    load = _report.load_average()
    recreate_database()
    subprocess.run([PY, "-m", "huanjie.cli", "migrate", "-v0"], check=True, env=env(), cwd=ROOT)
    setup, _ = run_child("setup", str(args.rows))
    imp, rss = run_child("import", ",".join(str(p) for p in paths))
    if "error" in imp:
        raise SystemExit(json.dumps(imp, ensure_ascii=False, indent=1))
    floor, frss = run_child("floor", ",".join(str(p) for p in paths))
    body = report(args.rows, paths, setup, imp, rss, floor, frss, load)
    print(body)
    if not args.no_write:
        write_section(body)


if __name__ == "__main__":
    main()
