"""Reads of people, relations, committees and tenures. Every read takes the user and is scoped."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from huanjie.core import crypto
from huanjie.core.roles import PEOPLE_UNMASK
from huanjie.people.choices import INVERSE, CommitteeKind, Post, RelationKind
from huanjie.people.models import Committee, Person, Relation, Tenure
from huanjie.rules.ids import InvalidCitizenId, parse_citizen_id

_MASKED = re.compile(r"^\d{6}\*{8}\d{3}[\dXx]$")
_LAST_FOUR = re.compile(r"^\d{3}[\dXx]$")

PERSON_SORTS = {
    "name": "name",
    "-name": "-name",
    "birth": "birth_date",
    "-birth": "-birth_date",
    "unit": "domicile_unit__code",
    "-unit": "-domicile_unit__code",
}


def person_list(
    user: Any,
    *,
    q: str = "",
    unit_path: str = "",
    sex: str = "",
    education: str = "",
    political_status: str = "",
    sitting: str = "",
    sort: str = "unit",
) -> QuerySet[Person]:
    """Persons in the user's jurisdiction, filtered, searched (name, masked ID, full ID for roles that
    may see full IDs, via the blind index) and sorted."""
    qs = Person.objects.visible_to(user).select_related("domicile_unit")
    if unit_path:
        qs = qs.filter(domicile_unit__path__startswith=unit_path)
    if sex:
        qs = qs.filter(sex=sex)
    if education:
        qs = qs.filter(education=education)
    if political_status:
        qs = qs.filter(political_status=political_status)
    if sitting == "1":
        qs = qs.filter(pk__in=Tenure.objects.filter(end_date__isnull=True).values("person_id"))
    q = q.strip()
    if q:
        qs = qs.filter(_search_q(user, q))
    return qs.order_by(PERSON_SORTS.get(sort, "domicile_unit__code"), "id")


def _search_q(user: Any, q: str) -> Q:
    compact = q.replace(" ", "")
    if _MASKED.match(compact):
        return Q(id_masked=compact.upper())
    if len(compact) in (15, 18) and compact[:-1].isdigit():
        if not user.has_capability(PEOPLE_UNMASK):
            return Q(pk__in=[])
        try:
            number = parse_citizen_id(compact).number
        except InvalidCitizenId:
            return Q(pk__in=[])
        return Q(id_index=crypto.blind_index(number))
    if _LAST_FOUR.match(compact):
        return Q(id_masked__endswith=compact.upper()) | Q(name__contains=compact)
    return Q(name__contains=q)


@dataclass(frozen=True)
class RelativeView:
    relative: Person
    kind_label: str


def relatives_of(user: Any, person: Person) -> list[RelativeView]:
    """Near relatives of a person, read from both stored directions, restricted to visible persons."""
    visible = Person.objects.visible_to(user)
    rows = Relation.objects.filter(Q(person_a=person) | Q(person_b=person)).select_related(
        "person_a__domicile_unit", "person_b__domicile_unit"
    )
    visible_ids = set(
        visible.filter(Q(relations_as_a__person_b=person) | Q(relations_as_b__person_a=person)).values_list(
            "pk", flat=True
        )
    )
    out = []
    for r in rows:
        if r.person_b_id == person.pk:
            # person_a is <kind> of person: that is how person sees them.
            other, kind = r.person_a, RelationKind(r.kind)
        else:
            other, kind = r.person_b, INVERSE[RelationKind(r.kind)]
        if other.pk in visible_ids:
            out.append(RelativeView(other, kind.label))
    return out


def tenures_of(user: Any, person: Person) -> QuerySet[Tenure]:
    return (
        Tenure.objects.visible_to(user)
        .filter(person=person)
        .select_related("committee__org_unit")
        .order_by("-start_date")
    )


def committees_of_unit(user: Any, unit: Any) -> list[dict[str, Any]]:
    """The unit's committees with their sitting members, in the order 党组织 → 村/居委会 → 监委会."""
    committees = list(Committee.objects.visible_to(user).filter(org_unit=unit))
    sitting = (
        Tenure.objects.filter(committee__in=committees, end_date__isnull=True)
        .select_related("person")
        .order_by("post", "person__name")
    )
    order = {k: i for i, k in enumerate(CommitteeKind)}
    post_order = {p: i for i, p in enumerate(Post)}
    by_committee: dict[int, list[Tenure]] = {c.pk: [] for c in committees}
    for t in sitting:
        by_committee[t.committee_id].append(t)
    return [
        {
            "committee": c,
            "members": sorted(by_committee[c.pk], key=lambda t: (post_order[Post(t.post)], t.person.name)),
        }
        for c in sorted(committees, key=lambda c: order[CommitteeKind(c.kind)])
    ]


def sitting_tenures(user: Any, *, unit_path: str = "") -> QuerySet[Tenure]:
    qs = Tenure.objects.visible_to(user).filter(end_date__isnull=True)
    if unit_path:
        qs = qs.filter(committee__org_unit__path__startswith=unit_path)
    return qs


def sitting_counts_by_prefix(user: Any, parent_path: str, child_path_len: int) -> dict[str, int]:
    """Distinct sitting members under each child of a node, in one grouped query."""
    rows = (
        sitting_tenures(user, unit_path=parent_path)
        .annotate(prefix=Substr("committee__org_unit__path", 1, child_path_len))
        .values("prefix")
        .annotate(n=Count("person", distinct=True))
    )
    return {r["prefix"]: r["n"] for r in rows}


def derived_roles(tenures: list[Tenure]) -> dict[int, set[str]]:
    """Per person: 一肩挑 (party secretary and committee chair) and 交叉任职 (on both committees)."""
    held: dict[int, set[tuple[str, str]]] = {}
    for t in tenures:
        held.setdefault(t.person_id, set()).add((t.committee.kind, t.post))
    out: dict[int, set[str]] = {}
    for pid, posts in held.items():
        kinds = {k for k, _ in posts}
        flags = set()
        on_committee = kinds & {CommitteeKind.VILLAGERS, CommitteeKind.RESIDENTS}
        if CommitteeKind.PARTY_ORG in kinds and on_committee:
            flags.add("cross_holding")
            if (CommitteeKind.PARTY_ORG, Post.SECRETARY) in posts and any(
                (k, Post.CHAIR) in posts for k in on_committee
            ):
                flags.add("dual_role")
        out[pid] = flags
    return out


def age_on(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
