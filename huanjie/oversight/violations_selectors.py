"""Reads of the violations register (三个一律, issue 14 req. 5): the scoped list with its filters
(jurisdiction, status, type, overdue), one case's page with its decision and the consequences carried
out (linked to the elections app's records), the pickers' options, and what a decided case brings to
a candidate's screening (core.plugins.screening_items)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from huanjie.core import workflow
from huanjie.core.plugins import ScreeningItem
from huanjie.core.scoping import can, get_scoped_or_404
from huanjie.elections.models import Election
from huanjie.oversight.capabilities import OversightCap
from huanjie.oversight.models import ViolationCase, ViolationConsequence, ViolationFile
from huanjie.oversight.petitions_selectors import campaigns, jurisdictions, units  # noqa: F401
from huanjie.oversight.violations_choices import Body, ConsequenceKind, PartyRole
from huanjie.oversight.violations_workflows import OPEN_STATES, VIOLATION_SPEC
from huanjie.planning.models import NegativeItem
from huanjie.rules.citations import CITE_SPEECH_NEGATIVE
from huanjie.rules.screening import ScreeningFinding
from huanjie.vetting.models import Candidate

SOURCE = "违纪违规案件"


def today() -> dt.date:
    return workflow.today()


def elections(user: Any) -> QuerySet[Election]:
    """The elections a case registered by ``user`` may concern (in the units where he registers)."""
    return (
        Election.objects.filter(unit__in=units(user), campaign__in=campaigns(user))
        .select_related("unit")
        .order_by("unit__code", "order", "pk")
    )


def candidates(user: Any) -> QuerySet[Candidate]:
    return Candidate.objects.filter(unit__in=units(user), campaign__in=campaigns(user)).select_related(
        "person", "unit"
    )


def negative_items(case: ViolationCase) -> list[tuple[str, str]]:
    return list(
        NegativeItem.objects.filter(campaign=case.campaign).order_by("code").values_list("code", "text")
    )


@dataclass
class CaseFilters:
    campaign: Any = None
    jurisdiction: str = ""
    status: str = ""
    kind: str = ""
    overdue: bool = False


def cases(user: Any, f: CaseFilters) -> QuerySet[ViolationCase]:
    """The cases the user may see, filtered: jurisdiction (a path prefix), status, type, overdue (an
    open case past its 办结 deadline)."""
    qs = ViolationCase.objects.visible_to(user)
    if f.campaign is not None:
        qs = qs.filter(campaign=f.campaign)
    if f.jurisdiction:
        qs = qs.filter(unit__path__startswith=f.jurisdiction)
    if f.status:
        qs = qs.filter(state=f.status)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.overdue:
        qs = qs.filter(state__in=OPEN_STATES, state_due__lt=today())
    return qs


def case_rows(qs: QuerySet[ViolationCase]) -> QuerySet[ViolationCase]:
    return qs.select_related("unit", "unit__parent", "election").order_by("-registered_on", "-pk")


def winners(c: ViolationCase) -> Any:
    """The case's parties who were elected (the decision may void their election); the case was
    read within the user's jurisdiction, and its parties are its own."""
    return c.parties.filter(role=PartyRole.WINNER)


def parties_text(c: ViolationCase) -> str:
    """The case's parties as one line of the export (prefetched with the rows)."""
    return "、".join(str(p) for p in c.parties.all())


def is_overdue(c: ViolationCase, on: dt.date | None = None) -> bool:
    return c.state in OPEN_STATES and c.state_due is not None and c.state_due < (on or today())


def case(user: Any, pk: int) -> ViolationCase:
    qs = ViolationCase.objects.select_related(
        "campaign", "campaign__city", "unit", "unit__parent", "election"
    )
    return get_scoped_or_404(qs, user, pk=pk)


def case_file(user: Any, pk: int) -> ViolationFile:
    return get_scoped_or_404(ViolationFile.objects.select_related("case__unit"), user, pk=pk)


@dataclass(frozen=True)
class CasePage:
    case: ViolationCase
    overdue: bool
    may_edit: bool
    may_decide: bool
    may_account: bool
    actions: list[workflow.NextAction]
    parties: list[Any]
    winners: list[Any]
    files: list[Any]
    consequences: list[ViolationConsequence]
    accountabilities: list[Any]
    history: list[Any]


def case_page(user: Any, c: ViolationCase) -> CasePage:
    edit = can(user, OversightCap.EDIT, c.unit.path)
    parties = list(c.parties.select_related("candidate", "candidate__unit"))
    return CasePage(
        case=c,
        overdue=is_overdue(c),
        may_edit=edit and c.state in OPEN_STATES,
        may_decide=edit and c.state == "investigating",
        may_account=edit and c.state == "decided",
        actions=[a for a in workflow.next_actions(user, c) if a.name != "decide"] if edit else [],
        parties=parties,
        winners=[p for p in parties if p.role == PartyRole.WINNER],
        files=list(c.files.all()),
        consequences=list(
            c.consequences.select_related("void_decision", "referral", "candidate", "accountability")
        ),
        accountabilities=list(c.accountabilities.all()),
        history=workflow.history(c),
    )


def state_choices() -> dict[str, str]:
    return dict(VIOLATION_SPEC.states)


# ---------------------------------------------------------------------------------------------
# Screening (core.plugins.screening_items)


def screening_items(
    campaign: Any, candidates: Iterable[Any], *, on: dt.date
) -> dict[int, list[ScreeningItem]]:
    """core.plugins.screening_items: {candidate id: items} — for each candidate concerned by a
    decided case of this campaign (its 资格审查认定 consequence), a dated substantiated finding
    (source 违纪违规案件, the deciding body, document number and date) mapped to the negative-list
    item the decision names. The screening rules weigh it as any department's finding: the item's
    tier, look-back years and any 容错纠错 ruling decide whether it blocks a party 预备人选 (for a
    村（居）委会 candidate the 选举委员会 decides). A decision dated after ``on`` is not yet known.
    One query whatever the number of candidates."""
    ids = [c.pk for c in candidates]
    if not ids:
        return {}
    return _screening_items(_decided(campaign, on).filter(candidate_id__in=ids))


def screening_run(campaign: Any, *, on: dt.date) -> Any:
    """core.plugins.screening_runs: :func:`screening_items` for a run over every candidate of
    ``campaign``: its decided cases' screening consequences read once, each batch answered from them
    without a query."""
    found = _screening_items(_decided(campaign, on))

    def batch(candidates: Iterable[Any]) -> dict[int, list[ScreeningItem]]:
        return {c.pk: found[c.pk] for c in candidates if c.pk in found} if found else {}

    return batch


def _decided(campaign: Any, on: dt.date) -> QuerySet[ViolationConsequence]:
    """The screening consequences of the campaign's cases decided by ``on``, in the order decided."""
    return (
        ViolationConsequence.objects.filter(
            kind=ConsequenceKind.SCREENING,
            candidate__isnull=False,
            case__campaign=campaign,
            case__state="decided",
            case__decided_on__lte=on,
        )
        .select_related("case")
        .order_by("case__decided_on", "pk")
    )


def _screening_items(rows: Iterable[ViolationConsequence]) -> dict[int, list[ScreeningItem]]:
    out: dict[int, list[ScreeningItem]] = {}
    for r in rows:
        c = r.case
        assert c.decided_on is not None and r.candidate_id is not None
        body = c.decision_body_name or Body(c.decision_body).label
        what = (
            f"{c.get_kind_display()}：{c.decision[:200]}（{body} {c.document_no}，{c.decided_on:%Y-%m-%d}）"
        )
        out.setdefault(r.candidate_id, []).append(
            ScreeningItem(
                code="violation",
                label="违纪违规查实",
                kind="condition",
                evidence=what,
                citation=CITE_SPEECH_NEGATIVE,
                finding=ScreeningFinding(
                    ref=f"violation:{c.pk}",
                    code=c.item_code,
                    on=c.decided_on,
                    substantiated=True,
                    source=SOURCE,
                    department=body,
                    document=c.document_no,
                    note=what,
                ),
            )
        )
    return out
