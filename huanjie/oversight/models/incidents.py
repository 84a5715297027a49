"""Incident reports (重大事件、重要信息报送, issue 14 req. 3): the campaign's severity settings, the
reports travelling town → county → city, and their follow-up reports (续报、终报)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from huanjie.core.models import WorkflowRecord
from huanjie.core.scoping import ScopedManager
from huanjie.oversight.incidents_choices import IncidentCategory, UpdateKind
from huanjie.oversight.incidents_workflows import INCIDENT_SPEC


class IncidentSeverity(models.Model):
    """A campaign's severity level of incident reports and the hours each level (county, city) has to
    acknowledge a report of that severity (a setting of the city; defaults in incidents_choices)."""

    campaign = models.ForeignKey(
        "planning.Campaign", on_delete=models.CASCADE, related_name="+", verbose_name="换届工作"
    )
    code = models.CharField("代码", max_length=20)
    label = models.CharField("等级", max_length=20)
    ack_hours = models.PositiveSmallIntegerField("签收时限（小时）")
    rank = models.PositiveSmallIntegerField("排序")

    class Meta:
        verbose_name = "事件等级"
        ordering = ["campaign_id", "rank", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "code"], name="oversight_severity_once")]

    def __str__(self) -> str:
        return self.label

    @property
    def audit_org_path(self) -> str:
        return str(self.campaign.city.path)


class Incident(WorkflowRecord):
    """One report of a major event or important information from a town (or one of its villages),
    acknowledged by the county and then the city within the hours of its severity. The severity's
    label and hours are copied at reporting time: a later change of the settings rewrites nothing."""

    campaign = models.ForeignKey(
        "planning.Campaign", on_delete=models.PROTECT, related_name="+", verbose_name="换届工作"
    )
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="发生地")
    title = models.CharField("事件名称", max_length=100)
    category = models.CharField("类别", max_length=20, choices=IncidentCategory.choices)
    severity = models.CharField("等级代码", max_length=20)
    severity_label = models.CharField("等级", max_length=20)
    severity_rank = models.PositiveSmallIntegerField("等级排序")
    ack_hours = models.PositiveSmallIntegerField("签收时限（小时）")
    occurred_at = models.DateTimeField("发生时间")
    summary = models.TextField("基本情况", max_length=4000)
    measures = models.TextField("已采取的措施", max_length=4000, blank=True)
    reported_at = models.DateTimeField("报送时间", db_index=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="报送人"
    )
    # The moment the level that holds the report must have acknowledged it (None: nothing owed).
    ack_due_at = models.DateTimeField("签收期限", null=True, blank=True, db_index=True)
    county_acked_at = models.DateTimeField("县级签收时间", null=True, blank=True)
    city_acked_at = models.DateTimeField("市级签收时间", null=True, blank=True)

    objects = ScopedManager()
    workflow_spec = INCIDENT_SPEC
    scope_path_field = "unit__path"
    scope_domain = "oversight"

    class Meta:
        verbose_name = "重大事件报告"
        ordering = ["-reported_at", "-pk"]
        indexes = [models.Index(fields=["state", "ack_due_at"], name="oversight_incident_due")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("oversight_incidents:detail", args=[self.pk])

    @property
    def state_label(self) -> str:
        return INCIDENT_SPEC.state_label(self.state)

    @property
    def audit_org_path(self) -> str:
        return str(self.unit.path)


class IncidentUpdate(models.Model):
    """A follow-up (续报) or the final report (终报) of an incident, by the town or the county."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="updates", verbose_name="事件"
    )
    kind = models.CharField("类别", max_length=20, choices=UpdateKind.choices)
    text = models.TextField("内容", max_length=4000)
    at = models.DateTimeField("报送时间")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="报送人"
    )
    by_name = models.CharField("报送人姓名", max_length=150)

    objects = ScopedManager()
    scope_path_field = "incident__unit__path"
    scope_domain = "oversight"

    class Meta:
        verbose_name = "事件续报"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.incident}"

    @property
    def audit_org_path(self) -> str:
        return str(self.incident.unit.path)
