"""Issue 15 requirement 8: the structure pages (stats_structure) at scale on PostgreSQL.

Builds ``huanjie demo --scale SCALE`` (``province``: about 20,000 villages and communities) in a
fresh database ``bench_huanjie_structure`` on 127.0.0.1:5432 (user postgres), rebuilds the
per-village structure summary (``huanjie stats_structure``, timed), then requests through Django's
test ``Client`` the structure page of the city, a county and a town, a drill-down from the city and
the town, reporting p50/p95/max and the SQL query count per page (the count must not grow from
town to city), and the freshness after a write: a sitting member's tenure ended through the ORM
(the signals' path, as a certified result does) in a committed transaction, then the city page read
and checked to have changed, timed end to end.

    .venv/bin/python bench/bench_structure.py [--scale default|city|province] [--requests 20] [--reuse]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_pages import BENCH_ENV, PG, percentile  # noqa: E402

DB = os.environ.get("BENCH_STRUCTURE_DB", "bench_huanjie_structure")
PY = sys.executable
TARGET_MS = 200.0


def env() -> dict[str, str]:
    return {**os.environ, **BENCH_ENV, "DATABASE_URL": f"{PG}/{DB}", "PYTHONPATH": str(ROOT)}


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB}"')


def child(requests: int) -> dict:
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from huanjie.accounts.models import User
    from huanjie.org.models import OrgUnit
    from huanjie.people.models import Tenure
    from huanjie.planning.models import Campaign
    from huanjie.stats import structure_services

    c = Campaign.objects.order_by("pk").first()
    t0 = time.perf_counter()
    units = structure_services.rebuild(c)
    rebuild_s = time.perf_counter() - t0
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    leader = User.objects.get(username="leader")
    town = User.objects.get(username="town_op").home_unit
    county = OrgUnit.objects.get(path=town.path[:6])
    city = OrgUnit.objects.get(path=town.path[:4])
    pages = [
        ("市 unit", reverse("stats_structure:unit", args=[c.pk, city.code])),
        ("县 unit", reverse("stats_structure:unit", args=[c.pk, county.code])),
        ("乡镇 unit", reverse("stats_structure:unit", args=[c.pk, town.code])),
        ("市 drill 一肩挑", reverse("stats_structure:drill", args=[c.pk, city.code, "one_shoulder_village"])),
        (
            "乡镇 drill 无一肩挑",
            reverse("stats_structure:drill", args=[c.pk, town.code, "one_shoulder_village"])
            + "?without=1&basis=before",
        ),
    ]
    client = Client()
    client.force_login(leader)
    out: dict = {"units": units, "rebuild_s": rebuild_s, "pages": {}}
    for label, url in pages:
        client.get(url)
        times, queries = [], 0
        for _ in range(requests):
            t = time.perf_counter()
            with CaptureQueriesContext(connection) as ctx:
                r = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200, (label, r.status_code)
            queries = len(ctx)
        out["pages"][label] = {
            "p50": percentile(times, 50),
            "p95": percentile(times, 95),
            "max": max(times),
            "queries": queries,
        }
    # freshness: end a sitting member's tenure (committed), then read the city page
    before = client.get(pages[0][1] + "?basis=before").content
    t = Tenure.objects.filter(end_date__isnull=True, committee__kind="party_org").order_by("pk").first()
    t0 = time.perf_counter()
    with transaction.atomic():
        t.end_date, t.end_reason = c.window_start, "resigned"
        t.save()
    after = client.get(pages[0][1] + "?basis=before").content
    out["fresh_ms"] = (time.perf_counter() - t0) * 1000
    out["fresh_changed"] = before != after
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", default="default")
    ap.add_argument("--requests", type=int, default=20)
    ap.add_argument("--reuse", action="store_true")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.requests)))
        return
    if not args.reuse:
        recreate_database()
        subprocess.run([PY, "-m", "huanjie.cli", "migrate", "-v0"], env=env(), check=True, cwd=ROOT)
        subprocess.run(
            [PY, "-m", "huanjie.cli", "demo", "--scale", args.scale], env=env(), check=True, cwd=ROOT
        )
    res = subprocess.run(
        [PY, __file__, "--child", "--requests", str(args.requests)],
        env=env(),
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    data = json.loads(res.stdout.strip().splitlines()[-1])
    print(f"{data['units']} 个村（社区）；重建汇总 {data['rebuild_s']:.1f} 秒")
    for label, p in data["pages"].items():
        flag = "OK" if p["p95"] < TARGET_MS else "SLOW"
        print(
            f"{label:24} p50 {p['p50']:.0f} ms  p95 {p['p95']:.0f} ms  max {p['max']:.0f} ms"
            f"  queries {p['queries']}  {flag}"
        )
    print(f"写入后读取市级页面：{data['fresh_ms']:.0f} ms，数字已变化：{data['fresh_changed']}")


if __name__ == "__main__":
    main()
