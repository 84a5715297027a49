"""Turns elections into the plain inputs of huanjie.rules (schedule, election_plan) — the procedure
area's one adapter, used by its services and selectors alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from huanjie.core.plugins import Gate, scheduling_gates
from huanjie.elections.choices import Body
from huanjie.elections.models import Election, ElectionDependency
from huanjie.planning.models import Postponement
from huanjie.rules import election_plan, village_prep
from huanjie.rules.profiles import LawKind, PostponementRule
from huanjie.rules.schedule import Schedule, build_schedule_in_force

PROCEDURE_BODIES = (Body.PARTY, Body.COMMITTEE)
"""Bodies whose steps huanjie.rules.schedule knows (the Party organization's and the 村（居）民委员会's);
the others (supervision, representatives, group leaders…) are scheduled and ordered, and their steps
follow the local plan (no statutory step list to judge them by)."""

NO_PROCEDURE = "法律和本省选举办法未规定该组织选举的统一程序步骤，本系统只安排选举日和先后顺序"

POSTPONED_BODY = {Body.PARTY: "party", Body.COMMITTEE: "committee"}
"""Which of planning's postponement bodies covers an election's body."""


def label(e: Election) -> str:
    return e.body_label or e.get_body_display()


def law_kind(e: Election) -> LawKind:
    if e.body == Body.PARTY:
        return "party"
    return "community" if e.unit.level == "community" else "village"


def has_procedure(e: Election) -> bool:
    return e.body in PROCEDURE_BODIES


def actual_dates(e: Election, extra: Mapping[str, dt.date] | None = None) -> dict[str, dt.date]:
    found = {s.key: s.done_on for s in e.steps.all()}
    found.update(extra or {})
    return found


def schedule_of(e: Election, extra: Mapping[str, dt.date] | None = None) -> Schedule | None:
    """The schedule of a scheduled election with a statutory procedure, each step judged by the law in
    force on its own day (the campaign's profile); ``None`` otherwise."""
    if e.election_day is None or not has_procedure(e):
        return None
    return build_schedule_in_force(
        law_kind(e), e.campaign.profile_code, e.election_day, actual=actual_dates(e, extra)
    )


def planned(
    elections: Iterable[Election], *, day_of: Mapping[int, dt.date | None] | None = None
) -> list[election_plan.Planned]:
    """The village's elections as rules.election_plan sees them (``day_of`` overrides some days)."""
    rows = list(elections)
    deps: dict[int, list[str]] = {}
    for d in ElectionDependency.objects.filter(election__in=rows).order_by("pk"):
        deps.setdefault(d.election_id, []).append(str(d.depends_on_id))
    over = day_of or {}
    return [
        election_plan.Planned(
            key=str(e.pk),
            body=e.body,
            day=over.get(e.pk, e.election_day),
            depends_on=tuple(deps.get(e.pk, [])),
            label=label(e),
        )
        for e in rows
    ]


def approved_postponement(e: Election) -> Postponement | None:
    """planning's postponement of this election's body when its whole chain is recorded (approved)."""
    body = POSTPONED_BODY.get(Body(e.body))
    if body is None:
        return None
    p = Postponement.objects.filter(campaign=e.campaign, unit=e.unit, body=body).first()
    if p is None:
        return None
    rule = PostponementRule(p.applicant, tuple(p.chain), p.limit_months, p.limit_soft)
    return p if village_prep.next_step(rule, p.approvals.count()) is None else None


def gates(user: Any, e: Election, day: dt.date | None) -> list[Gate]:
    """Every answer of core.plugins.scheduling_gates for the election's village (open and closed)."""
    found: list[Gate] = []
    for provider in scheduling_gates:
        found.extend(provider(user, e.unit, election_day=day))
    return found
