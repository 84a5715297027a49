"""CPU per request of the results hot path, in-process (Django test ``Client``), on the results
benchmark's database (bench/bench_results.py --keep): the tally sheet's page (GET) and its save with
the version it was loaded with (POST), and the queries of a certification.

Each run takes fresh villages of the city that the benchmark did not pick (a round, a sheet, two town
officials), so it can be run again on the same database. ``--profile`` prints a cProfile of the
GET and POST loop.

    BENCH_RESULTS_DB=bench_huanjie_results python bench/prof_results.py --n 100 [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._forms import form_fields, with_values  # noqa: E402
from bench.bench_results import env  # noqa: E402

DAY = dt.date(2027, 1, 10)


def fresh_round(tag: str):
    """A village without a committee election in the campaign: an election, its first round open,
    two town officials (enter, verify)."""
    from django.contrib.auth import get_user_model

    from huanjie.accounts.models import RoleAssignment
    from huanjie.elections.models import Election, ResultRound
    from huanjie.org.models import OrgUnit
    from huanjie.planning.models import Campaign
    from huanjie.vetting.models import Candidate

    User = get_user_model()
    campaign = Campaign.objects.order_by("-pk").first()
    taken = Election.objects.filter(campaign=campaign, body="committee").values("unit_id")
    unit = (
        OrgUnit.objects.filter(level="village", is_active=True)
        .exclude(pk__in=taken)
        .select_related("parent")
        .order_by("-code")
        .first()
    )
    e = Election.objects.create(campaign=campaign, unit=unit, body="committee", election_day=DAY, order=2)
    side: dict[str, list[str]] = {"chair": [], "member": []}
    rows = Candidate.objects.filter(campaign=campaign, unit=unit, side="committee").order_by("pk")
    for post, name in rows.values_list("post", "person__name"):
        (side["chair"] if post == "chair" else side["member"]).append(name)
    pool = list(dict.fromkeys(side["chair"] + side["member"]))
    pool += [f"候选人{c}" for c in "甲乙丙丁戊" if f"候选人{c}" not in pool]
    r = ResultRound.objects.create(
        election=e,
        number=1,
        kind="first",
        voting_day=DAY,
        registered=1000,
        state="open",
        posts=[
            {"post": "主任", "seats": 1, "candidates": pool[:2], "women_line": False, "women": []},
            {"post": "委员", "seats": 2, "candidates": pool[2:5], "women_line": False, "women": []},
        ],
        created_by="prof",
    )
    users = []
    for who in ("enter", "verify"):
        u, _ = User.objects.get_or_create(
            username=f"rp_{who}_{unit.parent.code}_{tag}",
            defaults={"display_name": f"{unit.parent.name}{who}", "must_change_password": False},
        )
        RoleAssignment.objects.get_or_create(user=u, role="town_operator", org_unit=unit.parent)
        users.append(u)
    return r, users


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--certify", type=int, default=5)
    parser.add_argument("--queries", action="store_true", help="print the SQL of a save and a certification")
    args = parser.parse_args()
    os.environ.update(env())
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from huanjie.elections.models import ResultRound, TallySheet

    tag = str(int(time.time()))
    r, (enter, verify) = fresh_round(tag)
    c = Client()
    c.force_login(enter)
    url = reverse("elections_results:sheet_new", args=[r.pk])
    fields = form_fields(c.get(url).content.decode(), url)
    values = {"box": "中心会场", "ballots_issued": "800", "ballots_returned": "800", "ballots_invalid": "20"}
    for i, post in enumerate(((500, 280), (600, 520, 200))):
        for j, v in enumerate(post):
            values[f"v_{i}_{j}"] = str(v)
    resp = c.post(url, dict(with_values(fields, **values)))
    assert resp.status_code == 302, resp.status_code
    s = TallySheet.objects.get(round=r)
    page_url = reverse("elections_results:sheet", args=[s.pk])
    edit_url = reverse("elections_results:sheet_edit", args=[s.pk])
    for _ in range(3):  # warm
        c.get(page_url)
    gets: list[float] = []
    posts: list[float] = []
    qget = qpost = 0
    prof = cProfile.Profile() if args.profile else None
    for k in range(args.n):
        if prof:
            prof.enable()
        t0 = time.process_time()
        with CaptureQueriesContext(connection) as q1:
            page = c.get(page_url)
        gets.append((time.process_time() - t0) * 1000)
        assert page.status_code == 200
        fields = form_fields(page.content.decode(), edit_url)
        data: dict[str, list[str]] = {}
        for name, value in with_values(fields, box=f"中心会场·{k:05d}", v_0_0=str(k % 500)):
            data.setdefault(name, []).append(value)
        t0 = time.process_time()
        with CaptureQueriesContext(connection) as q2:
            resp = c.post(edit_url, data)
        posts.append((time.process_time() - t0) * 1000)
        if prof:
            prof.disable()
        assert resp.status_code == 302, resp.status_code
        qget, qpost = len(q1), len(q2)

    def line(label: str, xs: list[float], q: int) -> str:
        xs = sorted(xs)
        return (
            f"{label}: p50 {statistics.median(xs):.1f} ms  p95 {xs[int(len(xs) * 0.95) - 1]:.1f} ms "
            f"mean {statistics.fmean(xs):.1f} ms CPU, {q} queries"
        )

    print(line("GET sheet", gets, qget))
    print(line("POST sheet_edit", posts, qpost))

    # certification: verify, announce, certify on fresh rounds
    cq, ccpu = [], []
    for i in range(args.certify):
        r2, (e2, v2) = fresh_round(f"{tag}c{i}") if i else (r, (enter, verify))
        ce, cv = Client(), Client()
        ce.force_login(e2)
        cv.force_login(v2)
        if i:
            u = reverse("elections_results:sheet_new", args=[r2.pk])
            f = form_fields(ce.get(u).content.decode(), u)
            assert ce.post(u, dict(with_values(f, **values))).status_code == 302
        s2 = TallySheet.objects.get(round=r2)
        assert cv.post(reverse("elections_results:sheet_verify", args=[s2.pk])).status_code == 302
        rr = ResultRound.objects.get(pk=r2.pk)
        au = reverse("elections_results:announce", args=[r2.pk])
        f = form_fields(ce.get(rr.get_absolute_url()).content.decode(), au)
        winners = {p["post"]: p["elected"] for p in rr.engine.get("posts", [])}
        at = timezone.localtime(timezone.now() - dt.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M")
        vals: dict = {"announced_by": "王总监票人", "announced_at": at}
        for j, post in enumerate(("主任", "委员")):
            vals[f"p_{j}"] = list(winners.get(post, []))
        data = {}
        for name, value in with_values(f, **vals):
            data.setdefault(name, []).append(value)
        assert ce.post(au, data).status_code == 302
        t0 = time.process_time()
        with CaptureQueriesContext(connection) as q3:
            resp = ce.post(reverse("elections_results:certify", args=[r2.pk]))
        ccpu.append((time.process_time() - t0) * 1000)
        assert resp.status_code == 302
        assert ResultRound.objects.get(pk=r2.pk).state == "certified"
        cq.append(len(q3))
        if args.queries and i == 0:
            for x in q3.captured_queries:
                print("  C", x["sql"][:150])
            for x in q2.captured_queries:
                print("  P", x["sql"][:150])
    if cq:
        print(f"POST certify: queries {cq}, CPU mean {statistics.fmean(ccpu):.1f} ms")
    if prof:
        st = pstats.Stats(prof)
        st.sort_stats("cumulative").print_stats(60)
        st.sort_stats("tottime").print_stats(40)


if __name__ == "__main__":
    main()
