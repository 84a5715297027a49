"""Test helpers of the vetting tests."""

from __future__ import annotations

from typing import Any

from huanjie.vetting.models import Candidate


def nominated(
    campaign: Any,
    unit: Any,
    person: Any,
    *,
    side: str = "committee",
    post: str = "chair",
    votes: int = 120,
    **extra: Any,
) -> Candidate:
    """A 村委会 (or supervision committee) candidate as a confirmed nomination round leaves it
    (nomination_services.round_confirm writes these rows; the tests of other areas start from one)."""
    return Candidate.objects.create(
        campaign=campaign,
        unit=unit,
        person=person,
        side=side,
        post=post,
        source=extra.pop("source", "sitting"),
        channel=extra.pop("channel", "voters"),
        nomination_votes=votes,
        **extra,
    )
