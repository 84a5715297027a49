"""Issue 15 requirement 8: the structure pages (stats_structure) at scale on PostgreSQL.

Builds ``huanjie demo --scale SCALE`` (``province``: about 20,000 villages and communities) in a
fresh database ``bench_huanjie_structure`` on 127.0.0.1:5432 (user postgres), rebuilds the
per-village structure summary (``huanjie stats_structure``, timed), then requests through Django's
test ``Client`` the structure page of the city, a county and a town, a drill-down from the city and
the town, reporting p50/p95/max and the SQL query count per page (the count must not grow from
town to city), and the freshness after a write: a sitting member's tenure ended through the ORM
(the signals' path, as a certified result does) in a committed transaction, then the city page read
and checked to have changed, timed end to end.

``--all-pages`` adds every dashboard (/stats/dash/: city, county, town, print, the villages behind a
figure), its API (/api/stats/dash/...), the structure index, print and person drill-down and the
planning progress pages, as the leader and as the city, county and town operators, each with its
query count and the Django process's own CPU time per request (less sensitive than the wall time to
a loaded machine). ``--no-rebuild`` (with ``--reuse``) skips the timed rebuild of the summary.

    .venv/bin/python bench/bench_structure.py [--scale default|city|province] [--requests 20] [--reuse]
        [--no-rebuild] [--all-pages] [--only LABEL]
"""

from __future__ import annotations

import argparse
import functools
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


def child(requests: int, full: bool, only: str, rebuild: bool) -> dict:
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from huanjie.accounts.models import User
    from huanjie.accounts.tokens import api_token_create
    from huanjie.org.models import OrgUnit
    from huanjie.people.models import Tenure
    from huanjie.planning.models import Campaign
    from huanjie.stats import structure_services
    from huanjie.stats.models import StructureSummary

    c = Campaign.objects.order_by("pk").first()
    t0 = time.perf_counter()
    if rebuild:
        units = structure_services.rebuild(c)
    else:
        structure_services.ensure_current(c)
        units = StructureSummary.objects.filter(campaign=c, basis="before").count()
    rebuild_s = time.perf_counter() - t0
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    town = User.objects.get(username="town_op").home_unit
    county = OrgUnit.objects.get(path=town.path[:6])
    city = OrgUnit.objects.get(path=town.path[:4])
    users = {name: User.objects.get(username=name) for name in ("leader", "city_op", "county_op", "town_op")}
    tokens = {name: api_token_create(actor=None, user=u, name="bench")[1] for name, u in users.items()}
    pages = [
        ("leader", "市 unit", reverse("stats_structure:unit", args=[c.pk, city.code])),
        ("leader", "县 unit", reverse("stats_structure:unit", args=[c.pk, county.code])),
        ("leader", "乡镇 unit", reverse("stats_structure:unit", args=[c.pk, town.code])),
        (
            "leader",
            "市 drill 一肩挑",
            reverse("stats_structure:drill", args=[c.pk, city.code, "one_shoulder_village"]),
        ),
        (
            "leader",
            "乡镇 drill 无一肩挑",
            reverse("stats_structure:drill", args=[c.pk, town.code, "one_shoulder_village"])
            + "?without=1&basis=before",
        ),
    ]
    if full:
        structure_index = reverse("stats_structure:index")
        progress = reverse("planning:progress", args=[c.pk])
        pages += [
            ("leader", "结构 index", structure_index),
            ("leader", "市 unit print", reverse("stats_structure:print", args=[c.pk, city.code])),
            (
                "leader",
                "乡镇 drill 女性（人员）",
                reverse("stats_structure:drill", args=[c.pk, town.code, "women"]),
            ),
            ("leader", "看板 index（市）", reverse("stats_dash:index")),
            ("leader", "看板 县", reverse("stats_dash:unit", args=[county.code])),
            ("leader", "看板 乡镇", reverse("stats_dash:unit", args=[town.code])),
            ("leader", "看板 市 print", reverse("stats_dash:print", args=[city.code])),
            (
                "leader",
                "看板 市 村名单 未选举",
                reverse("stats_dash:villages", args=[city.code]) + "?stage=elected&state=open",
            ),
            (
                "leader",
                "看板 市 村名单 逾期",
                reverse("stats_dash:villages", args=[city.code]) + "?overdue=any",
            ),
            ("leader", "API 看板 市", f"/api/stats/dash/{city.code}"),
            ("leader", "API 图 stages 市", f"/api/stats/dash/{city.code}/figures/stages"),
            ("leader", "API 村名单 市", f"/api/stats/dash/{city.code}/villages?stage=elected&state=open"),
            ("leader", "进度 市", progress),
            ("leader", "进度 县", reverse("planning:progress_unit", args=[c.pk, county.code])),
            ("leader", "进度 乡镇", reverse("planning:progress_unit", args=[c.pk, town.code])),
            ("city_op", "看板 市", reverse("stats_dash:unit", args=[city.code])),
            ("city_op", "结构 市", reverse("stats_structure:unit", args=[c.pk, city.code])),
            ("city_op", "进度 市", progress),
            ("county_op", "看板 县", reverse("stats_dash:index")),
            ("county_op", "结构 县", structure_index),
            ("county_op", "API 看板 县", f"/api/stats/dash/{county.code}"),
            ("county_op", "进度 县", reverse("planning:progress_unit", args=[c.pk, county.code])),
            ("town_op", "看板 乡镇", reverse("stats_dash:index")),
            ("town_op", "结构 乡镇", structure_index),
            (
                "town_op",
                "乡镇 drill 一肩挑",
                reverse("stats_structure:drill", args=[c.pk, town.code, "one_shoulder_village"]),
            ),
            ("town_op", "API 看板 乡镇", f"/api/stats/dash/{town.code}"),
            ("town_op", "进度 乡镇", reverse("planning:progress_unit", args=[c.pk, town.code])),
        ]
    clients = {}
    for name, u in users.items():
        clients[name] = Client()
        clients[name].force_login(u)
    client = clients["leader"]
    out: dict = {"units": units, "rebuild_s": rebuild_s, "pages": {}}
    for who, label, url in pages:
        if only and only not in label:
            continue
        headers = {"Authorization": f"Bearer {tokens[who]}"} if url.startswith("/api/") else {}
        get = functools.partial(clients[who].get, url, headers=headers)
        r = get()
        assert r.status_code == 200, (who, label, url, r.status_code)
        times, cpu, queries = [], [], 0
        for _ in range(requests):
            t, p = time.perf_counter(), time.process_time()
            with CaptureQueriesContext(connection) as ctx:
                r = get()
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - p) * 1000)
            assert r.status_code == 200, (label, r.status_code)
            queries = len(ctx)
        out["pages"][f"{who} {label}"] = {
            "p50": percentile(times, 50),
            "p95": percentile(times, 95),
            "max": max(times),
            "cpu": percentile(cpu, 50),
            "queries": queries,
        }
    pages = [(label, url) for _who, label, url in pages[:1]]
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
    ap.add_argument(
        "--all-pages",
        action="store_true",
        help="every dashboard, structure, progress page and API as the leader and the operators",
    )
    ap.add_argument(
        "--no-rebuild", action="store_true", help="with --reuse: keep the summary rows as they are"
    )
    ap.add_argument("--only", default="", help="only the pages whose label contains this")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.requests, args.all_pages, args.only, not args.no_rebuild)))
        return
    if not args.reuse:
        recreate_database()
        subprocess.run([PY, "-m", "huanjie.cli", "migrate", "-v0"], env=env(), check=True, cwd=ROOT)
        subprocess.run(
            [PY, "-m", "huanjie.cli", "demo", "--scale", args.scale], env=env(), check=True, cwd=ROOT
        )
    res = subprocess.run(
        [
            PY,
            __file__,
            "--child",
            "--requests",
            str(args.requests),
            "--only",
            args.only,
            *(["--all-pages"] if args.all_pages else []),
            *(["--no-rebuild"] if args.no_rebuild else []),
        ],
        env=env(),
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    data = json.loads(res.stdout.strip().splitlines()[-1])
    print(
        f"{data['units']} 个村（社区）；重建汇总 {data['rebuild_s']:.1f} 秒；"
        f"load average {os.getloadavg()[0]:.1f} / {os.getloadavg()[1]:.1f}"
    )
    for label, p in data["pages"].items():
        flag = "OK" if p["p95"] < TARGET_MS else "SLOW"
        print(
            f"{label:28} p50 {p['p50']:.0f} ms  p95 {p['p95']:.0f} ms  max {p['max']:.0f} ms"
            f"  python cpu p50 {p.get('cpu', 0):.0f} ms  queries {p['queries']}  {flag}"
        )
    print(
        "python cpu: the Django process's own CPU time per request (less sensitive to a loaded machine "
        "than the wall time; the database's time is not in it)"
    )
    print(f"写入后读取市级页面：{data['fresh_ms']:.0f} ms，数字已变化：{data['fresh_changed']}")


if __name__ == "__main__":
    main()
