"""Elections of a village's or community's bodies in a campaign and the steps of their procedure.

An election's steps and deadlines come from huanjie.rules.schedule (judged by the law in force on
each step's date, the profile from the campaign); a step is recorded with its true date, who recorded
it and its evidence — late or out of order is recorded as it happened and flagged, never refused.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from huanjie.core.scoping import ScopedManager
from huanjie.core.versioning import Versioned
from huanjie.elections.choices import Body, Kind


class Election(Versioned):
    """One election of one body of a village or community in a campaign (换届选举, 补选, a re-run)."""

    campaign = models.ForeignKey("planning.Campaign", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="村（社区）"
    )
    body = models.CharField("选举对象", max_length=20, choices=Body.choices)
    body_label = models.CharField("组织名称", max_length=50, blank=True)
    kind = models.CharField("选举类型", max_length=20, choices=Kind.choices, default=Kind.REGULAR)
    election_day = models.DateField("选举日", null=True, blank=True)
    batch = models.ForeignKey(
        "planning.Batch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="批次",
    )
    order = models.PositiveSmallIntegerField("顺序", default=1)
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="later", verbose_name="前一轮"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedManager()
    scope_path_field = "unit__path"
    scope_domain = "elections"

    class Meta:
        verbose_name = "选举"
        ordering = ["unit_id", "order", "pk"]
        indexes = [models.Index(fields=["campaign", "election_day"], name="elections_day")]

    def __str__(self) -> str:
        return f"{self.unit}{self.body_label or self.get_body_display()}{self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("elections:election", args=[self.pk])

    @property
    def audit_org_path(self) -> str:
        return str(self.unit.path)


class ElectionStep(models.Model):
    """One procedure step as it happened: its true date, who recorded it, the evidence, and — when it
    came late, early or out of order — the violations found with their citations and the reason."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="steps")
    key = models.CharField("步骤", max_length=40)
    title = models.CharField("步骤名称", max_length=200)
    done_on = models.DateField("实际日期")
    law_code = models.CharField("适用法律", max_length=40)
    recorded_by = models.CharField("登记人", max_length=150)
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    evidence_name = models.CharField("佐证材料", max_length=200, blank=True)
    evidence_stored = models.CharField("佐证存储名", max_length=64, blank=True)
    violations = models.JSONField("违规情况", default=list, blank=True)
    reason = models.TextField("情况说明", max_length=1000, blank=True)

    objects = ScopedManager()
    scope_path_field = "election__unit__path"
    scope_domain = "elections"

    class Meta:
        verbose_name = "选举程序步骤"
        ordering = ["election_id", "done_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["election", "key"], name="elections_step_once")]

    def __str__(self) -> str:
        return f"{self.election}：{self.title}"

    @property
    def audit_org_path(self) -> str:
        return str(self.election.unit.path)
