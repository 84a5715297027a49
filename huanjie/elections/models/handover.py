"""What a certified result does (issue 13 req. 7): the tenures it started and ended, and the
handover (工作移交) of the outgoing committee to the new one with its checklist."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from huanjie.core.models import WorkflowRecord
from huanjie.core.scoping import ScopedManager
from huanjie.elections.models.elections import Election
from huanjie.elections.models.results import ResultRound
from huanjie.elections.results_handover_workflows import HANDOVER_SPEC
from huanjie.rules.handover import HANDOVER_ITEMS


class RoundTenure(models.Model):
    """A tenure that a certified round started (the elected) or ended (the outgoing members), so a
    corrected certification moves exactly these and nothing else."""

    ACTIONS = (("start", "任职"), ("end", "离任"))

    round = models.ForeignKey(ResultRound, on_delete=models.PROTECT, related_name="tenure_links")
    tenure = models.ForeignKey("people.Tenure", on_delete=models.PROTECT, related_name="+")
    action = models.CharField("变动", max_length=8, choices=ACTIONS)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedManager()
    scope_path_field = "round__election__unit__path"
    scope_domain = "elections"

    class Meta:
        verbose_name = "选举结果带来的任职变动"
        ordering = ["round_id", "action", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "tenure", "action"], name="elections_round_tenure_once")
        ]

    def __str__(self) -> str:
        return f"{self.round}：{self.get_action_display()} {self.tenure_id}"

    @property
    def audit_org_path(self) -> str:
        return str(self.round.election.unit.path)


class Handover(WorkflowRecord):
    """The handover of an election's outgoing committee to the one elected: from the day the new
    committee was produced, within the period of the law (``due_on``), signed off by the town."""

    election = models.OneToOneField(Election, on_delete=models.PROTECT, related_name="handover")
    produced_on = models.DateField("新一届产生之日")
    due_on = models.DateField("移交期限")
    days = models.PositiveSmallIntegerField("移交期限天数", default=10)
    rule = models.CharField("依据", max_length=300, blank=True)
    completed_on = models.DateField("移交完成日期", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    workflow_spec = HANDOVER_SPEC
    objects = ScopedManager()
    scope_path_field = "election__unit__path"
    scope_domain = "elections"

    class Meta:
        verbose_name = "工作移交"
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.election}：工作移交"

    def get_absolute_url(self) -> str:
        return reverse("elections_results:handover", args=[self.pk])

    @property
    def state_label(self) -> str:
        return HANDOVER_SPEC.state_label(self.state)

    @property
    def on_time(self) -> bool | None:
        """None while not completed; else whether it was completed within the period."""
        return None if self.completed_on is None else self.completed_on <= self.due_on

    @property
    def audit_org_path(self) -> str:
        return str(self.election.unit.path)


class HandoverItem(models.Model):
    """One line of the handover list: when it was handed over, notes, the signed list as evidence
    (stored encrypted like a step's evidence)."""

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="items")
    topic = models.CharField("移交事项", max_length=20, choices=HANDOVER_ITEMS)
    done_on = models.DateField("移交日期", null=True, blank=True)
    notes = models.TextField("说明", max_length=1000, blank=True)
    evidence_name = models.CharField("移交清单", max_length=200, blank=True)
    evidence_stored = models.CharField("清单存储名", max_length=64, blank=True)

    objects = ScopedManager()
    scope_path_field = "handover__election__unit__path"
    scope_domain = "elections"

    class Meta:
        verbose_name = "工作移交事项"
        ordering = ["handover_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["handover", "topic"], name="elections_handover_topic")]

    def __str__(self) -> str:
        return f"{self.handover}：{self.get_topic_display()}"

    @property
    def audit_org_path(self) -> str:
        return str(self.handover.election.unit.path)
