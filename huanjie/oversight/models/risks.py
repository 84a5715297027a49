"""The risk register (风险研判, issue 14 req. 2): key villages, groups and matters with their level,
cause, owner, measures and contingency plan (预案), reviewed by the county."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from huanjie.core.models import WorkflowRecord
from huanjie.core.scoping import ScopedManager
from huanjie.oversight.risks_choices import RiskKind, RiskLevel
from huanjie.oversight.risks_workflows import RISK_SPEC


class Risk(WorkflowRecord):
    """A surveyed risk of a village or community (or of a town, for its groups and matters): level
    (高/中/低), cause, the official answering for it, measures and the contingency plan (预案).

    The county approves the plan (``RISK_SPEC``); a high-risk village without an approved plan cannot
    have its election scheduled (core.plugins.scheduling_gates)."""

    campaign = models.ForeignKey("planning.Campaign", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="单位")
    kind = models.CharField("类型", max_length=10, choices=RiskKind.choices)
    title = models.CharField("风险事项", max_length=200)
    level = models.CharField("风险等级", max_length=10, choices=RiskLevel.choices, db_index=True)
    cause = models.TextField("风险成因", max_length=2000)
    owner = models.CharField("责任人", max_length=50)
    measures = models.TextField("化解措施", max_length=2000, blank=True)
    plan = models.TextField("应急预案", max_length=4000, blank=True)
    registered_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedManager()
    workflow_spec = RISK_SPEC
    scope_path_field = "unit__path"
    scope_domain = "oversight"

    class Meta:
        verbose_name = "风险研判"
        ordering = ["unit__code", "pk"]
        indexes = [models.Index(fields=["campaign", "unit", "level"], name="oversight_risk_unit_level")]

    def __str__(self) -> str:
        return f"{self.unit.name}：{self.title}"

    def get_absolute_url(self) -> str:
        return reverse("oversight_risks:risk", args=[self.pk])

    @property
    def audit_org_path(self) -> str:
        return str(self.unit.path)
