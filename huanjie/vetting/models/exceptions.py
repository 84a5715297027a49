"""The two exceptions of the screening (issue 11 req. 3), recorded by the county and fed to the
screening rules (huanjie.rules.screening), which decide their limits:

* an age relaxation for an outstanding secretary (“百名示范” …) approved by the county (approving
  body, document number, date): it clears the city's age guidance only (the mobilisation speech);
* a 容错纠错 ruling of the county Party committee (document number, date) on one finding: it clears
  the finding only for a sitting cadre, never a statutory bar nor a 不能-tier item — a ruling the
  rules refuse stays on record and the screening shows why it does not apply.

Confidential as the findings (只做不说): read only with ``vetting.confidential``; recorded and removed
only by the county (``vetting.review`` at the county), each write audited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from huanjie.core.scoping import ScopedManager
from huanjie.vetting.models.candidates import Candidate, Finding


class AgeRelaxationApproval(models.Model):
    """The county's approval to relax the age guidance for one candidate (one per candidate): who
    approved it, its document number and date, the reason (e.g. 百名示范村书记), who recorded it."""

    candidate = models.OneToOneField(
        Candidate, on_delete=models.CASCADE, related_name="age_relaxation", verbose_name="人选"
    )
    approved_by = models.CharField("批准机关", max_length=50)
    document = models.CharField("批准文号", max_length=64)
    approved_on = models.DateField("批准日期")
    reason = models.CharField("放宽理由", max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedManager()
    scope_path_field = "candidate__unit__path"
    scope_domain = "vetting"

    class Meta:
        verbose_name = "放宽年龄要求批准"

    def __str__(self) -> str:
        return f"{self.candidate}：放宽年龄要求（{self.document}）"

    @property
    def audit_org_path(self) -> str:
        return str(self.candidate.unit.path)


class ToleranceRuling(models.Model):
    """A 容错纠错 ruling of the county Party committee on one finding (one per finding): its document
    number and date, the note, who recorded it. Whether it clears the finding is the rules' decision."""

    finding = models.OneToOneField(
        Finding, on_delete=models.CASCADE, related_name="tolerance_ruling", verbose_name="核查发现"
    )
    document = models.CharField("县委容错纠错认定文号", max_length=64)
    ruled_on = models.DateField("认定日期")
    note = models.CharField("认定情况", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedManager()
    scope_path_field = "finding__candidate__unit__path"
    scope_domain = "vetting"

    class Meta:
        verbose_name = "容错纠错认定"

    def __str__(self) -> str:
        return f"{self.finding}：容错纠错认定（{self.document}）"

    @property
    def audit_org_path(self) -> str:
        return str(self.finding.candidate.unit.path)
