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
