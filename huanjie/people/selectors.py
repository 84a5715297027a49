"""Reads of people, relations, committees and tenures. Every read takes the user and is scoped."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, cast

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone

from huanjie.accounts.models import User
from huanjie.core import workflow
from huanjie.core.plugins import SeatCounts, committee_guidance, seat_counts
from huanjie.core.scoping import can
from huanjie.org.models import OrgUnit
from huanjie.org.selectors import in_category
from huanjie.people import adapters, id_search
from huanjie.people.capabilities import PeopleCap
from huanjie.people.choices import INVERSE, CommitteeKind, Post, RelationKind
from huanjie.people.models import Committee, CommitteeChange, CommitteeChangeItem, Person, Relation, Tenure
from huanjie.rules import tenure_causes
from huanjie.rules.citations import provenance_label
from huanjie.rules.committee_checks import Finding
from huanjie.rules.ids import InvalidCitizenId, parse_citizen_id
from huanjie.rules.structure import structure_stats

_MASKED = re.compile(r"^\d{6}\*{12}$")

# Sorting by birth orders by 出生年月 only, then by name: an order by the full birth date would
# reveal the hidden birth day to roles that may not unmask (hardening issue 7).
PERSON_SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "-name": ("-name",),
    "birth": ("birth_month", "name"),
    "-birth": ("-birth_month", "name"),
    # Within a unit by name, not by record id: ids follow the order of import files, which may be
    # sorted by birth date.
    "unit": ("domicile_unit__code", "name"),
    "-unit": ("-domicile_unit__code", "name"),
}


# 年龄段 for 研判: (key, label, youngest, oldest); ``None`` is open-ended.
AGE_BANDS: tuple[tuple[str, str, int | None, int | None], ...] = (
    ("-35", "35岁及以下", None, 35),
    ("36-45", "36–45岁", 36, 45),
    ("46-55", "46–55岁", 46, 55),
    ("56-60", "56–60岁", 56, 60),
    ("61-", "60岁以上", 61, None),
)
AGE_BAND_CHOICES = [(key, label) for key, label, _lo, _hi in AGE_BANDS]


def age_on(birth: dt.date, on: dt.date) -> int:
    """Age in whole years from 出生年月 only: the birthday counts from the first of its month, so the
    age never changes on the (hidden) birth day (hardening issue 7)."""
    return on.year - birth.year - (1 if on.month < birth.month else 0)


def _month_after(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1)


def age_band_q(band: str, on: dt.date) -> Q:
    """Persons whose ``age_on(birth, on)`` lies in the band. The bounds are first days of months,
    so the filter, like the age shown, knows nothing finer than 出生年月."""
    for key, _label, youngest, oldest in AGE_BANDS:
        if key != band:
            continue
        q = Q()
        if youngest is not None:  # age >= youngest  <=>  born in or before (Y - youngest, M)
            q &= Q(birth_date__lt=_month_after(on.year - youngest, on.month))
        if oldest is not None:  # age <= oldest  <=>  not (age >= oldest + 1)
            q &= Q(birth_date__gte=_month_after(on.year - oldest - 1, on.month))
        return q
    return Q()


def person_list(
    user: User,
    *,
    q: str = "",
    unit_path: str = "",
    sex: str = "",
    education: str = "",
    political_status: str = "",
    sitting: str = "",
    kind: str = "",
    post: str = "",
    age: str = "",
    veteran: str = "",
    category: str = "",
    sort: str = "unit",
    today: dt.date | None = None,
) -> QuerySet[Person]:
    """Persons in the user's jurisdiction, filtered, searched (name or masked ID; a full ID only
    where the user may unmask, audited: people.id_search) and sorted (by birth: 出生年月 only).

    ``kind`` and ``post`` keep persons with a sitting seat on such a committee / in such a post (both:
    one seat that is both), seats outside the jurisdiction not counting; ``age`` is a key of
    ``AGE_BANDS``; ``veteran`` "1" or "0"; ``category`` a village category (org.selectors.in_category:
    persons domiciled in, or sitting in, a unit of that category; nothing when the user may not see
    the categories)."""
    qs = Person.objects.visible_to(user).select_related("domicile_unit")
    if kind or post:
        seats = Tenure.objects.visible_to(user).filter(end_date__isnull=True)
        if kind:
            seats = seats.filter(committee__kind=kind)
        if post:
            seats = seats.filter(post=post)
        qs = qs.filter(pk__in=seats.values("person_id"))
    if age:
        qs = qs.filter(age_band_q(age, today or dt.date.today()))
    if veteran in ("1", "0"):
        qs = qs.filter(is_veteran=veteran == "1")
    if category:
        seats = Tenure.objects.visible_to(user).filter(
            in_category(user, category, "committee__org_unit_id"), end_date__isnull=True
        )
        qs = qs.filter(in_category(user, category, "domicile_unit_id") | Q(pk__in=seats.values("person_id")))
    if unit_path:
        qs = qs.filter(domicile_unit__path__startswith=unit_path)
    if sex:
        qs = qs.filter(sex=sex)
    if education:
        qs = qs.filter(education=education)
    if political_status:
        qs = qs.filter(political_status=political_status)
    if sitting == "1":
        # Only seats in the user's jurisdiction: a seat held elsewhere must not show through.
        qs = qs.filter(
            pk__in=Tenure.objects.visible_to(user).filter(end_date__isnull=True).values("person_id")
        )
    q = q.strip()
    if q:
        qs = qs.filter(_search_q(user, q))
    order = PERSON_SORTS.get(sort, PERSON_SORTS["unit"])
    if "birth_month" in order[0]:
        qs = qs.annotate(birth_month=TruncMonth("birth_date"))
    return qs.order_by(*order, "id")


def with_sitting_posts(user: User, qs: QuerySet[Person]) -> QuerySet[Person]:
    """One extra query for all rows: each person's sitting tenures (``sitting_tenures``, for the
    现任职务 column), only those in the user's jurisdiction (a person may also sit in a village the
    user cannot see)."""
    return qs.prefetch_related(
        Prefetch(
            "tenures",
            queryset=Tenure.objects.visible_to(user)
            .filter(end_date__isnull=True)
            .select_related("committee__org_unit"),
            to_attr="sitting_tenures",
        )
    )


def _search_q(user: User, q: str) -> Q:
    """Name or masked ID for everyone; a full ID (15 or 18 characters) only where the user may
    unmask, and audited. There is no search by the last four characters: they are not shown, and a
    search by them would confirm them (hardening issue 7); digits search names only."""
    compact = q.replace(" ", "")
    if _MASKED.match(compact):
        return Q(id_masked=compact)
    if len(compact) in (15, 18) and compact[:-1].isdigit():
        try:
            number = parse_citizen_id(compact).number
        except InvalidCitizenId:
            return Q(pk__in=[])
        return Q(pk__in=id_search.search_by_full_id(actor=user, number=number))
    return Q(name__contains=q)


@dataclass(frozen=True)
class RelativeView:
    relative: Person
    kind_label: str


def relatives_of(user: User, person: Person) -> list[RelativeView]:
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


def tenures_of(user: User, person: Person) -> QuerySet[Tenure]:
    return (
        Tenure.objects.visible_to(user)
        .filter(person=person)
        .select_related("committee__org_unit")
        .order_by("-start_date")
    )


@dataclass(frozen=True)
class PersonScreen:
    """What the person page and the API's person detail show besides the person."""

    tenures: list[Tenure]
    """Newest first, in the user's jurisdiction; each with ``can_end`` (sitting, and the user may end it)
    and ``can_propose_end`` (sitting, and the user may propose its end in a change set)."""
    relatives: list[RelativeView]
    can_edit: bool
    can_seat: bool = False
    """The user seats the person directly (添加任职: the town and above, PeopleCap.TENURE_CHANGE)."""
    can_propose_seat: bool = False
    """The user proposes a seat in a change set of the person's village (a village operator)."""


def person_screen(user: User, person: Person) -> PersonScreen:
    """The person's tenures and near relatives as the user may see them (never the unscoped reverse
    managers such as ``person.tenures``), and whether the user may edit the person."""
    can_edit = can(user, PeopleCap.EDIT, person.domicile_unit.path)
    tenures = list(tenures_of(user, person).select_related("person"))
    for t in tenures:
        # Ending a tenure is the town's decision (PeopleCap.TENURE_CHANGE), not the village operator's.
        t.can_end = t.end_date is None and can(  # type: ignore[attr-defined]
            user, PeopleCap.TENURE_CHANGE, t.committee.org_unit.path
        )
        # A village operator proposes the ending in a change set for the town to confirm.
        t.can_propose_end = (  # type: ignore[attr-defined]
            t.end_date is None and not t.can_end and can(user, PeopleCap.EDIT, t.committee.org_unit.path)  # type: ignore[attr-defined]
        )
    home = person.domicile_unit
    can_seat = can(user, PeopleCap.TENURE_CHANGE, home.path)
    return PersonScreen(
        tenures=tenures,
        relatives=relatives_of(user, person),
        can_edit=can_edit,
        can_seat=can_seat,
        can_propose_seat=(
            can_edit and not can_seat and home.is_leaf and home.level in ("village", "community")
        ),
    )


def tenure_list(user: User) -> QuerySet[Tenure]:
    """Tenures in the user's jurisdiction, with their person, committee and unit."""
    return Tenure.objects.visible_to(user).select_related("person", "committee__org_unit")


def unit_tenures(user: User, unit_path: str, *, sitting: bool = False) -> QuerySet[Tenure]:
    """Tenures on the committees of a unit and its subtree (``sitting``: current members only), by
    unit, committee, post and latest start."""
    qs = tenure_list(user).filter(committee__org_unit__path__startswith=unit_path)
    if sitting:
        qs = qs.filter(end_date__isnull=True)
    return qs.order_by("committee__org_unit__code", "committee__kind", "post", "-start_date", "pk")


def committees_of_unit(user: User, unit: Any) -> list[dict[str, Any]]:
    """The unit's committees with their sitting members, in the order 党组织 → 村/居委会 → 监委会: the one
    read behind the village page's panel and the API's committee list (two queries).

    Each block: ``committee`` (its ``org_unit`` is ``unit``), ``title`` and ``members`` (sitting
    tenures sorted by post then name, each with ``roles``: 一肩挑 / 交叉任职 codes, and ``flags``: their
    labels)."""
    committees = list(Committee.objects.visible_to(user).filter(org_unit=unit))
    sitting = (
        Tenure.objects.filter(committee__in=committees, end_date__isnull=True)
        .select_related("person")
        .order_by("post", "person__name")
    )
    order = {k: i for i, k in enumerate(CommitteeKind)}
    post_order = {p: i for i, p in enumerate(Post)}
    by_committee: dict[int, list[Tenure]] = {c.pk: [] for c in committees}
    tenures = []
    for c in committees:
        c.org_unit = unit  # the same row: no query per committee
    by_pk = {c.pk: c for c in committees}
    for t in sitting:
        t.committee = by_pk[t.committee_id]  # already loaded: no query per member
        by_committee[t.committee_id].append(t)
        tenures.append(t)
    roles = adapters.derived_roles(tenures)
    for t in tenures:
        t.roles = roles[t.person_id]  # type: ignore[attr-defined]
        t.flags = adapters.role_labels(t.roles)  # type: ignore[attr-defined]
    return [
        {
            "committee": c,
            "title": (
                f"{c.get_kind_display()}（{c.get_party_org_form_display()}）"
                if c.party_org_form
                else c.get_kind_display()
            ),
            "members": sorted(by_committee[c.pk], key=lambda t: (post_order[Post(t.post)], t.person.name)),
        }
        for c in sorted(committees, key=lambda c: order[CommitteeKind(c.kind)])
    ]


def visible_person_ids(user: User, ids: list[int]) -> set[int]:
    """Which of these persons the user may open (one query)."""
    return set(Person.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def unit_committees_panel(user: User, unit: Any) -> dict[str, Any]:
    """The village page's committees (committees_of_unit), each member marked ``person_link`` when
    the user may open their page: a member living outside the jurisdiction is named, not linked."""
    committees = committees_of_unit(user, unit)
    visible = visible_person_ids(user, [t.person_id for b in committees for t in b["members"]])
    for block in committees:
        for t in block["members"]:
            t.person_link = t.person_id in visible
    pending = list(unit_changes(user, unit, state="proposed").order_by("proposed_at", "id"))
    for c in pending:
        c.items_text = change_summary(c)  # type: ignore[attr-defined]
    return {
        "committees": committees,
        "can_edit_people": can(user, PeopleCap.EDIT, unit.path),
        "findings": unit_findings(user, unit, committees, timezone.localdate()),
        # Change sets of the village waiting for the town's confirmation (issue 9 req. 11).
        "pending_changes": pending,
        "can_decide_changes": bool(pending) and can(user, PeopleCap.TENURE_CHANGE, unit.path),
    }


def unit_findings_now(user: User, unit: Any) -> list[Finding]:
    """The unit's committee checks today (the warnings shown after a change in a form)."""
    return unit_findings(user, unit, committees_of_unit(user, unit), timezone.localdate())


def relations_among(person_ids: list[int]) -> QuerySet[Relation]:
    """Relations between any two of these persons (one query)."""
    return Relation.objects.filter(person_a__in=person_ids, person_b__in=person_ids)


def units_seats(user: Any, unit_ids: Iterable[int]) -> dict[int, SeatCounts]:
    """The decided 职数 and profile of these units from planning (core.plugins.seat_counts); a unit
    nobody answers for is missing: the checks then use the law's bounds and the national profile."""
    ids = list(unit_ids)
    out: dict[int, SeatCounts] = {}
    for provider in seat_counts:
        for unit_id, answer in provider(user, ids).items():
            out.setdefault(unit_id, cast(SeatCounts, answer))
    return out


def unit_seats(user: User, unit: Any) -> SeatCounts:
    """One unit's :func:`units_seats`, or nothing known (``SeatCounts()``)."""
    return units_seats(user, [unit.pk]).get(unit.pk, SeatCounts())


def unit_findings(user: User, unit: Any, committees: list[dict[str, Any]], on: dt.date) -> list[Finding]:
    """The committee checks of the village page (huanjie.rules.committee_checks through
    adapters.committee_findings): blocks first, each with the rule it applies."""
    ids = [t.person_id for b in committees for t in b["members"]]
    seats = unit_seats(user, unit)
    findings = adapters.committee_findings(
        committees,
        relations_among(ids) if len(ids) > 1 else [],
        level=unit.level,
        on=on,
        party_members=unit.party_members,
        seats=seats.committee_seats,
        profile_code=seats.profile_code,
    )
    findings += guidance_findings(user, unit, committees)
    return sorted(findings, key=lambda f: not f.blocks)


def guidance_findings(user: User, unit: Any, committees: list[dict[str, Any]]) -> list[Finding]:
    """What a campaign's age and education guidance says of the sitting “两委” members
    (core.plugins.committee_guidance, answered by planning when the campaign settings exist)."""
    providers = list(committee_guidance)
    if not providers:
        return []
    tenures = [t for b in committees if b["committee"].kind in adapters.TWO_COMMITTEES for t in b["members"]]
    members, _missing = adapters.member_inputs(tenures)
    names = {str(t.person_id): t.person.name for t in tenures}
    unknown = frozenset(str(t.person_id) for t in tenures if not t.person.highest_education)
    out: list[Finding] = []
    for provider in providers:
        out += provider(user, unit, members, names, education_unknown=unknown)
    return out


def sitting_tenures(user: User, *, unit_path: str = "", two_committees: bool = True) -> QuerySet[Tenure]:
    """Sitting tenures in the user's jurisdiction (under ``unit_path``). By default only the “两委”
    (the Party organization and the villagers'/residents' committee): every page that says 在任“两委”
    成员 counts these (home, tree, town and village pages agree); ``two_committees=False`` adds the
    supervision committee (“两委”+监委会)."""
    qs = Tenure.objects.visible_to(user).filter(end_date__isnull=True)
    if two_committees:
        qs = qs.filter(committee__kind__in=adapters.TWO_COMMITTEES)
    if unit_path:
        qs = qs.filter(committee__org_unit__path__startswith=unit_path)
    return qs


def sitting_figures(user: User) -> tuple[int, int]:
    """Distinct people sitting in the user's jurisdiction: on the “两委”, and on the supervision
    committee (one query). The home page shows both, each with its own label."""
    row = sitting_tenures(user, two_committees=False).aggregate(
        two=Count("person", distinct=True, filter=Q(committee__kind__in=adapters.TWO_COMMITTEES)),
        supervision=Count("person", distinct=True, filter=Q(committee__kind=CommitteeKind.SUPERVISION)),
    )
    return row["two"], row["supervision"]


def sitting_counts_by_prefix(user: User, parent_path: str, child_path_len: int) -> dict[str, int]:
    """Distinct sitting “两委” members under each child of a node, in one grouped query."""
    rows = (
        sitting_tenures(user, unit_path=parent_path)
        .annotate(prefix=Substr("committee__org_unit__path", 1, child_path_len))
        .values("prefix")
        .annotate(n=Count("person", distinct=True))
    )
    return {r["prefix"]: r["n"] for r in rows}


def sitting_counter(user: User, paths: list[str]) -> dict[str, dict[str, int]]:
    """The org tree's 在任 counter (core.plugins.tree_counters): distinct sitting “两委” members (not the
    supervision committee, as on the home and village pages) under each of
    these sibling nodes (all paths of one length), one grouped query; nothing without people.view."""
    if not paths or not user.has_capability(PeopleCap.VIEW):
        return {}
    # Every path starts with the common prefix of the first and last (sorted): one indexed LIKE.
    lo, hi = min(paths), max(paths)
    shared = next((i for i, (a, b) in enumerate(zip(lo, hi, strict=False)) if a != b), len(lo))
    counts = sitting_counts_by_prefix(user, lo[:shared], len(paths[0]))
    return {p: {SITTING_COUNTER: counts.get(p, 0)} for p in paths}


SITTING_COUNTER = "在任"


# -- structure of the two committees (班子结构) -------------------------------------------------------


def _one_decimal(value: Fraction) -> str:
    d = Decimal(value.numerator) / Decimal(value.denominator)
    return str(d.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _percent(share: Fraction | None) -> str:
    return "—" if share is None else f"{_one_decimal(share * 100)}%"


@dataclass(frozen=True)
class StructureSummary:
    on: dt.date
    total: int
    party_committee: int
    villager_committee: int
    average_age: str
    college_or_above: int
    college_share: str
    women: int
    women_share: str
    party_members: int
    party_share: str
    one_shoulder: bool
    cross_serving: int
    missing_education: int
    age_bands: list[tuple[str, int]]


def serving_on(user: User, unit: Any, on: dt.date) -> list[Tenure]:
    """Tenures of the unit's two committees serving on ``on`` (started, not yet ended), scoped."""
    return list(
        Tenure.objects.visible_to(user)
        .filter(committee__org_unit=unit, committee__kind__in=adapters.TWO_COMMITTEES, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=on))
        .select_related("person", "committee")
    )


def unit_structure(user: User, unit: Any, on: dt.date) -> StructureSummary:
    """The structure of the unit's two committees on ``on`` (one query), computed by
    huanjie.rules.structure; only the Party organization and the villagers'/residents' committee
    count (“两委”), not the supervision committee."""
    serving = serving_on(user, unit, on)
    for t in serving:
        # Ages from 出生年月 only (as if born on the 1st): the page may be read for any date ``on``,
        # and an average age that moves on a member's birthday would give the birth day away
        # (hardening issue 7). Only these unsaved copies are changed.
        t.person.birth_date = t.person.birth_date.replace(day=1)
    members, missing_education = adapters.member_inputs(serving)
    s = structure_stats(members, on)
    return StructureSummary(
        on=on,
        total=s.total,
        party_committee=s.party_committee,
        villager_committee=s.villager_committee,
        average_age="—" if s.average_age is None else _one_decimal(s.average_age),
        college_or_above=s.college_or_above,
        college_share=_percent(s.share(s.college_or_above)),
        women=s.women,
        women_share=_percent(s.share(s.women)),
        party_members=s.party_members,
        party_share=_percent(s.share(s.party_members)),
        one_shoulder=s.one_shoulder,
        cross_serving=s.cross_serving,
        missing_education=missing_education,
        age_bands=list(s.age_bands.items()),
    )


def unit_structure_panel(user: User, unit: Any, on: dt.date) -> dict[str, Any]:
    """The village page's structure card: the summary on ``on``."""
    return {"structure": unit_structure(user, unit, on), "on": on}


# -- the person picker (issue 9, requirement 3: a list to pick from when a name is ambiguous) -----

PICK_LIMIT = 20
_PICK_MEMBER_LABELS = {
    CommitteeKind.PARTY_ORG: "党组织委员",
    CommitteeKind.VILLAGERS: "村委会委员",
    CommitteeKind.RESIDENTS: "居委会委员",
}


@dataclass(frozen=True)
class PersonMatch:
    """One person offered by the picker: enough to tell namesakes apart, nothing more (masked ID,
    出生年月 only — never the birth day —, the unit's path, the sitting posts in the jurisdiction)."""

    pk: int
    name: str
    sex_label: str
    id_masked: str
    birth_month: str
    unit_code: str
    unit_path: str
    posts: list[str]


def _pick_post(t: Tenure, home_unit_id: int) -> str:
    label = t.get_post_display()
    if t.post in (Post.PARTY_MEMBER, Post.MEMBER):
        label = _PICK_MEMBER_LABELS[CommitteeKind(t.committee.kind)]
    if t.committee.org_unit_id != home_unit_id:
        label = f"{t.committee.org_unit.name}{label}"
    return label


def person_matches(
    user: User,
    q: str = "",
    *,
    pk: int | None = None,
    exclude_pk: int | None = None,
    limit: int = PICK_LIMIT,
) -> tuple[list[PersonMatch], bool]:
    """Persons in the user's jurisdiction matching ``q`` (a name or part of it, a masked ID; a full ID
    only where the user may unmask, audited — as the person list) or the one person ``pk``, at most
    ``limit``, and whether there are more. Never a person outside the jurisdiction. Three queries."""
    q = q.strip()
    if not q and pk is None:
        return [], False
    qs = with_sitting_posts(user, person_list(user, q=q, sort="unit"))
    if pk is not None:
        qs = qs.filter(pk=pk)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    # The unit's county and town by path prefix (12-digit codes: county 6, town 9), one query.
    prefixes = {p.domicile_unit.path[:n] for p in rows for n in (6, 9) if len(p.domicile_unit.path) > n}
    names = dict(OrgUnit.objects.filter(path__in=prefixes).values_list("path", "name")) if prefixes else {}
    out = []
    for p in rows:
        path = p.domicile_unit.path
        chain = [names[path[:n]] for n in (6, 9) if len(path) > n and path[:n] in names]
        out.append(
            PersonMatch(
                pk=p.pk,
                name=p.name,
                sex_label=p.get_sex_display(),
                id_masked=p.id_masked,
                birth_month=p.birth_date.strftime("%Y-%m"),
                unit_code=p.domicile_unit.code,
                unit_path=" / ".join([*chain, p.domicile_unit.name]),
                posts=[_pick_post(t, p.domicile_unit_id) for t in p.sitting_tenures],  # type: ignore[attr-defined]
            )
        )
    return out, more


# -- change sets (issue 9 reqs. 2 and 11) -----------------------------------------------------------


def cause_table(unit: Any, on: dt.date, profile_code: str) -> list[dict[str, Any]]:
    """Per committee of the unit's level, the legal causes of joining and leaving on ``on`` (the law
    version of that day, the province's profile): label, deciding bodies, whether a document number
    is required, the rule and its provenance (huanjie.rules.tenure_causes)."""
    _, profile = adapters.law_and_profile(unit.level, on, profile_code)
    level = "village" if unit.level == "village" else "community"
    kinds = [CommitteeKind.PARTY_ORG, registry_kind(unit.level), CommitteeKind.SUPERVISION]
    out = []
    for kind in kinds:
        rows = []
        for direction, word in (("start", "任职"), ("end", "离任")):
            for c in tenure_causes.causes(kind, direction, level=level, day=on, profile=profile):  # type: ignore[arg-type]
                rows.append(
                    {
                        "direction": word,
                        "label": c.label,
                        "bodies": "或".join(c.body_labels),
                        "document_required": c.document_required,
                        "rule": c.rule,
                        "provenance": provenance_label(c.rule),
                    }
                )
        out.append({"title": CommitteeKind(kind).label, "rows": rows})
    return out


def registry_kind(level: str) -> CommitteeKind:
    return CommitteeKind.RESIDENTS if level == "community" else CommitteeKind.VILLAGERS


def committee_change_screen(user: User, unit: Any, on: dt.date) -> dict[str, Any]:
    """The committee page of a village (community): its committees with sitting members, the persons
    who may be seated (registered in the unit, within the user's scope), the legal causes on ``on``,
    the unit's recent change sets, and whether the user applies changes directly (the town and above)
    or proposes them (the village)."""
    seats = unit_seats(user, unit)
    committees = committees_of_unit(user, unit)
    persons = list(Person.objects.visible_to(user).filter(domicile_unit=unit).order_by("name", "id"))
    changes = list(unit_changes(user, unit)[:10])
    for c in changes:
        c.state_label = c.workflow_spec.state_label(c.state)  # type: ignore[attr-defined]
    return {
        "committees": committees,
        "persons": persons,
        "kinds": [CommitteeKind.PARTY_ORG, registry_kind(unit.level), CommitteeKind.SUPERVISION],
        "can_apply": can(user, PeopleCap.TENURE_CHANGE, unit.path),
        "profile_code": seats.profile_code,
        "causes": cause_table(unit, on, seats.profile_code),
        "changes": changes,
    }


def change_list(user: User) -> QuerySet[CommitteeChange]:
    """Change sets in the user's jurisdiction, newest first, with their unit, proposer and lines."""
    return (
        CommitteeChange.objects.visible_to(user)
        .select_related("org_unit", "proposed_by")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=CommitteeChangeItem.objects.select_related("person").order_by("action", "id"),
            )
        )
    )


def unit_changes(
    user: User, unit: Any, *, state: str = "", subtree: bool = False
) -> QuerySet[CommitteeChange]:
    """A village's (community's) change sets in the user's jurisdiction, newest first (``state``:
    only those in it, e.g. ``proposed``: waiting for the town; ``subtree``: of every village under
    ``unit``), with their lines: the committee page, the village page's panel and the API read them
    here."""
    qs = change_list(user)
    qs = qs.filter(org_unit__path__startswith=unit.path) if subtree else qs.filter(org_unit=unit)
    return qs.filter(state=state) if state else qs


def change_summary(change: CommitteeChange) -> str:
    """A change set's lines in a few words (离任：张三 村民委员会主任；任职：李四 …), from its
    prefetched items."""
    return "；".join(
        f"{it.get_action_display()}：{it.person.name} {change_post_label(it)}" for it in change.items.all()
    )


def change_post_label(item: CommitteeChangeItem) -> str:
    """The committee and post of a change set's line (村民委员会主任)."""
    return f"{CommitteeKind(item.committee_kind).label}{Post(item.post).label}"


def change_screen(user: User, change: CommitteeChange) -> dict[str, Any]:
    """A change set's page: its lines in words, its state, what the user may do and its history."""
    items = list(
        CommitteeChangeItem.objects.filter(change=change).select_related("person").order_by("action", "id")
    )
    for it in items:
        it.cause_label = tenure_causes.cause_label(it.cause)  # type: ignore[attr-defined]
        it.body_label = tenure_causes.BODIES.get(it.body, it.body)  # type: ignore[attr-defined]
    visible = visible_person_ids(user, [it.person_id for it in items])
    for it in items:
        it.person_link = it.person_id in visible  # type: ignore[attr-defined]
    actions = workflow.next_actions(user, change)
    return {
        "items": items,
        "state_label": change.workflow_spec.state_label(change.state),
        "can_confirm": any(a.name == "confirm" for a in actions),
        "can_return": any(a.name == "return" for a in actions),
        "history": workflow.history(change),
    }
