"""Reporting tables of the vetting app printed through layouts as data (huanjie.core.layouts): the
keys each table's provider supplies, and the rows for the user's jurisdiction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from huanjie.rules.dates import age_on
from huanjie.vetting import selectors


def candidate_rows(user: Any, *, side: str = "", on: dt.date) -> Iterator[dict[str, Any]]:
    """One row per candidate of the user's jurisdiction (names, posts, counts: nothing confidential),
    ages on ``on``; the town's name from the unit's parent (one query for the lot)."""
    qs = selectors.candidates(user, side=side).select_related("unit__parent")
    for c in qs.iterator(chunk_size=2000):
        p = c.person
        yield {
            "town": c.unit.parent.name if c.unit.parent is not None else "",
            "unit": c.unit.name,
            "name": p.name,
            "sex": p.get_sex_display(),
            "ethnicity": p.ethnicity,
            "birth_month": f"{p.birth_date:%Y.%m}",
            "age": age_on(p.birth_date, on),
            "political_status": p.get_political_status_display(),
            "education": p.get_education_display(),
            "side": c.get_side_display(),
            "post": c.get_post_display(),
            "source": c.get_source_display(),
            "channel": c.get_channel_display(),
            "votes_members": c.votes_members,
            "votes_public": c.votes_public,
            "nomination_votes": c.nomination_votes,
            "status": "已退出"
            if c.withdrawn_on
            else c.get_qualification_display()
            if c.side != "party"
            else "",
        }
