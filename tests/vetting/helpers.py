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


def campaign_with_negative_list(city: Any) -> Any:
    """A published Zhejiang campaign of ``city`` whose negative list has a 不能 item (N1, three years)
    and a 不宜 item (N2, five years)."""
    import datetime as dt

    from huanjie.planning.models import Campaign, NegativeItem

    c = Campaign.objects.create(
        city=city,
        name="2026年换届",
        profile_code="zhejiang",
        window_start=dt.date(2025, 12, 1),
        window_end=dt.date(2026, 6, 30),
        state="published",
    )
    NegativeItem.objects.create(
        campaign=c,
        code="N1",
        text="受到党纪政务处分未满三年",
        tier="cannot",
        lookback_years=3,
        department="纪委",
    )
    NegativeItem.objects.create(
        campaign=c,
        code="N2",
        text="有严重违法用地行为",
        tier="should_not",
        lookback_years=5,
        department="自然资源局",
    )
    return c
