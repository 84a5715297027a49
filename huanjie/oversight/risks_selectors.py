"""Reads of the risk register (风险研判, issue 14 req. 2): the scoped list with its filters, one
risk's page, and the election gate the elections app asks through core.plugins.scheduling_gates.

The speech (市委换届工作动员部署会议讲话, 三要切实强化风险防范): “把风险研判得准一些、把预案制定得实一些 …
对矛盾多发的重点难点村(社区)、重点人群、重点事项，做到早发现、早关注、早化解”. Reading (judgement):
a village surveyed as high risk has its election scheduled only once the county approved its plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from huanjie.core import workflow
from huanjie.core.plugins import Gate
from huanjie.core.scoping import can, get_scoped_or_404
from huanjie.oversight.capabilities import OversightCap
from huanjie.oversight.models import Risk
from huanjie.oversight.risks_choices import RiskKind, RiskLevel
from huanjie.planning.models import Campaign

LEAF_LEVELS = ("village", "community")


def risk(user: Any, pk: int) -> Risk:
    return get_scoped_or_404(Risk.objects.select_related("campaign", "unit", "unit__parent"), user, pk=pk)


@dataclass
class RiskFilters:
    campaign: Campaign | None = None
    jurisdiction: str = ""
    status: str = ""
    level: str = ""
    kind: str = ""
    overdue: bool = False


def risks(user: Any, f: RiskFilters) -> QuerySet[Risk]:
    """The risks the user may see, filtered by jurisdiction (a path prefix), status, level, kind and
    overdue (submitted and not reviewed by its due date)."""
    qs = Risk.objects.visible_to(user)
    if f.campaign is not None:
        qs = qs.filter(campaign=f.campaign)
    if f.jurisdiction:
        qs = qs.filter(unit__path__startswith=f.jurisdiction)
    if f.status:
        qs = qs.filter(state=f.status)
    if f.level:
        qs = qs.filter(level=f.level)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.overdue:
        qs = qs.filter(state="submitted", state_due__lt=workflow.today())
    return qs.select_related("unit", "unit__parent").order_by("unit__code", "pk")


@dataclass(frozen=True)
class RiskPage:
    risk: Risk
    state_label: str
    can_edit: bool
    actions: list[workflow.NextAction]
    history: list[Any]
    gate: list[Gate]


def risk_page(user: Any, r: Risk) -> RiskPage:
    locked = r.state in r.workflow_spec.locked_states
    return RiskPage(
        risk=r,
        state_label=r.workflow_spec.state_label(r.state),
        can_edit=not locked and can(user, OversightCap.EDIT, r.unit.path),
        actions=workflow.next_actions(user, r),
        history=workflow.history(r),
        gate=scheduling_gates(user, r.unit) if r.unit.level in LEAF_LEVELS else [],
    )


def latest_campaign(unit: Any) -> Campaign | None:
    """The latest published campaign of the unit's city (the gate does not depend on who asks)."""
    return (
        Campaign.objects.filter(state="published", city__path=unit.path[:4])
        .order_by("-window_start", "-pk")
        .first()
    )


def scheduling_gates(user: Any, unit: Any, *, election_day: dt.date | None = None) -> list[Gate]:
    """core.plugins.scheduling_gates: closed while the village or community has a high-risk (高)
    village risk in the latest published campaign whose contingency plan (预案) the county has not
    approved. The answer is the same whoever asks; the reason names no person."""
    if unit.level not in LEAF_LEVELS:
        return []
    c = latest_campaign(unit)
    if c is None:
        return []
    pending = list(
        Risk.objects.filter(campaign=c, unit=unit, kind=RiskKind.VILLAGE, level=RiskLevel.HIGH)
        .exclude(state="approved")
        .order_by("pk")
    )
    if not pending:
        return []
    r = pending[0]
    reason = (
        f"该村（社区）风险研判为高风险（{r.title}），应急预案尚未经县级批准"
        f"（当前：{r.workflow_spec.state_label(r.state)}），暂不能安排选举"
    )
    return [Gate("oversight.risk", True, reason, r.get_absolute_url())]
