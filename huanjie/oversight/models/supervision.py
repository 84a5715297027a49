"""Supervision (巡回督导组, 双联直挂; issue 14 req. 4): groups with their members and assigned
jurisdictions, the campaign's checklist, visits and their checks, findings with evidence and their
rectification and sign-off.

A supervisor's reach is his groups' assigned jurisdictions (core scoping's membership scope of the
supervisor role, registered by this app), not the unit of his role assignment: he reads with
``oversight.view`` and records with ``oversight.supervise`` there; operators and leaders read the same
records through ``oversight.view`` in their jurisdiction, the town rectifies with ``oversight.edit``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from huanjie.core.models import WorkflowRecord
from huanjie.core.scoping import ScopedManager
from huanjie.oversight.supervision_choices import (
    CheckResult,
    FileStage,
    FindingCategory,
    FindingSeverity,
    GroupKind,
)
from huanjie.oversight.supervision_workflows import FINDING_SPEC


class SupervisionGroup(models.Model):
    """A supervision group formed by the city (巡回督导组) or a county (双联直挂) for a campaign."""

    campaign = models.ForeignKey(
        "planning.Campaign", on_delete=models.PROTECT, related_name="+", verbose_name="换届工作"
    )
    formed_by = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="组建单位"
    )
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=20, choices=GroupKind.choices)
    is_active = models.BooleanField("有效", default=True)
    created_at = models.DateTimeField("组建时间", auto_now_add=True)

    objects = ScopedManager()
    scope_path_field = "formed_by__path"
    scope_domain = "oversight"

    class Meta:
        verbose_name = "督导组"
        ordering = ["formed_by__path", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("oversight_supervision:group", args=[self.pk])

    @property
    def audit_org_path(self) -> str:
        return str(self.formed_by.path)


class SupervisionMember(models.Model):
    """A user (with the 巡回督导组成员 role) serving on a group; ``is_leader``: the group's 组长."""

    group = models.ForeignKey(
        SupervisionGroup, on_delete=models.CASCADE, related_name="members", verbose_name="督导组"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="成员"
    )
    is_leader = models.BooleanField("组长", default=False)

    class Meta:
        verbose_name = "督导组成员"
        ordering = ["group_id", "-is_leader", "pk"]
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="oversight_member_once")]

    def __str__(self) -> str:
        return f"{self.group}·{self.user}"


class SupervisionArea(models.Model):
    """A county or town assigned to a group (its subtree is the group's jurisdiction)."""

    group = models.ForeignKey(
        SupervisionGroup, on_delete=models.CASCADE, related_name="areas", verbose_name="督导组"
    )
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="联系县（镇）"
    )

    class Meta:
        verbose_name = "督导联系范围"
        ordering = ["group_id", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["group", "unit"], name="oversight_area_once")]

    def __str__(self) -> str:
        return f"{self.group}·{self.unit}"


class SupervisionCheckItem(models.Model):
    """One item of a campaign's supervision checklist (defaults in supervision_choices)."""

    campaign = models.ForeignKey(
        "planning.Campaign", on_delete=models.CASCADE, related_name="+", verbose_name="换届工作"
    )
    order = models.PositiveSmallIntegerField("序号")
    text = models.CharField("检查事项", max_length=200)

    class Meta:
        verbose_name = "督导检查事项"
        ordering = ["campaign_id", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class SupervisionVisit(models.Model):
    """A group's visit to a county or town of its jurisdiction: when, where, what was checked."""

    group = models.ForeignKey(
        SupervisionGroup, on_delete=models.PROTECT, related_name="visits", verbose_name="督导组"
    )
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="督导单位"
    )
    visited_on = models.DateField("督导日期", db_index=True)
    places = models.CharField("走访地点", max_length=300)
    checked = models.TextField("检查内容", max_length=4000, blank=True)
    recorded_at = models.DateTimeField("登记时间")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )

    objects = ScopedManager()
    scope_path_field = "unit__path"
    scope_domain = "oversight"

    class Meta:
        verbose_name = "督导走访"
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.visited_on:%Y-%m-%d} {self.unit}"

    def get_absolute_url(self) -> str:
        return reverse("oversight_supervision:visit", args=[self.pk])

    @property
    def audit_org_path(self) -> str:
        return str(self.unit.path)


class VisitCheck(models.Model):
    """The result of one checklist item at a visit (the item's text copied: settings may change)."""

    visit = models.ForeignKey(
        SupervisionVisit, on_delete=models.CASCADE, related_name="checks", verbose_name="督导走访"
    )
    order = models.PositiveSmallIntegerField("序号")
    item = models.CharField("检查事项", max_length=200)
    result = models.CharField("检查结果", max_length=20, choices=CheckResult.choices)
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "检查结果"
        ordering = ["visit_id", "order", "pk"]

    def __str__(self) -> str:
        return self.item


class Finding(WorkflowRecord):
    """A problem a group found at a visit: the responsible unit (a town or a village) rectifies it by
    ``rectify_by`` with evidence; the group signs it off or returns it."""

    visit = models.ForeignKey(
        SupervisionVisit, on_delete=models.PROTECT, related_name="findings", verbose_name="督导走访"
    )
    group = models.ForeignKey(
        SupervisionGroup, on_delete=models.PROTECT, related_name="findings", verbose_name="督导组"
    )
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="责任单位"
    )
    category = models.CharField("问题类别", max_length=20, choices=FindingCategory.choices)
    severity = models.CharField("严重程度", max_length=20, choices=FindingSeverity.choices)
    description = models.TextField("问题描述", max_length=4000)
    rectify_by = models.DateField("整改期限")
    found_on = models.DateField("发现日期")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    rectification = models.TextField("整改情况", max_length=4000, blank=True)
    rectified_on = models.DateField("整改报送日期", null=True, blank=True)
    signed_off_on = models.DateField("验收销号日期", null=True, blank=True)
    signed_off_by = models.CharField("验收人", max_length=150, blank=True)

    objects = ScopedManager()
    workflow_spec = FINDING_SPEC
    scope_path_field = "unit__path"
    scope_domain = "oversight"

    class Meta:
        verbose_name = "督导发现问题"
        ordering = ["-found_on", "-pk"]
        indexes = [
            models.Index(fields=["state", "rectify_by"], name="oversight_finding_due"),
            # the list's order (soonest deadline first): the first page reads the index, not a sort
            models.Index(fields=["rectify_by", "id"], name="oversight_finding_order"),
        ]

    def __str__(self) -> str:
        return f"{self.unit}·{self.get_category_display()}"

    def get_absolute_url(self) -> str:
        return reverse("oversight_supervision:finding", args=[self.pk])

    @property
    def state_label(self) -> str:
        return FINDING_SPEC.state_label(self.state)

    @property
    def audit_org_path(self) -> str:
        return str(self.unit.path)


class FindingFile(models.Model):
    """Evidence of a finding or of its rectification, stored SM4-GCM encrypted outside every served
    directory (the store of planning's evidence files)."""

    finding = models.ForeignKey(
        Finding, on_delete=models.PROTECT, related_name="files", verbose_name="督导发现问题"
    )
    stage = models.CharField("类别", max_length=20, choices=FileStage.choices)
    file_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    digest = models.CharField("摘要", max_length=64)
    stored = models.CharField("存储文件名", max_length=64, unique=True)
    uploaded_at = models.DateTimeField("上传时间")
    uploaded_by = models.CharField("上传人", max_length=150)

    objects = ScopedManager()
    scope_path_field = "finding__unit__path"
    scope_domain = "oversight"

    class Meta:
        verbose_name = "督导佐证材料"
        ordering = ["finding_id", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def audit_org_path(self) -> str:
        return str(self.finding.unit.path)
