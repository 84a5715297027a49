"""Locust users for bench/bench_results.py: officials editing the same tally sheets at once.

Each simulated official opens a tally sheet's page (GET, the form with the version it was loaded
with), changes a candidate's votes and the box's label (a marker unique to this write) and saves
(POST). The server answers 302 (saved) or 409 (someone saved it first: the conflict form with the
differences) — anything else is a failure. Every POST's outcome is appended to ``HJ_LOCUST_OUT``
(JSON lines: sheet, marker, the version the form was loaded with, status, whether the answer said
it was a conflict) for the benchmark to compare with the database afterwards.

Set-up (``HJ_LOCUST_SETUP``, JSON written by the benchmark): the session cookies of the bench's
editors and the pages of the hot sheets.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import sys
from pathlib import Path

from locust import HttpUser, constant, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._forms import form_fields, with_values

SETUP = json.loads(Path(os.environ["HJ_LOCUST_SETUP"]).read_text())
OUT = open(os.environ["HJ_LOCUST_OUT"], "a", encoding="utf-8")  # noqa: SIM115 (open for the run)
CONFLICT = "此记录已被他人修改"
_markers = itertools.count(1)
_sessions = itertools.cycle(SETUP["sessions"])


class Editor(HttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        self.client.cookies.set("sessionid", next(_sessions))

    @task
    def edit_a_sheet(self) -> None:
        sheet = random.choice(SETUP["sheets"])
        page = self.client.get(sheet["url"], name="GET 计票单页面")
        fields = form_fields(page.text, sheet["edit"]) if page.status_code == 200 else None
        if fields is None:
            return
        loaded = dict(fields).get("version", "")
        marker = f"中心会场·{next(_markers):07d}"
        data = with_values(fields, box=marker, v_0_0=str(random.randint(0, 500)))
        with self.client.post(
            sheet["edit"],
            data=data,
            name="POST 保存计票单",
            allow_redirects=False,
            catch_response=True,
            headers={"Referer": self.host + sheet["url"]},
        ) as resp:
            said_conflict = resp.status_code == 409 and CONFLICT in resp.text
            if resp.status_code == 302 or said_conflict:
                resp.success()
            else:
                resp.failure(f"HTTP {resp.status_code}")
        OUT.write(
            json.dumps(
                {
                    "sheet": sheet["pk"],
                    "marker": marker,
                    "loaded": loaded,
                    "status": resp.status_code,
                    "conflict": said_conflict,
                },
                ensure_ascii=False,
            )
            + "\n"
        )
        OUT.flush()


class Floor(HttpUser):
    """The floor, side by side: the same server answering the public verification page (no code:
    middleware, session and template, no query of its own)."""

    wait_time = constant(0)

    def on_start(self) -> None:
        self.client.cookies.set("sessionid", next(_sessions))

    @task
    def public_page(self) -> None:
        self.client.get(SETUP["floor"], name="GET 公开核验页")
