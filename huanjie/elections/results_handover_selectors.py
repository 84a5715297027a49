"""Reads of what a certified result did (issue 13 req. 7): the tenures a round started and ended, the
names it could not seat, 一肩挑 and 交叉任职 of the village as the tenures now stand (rules.registry.
derived_roles, (2025) 第八条), the ballots' retention (rules.handover.retention), and the handover."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from huanjie.core.scoping import can, get_scoped_or_404, path_q, scope_paths
from huanjie.elections import procedure_adapters as ad
from huanjie.elections import results_selectors as sel
from huanjie.elections import results_tenure_services as ts
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.models import Handover, HandoverItem, ResultRound, RoundTenure
from huanjie.people.choices import Post
from huanjie.people.models import Tenure
from huanjie.planning import rectification_files as files
from huanjie.rules import handover as rules
from huanjie.rules import registry
from huanjie.rules.workflow import level_of_path


@dataclass(frozen=True)
class Seat:
    name: str
    post: str
    term: int
    date: dt.date | None


@dataclass
class TenurePage:
    round: ResultRound
    started: list[Seat] = field(default_factory=list)
    ended: list[Seat] = field(default_factory=list)
    unseated: list[tuple[str, str]] = field(default_factory=list)
    one_shoulder: list[str] = field(default_factory=list)
    cross: list[str] = field(default_factory=list)
    retention: rules.Retention | None = None
    handover: Handover | None = None


def derived(unit_id: int) -> tuple[list[str], list[str]]:
    """(一肩挑, 交叉任职): the names of the village's sitting members holding the roles."""
    posts: dict[int, set[tuple[str, str]]] = defaultdict(set)
    names: dict[int, str] = {}
    for pid, name, kind, post in Tenure.objects.filter(
        committee__org_unit_id=unit_id, end_date__isnull=True
    ).values_list("person_id", "person__name", "committee__kind", "post"):
        posts[pid].add((kind, post))
        names[pid] = name
    one, cross = [], []
    for pid, held in sorted(posts.items(), key=lambda kv: names[kv[0]]):
        roles = registry.derived_roles(held)
        if "dual_role" in roles:
            one.append(names[pid])
        if "cross_holding" in roles:
            cross.append(names[pid])
    return one, cross


def tenure_page(user: Any, pk: int) -> TenurePage:
    r = sel.round_(user, pk)
    e = r.election
    page = TenurePage(round=r)
    links = RoundTenure.objects.filter(round=r).select_related("tenure", "tenure__person").order_by("pk")
    for link in links:
        t = link.tenure
        seat = Seat(t.person.name, Post(t.post).label, t.term_number, t.start_date)
        if link.action == "start":
            page.started.append(seat)
        else:
            page.ended.append(Seat(t.person.name, Post(t.post).label, t.term_number, t.end_date))
    seated = {s.name for s in page.started}
    if r.state == "certified" and ts.committee_kind(e) is not None:
        unseated = [name for name in ts.elected(r) if name not in seated]
        found = ts.persons_for(e, unseated)
        for name in unseated:
            reason = (
                "系统中没有唯一对应的登记人员（另选他人或同名），请在人员库登记后由乡镇（街道）办理任职"
                if found[name] is None
                else "该职务尚有在任者或本人已在该班子任职，请由乡镇（街道）在“班子成员变动”中办理"
            )
            page.unseated.append((name, reason))
    page.one_shoulder, page.cross = derived(e.unit_id)
    page.retention = rules.retention(e.campaign.profile_code, r.voting_day)
    page.handover = Handover.objects.filter(election=e).first()
    return page


def handover(user: Any, pk: int, action: str = "view") -> Handover:
    return get_scoped_or_404(  # type: ignore[no-any-return]
        Handover.objects.select_related("election", "election__unit", "election__campaign"),
        user,
        action,
        pk=pk,
    )


def item(user: Any, pk: int, action: str = "view") -> HandoverItem:
    return get_scoped_or_404(  # type: ignore[no-any-return]
        HandoverItem.objects.select_related(
            "handover", "handover__election", "handover__election__unit", "handover__election__campaign"
        ),
        user,
        action,
        pk=pk,
    )


def evidence(user: Any, pk: int) -> tuple[HandoverItem, bytes]:
    it = item(user, pk)
    if not it.evidence_stored:
        raise Http404("该事项没有上传移交清单")
    return it, files.load(it.evidence_stored)


def overdue(h: Handover, today: dt.date | None = None) -> bool:
    """Past its period and not completed (submitted) yet, or completed late."""
    today = today or timezone.localdate()
    if h.completed_on is not None:
        return not rules.handover_on_time(h.produced_on, h.completed_on, h.days)
    return today > h.due_on


@dataclass
class HandoverPage:
    handover: Handover
    items: list[HandoverItem]
    overdue: bool
    period: str
    can_edit: bool
    is_town: bool
    label: str


def handover_page(user: Any, pk: int) -> HandoverPage:
    h = handover(user, pk)
    e = h.election
    return HandoverPage(
        handover=h,
        items=list(h.items.order_by("pk")),
        overdue=overdue(h),
        period=rules.handover_period(h.produced_on, h.days).explain(),
        can_edit=can(user, ElectionsCap.EDIT, e.unit.path),
        is_town=sel.is_town(user, e),
        label=f"{e.unit.name}{ad.label(e)}",
    )


# The home page's to-dos (core.plugins.todo_providers)


@dataclass(frozen=True)
class HandoverTodo:
    label: str
    url: str
    due: dt.date | None
    overdue: bool


TODO_MAX = 10


def handover_todos(user: Any) -> list[HandoverTodo]:
    """For the town that supervises the handover: lists past their ten days and not yet submitted,
    and lists waiting for its sign-off."""
    paths = [p for p in scope_paths(user, ElectionsCap.EDIT) if level_of_path(p) == "town"]
    if not paths:
        return []
    today = timezone.localdate()
    rows = (
        Handover.objects.filter(path_q("election__unit__path", paths))
        .exclude(state="signed_off")
        .select_related("election", "election__unit")
        .order_by("due_on", "pk")
    )
    out: list[HandoverTodo] = []
    for h in rows:
        url = reverse("elections_results:handover", args=[h.pk])
        name = f"{h.election.unit.name}{ad.label(h.election)}"
        if h.state == "submitted":
            late = "（逾期完成）" if overdue(h, today) else ""
            out.append(HandoverTodo(f"{name}：工作移交清单待确认{late}", url, h.due_on, overdue(h, today)))
        elif today > h.due_on:
            out.append(
                HandoverTodo(f"{name}：工作移交已逾期（期限 {h.due_on:%Y-%m-%d}）", url, h.due_on, True)
            )
        if len(out) >= TODO_MAX:
            break
    return out
