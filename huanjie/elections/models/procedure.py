"""The procedure's own records beside the election: which elections one depends on (the local order),
the 区划批复 of an election after a boundary change, and the government's acts (civil affairs)."""

from __future__ import annotations

from django.db import models

from huanjie.core.scoping import ScopedManager
from huanjie.elections.models.elections import Election
from huanjie.elections.procedure_choices import ActKind


class ElectionDependency(models.Model):
    """An election that must be held on or before another one of the same village (the Party
    organization first by default; the order of representatives, group leaders and 预选 is local)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="dependencies")
    depends_on = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="dependents", verbose_name="先行选举"
    )

    objects = ScopedManager()
    scope_path_field = "election__unit__path"
    scope_domain = "elections"

    class Meta:
        verbose_name = "选举先后顺序"
        constraints = [
            models.UniqueConstraint(fields=["election", "depends_on"], name="elections_dependency_once")
        ]

    def __str__(self) -> str:
        return f"{self.election}（先行：{self.depends_on}）"

    @property
    def audit_org_path(self) -> str:
        return str(self.election.unit.path)


class BoundaryChange(models.Model):
    """The 区划批复 an election after a boundary change (区划调整后选举) is counted from."""

    election = models.OneToOneField(Election, on_delete=models.CASCADE, related_name="boundary")
    approved_on = models.DateField("区划批复日期")
    document_no = models.CharField("批复文号", max_length=64)

    objects = ScopedManager()
    scope_path_field = "election__unit__path"
    scope_domain = "elections"

    class Meta:
        verbose_name = "区划调整批复"

    def __str__(self) -> str:
        return f"{self.election}：{self.document_no}"

    @property
    def audit_org_path(self) -> str:
        return str(self.election.unit.path)


class GovernmentAct(models.Model):
    """A decision or filing the profile gives the government (备案, 批准, 决定, 指导意见), recorded by
    civil affairs (民政) with its document number and date."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="acts")
    kind = models.CharField("类别", max_length=20, choices=ActKind.choices)
    document_no = models.CharField("文件编号", max_length=64)
    date = models.DateField("日期")
    note = models.TextField("说明", max_length=1000, blank=True)
    recorded_by = models.CharField("登记人", max_length=150)
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedManager()
    scope_path_field = "election__unit__path"
    scope_domain = "elections"

    class Meta:
        verbose_name = "政府决定和备案"
        ordering = ["election_id", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.election}：{self.get_kind_display()} {self.document_no}"

    @property
    def audit_org_path(self) -> str:
        return str(self.election.unit.path)


class StepCorrection(models.Model):
    """A correction of a recorded step (its date or its evidence), with the reason and who made it.
    The step row holds the corrected values; this row keeps what it held before, so the record says
    truthfully what was changed, from what, by whom and why (the violations before and after the
    correction are kept too: a correction may clear or raise a flag)."""

    step = models.ForeignKey(
        "elections.ElectionStep", on_delete=models.CASCADE, related_name="corrections", verbose_name="步骤"
    )
    old_done_on = models.DateField("原实际日期")
    new_done_on = models.DateField("更正后实际日期")
    old_evidence_name = models.CharField("原佐证材料", max_length=200, blank=True)
    old_evidence_stored = models.CharField("原佐证存储名", max_length=64, blank=True)
    new_evidence_name = models.CharField("更正后佐证材料", max_length=200, blank=True)
    evidence_replaced = models.BooleanField("更换了佐证材料", default=False)
    old_violations = models.JSONField("更正前违规情况", default=list, blank=True)
    new_violations = models.JSONField("更正后违规情况", default=list, blank=True)
    reason = models.TextField("更正原因", max_length=1000)
    corrected_by = models.CharField("更正人", max_length=150)
    corrected_at = models.DateTimeField("更正时间", auto_now_add=True)

    objects = ScopedManager()
    scope_path_field = "step__election__unit__path"
    scope_domain = "elections"

    class Meta:
        verbose_name = "程序步骤更正"
        ordering = ["step_id", "corrected_at", "pk"]

    def __str__(self) -> str:
        return f"{self.step}的更正"

    @property
    def audit_org_path(self) -> str:
        return str(self.step.election.unit.path)


class AlertAck(models.Model):
    """The town's or county's acknowledgement (知悉) of a step's violation alert, with a note. It takes
    the alert off the acknowledging level's home page while the violations it acknowledged stay the
    same (``texts``); a correction that raises a new violation brings the alert back. The county's
    violations view keeps listing the step, with the acknowledgement."""

    step = models.ForeignKey(
        "elections.ElectionStep", on_delete=models.CASCADE, related_name="acks", verbose_name="步骤"
    )
    level_path = models.CharField("知悉层级", max_length=12)
    level_name = models.CharField("知悉单位", max_length=100)
    texts = models.JSONField("知悉的违规情况", default=list)
    note = models.TextField("处理意见", max_length=1000)
    acknowledged_by = models.CharField("知悉人", max_length=150)
    acknowledged_at = models.DateTimeField("知悉时间", auto_now_add=True)

    objects = ScopedManager()
    scope_path_field = "step__election__unit__path"
    scope_domain = "elections"

    class Meta:
        verbose_name = "违规提醒知悉"
        ordering = ["step_id", "acknowledged_at", "pk"]

    def __str__(self) -> str:
        return f"{self.level_name}知悉：{self.step}"

    @property
    def audit_org_path(self) -> str:
        return str(self.step.election.unit.path)
