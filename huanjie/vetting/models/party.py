"""The 考察 (inspection) of a candidate (issue 11 req. 6): required before the 镇党委 approves a party
预备人选. Confidential (只做不说): read only with ``vetting.confidential``, entered by the town."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from huanjie.core.scoping import ScopedManager
from huanjie.core.versioning import Versioned
from huanjie.vetting.models.candidates import Candidate
from huanjie.vetting.party_choices import Rating


def _rating(label: str, *, blank: bool = False) -> models.CharField:
    return models.CharField(label, max_length=12, choices=Rating.choices, blank=blank)


class Inspection(Versioned):
    """The 考察 of one candidate of a campaign (one per candidate): the 德能勤绩廉 ratings and the
    narrative, the 民主测评 counts, who inspected and when, and for a secretary candidate the 五强
    assessment. “县镇配合全面考察换届人选的德能勤绩廉情况” (the city's mobilisation speech)."""

    candidate = models.OneToOneField(
        Candidate, on_delete=models.CASCADE, related_name="inspection", verbose_name="人选"
    )
    rating_de = _rating("德")
    rating_neng = _rating("能")
    rating_qin = _rating("勤")
    rating_ji = _rating("绩")
    rating_lian = _rating("廉")
    narrative = models.TextField("考察意见", max_length=3000)
    poll_satisfied = models.PositiveIntegerField("民主测评满意票")
    poll_basic = models.PositiveIntegerField("民主测评基本满意票")
    poll_unsatisfied = models.PositiveIntegerField("民主测评不满意票")
    inspectors = models.CharField("考察组成员", max_length=200)
    inspected_on = models.DateField("考察日期")
    strength_political = _rating("政治引领力", blank=True)
    strength_coverage = _rating("组织覆盖力", blank=True)
    strength_cohesion = _rating("群众凝聚力", blank=True)
    strength_appeal = _rating("社会号召力", blank=True)
    strength_development = _rating("发展推动力", blank=True)
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedManager()
    scope_path_field = "candidate__unit__path"
    scope_domain = "vetting"

    class Meta:
        verbose_name = "考察"
        ordering = ["candidate_id"]

    def __str__(self) -> str:
        return f"{self.candidate}的考察"

    def get_absolute_url(self) -> str:
        return reverse("vetting:inspection", args=[self.candidate_id])

    @property
    def audit_org_path(self) -> str:
        return str(self.candidate.unit.path)

    @property
    def poll_total(self) -> int:
        return int(self.poll_satisfied + self.poll_basic + self.poll_unsatisfied)
