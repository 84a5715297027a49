"""Structure summary of a village's or community's two committees (班子结构) on a date, for the
village page. The statistics are computed by the pure rules module ``huanjie.rules.structure``; this
adapter turns scoped tenures into its ``MemberInput`` rows and formats the result for display.

Only the Party organization and the villagers'/residents' committee count (“两委”); the supervision
committee is listed on the page but is not part of the structure figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, Literal, cast

from django.db.models import Q

from huanjie.people.choices import PARTY_STATUSES, CommitteeKind, Education, Post, Source
from huanjie.people.models import Tenure
from huanjie.people.selectors import derived_roles
from huanjie.rules.structure import CommitteeKind as RulesKind
from huanjie.rules.structure import Education as EducationLabel
from huanjie.rules.structure import MemberInput, structure_stats

Sex = Literal["M", "F"]

_KIND = {
    CommitteeKind.PARTY_ORG: "party",
    CommitteeKind.VILLAGERS: "committee",
    CommitteeKind.RESIDENTS: "committee",
}
FLAG_LABELS = {"dual_role": "一肩挑", "cross_holding": "交叉任职"}


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


def serving_on(user: Any, unit: Any, on: dt.date) -> list[Tenure]:
    """Tenures of the unit's two committees serving on ``on`` (started, not yet ended), scoped."""
    return list(
        Tenure.objects.visible_to(user)
        .filter(committee__org_unit=unit, committee__kind__in=list(_KIND), start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=on))
        .select_related("person", "committee")
    )


def unit_structure(user: Any, unit: Any, on: dt.date) -> StructureSummary:
    """The structure of the unit's two committees on ``on`` (one query)."""
    tenures = serving_on(user, unit, on)
    by_person: dict[int, list[Tenure]] = {}
    for t in tenures:
        by_person.setdefault(t.person_id, []).append(t)
    members = []
    missing_education = 0
    for pid, ts in by_person.items():
        person = ts[0].person
        education = person.highest_education
        if not education:
            # Counted in the lowest band and flagged on the page, so the total stays whole.
            missing_education += 1
            education = Education.JUNIOR_OR_BELOW
        source = next((Source(t.source).label for t in ts if t.source), "未填")
        members.append(
            MemberInput(
                person_key=str(pid),
                birth_date=person.birth_date,
                sex=cast(Sex, person.sex),
                education=cast(EducationLabel, Education(education).label),
                is_party_member=person.political_status in PARTY_STATUSES,
                source=source,
                posts=frozenset(
                    (cast(RulesKind, _KIND[CommitteeKind(t.committee.kind)]), str(Post(t.post).label))
                    for t in ts
                ),
            )
        )
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


def member_flags(committees: list[dict[str, Any]]) -> dict[int, list[str]]:
    """Per sitting person of a unit: the derived 一肩挑 / 交叉任职 labels (no queries: uses the
    tenures already loaded by ``committees_of_unit``)."""
    tenures = []
    for block in committees:
        for t in block["members"]:
            t.committee = block["committee"]
            tenures.append(t)
    flags = derived_roles(tenures)
    return {
        pid: [FLAG_LABELS[f] for f in ("dual_role", "cross_holding") if f in fs] for pid, fs in flags.items()
    }


def visible_person_ids(user: Any, ids: list[int]) -> set[int]:
    """Which of these persons the user may open (one query)."""
    from huanjie.people.models import Person

    return set(Person.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
