"""Voiding (issue 13 req. 8): a finding that starts it (a referral, no effect) and the declaration by
the body the profile names (当选无效 of one winner, or 选举无效 of the election), with its document
number and date, and the remedy the profile gives (huanjie.rules.voiding)."""

from __future__ import annotations

from django.db import models

from huanjie.core.scoping import ScopedManager
from huanjie.elections.models.elections import Election
from huanjie.elections.models.party_results import PartyMeeting
from huanjie.elections.models.results import ResultRound


class VoidScope(models.TextChoices):
    WINNER = "winner", "当选无效"
    ELECTION = "election", "选举无效"


class VoidReferral(models.Model):
    """An organization department's or discipline commission's finding: it starts the procedure
    before the body the profile names, and has no effect by itself."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="void_referrals")
    round = models.ForeignKey(ResultRound, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    meeting = models.ForeignKey(
        PartyMeeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.CharField("涉及人员", max_length=50, blank=True)
    source = models.CharField("提出机关", max_length=40)
    document_no = models.CharField("文号", max_length=100)
    found_on = models.DateField("日期")
    summary = models.TextField("调查结论", max_length=2000)
    created_by = models.CharField("登记人", max_length=150)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedManager()
    scope_path_field = "election__unit__path"
    scope_domain = "elections"

    class Meta:
        verbose_name = "当选无效线索移送"
        ordering = ["election_id", "found_on", "pk"]

    def __str__(self) -> str:
        return f"{self.source} {self.document_no}"

    @property
    def audit_org_path(self) -> str:
        return str(self.election.unit.path)


class VoidDecision(models.Model):
    """The declaration: by ``body`` (one the profile names), document number and date; ``remedy``
    is what follows under the profile, with its citation."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="void_decisions")
    round = models.ForeignKey(
        ResultRound, on_delete=models.PROTECT, null=True, blank=True, related_name="void_decisions"
    )
    meeting = models.ForeignKey(
        PartyMeeting, on_delete=models.PROTECT, null=True, blank=True, related_name="void_decisions"
    )
    scope = models.CharField("类别", max_length=20, choices=VoidScope.choices)
    person = models.CharField("当选无效的人员", max_length=50, blank=True)
    post = models.CharField("职位", max_length=50, blank=True)
    body = models.CharField("宣布机关", max_length=40)
    body_label = models.CharField("宣布机关名称", max_length=100)
    document_no = models.CharField("文号", max_length=100)
    decided_on = models.DateField("决定日期")
    reason = models.TextField("理由", max_length=2000, blank=True)
    citation = models.CharField("依据", max_length=200)
    remedy = models.CharField("后续", max_length=30)
    remedy_text = models.CharField("后续说明", max_length=300)
    remedy_citation = models.CharField("后续依据", max_length=200)
    referral = models.ForeignKey(
        VoidReferral, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # What the declaration carried out in its transaction (results_void_services): the tenures it
    # ended and the remedy it opened — a 另行选举 round, or a 补选 / re-run election.
    tenures_ended = models.PositiveSmallIntegerField("结束的任职数", default=0)
    remedy_day = models.DateField("后续投票日", null=True, blank=True)
    remedy_round = models.ForeignKey(
        ResultRound, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    remedy_election = models.ForeignKey(
        Election, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.CharField("登记人", max_length=150)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedManager()
    scope_path_field = "election__unit__path"
    scope_domain = "elections"

    class Meta:
        verbose_name = "当选无效、选举无效的决定"
        ordering = ["election_id", "decided_on", "pk"]

    def __str__(self) -> str:
        who = f"{self.person}" if self.scope == VoidScope.WINNER else "选举"
        return f"{who}{self.get_scope_display()}（{self.body_label} {self.document_no}）"

    @property
    def audit_org_path(self) -> str:
        return str(self.election.unit.path)

    @property
    def remedy_url(self) -> str:
        """The page of the remedy it opened ("" when none: the committee stays short, or the Party
        organization decides)."""
        if self.remedy_round_id:
            return self.remedy_round.get_absolute_url()  # type: ignore[union-attr]
        if self.remedy_election_id:
            from django.urls import reverse

            return reverse("elections_results:election", args=[self.remedy_election_id])
        return ""
