"""Keeping the per-village structure summary (stats.StructureSummary) in step with what it counts
(issue 15 req. 8).

How it stays fresh, whoever writes: Django signals on the records the figures are read from — a
tenure (people.Tenure: a certified result seating the new committee and ending the outgoing one, a
committee change, an import), a person (their sex, birth date, education, party membership) and a
plan's projection (planning.PlanProjection, rewritten in the same transaction as every change of a
plan). A signal marks the village's rows ``stale`` inside the writing transaction (so a row can never
look fresh while its village has changed) and queues one recomputation of the changed villages for
the commit (``transaction.on_commit``); a reader (structure_selectors) also recomputes any stale row
before summing. A change of the campaign's window or of its targets' definitions changes the
campaign's fingerprint (stats.StructureBuild) and the reader rebuilds the campaign's rows.

Bulk writes that bypass signals (the demo build) rebuild with :func:`rebuild` (``huanjie
stats_structure``). The summary is derived data, not a record: its refresh is not audited.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Exists
from django.db.models.signals import post_delete, post_save

from huanjie.org.models import OrgUnit
from huanjie.people.models import Committee, Person, Tenure
from huanjie.planning.models import Campaign, PersonnelPlan, PlanProjection
from huanjie.rules.structure import AGE_BANDS, EDUCATION_LEVELS, StructureCounts
from huanjie.stats import structure_compute as compute
from huanjie.stats.models.structure import (
    BAND_COLUMNS,
    EDU_COLUMNS,
    SOURCE_CODES,
    StructureBuild,
    StructureSummary,
)

BASES = ("before", "after", "plan")
_BAND_LABELS = [label for label, _, _ in AGE_BANDS]


def row_values(counts: StructureCounts) -> dict[str, int]:
    """The summary columns of ``counts``."""
    values: dict[str, int] = {
        f: getattr(counts, f)
        for f in (
            "units",
            "villages",
            "communities",
            "villages_one_shoulder",
            "communities_one_shoulder",
            "members",
            "party_committee",
            "villager_committee",
            "age_sum",
            "college",
            "new_members",
            "new_college",
            "reelected",
            "field_fit",
            "women",
            "party_members",
            "cross_serving",
            "party_without_woman",
            "villagers_without_woman",
            "residents_without_woman",
            "baseline_members",
            "baseline_age_sum",
        )
    }
    for col, label in zip(BAND_COLUMNS, _BAND_LABELS, strict=True):
        values[col] = counts.age_bands.get(label, 0)
    for col, level in zip(EDU_COLUMNS, EDUCATION_LEVELS, strict=True):
        values[col] = counts.education.get(level, 0)
    for code in SOURCE_CODES:
        values[f"src_{code}"] = counts.sources.get(code, 0)
    return values


def counts_from(values: dict[str, Any]) -> StructureCounts:
    """The StructureCounts of a summary row or of a SQL sum of rows (``None`` sums read as 0)."""

    def v(name: str) -> int:
        return int(values.get(name) or 0)

    return StructureCounts(
        **{
            f: v(f)
            for f in (
                "units",
                "villages",
                "communities",
                "villages_one_shoulder",
                "communities_one_shoulder",
                "members",
                "party_committee",
                "villager_committee",
                "age_sum",
                "college",
                "new_members",
                "new_college",
                "reelected",
                "field_fit",
                "women",
                "party_members",
                "cross_serving",
                "party_without_woman",
                "villagers_without_woman",
                "residents_without_woman",
                "baseline_members",
                "baseline_age_sum",
            )
        },
        age_bands={label: v(col) for col, label in zip(BAND_COLUMNS, _BAND_LABELS, strict=True)},
        education={level: v(col) for col, level in zip(EDU_COLUMNS, EDUCATION_LEVELS, strict=True)},
        sources={code: v(f"src_{code}") for code in SOURCE_CODES},
    )


def _paths(u: OrgUnit) -> dict[str, str]:
    return {"city_path": u.path[:4], "county_path": u.path[:6], "town_path": u.path[:9], "path": u.path}


def _paths_fields() -> tuple[str, ...]:
    return ("city_path", "county_path", "town_path", "path")


def _write(c: Campaign, units: list[OrgUnit], d: compute.Definitions) -> None:
    tenures = compute.tenures_by_unit(units, d)
    plans = {
        p.unit_id: p
        for p in PersonnelPlan.objects.filter(campaign=c, unit__in=units).select_related("unit", "campaign")
    }
    existing = {(r.unit_id, r.basis): r for r in StructureSummary.objects.filter(campaign=c, unit__in=units)}
    create: list[StructureSummary] = []
    update: list[StructureSummary] = []
    for u in units:
        rows = tenures[u.pk]
        members = {
            "before": compute.before_members(d, rows),
            "after": compute.after_members(d, rows),
        }
        if u.pk in plans:
            members["plan"] = compute.plan_members(d, plans[u.pk], rows)
        for basis, m in members.items():
            values = row_values(compute.counts_of(u, m, d))
            row = existing.pop((u.pk, basis), None)
            if row is None:
                row = StructureSummary(campaign=c, unit=u, basis=basis, **_paths(u))
                create.append(row)
            else:
                update.append(row)
                for name, path in _paths(u).items():  # a unit moved: its rows follow
                    setattr(row, name, path)
            row.stale = False
            row.on, row.baseline_on = m.on, m.baseline_on
            for k, val in values.items():
                setattr(row, k, val)
    if existing:  # a plan deleted: its row goes
        StructureSummary.objects.filter(pk__in=[r.pk for r in existing.values()]).delete()
    StructureSummary.objects.bulk_create(create, batch_size=1000)
    if update:
        StructureSummary.objects.bulk_update(
            update,
            ["stale", "on", "baseline_on", *_paths_fields(), *row_values(StructureCounts())],
            batch_size=1000,
        )


def refresh_units(unit_ids: Iterable[int], *, only_stale: bool = False) -> None:
    """Recompute the rows of these villages and communities for every campaign of their city that
    was built (``only_stale``: those still marked stale — several writes of one transaction queue
    the same village, the first recomputation serves them all)."""
    ids = set(unit_ids)
    if only_stale:
        ids = set(
            StructureSummary.objects.filter(unit_id__in=ids, stale=True).values_list("unit_id", flat=True)
        )
    units = list(OrgUnit.objects.filter(pk__in=ids, level__in=OrgUnit.LEAF_LEVELS))
    by_city: dict[str, list[OrgUnit]] = {}
    for u in units:
        by_city.setdefault(u.path[:4], []).append(u)
    for city, group in by_city.items():
        for c in Campaign.objects.filter(city__path=city):
            if not StructureBuild.objects.filter(campaign=c).exists():
                continue  # never built: the first reader builds it whole
            with transaction.atomic():
                _write(c, group, compute.definitions(c))


def refresh_stale(c: Campaign) -> int:
    """Recompute the campaign's stale rows; how many villages were recomputed."""
    ids = set(StructureSummary.objects.filter(campaign=c, stale=True).values_list("unit_id", flat=True))
    if ids:
        units = list(OrgUnit.objects.filter(pk__in=ids))
        with transaction.atomic():
            _write(c, units, compute.definitions(c))
    return len(ids)


def rebuild(c: Campaign, *, chunk: int = 500) -> int:
    """Rebuild every row of the campaign (its city's villages and communities); how many units."""
    d = compute.definitions(c)
    units = list(
        OrgUnit.objects.filter(
            path__startswith=c.city.path, level__in=OrgUnit.LEAF_LEVELS, is_active=True
        ).order_by("path")
    )
    with transaction.atomic():
        StructureSummary.objects.filter(campaign=c).exclude(unit__in=units).delete()
        for i in range(0, len(units), chunk):
            _write(c, units[i : i + chunk], d)
        StructureBuild.objects.update_or_create(campaign=c, defaults={"fingerprint": d.fingerprint()})
    return len(units)


def ensure_current(c: Campaign) -> None:
    """Build the campaign's rows if never built or built from other definitions; then recompute any
    stale row. Called by every reader before it sums."""
    stale = StructureSummary.objects.filter(campaign=c, stale=True)
    build = (
        StructureBuild.objects.filter(campaign=c)
        .annotate(has_stale=Exists(stale))
        .values_list("fingerprint", "has_stale")
        .first()
    )
    if build is None or build[0] != compute.definitions(c).fingerprint():
        rebuild(c)
    elif build[1]:
        refresh_stale(c)


# -- the signals -------------------------------------------------------------------------------------


def _queue(unit_ids: set[int]) -> None:
    """Mark the villages' rows stale now (inside the writing transaction) and recompute them once it
    commits; a rolled-back write leaves them stale, recomputed by the next reader. A village without
    rows yet (created after its campaign's summary was built) gets a stale row to be filled."""
    if not unit_ids:
        return
    marked = StructureSummary.objects.filter(unit_id__in=unit_ids).update(stale=True)
    if marked and len(unit_ids) == 1:
        have = set(unit_ids)  # the one village has rows (the usual case: one tenure saved)
    else:
        have = set(StructureSummary.objects.filter(unit_id__in=unit_ids).values_list("unit_id", flat=True))
    missing = list(OrgUnit.objects.filter(pk__in=unit_ids - have, level__in=OrgUnit.LEAF_LEVELS))
    if missing:
        built = list(StructureBuild.objects.select_related("campaign__city"))
        StructureSummary.objects.bulk_create(
            [
                StructureSummary(campaign=b.campaign, unit=u, basis="before", stale=True, **_paths(u))
                for u in missing
                for b in built
                if u.path.startswith(b.campaign.city.path)
            ]
        )
    ids = frozenset(unit_ids)
    transaction.on_commit(lambda: refresh_units(ids, only_stale=True))


def _unit_changed(sender: Any, instance: OrgUnit, **kwargs: Any) -> None:
    if instance.level in OrgUnit.LEAF_LEVELS:
        _queue({instance.pk})


def _tenure_changed(sender: Any, instance: Tenure, **kwargs: Any) -> None:
    if Tenure.committee.is_cached(instance):  # type: ignore[attr-defined]
        unit_id = instance.committee.org_unit_id
    else:
        unit_id = (
            Committee.objects.filter(pk=instance.committee_id).values_list("org_unit_id", flat=True).first()
        )
    if unit_id is not None:
        _queue({unit_id})


def _person_changed(sender: Any, instance: Person, created: bool = False, **kwargs: Any) -> None:
    if created:
        return  # a new person holds no tenure yet
    _queue(set(Tenure.objects.filter(person=instance).values_list("committee__org_unit_id", flat=True)))


def _projection_changed(sender: Any, instance: PlanProjection, **kwargs: Any) -> None:
    unit_id = PersonnelPlan.objects.filter(pk=instance.plan_id).values_list("unit_id", flat=True).first()
    if unit_id is not None:
        _queue({unit_id})


def connect() -> None:
    """Connect the signals (StatsConfig.ready)."""
    post_save.connect(_tenure_changed, sender=Tenure, dispatch_uid="stats_structure_tenure_save")
    post_delete.connect(_tenure_changed, sender=Tenure, dispatch_uid="stats_structure_tenure_delete")
    post_save.connect(_person_changed, sender=Person, dispatch_uid="stats_structure_person_save")
    post_save.connect(_projection_changed, sender=PlanProjection, dispatch_uid="stats_structure_plan_save")
    post_save.connect(_unit_changed, sender=OrgUnit, dispatch_uid="stats_structure_unit_save")
    post_delete.connect(
        _projection_changed, sender=PlanProjection, dispatch_uid="stats_structure_plan_delete"
    )
