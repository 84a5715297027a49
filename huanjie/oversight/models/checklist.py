"""The election-day checklist (issue 14 req. 7): items defined per campaign (e.g. the speech's
epidemic measures: “充分考虑疫情防控常态化背景，严格落实疫情防控要求”) and completed per village
election with evidence."""

from __future__ import annotations

from django.db import models

from huanjie.core.scoping import ScopedManager
from huanjie.core.versioning import Versioned


class ChecklistItem(Versioned):
    """One item of a campaign's election-day checklist (defined by the campaign's city)."""

    campaign = models.ForeignKey("planning.Campaign", on_delete=models.CASCADE, related_name="+")
    order = models.PositiveSmallIntegerField("序号", default=1)
    title = models.CharField("检查事项", max_length=200)
    guidance = models.CharField("要求", max_length=500, blank=True)
    needs_evidence = models.BooleanField("须上传佐证", default=False)

    objects = ScopedManager()
    scope_path_field = "campaign__city__path"
    scope_domain = "oversight"

    class Meta:
        verbose_name = "选举日检查事项"
        ordering = ["campaign_id", "order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_org_path(self) -> str:
        return str(self.campaign.city.path)


class ChecklistCheck(models.Model):
    """An item checked for one election: done or not, a note, an evidence file (SM4-GCM encrypted,
    stored like the elections' step evidence)."""

    election = models.ForeignKey("elections.Election", on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="checks")
    done = models.BooleanField("已落实", default=False)
    note = models.CharField("说明", max_length=500, blank=True)
    evidence_name = models.CharField("佐证材料", max_length=200, blank=True)
    evidence_stored = models.CharField("佐证存储名", max_length=64, blank=True)
    recorded_by = models.CharField("登记人", max_length=150)
    recorded_at = models.DateTimeField("登记时间", auto_now=True)

    objects = ScopedManager()
    scope_path_field = "election__unit__path"
    scope_domain = "oversight"

    class Meta:
        verbose_name = "选举日检查记录"
        ordering = ["election_id", "item__order", "pk"]
        constraints = [models.UniqueConstraint(fields=["election", "item"], name="oversight_check_once")]

    def __str__(self) -> str:
        return f"{self.election}：{self.item}"

    @property
    def audit_org_path(self) -> str:
        return str(self.election.unit.path)
