"""Individual ballots of a ballot box (issue 13 req. 1, “optional entry of individual ballots”).

A box's tally sheet may be derived from its ballots entered one by one: each ballot is what is marked
on it, post by post (the candidates marked and the names written in), or that it is unreadable
(废票). The sheet's ballots returned, invalid ballots, invalid sections and votes are then the
ballots' count by huanjie.rules.counting.count_ballots — a section marking more names than the post's
seats is invalid for that post (北京 第二十八条 / 浙江 第二十七条 / 上海 第十九条 / 河南 第三十五条;
legal-rules.md §4 ex. 4) — and the sheet's own numbers stay locked to that count until the ballots
are cleared. Ballots issued is still entered by hand.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from huanjie.core.scoping import ScopedManager
from huanjie.elections.models.results import TallySheet


class Ballot(models.Model):
    """One ballot of a box as read at the count: ``marks`` holds, per post of the round (in the
    round's order), the names marked; ``unreadable`` a ballot invalid as a whole."""

    sheet = models.ForeignKey(TallySheet, on_delete=models.CASCADE, related_name="ballots")
    number = models.PositiveIntegerField("序号")
    marks = models.JSONField("所选人员", default=list, blank=True)
    unreadable = models.BooleanField("废票（整张无效）", default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="录入人"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    objects = ScopedManager()
    scope_path_field = "sheet__round__election__unit__path"
    scope_domain = "elections"

    class Meta:
        verbose_name = "选票"
        ordering = ["sheet_id", "number"]
        constraints = [models.UniqueConstraint(fields=["sheet", "number"], name="elections_ballot_number")]

    def __str__(self) -> str:
        return f"{self.sheet}：第{self.number}张选票"

    @property
    def audit_org_path(self) -> str:
        return str(self.sheet.round.election.unit.path)
