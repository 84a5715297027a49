"""Reads of publicity tasks (宣传发动) and public-opinion events (舆情) (issue 14 req. 8): lists by
jurisdiction, status and overdue (against core.workflow.today, the fixed clock of the tests)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from huanjie.core import workflow
from huanjie.core.scoping import get_scoped_or_404
from huanjie.oversight.models import OpinionEvent, PublicityTask
from huanjie.oversight.models.publicity import OpinionStatus
from huanjie.planning.models import Campaign


def tasks(
    user: Any,
    c: Campaign,
    *,
    unit: str = "",
    status: str = "",
    overdue: bool = False,
    on: dt.date | None = None,
) -> QuerySet[PublicityTask]:
    """``status``: ``open``/``done``; ``overdue``: not done and past the deadline; ``unit``: a path."""
    on = on or workflow.today()
    qs = PublicityTask.objects.visible_to(user).filter(campaign=c).select_related("owner")
    if unit:
        qs = qs.filter(owner__path__startswith=unit)
    if status == "open":
        qs = qs.filter(done_on__isnull=True)
    elif status == "done":
        qs = qs.filter(done_on__isnull=False)
    if overdue:
        qs = qs.filter(done_on__isnull=True, deadline__lt=on)
    return qs.order_by("deadline", "pk")


def task(user: Any, pk: int) -> PublicityTask:
    return get_scoped_or_404(PublicityTask.objects.select_related("owner", "campaign"), user, pk=pk)


def events(
    user: Any,
    c: Campaign,
    *,
    unit: str = "",
    status: str = "",
    overdue: bool = False,
    category: str = "",
    on: dt.date | None = None,
) -> QuerySet[OpinionEvent]:
    """``overdue``: still open (not 已处置) past its 处置时限; ``category``: the source."""
    on = on or workflow.today()
    qs = OpinionEvent.objects.visible_to(user).filter(campaign=c).select_related("unit")
    if unit:
        qs = qs.filter(unit__path__startswith=unit)
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(source=category)
    if overdue:
        qs = qs.exclude(status=OpinionStatus.CLOSED).filter(respond_by__lt=on)
    return qs.order_by("-occurred_on", "-pk")


def event(user: Any, pk: int) -> OpinionEvent:
    return get_scoped_or_404(OpinionEvent.objects.select_related("unit", "campaign"), user, pk=pk)
