"""The pledge counts kept per unit (``PledgeTally``, issue 11 req. 13): what the roll-up sums.

Per town or village of a campaign: the persons who must sign a 承诺书 (its active candidates:
registered, not withdrawn, not found unqualified — ``pledge_services.active_candidates``), those of
them who signed one (a person signs one 承诺书 per campaign, wherever it was recorded), the 保证书
recorded there and the pledges recorded there still waiting for their scan (扫描件待补).

``refresh`` recounts the few units a write touched, inside the writing service's transaction: it
first locks the units' rows (created when missing), then counts, so two writers in one village
count one after the other and the last count sees both (READ COMMITTED gives each statement a fresh
snapshot). ``rebuild`` recounts a whole campaign after bulk loads (the demo, the benchmark, the
migration). Every service that changes a candidate's standing or a pledge calls ``refresh``:
``services.candidate_register``, ``nomination_services`` (a candidate made from a nomination,
qualification, withdrawal), ``party_services.candidate_withdraw_party`` and ``pledge_services``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count, Q

from huanjie.vetting.choices import Qualification
from huanjie.vetting.models import Candidate, Pledge, PledgeTally
from huanjie.vetting.talk_choices import PledgeKind

FIELDS = ["commit_required", "commit_done", "guarantees", "scans_missing", "standing"]


def _counts(campaign_id: int, unit_ids: Iterable[int] | None) -> dict[int, list[int]]:
    """unit id → [required, done, guarantees, scans missing, standing], counted from the
    candidates and pledges (of ``unit_ids`` only, or of the whole campaign)."""
    narrow = (
        Q(campaign_id=campaign_id) if unit_ids is None else Q(campaign_id=campaign_id, unit_id__in=unit_ids)
    )
    committed = Pledge.objects.filter(campaign_id=campaign_id, kind=PledgeKind.COMMITMENT).values("person_id")
    out: dict[int, list[int]] = {}
    owing = ~Q(qualification=Qualification.NOT_QUALIFIED)
    for unit_id, required, done, standing in (
        Candidate.objects.filter(narrow, withdrawn_on__isnull=True)
        .values("unit_id")
        .annotate(
            required=Count("person_id", distinct=True, filter=owing),
            done=Count("person_id", distinct=True, filter=owing & Q(person_id__in=committed)),
            standing=Count("pk"),
        )
        .order_by()
        .values_list("unit_id", "required", "done", "standing")
    ):
        out[unit_id] = [required, done, 0, 0, standing]
    for unit_id, guarantees, unscanned in (
        Pledge.objects.filter(narrow)
        .values("unit_id")
        .annotate(
            guarantees=Count("pk", filter=Q(kind=PledgeKind.GUARANTEE)),
            unscanned=Count("pk", filter=Q(stored__isnull=True)),
        )
        .order_by()
        .values_list("unit_id", "guarantees", "unscanned")
    ):
        row = out.setdefault(unit_id, [0, 0, 0, 0, 0])
        row[2], row[3] = guarantees, unscanned
    return out


def refresh(campaign_id: int, unit_ids: Iterable[int]) -> None:
    """Recount the units ``unit_ids`` of a campaign (in the caller's transaction)."""
    units = sorted(set(unit_ids))
    if not units:
        return
    with transaction.atomic():
        PledgeTally.objects.bulk_create(
            [PledgeTally(campaign_id=campaign_id, unit_id=u) for u in units], ignore_conflicts=True
        )
        rows = list(
            PledgeTally.objects.select_for_update()
            .filter(campaign_id=campaign_id, unit_id__in=units)
            .order_by("unit_id")
        )
        counts = _counts(campaign_id, units)
        for row in rows:
            (row.commit_required, row.commit_done, row.guarantees, row.scans_missing, row.standing) = (
                counts.get(row.unit_id, [0, 0, 0, 0, 0])
            )
        PledgeTally.objects.bulk_update(rows, FIELDS)


def refresh_person(campaign_id: int, person_id: int | None, *unit_ids: int) -> None:
    """Recount the units where a person stands in a campaign (a 承诺书 counts at each), and
    ``unit_ids``."""
    units = set(unit_ids)
    if person_id is not None:
        units |= set(
            Candidate.objects.filter(campaign_id=campaign_id, person_id=person_id).values_list(
                "unit_id", flat=True
            )
        )
    refresh(campaign_id, units)


def refresh_candidate(candidate: Any) -> None:
    refresh(candidate.campaign_id, [candidate.unit_id])


def rebuild(campaign_id: int) -> int:
    """Recount a whole campaign (after bulk loads); returns the units counted."""
    counts = _counts(campaign_id, None)
    with transaction.atomic():
        PledgeTally.objects.filter(campaign_id=campaign_id).delete()
        PledgeTally.objects.bulk_create(
            [
                PledgeTally(
                    campaign_id=campaign_id,
                    unit_id=u,
                    commit_required=c[0],
                    commit_done=c[1],
                    guarantees=c[2],
                    scans_missing=c[3],
                    standing=c[4],
                )
                for u, c in counts.items()
            ],
            batch_size=5000,
        )
    return len(counts)
