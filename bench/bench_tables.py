"""Issue 15 requirement 8: a whole city's reporting tables (the statistics app's tables_kinds and the
vetting app's 人选情况表, one row per candidate) in under 10 s each, on PostgreSQL.

Reads an existing bench database (default ``bench_huanjie_structure``, the province-scale city of
``bench/bench_structure.py --scale province``: about 20,000 villages and communities in one city;
``--db bench_huanjie_dossiers`` for the city scale of ``bench/bench_dossiers.py``: 2,600) and times
what the city operator waits for, through Django's test ``Client`` (the whole stack): the request
for each table's Excel file of the whole city, until the last byte of the file is read. One
untimed warm-up per table (it may build the structure summary), then ``--repeat`` timed runs; it
checks each file opens as a workbook and reports its data rows.

    .venv/bin/python bench/bench_tables.py [--db NAME] [--repeat 3] [--build SCALE]

``--build SCALE`` (re)creates the database with ``huanjie demo --scale SCALE`` first.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_pages import BENCH_ENV, PG  # noqa: E402

PY = sys.executable
TARGET_S = 10.0


def env(db: str) -> dict[str, str]:
    return {**os.environ, **BENCH_ENV, "DATABASE_URL": f"{PG}/{db}", "PYTHONPATH": str(ROOT)}


def build(db: str, scale: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db}"')
    subprocess.run([PY, "-m", "huanjie.cli", "migrate", "-v0"], env=env(db), check=True, cwd=ROOT)
    subprocess.run([PY, "-m", "huanjie.cli", "demo", "--scale", scale], env=env(db), check=True, cwd=ROOT)


def child(repeat: int) -> dict:
    import django

    django.setup()
    import openpyxl
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from huanjie.accounts.models import User
    from huanjie.org.models import OrgUnit
    from huanjie.stats.tables_kinds import KINDS

    city = OrgUnit.objects.get(level="city")
    client = Client()
    client.force_login(User.objects.get(username="city_op"))
    out: dict = {
        "villages": OrgUnit.objects.filter(level__in=OrgUnit.LEAF_LEVELS, is_active=True).count(),
        "tables": {},
    }

    def fetch(url: str) -> tuple[bytes, int]:
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(url)
            assert r.status_code == 200, (url, r.status_code)
            body = b"".join(r.streaming_content)
        return body, len(ctx)

    # The statistics app's tables, and the vetting app's 人选情况表 (one row per candidate of the city:
    # the largest of the city's tables).
    tables = [(k.code, k.label, reverse("stats_tables:download", args=[k.code, city.code])) for k in KINDS]
    tables.append(("vetting_candidates", "人选情况表（全市人选）", reverse("vetting:candidates_xlsx")))
    for code, label, url in tables:
        fetch(url)  # warm-up (may build the summary)
        times, queries, body = [], 0, b""
        for _ in range(repeat):
            t = time.perf_counter()
            body, queries = fetch(url)
            times.append(time.perf_counter() - t)
        sheet = openpyxl.load_workbook(io.BytesIO(body), read_only=True).active
        out["tables"][code] = {
            "label": label,
            "median": statistics.median(times),
            "max": max(times),
            "rows": sheet.max_row,
            "kb": len(body) / 1024,
            "queries": queries,
        }
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", default=os.environ.get("BENCH_STRUCTURE_DB", "bench_huanjie_structure"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--build", default="", metavar="SCALE", help="(re)create the database first")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.repeat)))
        return
    if args.build:
        build(args.db, args.build)
    res = subprocess.run(
        [PY, __file__, "--child", "--repeat", str(args.repeat)],
        env=env(args.db),
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    data = json.loads(res.stdout.strip().splitlines()[-1])
    one, five, _ = os.getloadavg()
    print(f"{args.db}: {data['villages']:,} 个村（社区）；load average {one:.1f} / {five:.1f}")
    for t in data["tables"].values():
        flag = "OK" if t["max"] < TARGET_S else "SLOW"
        print(
            f"{t['label']:28} median {t['median']:.2f} s  max {t['max']:.2f} s  rows {t['rows']:,}"
            f"  {t['kb']:.0f} KB  queries {t['queries']}  {flag}"
        )


if __name__ == "__main__":
    main()
