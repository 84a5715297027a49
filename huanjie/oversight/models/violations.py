"""The violations register (三个一律, issue 14 req. 5): cases of 贿选, 拉票, clan or criminal
interference and other breaches of the transition's discipline; the persons concerned; evidence;
the competent body's decision; and what the system carried out because of it (a finding in
screening, a winner's or the whole election voided through the elections app, a referral to the
body that may declare it), and the accountability of officials (问责).

The consequences are not written by hand: ``violations_services.case_decide`` records the decision
and carries each of them out in the same transaction, one ``ViolationConsequence`` row each."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from huanjie.core.models import WorkflowRecord
from huanjie.core.scoping import ScopedManager
from huanjie.oversight.violations_choices import (
    Body,
    Conclusion,
    ConsequenceKind,
    Measure,
    PartyRole,
    ViolationKind,
)
from huanjie.oversight.violations_workflows import VIOLATION_SPEC


class ViolationCase(WorkflowRecord):
    """A case (违纪违规案件) about one village's or community's transition: its type, the election
    concerned, the investigating body and deadline (``state_due`` while open), and the decision:
    conclusion, deciding body, document number and date, the negative-list item a substantiated
    finding amounts to, and whether the whole election is declared void."""

    campaign = models.ForeignKey(
        "planning.Campaign", on_delete=models.PROTECT, related_name="+", verbose_name="换届工作"
    )
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="所涉村（社区）"
    )
    election = models.ForeignKey(
        "elections.Election",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="所涉选举",
    )
    kind = models.CharField("违纪违规类型", max_length=20, choices=ViolationKind.choices, db_index=True)
    summary = models.TextField("案情摘要", max_length=4000)
    registered_on = models.DateField("立案日期", db_index=True)
    investigating_body = models.CharField("调查机关", max_length=30, choices=Body.choices)
    investigator_name = models.CharField("调查机关名称", max_length=100, blank=True)
    due_on = models.DateField("办结期限")
    conclusion = models.CharField("调查结论", max_length=20, choices=Conclusion.choices, blank=True)
    item_code = models.CharField("对应负面清单编号", max_length=10, blank=True)
    decision = models.TextField("处理决定", max_length=4000, blank=True)
    decision_body = models.CharField("决定机关", max_length=30, choices=Body.choices, blank=True)
    decision_body_name = models.CharField("决定机关名称", max_length=100, blank=True)
    document_no = models.CharField("决定文号", max_length=100, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    election_void = models.BooleanField("宣布选举无效", default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    registered_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedManager()
    workflow_spec = VIOLATION_SPEC
    scope_path_field = "unit__path"
    scope_domain = "oversight"

    class Meta:
        verbose_name = "违纪违规案件"
        ordering = ["-registered_on", "-pk"]
        indexes = [models.Index(fields=["campaign", "state"], name="oversight_violation_state")]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.get_kind_display()}（{self.registered_on:%Y-%m-%d}）"

    def get_absolute_url(self) -> str:
        return reverse("oversight_violations:case", args=[self.pk])

    @property
    def state_label(self) -> str:
        return VIOLATION_SPEC.state_label(self.state)

    @property
    def audit_org_path(self) -> str:
        return str(self.unit.path)


class ViolationParty(models.Model):
    """A person concerned (涉案人员): a candidate (then the finding reaches his screening), a winner
    of the case's election (then his election may be declared void), an official, or another."""

    case = models.ForeignKey(ViolationCase, on_delete=models.CASCADE, related_name="parties")
    name = models.CharField("姓名", max_length=50)
    role = models.CharField("身份", max_length=20, choices=PartyRole.choices)
    candidate = models.ForeignKey(
        "vetting.Candidate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="候选人",
    )
    note = models.CharField("说明", max_length=200, blank=True)

    objects = ScopedManager()
    scope_path_field = "case__unit__path"
    scope_domain = "oversight"

    class Meta:
        verbose_name = "涉案人员"
        ordering = ["case_id", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"

    @property
    def audit_org_path(self) -> str:
        return str(self.case.unit.path)


class ViolationFile(models.Model):
    """Evidence of a case, stored SM4-GCM encrypted outside every served directory (the store of
    planning's evidence files)."""

    case = models.ForeignKey(ViolationCase, on_delete=models.PROTECT, related_name="files")
    file_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    digest = models.CharField("摘要", max_length=64)
    stored = models.CharField("存储文件名", max_length=64, unique=True)
    uploaded_at = models.DateTimeField("上传时间")
    uploaded_by = models.CharField("上传人", max_length=150)

    objects = ScopedManager()
    scope_path_field = "case__unit__path"
    scope_domain = "oversight"

    class Meta:
        verbose_name = "案件证据材料"
        ordering = ["case_id", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def audit_org_path(self) -> str:
        return str(self.case.unit.path)


class ViolationAccountability(models.Model):
    """The accountability of an official (问责): who, the measure, by whom, the document."""

    case = models.ForeignKey(ViolationCase, on_delete=models.PROTECT, related_name="accountabilities")
    name = models.CharField("被问责人", max_length=50)
    position = models.CharField("单位职务", max_length=100)
    measure = models.CharField("问责方式", max_length=30, choices=Measure.choices)
    decided_by = models.CharField("问责机关", max_length=100)
    document_no = models.CharField("问责文号", max_length=100)
    decided_on = models.DateField("问责日期")
    recorded_by = models.CharField("登记人", max_length=150)

    objects = ScopedManager()
    scope_path_field = "case__unit__path"
    scope_domain = "oversight"

    class Meta:
        verbose_name = "问责记录"
        ordering = ["case_id", "decided_on", "pk"]

    def __str__(self) -> str:
        return f"{self.name} {self.get_measure_display()}"

    @property
    def audit_org_path(self) -> str:
        return str(self.case.unit.path)


class ViolationConsequence(models.Model):
    """One consequence the system carried out on a decision: the finding that reaches a candidate's
    screening, the elections app's voiding decision or referral, an accountability record."""

    case = models.ForeignKey(ViolationCase, on_delete=models.PROTECT, related_name="consequences")
    kind = models.CharField("类别", max_length=20, choices=ConsequenceKind.choices)
    party = models.ForeignKey(
        ViolationParty, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    candidate = models.ForeignKey(
        "vetting.Candidate", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    void_decision = models.ForeignKey(
        "elections.VoidDecision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    referral = models.ForeignKey(
        "elections.VoidReferral", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accountability = models.ForeignKey(
        ViolationAccountability, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.CharField("执行情况", max_length=500)
    carried_at = models.DateTimeField("执行时间", auto_now_add=True)
    carried_by = models.CharField("执行人", max_length=150)

    objects = ScopedManager()
    scope_path_field = "case__unit__path"
    scope_domain = "oversight"

    class Meta:
        verbose_name = "处理决定的执行"
        ordering = ["case_id", "pk"]
        indexes = [models.Index(fields=["kind", "candidate"], name="oversight_consequence_cand")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.text}"

    @property
    def audit_org_path(self) -> str:
        return str(self.case.unit.path)
