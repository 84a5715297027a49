"""Issue 12 requirement 10 (PDF half): a whole town's ballots as one PDF in under 5 s.

Builds, in a fresh SQLite database (a temporary file; no PostgreSQL needed), one city with a
published Zhejiang campaign and one town of ``--villages`` villages (default 25: the demo's towns
hold 8 on average at ``--scale default``, about 16 at ``city`` and ``province`` scale, up to about 23
with its jitter), each with its 村民委员会 seats (7) and a published candidate list (主任 2, 副主任 2,
委员 6 of whom 2 women — the Zhejiang women's line), and its committee election scheduled. Then it
requests ``elections_docs:town_ballots_pdf`` as the town operator through Django's test ``Client``
(the full request: login session, permission, scoped selectors, audit entry, Typst typesetting of
every ballot, the response) ``--requests`` times in one process: the first request includes loading
the typesetter and the fonts (one ``typst.Compiler`` per process, reused by every later request).

    .venv/bin/python bench/bench_ballots.py [--villages 25] [--requests 10] [--no-write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import _report  # noqa: E402

TARGET_S = 5.0
SECTION = "## Election documents (issue 12 requirement 10, PDF)"
ENV = {
    "HUANJIE_ENC_KEY": "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
    "HUANJIE_MAC_KEY": "a1b2c3d4e5f60718293a4b5c6d7e8f90" * 2,
    "DJANGO_SETTINGS_MODULE": "huanjie.settings",
    "HUANJIE_DEBUG": "0",
}


def build(villages: int):  # type: ignore[no-untyped-def]
    from huanjie.elections.models import Election
    from huanjie.planning.models import Campaign, CommitteeSeats
    from huanjie.vetting.models import Candidate
    from tests.factories import PersonFactory, unit, user_with_role

    city = unit("329900000000", "city", "东湖市")
    county = unit("329901000000", "county", "清河县", city)
    town = unit("329901001000", "town", "青石镇", county)
    campaign = Campaign.objects.create(
        city=city,
        name="东湖市2026年换届工作",
        profile_code="zhejiang",
        window_start=dt.date(2025, 12, 1),
        window_end=dt.date(2026, 6, 30),
        state="published",
    )
    posts = [("chair", "M")] * 2 + [("vice_chair", "M")] * 2 + [("member", "M")] * 4 + [("member", "F")] * 2
    for i in range(villages):
        v = unit(f"329901001{201 + i:03d}", "village", f"第{i + 1}村", town)
        CommitteeSeats.objects.create(
            campaign=campaign,
            unit=v,
            members=7,
            decided_by="assembly",
            decision_date=dt.date(2026, 1, 5),
            document_no=f"{i + 1}",
        )
        for order, (post, sex) in enumerate(posts, 1):
            Candidate.objects.create(
                campaign=campaign,
                unit=v,
                person=PersonFactory(name=f"候选人{i + 1}-{order}", domicile_unit=v, sex=sex),
                side="committee",
                post=post,
                source="other",
                channel="voters",
                qualification="qualified",
                list_order=order,
            )
        day = dt.date(2026, 3, 20)
        Election.objects.create(campaign=campaign, unit=v, body="committee", election_day=day)
    return town, user_with_role("town_op", "town_operator", town)


def run(villages: int, requests: int) -> dict[str, object]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    setup_test_environment()
    call_command("migrate", verbosity=0)
    town, user = build(villages)
    client = Client()
    client.force_login(user)
    url = reverse("elections_docs:town_ballots_pdf", args=[town.code])
    times, size, pages, last = [], 0, 0, b""
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        size = len(response.content)
        pages = len(re.findall(rb"/Type\s*/Page\b", response.content))
        last = response.content
    return {"times": times, "size": size, "pages": pages, "content": last}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--villages", type=int, default=25)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--save", help="write the last PDF here (to look at it)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update(ENV)
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ["HUANJIE_VAR_DIR"] = tmp
        result = run(args.villages, args.requests)
    if args.save:
        Path(args.save).write_bytes(result["content"])  # type: ignore[arg-type]
    times: list[float] = result["times"]  # type: ignore[assignment]
    first, warm = times[0], times[1:] or times
    ok = max(times) < TARGET_S
    lines = [
        f"- Town of {args.villages} villages, Zhejiang profile (one ballot for every post with the "
        f"women's line), 10 candidates and 7 seats each: one PDF of {result['pages']} pages, "
        f"{result['size'] / 1024:.0f} KiB.",
        f"- Full request (`elections_docs:town_ballots_pdf` through Django's test Client, SQLite): first "
        f"{first:.2f} s (loads the typesetter and fonts), then p50 {statistics.median(warm):.2f} s, "
        f"max {max(warm):.2f} s over {len(warm)} requests.",
        f"- Target: every request under {TARGET_S:.0f} s — {'met' if ok else 'NOT MET'}.",
        f"- Machine: {_report.machine()}; load {_report.load_average()}; {_report.now()}; "
        f"commit {_report.git_head()}.",
        "- Command: `.venv/bin/python bench/bench_ballots.py "
        f"--villages {args.villages} --requests {args.requests}`.",
    ]
    print("\n".join(lines))
    if not args.no_write:
        write(lines)


def write(lines: list[str]) -> None:
    path = _report.BENCHMARKS
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    block = f"{SECTION}\n\n" + "\n".join(lines) + "\n"
    start = text.find(SECTION + "\n")
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + block
    else:
        rest = text[start + len(SECTION) + 1 :]
        nxt = rest.find("\n## ")
        text = text[:start] + block + (rest[nxt:] if nxt >= 0 else "")
    path.write_text(text)


if __name__ == "__main__":
    main()
