"""Reads of the policy Q&A (政策咨询, issue 14 req. 6): the questions of the jurisdiction, and the
campaign's published FAQ by topic (searchable; the asking town is not shown to other towns)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.utils import timezone

from huanjie.core.scoping import can, get_scoped_or_404, scope_paths
from huanjie.oversight.capabilities import OversightCap
from huanjie.oversight.models import OversightSetting, PolicyQuestion
from huanjie.oversight.models.training import CITE_QA_ANSWER, QA_ANSWER_DAYS
from huanjie.planning.models import Campaign
from huanjie.rules.workflow import level_of_path

ANSWER_LEVELS = ("city", "county")


def answer_deadline(c: Campaign) -> tuple[int, str]:
    """The campaign's answer deadline of policy questions in days from asked, and its source."""
    s = OversightSetting.objects.filter(campaign=c).only("qa_answer_days", "qa_answer_citation").first()
    return (s.qa_answer_days, s.qa_answer_citation) if s is not None else (QA_ANSWER_DAYS, CITE_QA_ANSWER)


def now() -> dt.datetime:
    return timezone.now()


def questions(
    user: Any, c: Campaign, *, state: str = "", topic: str = "", unit: str = "", overdue: str = ""
) -> QuerySet[PolicyQuestion]:
    """``unit``: a path prefix (the jurisdiction filter); every row carries ``is_overdue`` (not
    answered and asked longer ago than the campaign's answer deadline), ``overdue="1"`` keeps those."""
    cutoff = now() - dt.timedelta(days=answer_deadline(c)[0])
    late = Q(answered_at__isnull=True, asked_at__lt=cutoff)
    qs = (
        PolicyQuestion.objects.visible_to(user)
        .filter(campaign=c)
        .select_related("town", "answer_unit")
        .annotate(
            is_overdue=Case(When(late, then=Value(True)), default=Value(False), output_field=BooleanField())
        )
    )
    if overdue == "1":
        qs = qs.filter(late)
    if unit:
        qs = qs.filter(town__path__startswith=unit)
    if state == "open":
        qs = qs.filter(answered_at__isnull=True)
    elif state == "answered":
        qs = qs.filter(answered_at__isnull=False)
    if topic:
        qs = qs.filter(topic=topic)
    return qs.order_by("-asked_at", "-pk")


def question(user: Any, pk: int) -> PolicyQuestion:
    return get_scoped_or_404(
        PolicyQuestion.objects.select_related("town", "answer_unit", "campaign__city"), user, pk=pk
    )


def faq(c: Campaign, *, q: str = "", topic: str = "") -> QuerySet[PolicyQuestion]:
    """The campaign's published answers (the caller has checked the campaign is visible)."""
    qs = PolicyQuestion.objects.filter(campaign=c, published=True, answered_at__isnull=False)
    if topic:
        qs = qs.filter(topic=topic)
    if q.strip():
        term = q.strip()
        qs = qs.filter(Q(text__icontains=term) | Q(answer__icontains=term))
    return qs.only("pk", "topic", "text", "answer", "answered_at").order_by("topic", "-answered_at", "-pk")


def may_answer(user: Any, qn: PolicyQuestion) -> bool:
    """The county or the city over the asking town, with ``oversight.review``."""
    return can(user, OversightCap.REVIEW, qn.town.path) and bool(answer_unit_path(user, qn))


def answer_unit_path(user: Any, qn: PolicyQuestion) -> str:
    """The path of the county or city in whose name the user answers ('' when none)."""
    for p in sorted(scope_paths(user, OversightCap.REVIEW), key=len, reverse=True):
        if qn.town.path.startswith(p) and level_of_path(p) in ANSWER_LEVELS:
            return p
    return ""


def may_ask(user: Any) -> bool:
    return user.has_capability(OversightCap.EDIT)
