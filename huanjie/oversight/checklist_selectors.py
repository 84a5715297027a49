"""Reads of the election-day checklist (issue 14 req. 7): a campaign's items, each election's
checks, the list of elections with incomplete checklists (overdue once the election day has
passed), and the town's to-dos. Counts are annotated: a page costs a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse

from huanjie.core import workflow
from huanjie.core.scoping import can, get_scoped_or_404, path_q, scope_paths
from huanjie.elections.models import Election
from huanjie.oversight import training_selectors as common
from huanjie.oversight.capabilities import OversightCap
from huanjie.oversight.models import ChecklistCheck, ChecklistItem
from huanjie.planning import rectification_files as files
from huanjie.planning.models import Campaign

NOT_FOUND = "未找到，或不在您的管辖范围内"
TODO_MAX = 5


def items(c: Campaign) -> QuerySet[ChecklistItem]:
    return ChecklistItem.objects.filter(campaign=c).order_by("order", "pk")


def item(user: Any, pk: int) -> ChecklistItem:
    found = (
        ChecklistItem.objects.filter(pk=pk, campaign__in=common.campaigns(user))
        .select_related("campaign__city")
        .first()
    )
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def _elections(user: Any, capability: str = OversightCap.VIEW) -> QuerySet[Election]:
    paths = scope_paths(user, capability)
    if not paths:
        return Election.objects.none()
    return Election.objects.filter(path_q("unit__path", paths))


def elections(
    user: Any,
    c: Campaign,
    *,
    town: str = "",
    status: str = "",
    overdue: bool = False,
    body: str = "",
    on: dt.date | None = None,
) -> QuerySet[Election]:
    """The campaign's elections in the jurisdiction with ``done_count`` and ``item_count``;
    ``status``: ``complete``/``incomplete``; ``overdue``: incomplete and the election day passed."""
    on = on or workflow.today()
    total = items(c).count()
    done = (
        ChecklistCheck.objects.filter(election=OuterRef("pk"), done=True, item__campaign=c)
        .values("election")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = (
        _elections(user)
        .filter(campaign=c)
        .select_related("unit")
        .annotate(
            done_count=Coalesce(Subquery(done, output_field=IntegerField()), Value(0)),
            item_count=Value(total, output_field=IntegerField()),
        )
    )
    if town:
        qs = qs.filter(unit__path__startswith=town)
    if body:
        qs = qs.filter(body=body)
    if status == "complete":
        qs = qs.filter(done_count__gte=total)
    elif status == "incomplete":
        qs = qs.filter(done_count__lt=total)
    if overdue:
        qs = qs.filter(done_count__lt=total, election_day__lt=on)
    return qs.order_by("election_day", "unit__path", "pk")


def election(user: Any, pk: int) -> Election:
    found = _elections(user).filter(pk=pk).select_related("unit", "campaign__city").first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


@dataclass(frozen=True)
class CheckRow:
    item: ChecklistItem
    check: ChecklistCheck | None

    @property
    def done(self) -> bool:
        return self.check is not None and self.check.done


def election_rows(e: Election) -> list[CheckRow]:
    checks = {ch.item_id: ch for ch in ChecklistCheck.objects.filter(election=e)}
    return [CheckRow(i, checks.get(i.pk)) for i in items(e.campaign)]


def may_check(user: Any, e: Election) -> bool:
    return can(user, OversightCap.EDIT, e.unit.path)


def check_evidence(user: Any, pk: int) -> tuple[ChecklistCheck, bytes]:
    ch = get_scoped_or_404(ChecklistCheck.objects.select_related("election"), user, pk=pk)
    if not ch.evidence_stored:
        raise Http404("该检查事项没有佐证材料")
    try:
        return ch, files.load(ch.evidence_stored)
    except (OSError, ValueError) as exc:
        raise Http404("佐证材料文件缺失，请联系系统管理员") from exc


@dataclass(frozen=True)
class ChecklistTodo:
    label: str
    url: str
    due: dt.date | None
    overdue: bool


def checklist_todos(user: Any) -> list[ChecklistTodo]:
    """For a town (``oversight.edit`` over a town): its elections whose day has passed with the
    checklist incomplete, one to-do per campaign."""
    towns = [p for p in scope_paths(user, OversightCap.EDIT) if len(p) == common.TOWN_PATH_LENGTH]
    if not towns:
        return []
    today = workflow.today()
    out: list[ChecklistTodo] = []
    for c in common.campaigns(user)[:2]:
        total = items(c).count()
        if not total:
            continue
        late = elections(user, c, overdue=True, on=today).filter(path_q("unit__path", towns))
        n = late.count()
        if n:
            first = late.values_list("election_day", flat=True).first()
            out.append(
                ChecklistTodo(
                    f"选举日检查清单：{n} 个已过选举日的选举尚未完成",
                    reverse("oversight_checklist:index") + f"?campaign={c.pk}&overdue=1",
                    first,
                    True,
                )
            )
    return out[:TODO_MAX]


def checks_by_election(c: Campaign, election_ids: list[int]) -> dict[int, dict[int, ChecklistCheck]]:
    """{election id: {item id: check}} for these elections (one query; the export's chunks)."""
    out: dict[int, dict[int, ChecklistCheck]] = {}
    for ch in ChecklistCheck.objects.filter(election_id__in=election_ids, item__campaign=c):
        out.setdefault(ch.election_id, {})[ch.item_id] = ch
    return out
