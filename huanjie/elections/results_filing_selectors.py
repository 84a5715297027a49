"""Reads of the filing (备案) of certified results (issue 13 req. 4): the filings the user's
jurisdiction sees (the township and county: every village below), the current filing of a round."""

from __future__ import annotations

from typing import Any

from huanjie.core.scoping import get_scoped_or_404, scope_paths
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.models import ResultFiling, ResultRound
from huanjie.rules.workflow import level_of_path

LIST_LIMIT = 500


def filings(user: Any, *, pending: bool = False) -> list[ResultFiling]:
    qs = ResultFiling.objects.visible_to(user).select_related(
        "receipt__round__election__unit", "receipt__round__election__campaign"
    )
    if pending:
        qs = qs.filter(received_at__isnull=True)
    return list(qs.order_by("-filed_at", "-pk")[:LIST_LIMIT])


def filing(user: Any, pk: int, action: str = "view") -> ResultFiling:
    return get_scoped_or_404(
        ResultFiling.objects.select_related("receipt__round__election__unit"), user, action, pk=pk
    )


def round_filings(r: ResultRound) -> list[ResultFiling]:
    """The filings of the round's certified records, newest first (an earlier one: 已更正)."""
    return list(ResultFiling.objects.filter(receipt__round=r).select_related("receipt").order_by("-filed_at"))


def may_receive(user: Any) -> bool:
    """Whether the user acknowledges filings: a township's or county's (or higher) official."""
    caps = (ElectionsCap.EDIT, ElectionsCap.OVERSEE, ElectionsCap.CIVIL)
    return any(level_of_path(p) not in (None, "village") for c in caps for p in scope_paths(user, c))
