"""Reads of the vetting app: every selector takes the user and reaches rows only through scoping.

The candidate list shows names, posts and channels (``vetting.view``); findings and screening are
confidential (``vetting.confidential``) and never reach village operators or departments.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404

from huanjie.core.scoping import get_scoped_or_404, path_q, scope_paths
from huanjie.org.models import OrgUnit
from huanjie.people.models import Person
from huanjie.planning.models import Campaign
from huanjie.vetting.capabilities import VettingCap
from huanjie.vetting.choices import POSTS_OF_SIDE, Side
from huanjie.vetting.models import Candidate

NOT_FOUND = "未找到，或不在您的管辖范围内"
LEAF_LEVELS = ("village", "community")
PERSON_CHOICES_MAX = 500


def campaign_of(unit: OrgUnit) -> Campaign | None:
    """The latest published campaign of the unit's city (candidates belong to it)."""
    return (
        Campaign.objects.filter(state="published", city__path=unit.path[:4])
        .order_by("-window_start", "-pk")
        .first()
    )


# Lists read as officials read a roster: the Party organization first, then the 村（居）民委员会 and
# the supervision committee, each from its head down (POSTS_OF_SIDE's order).
_POST_RANK = Case(
    *(
        When(post=post, then=Value(rank))
        for rank, post in enumerate(
            p for side in (Side.PARTY, Side.COMMITTEE, Side.SUPERVISION) for p in POSTS_OF_SIDE[side]
        )
    ),
    default=Value(99),
    output_field=IntegerField(),
)


def candidates(user: Any, *, side: str = "", unit_code: str = "") -> QuerySet[Candidate]:
    """The candidates of the user's jurisdiction, optionally of one committee side and unit subtree."""
    qs = Candidate.objects.visible_to(user).select_related("unit", "person")
    if side in Side.values:
        qs = qs.filter(side=side)
    if unit_code.isdigit():
        qs = qs.filter(unit__code__startswith=unit_code.rstrip("0") or unit_code)
    return qs.annotate(post_rank=_POST_RANK).order_by("unit__path", "post_rank", "list_order", "pk")


def leaf_unit(user: Any, code: str, capability: str = VettingCap.VIEW) -> OrgUnit:
    """A village or community inside the user's jurisdiction for ``capability`` (404 otherwise)."""
    paths = scope_paths(user, capability)
    unit = None
    if paths and code.isdigit():
        unit = OrgUnit.objects.filter(path_q("path", paths), code=code, level__in=LEAF_LEVELS).first()
    if unit is None:
        raise Http404(NOT_FOUND)
    return unit


def may_edit(user: Any, unit: OrgUnit) -> bool:
    """May the user register nominations for this unit (its town, or the village's own operator)?"""
    return unit.path.startswith(tuple(scope_paths(user, VettingCap.EDIT)))


@dataclass(frozen=True)
class UnitCandidates:
    unit: OrgUnit
    campaign: Campaign | None
    rows: list[Candidate]
    can_edit: bool
    people: list[tuple[int, str]]


def unit_candidates(user: Any, code: str) -> UnitCandidates:
    """A village's candidates of the current campaign, grouped by the template by side and post, and
    for those who may register, the registered people of the village to choose from."""
    unit = leaf_unit(user, code)
    campaign = campaign_of(unit)
    rows: list[Candidate] = []
    if campaign is not None:
        rows = list(candidates(user).filter(unit=unit, campaign=campaign))
    editable = campaign is not None and may_edit(user, unit)
    people: list[tuple[int, str]] = []
    if editable:
        people = [
            (p.pk, f"{p.name}（{p.id_masked}）")
            for p in Person.objects.filter(domicile_unit=unit).order_by("name", "pk")[:PERSON_CHOICES_MAX]
        ]
    return UnitCandidates(unit=unit, campaign=campaign, rows=rows, can_edit=editable, people=people)


def candidate(user: Any, pk: int) -> Candidate:
    return get_scoped_or_404(  # type: ignore[no-any-return]
        Candidate.objects.select_related("unit", "person", "campaign"), user, pk=pk
    )


def unit_person(unit: OrgUnit, pk: int) -> Person:
    """A registered person of the unit (nominees are chosen from the village's registry)."""
    found = Person.objects.filter(pk=pk, domicile_unit=unit).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def report_unit(user: Any) -> OrgUnit | None:
    """The unit a report of the user's jurisdiction is filed by (填报单位): the top of its scope."""
    from huanjie.core.scoping import minimal_paths

    paths = minimal_paths(scope_paths(user, VettingCap.VIEW))
    return OrgUnit.objects.filter(path=paths[0]).first() if paths else None
