"""Helpers of the incident and supervision tests: the cast's published campaign, a fixed clock."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from huanjie.planning.models import Campaign

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)
TODAY = NOW.date()
PDF = b"%PDF-1.4 evidence"


def campaign(city: Any) -> Campaign:
    return Campaign.objects.create(
        city=city,
        name="2026年换届",
        profile_code="zhejiang",
        window_start=dt.date(2025, 12, 1),
        window_end=dt.date(2026, 6, 30),
        state="published",
    )


class Clock:
    """A fixed clock for the incidents (``now``) and the workflow (``today``), moved by ``advance``."""

    def __init__(self, monkeypatch: Any, at: dt.datetime = NOW) -> None:
        self.at = at
        monkeypatch.setattr("huanjie.oversight.incidents_services.now", lambda: self.at)
        monkeypatch.setattr("huanjie.core.workflow.today", lambda: self.at.astimezone(SHANGHAI).date())

    def advance(self, **delta: float) -> None:
        self.at += dt.timedelta(**delta)
