"""The people app's adapter to the pure rules: persons and tenures in, the rules' plain inputs out
(huanjie.rules.registry, huanjie.rules.structure, huanjie.rules.dates). Services, importers and
selectors ask here or the rules directly; no rule is restated in this app."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Literal, cast

from huanjie.people.choices import CommitteeKind, Education, Post, RelationKind, Source
from huanjie.people.models import Person, Relation, Tenure
from huanjie.rules import committee_checks, registry
from huanjie.rules.committee_checks import Finding
from huanjie.rules.dates import age_on
from huanjie.rules.planning import law_in_force
from huanjie.rules.profiles import PROFILES, Law, LawKind, Profile
from huanjie.rules.structure import Education as EducationLabel
from huanjie.rules.structure import MemberInput

Sex = Literal["M", "F"]

ROLE_LABELS = committee_checks.ROLE_LABELS
"""Display labels of registry.derived_roles, in the order shown (one list with the checks')."""


def age(person: Person, on: dt.date) -> int:
    """The person's age in whole years (周岁) on ``on`` (rules.dates.age_on)."""
    return age_on(person.birth_date, on)


def is_party_member(person: Person) -> bool:
    return registry.is_party_member(person.political_status)


def derived_roles(tenures: Iterable[Tenure]) -> dict[int, frozenset[str]]:
    """Per person of these (sitting) tenures, with their committees loaded: 一肩挑 (``dual_role``) and
    交叉任职 (``cross_holding``), as registry.derived_roles decides them. No queries."""
    held: dict[int, list[tuple[str, str]]] = {}
    for t in tenures:
        held.setdefault(t.person_id, []).append((t.committee.kind, t.post))
    return {pid: frozenset(registry.derived_roles(posts)) for pid, posts in held.items()}


def role_labels(roles: Iterable[str]) -> list[str]:
    """一肩挑 / 交叉任职 labels of a person's derived roles, in a fixed order."""
    given = set(roles)
    return [label for role, label in ROLE_LABELS.items() if role in given]


def member_inputs(tenures: Iterable[Tenure]) -> tuple[list[MemberInput], int]:
    """One structure.MemberInput per person of these tenures (persons and committees loaded), and how
    many had no education recorded: they count in the lowest band, so the total stays whole."""
    by_person: dict[int, list[Tenure]] = {}
    for t in tenures:
        by_person.setdefault(t.person_id, []).append(t)
    members = []
    missing_education = 0
    for pid, ts in by_person.items():
        person = ts[0].person
        education = person.highest_education
        if not education:
            missing_education += 1
            education = Education.JUNIOR_OR_BELOW
        source = next((Source(t.source).label for t in ts if t.source), "未填")
        members.append(
            MemberInput(
                person_key=str(pid),
                birth_date=person.birth_date,
                sex=cast(Sex, person.sex),
                education=cast(EducationLabel, Education(education).label),
                is_party_member=is_party_member(person),
                source=source,
                posts=frozenset(
                    (registry.SIDE_OF_KIND[t.committee.kind], str(Post(t.post).label)) for t in ts
                ),
            )
        )
    return members, missing_education


TWO_COMMITTEES = tuple(CommitteeKind(k) for k in registry.SIDE_OF_KIND)
"""The “两委”: the Party organization and the villagers'/residents' committee (not the 监委会)."""


# -- committee checks (huanjie.rules.committee_checks) ---------------------------------------------

SELF_GOVERNMENT = (CommitteeKind.VILLAGERS, CommitteeKind.RESIDENTS)
LAW_KIND_OF_LEVEL: dict[str, LawKind] = {"village": "village", "community": "community"}


def law_and_profile(level: str, on: dt.date, profile_code: str = "") -> tuple[Law | None, Profile]:
    """The 村民委员会 / 居民委员会 law in force on ``on`` for a unit of ``level`` (``None`` before any
    text or for another level) and the province's profile (national when unknown)."""
    kind = LAW_KIND_OF_LEVEL.get(level)
    law = law_in_force(kind, on) if kind else None
    return law, PROFILES.get(profile_code) or PROFILES["national"]


def relation_labels(relations: Iterable[Relation]) -> dict[frozenset[str], str]:
    """committee_checks' relation map from stored relations (keys: person ids as strings)."""
    return committee_checks.relation_map(
        (str(r.person_a_id), str(r.person_b_id), str(RelationKind(r.kind).label)) for r in relations
    )


def committee_findings(
    blocks: list[dict[str, Any]],
    relations: Iterable[Relation],
    *,
    level: str,
    on: dt.date,
    party_members: int | None,
    seats: int | None = None,
    profile_code: str = "",
) -> list[Finding]:
    """Every committee check of one unit (committee_checks.unit_findings) from its committees
    (people.selectors.committees_of_unit's blocks: ``committee`` and sitting ``members``), the
    relations among its members and what planning decided (``seats``, ``profile_code``): sizes, the
    Party form, supervision, near relatives and 一肩挑 / 交叉任职."""
    law, profile = law_and_profile(level, on, profile_code)
    posts: dict[str, dict[str, tuple[str, str]]] = {}
    form = ""
    for block in blocks:
        c = block["committee"]
        posts[c.kind] = {str(t.person_id): (t.person.name, t.post) for t in block["members"]}
        if c.kind == CommitteeKind.PARTY_ORG:
            form = c.party_org_form
    return committee_checks.unit_findings(
        posts,
        law=law,
        profile=profile,
        party_org_form=form,
        party_members=party_members,
        seats=seats,
        relations=relation_labels(relations),
    )
