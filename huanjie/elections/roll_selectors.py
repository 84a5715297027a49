"""Reads of the voter rolls, each taking the user and scoped with ``visible_to`` (out of scope: 404)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from huanjie.accounts.models import User
from huanjie.core.scoping import can, get_scoped_or_404, scope_paths
from huanjie.elections import roll_services as svc
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.models import Election
from huanjie.elections.models.roll import (
    ConflictState,
    EntryStatus,
    ObjectionDecision,
    RollConflict,
    RollEntry,
    RollMode,
    RollObjection,
    RollState,
    VoterRoll,
)
from huanjie.org.models import OrgUnit
from huanjie.rules.dates import age_on
from huanjie.rules.voter_roll import RollPerson, roll_changes


def rolls(user: User) -> QuerySet[VoterRoll]:
    return (
        VoterRoll.objects.visible_to(user)
        .select_related("unit")
        .annotate(voters=Count("entries", filter=Q(entries__status=EntryStatus.ACTIVE)))
        .order_by("unit__path", "-voting_day")
    )


def editable_units(user: User) -> QuerySet[OrgUnit]:
    """Villages and communities where the user may make a roll (for the picker)."""
    return OrgUnit.objects.restrict(user, "edit").filter(level__in=("village", "community"), is_active=True)


def roll(user: User, pk: int) -> VoterRoll:
    found: VoterRoll = get_scoped_or_404(VoterRoll.objects.select_related("unit", "previous"), user, pk=pk)
    return found


def may_edit(user: User, r: VoterRoll) -> bool:
    return can(user, ElectionsCap.EDIT, r.unit.path) and r.state != RollState.LOCKED and not r.superseded


@dataclass
class RollPage:
    roll: VoterRoll
    entries: QuerySet[RollEntry]
    removed: QuerySet[RollEntry]
    objections: list[RollObjection]
    conflicts: int
    can_edit: bool
    can_publish: bool
    can_lock: bool
    can_object: bool
    deadline: dt.date | None
    objection_until: dt.date | None
    categories: list[tuple[str, str]] = field(default_factory=list)


def roll_page(user: User, pk: int) -> RollPage:
    r = roll(user, pk)
    edit = may_edit(user, r)
    active = r.entries.filter(status=EntryStatus.ACTIVE).order_by("group", "pk")
    deadline = svc.schedule_of(r).step("voter_list").latest
    return RollPage(
        roll=r,
        entries=active,
        removed=r.entries.filter(status=EntryStatus.REMOVED).order_by("pk"),
        objections=list(r.objections.order_by("filed_on", "pk")),
        conflicts=svc.open_conflicts_of(r).count(),
        can_edit=edit,
        can_publish=edit and r.state == RollState.DRAFT,
        can_lock=edit and r.state == RollState.PUBLISHED,
        can_object=edit and r.state == RollState.PUBLISHED,
        deadline=deadline,
        objection_until=svc.objection_deadline(r) if r.published_on else None,
        categories=svc.categories_for(r, timezone.localdate()),
    )


def entry(user: User, roll_pk: int, pk: int) -> RollEntry:
    found: RollEntry = get_scoped_or_404(
        RollEntry.objects.select_related("roll__unit"), user, pk=pk, roll_id=roll_pk
    )
    return found


def objection(user: User, roll_pk: int, pk: int) -> RollObjection:
    found: RollObjection = get_scoped_or_404(
        RollObjection.objects.select_related("roll__unit", "entry"),
        user,
        pk=pk,
        roll_id=roll_pk,
        decision=ObjectionDecision.PENDING,
    )
    return found


@dataclass
class PrintGroup:
    name: str
    rows: list[tuple[int, str, str, int]]


def print_groups(user: User, pk: int) -> tuple[VoterRoll, list[PrintGroup]]:
    """The published list by villager group: 序号, 姓名, 性别, 年龄 on the voting day. NO ID numbers:
    only these columns are read."""
    r = roll(user, pk)
    groups: dict[str, PrintGroup] = {}
    for name, sex, birth, group in (
        r.entries.filter(status=EntryStatus.ACTIVE)
        .order_by("group", "pk")
        .values_list("name", "sex", "birth_date", "group")
    ):
        g = groups.setdefault(group, PrintGroup(group or "未分组", []))
        g.rows.append((len(g.rows) + 1, name, "男" if sex == "M" else "女", age_on(birth, r.voting_day)))
    return r, list(groups.values())


def pdf_data(r: VoterRoll, groups: list[PrintGroup]) -> dict[str, Any]:
    return {
        "unit": r.unit.name,
        "voting_day": r.voting_day,
        "mode": r.get_mode_display(),
        "total": sum(len(g.rows) for g in groups),
        "groups": [{"name": g.name, "rows": [[str(c) for c in row] for row in g.rows]} for g in groups],
    }


@dataclass
class ChangeRow:
    code: str
    label: str
    name: str
    masked: str
    explanation: str


def changes(user: User, pk: int) -> tuple[VoterRoll, list[ChangeRow], list[ChangeRow], dict[str, int]]:
    """四增四减 of the roll against its previous roll (empty lists when it has none)."""
    r = roll(user, pk)
    if r.previous is None:
        return r, [], [], {}
    fields = ("id_index", "birth_date", "name", "id_masked", "add_reason", "remove_reason", "status")
    prev = {e[0]: e for e in r.previous.entries.filter(status=EntryStatus.ACTIVE).values_list(*fields)}
    cur = {e[0]: e for e in r.entries.filter(status=EntryStatus.ACTIVE).values_list(*fields)}
    gone = {e[0]: e for e in r.entries.filter(status=EntryStatus.REMOVED).values_list(*fields)}
    result = roll_changes(
        {k: RollPerson(k, v[1]) for k, v in prev.items()},
        {k: RollPerson(k, v[1], v[4]) for k, v in cur.items()},
        {k: RollPerson(k, v[1], v[5]) for k, v in gone.items()},
        previous_day=r.previous.voting_day,
        voting_day=r.voting_day,
    )
    known = {**prev, **gone, **cur}
    adds = [
        ChangeRow(c.code, c.label, known[c.key][2], known[c.key][3], c.explanation) for c in result.additions
    ]
    removes = [
        ChangeRow(c.code, c.label, known[c.key][2], known[c.key][3], c.explanation) for c in result.removals
    ]
    return r, adds, removes, result.counts()


@dataclass
class ConflictRow:
    conflict: RollConflict
    name: str
    masked: str
    a_unit: str
    b_unit: str
    can_decide: bool


def conflicts(user: User, *, state: str = ConflictState.OPEN) -> list[ConflictRow]:
    """The duplicate registrations waiting at levels inside the user's jurisdiction."""
    qs = (
        RollConflict.objects.visible_to(user)
        .filter(state=state)
        .select_related("entry_a__roll__unit", "entry_b__roll__unit")[:500]
    )
    return [
        ConflictRow(
            c,
            c.entry_a.name,
            c.entry_a.id_masked,
            c.entry_a.roll.unit.name,
            c.entry_b.roll.unit.name,
            svc.may_decide_conflict(user, c),
        )
        for c in qs
    ]


def conflict(user: User, pk: int) -> RollConflict:
    found: RollConflict = get_scoped_or_404(
        RollConflict.objects.select_related("entry_a__roll__unit", "entry_b__roll__unit"), user, pk=pk
    )
    return found


def may_import(user: Any) -> bool:
    """May the user import household-register lists (the import kit's capability anywhere)?"""
    from huanjie.core.capabilities import CoreCap

    return bool(scope_paths(user, CoreCap.IMPORT_RUN))


# ---------------------------------------------------------------------------------------------
# The roll of an election (voter cards, the roll API)


def election_roll(e: Election) -> VoterRoll | None:
    """The published voter roll an election's cards are printed from: the village's roll for the
    election day (登记参加选举的村民名单: 村民委员会组织法(2018) 第十四条 / (2025) 第十七条),
    published or locked. A later voting day (另行选举, or a re-run on another day) has its own copy
    of the roll to that day (roll_services.roll_copy_to_day), so the election's day picks it. The
    roll made for this election comes first, then the roll of all voters; None when no roll for
    that day is published yet."""
    if e.election_day is None:
        return None
    rolls = VoterRoll.objects.filter(
        unit=e.unit, voting_day=e.election_day, state__in=(RollState.PUBLISHED, RollState.LOCKED)
    )
    found = sorted(rolls, key=lambda r: (r.election_id != e.pk, r.mode != RollMode.ALL, -r.pk))
    return found[0] if found else None


def roll_entries(user: User, pk: int, status: str = "") -> QuerySet[RollEntry]:
    """The entries of one roll of the user's jurisdiction (404 outside), by group and entry order;
    ``status`` active or removed narrows them."""
    r = roll(user, pk)
    qs = RollEntry.objects.visible_to(user).filter(roll=r).select_related("roll")
    if status in EntryStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("group", "pk")


def election_roll_entries(
    user: User, pk: int, status: str = ""
) -> tuple[VoterRoll | None, QuerySet[RollEntry]]:
    """The election's published roll for its day (election_roll) and its entries; none before the
    roll is published. The election is reached through scoping (404 outside)."""
    e: Election = get_scoped_or_404(Election.objects.select_related("unit"), user, pk=pk)
    r = election_roll(e)
    if r is None:
        return None, RollEntry.objects.none()
    return r, roll_entries(user, r.pk, status)
