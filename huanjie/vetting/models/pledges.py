"""Pledges (issue 11 req. 9): 换届纪律责任书 (town and village Party secretaries), 承诺书 (every
candidate), 保证书 (election staff), each with its signing date and its scanned copy, stored
SM4-GCM encrypted outside every served directory (the store of planning's evidence files)."""

from __future__ import annotations

from django.db import models

from huanjie.core.scoping import ScopedManager
from huanjie.vetting.talk_choices import PledgeKind


class Pledge(models.Model):
    """One signed pledge of a campaign: by a registered person (a village secretary, a candidate) or
    by a signer named on it (the town's secretary, election staff), at a town or a village."""

    campaign = models.ForeignKey(
        "planning.Campaign", on_delete=models.PROTECT, related_name="+", verbose_name="换届工作"
    )
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="单位")
    kind = models.CharField("类别", max_length=20, choices=PledgeKind.choices)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="签订人",
    )
    signer_name = models.CharField("签订人姓名", max_length=50)
    signer_post = models.CharField("签订人职务", max_length=100, blank=True)
    signed_on = models.DateField("签订日期")
    # The scan may follow the record (a sheet of signing dates imported first; the signed date is
    # the legal fact): no stored file until ``pledge_services.pledge_attach_scan``.
    file_name = models.CharField("扫描件文件名", max_length=200, blank=True, default="")
    content_type = models.CharField("文件类型", max_length=100, blank=True, default="")
    size = models.PositiveIntegerField("大小（字节）", default=0)
    digest = models.CharField("摘要", max_length=64, blank=True, default="")
    stored = models.CharField("存储文件名", max_length=64, unique=True, null=True, blank=True, default=None)
    recorded_at = models.DateTimeField("登记时间")
    recorded_by = models.CharField("登记人", max_length=150)

    objects = ScopedManager()
    scope_path_field = "unit__path"
    scope_domain = "vetting"

    class Meta:
        verbose_name = "换届纪律责任书（承诺书、保证书）"
        ordering = ["unit__path", "kind", "signed_on", "pk"]
        indexes = [models.Index(fields=["campaign", "kind"], name="vetting_pledge_kind")]

    def __str__(self) -> str:
        return f"{self.signer_name}{self.get_kind_display()}"

    @property
    def has_scan(self) -> bool:
        return self.stored is not None

    @property
    def audit_org_path(self) -> str:
        return str(self.unit.path)


class PledgeTally(models.Model):
    """The pledge counts of one unit (town or village) of a campaign, kept by
    ``pledge_tally.refresh`` inside every service that changes the unit's candidates or pledges (and
    rebuilt whole after bulk loads): the roll-up sums these few thousand rows instead of aggregating
    a province's candidates. Not a record of its own (no audit): a derived figure, always equal to the
    count it replaces (tests/vetting/test_pledge_tally.py)."""

    campaign = models.ForeignKey("planning.Campaign", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.CASCADE, related_name="+")
    commit_required = models.PositiveIntegerField("应签承诺书（人）", default=0)
    commit_done = models.PositiveIntegerField("已签承诺书（人）", default=0)
    guarantees = models.PositiveIntegerField("保证书（份）", default=0)
    scans_missing = models.PositiveIntegerField("扫描件待补（份）", default=0)
    # The unit's registered candidates not withdrawn (人次, the found-unqualified included): the
    # town pre-check list's total (``review_selectors.precheck_overview``), exact without a COUNT.
    standing = models.PositiveIntegerField("在列人选（人次）", default=0)

    class Meta:
        verbose_name = "承诺书签订计数"
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="vetting_pledgetally_unit")]

    def __str__(self) -> str:
        return f"{self.unit_id}：承诺书 {self.commit_done}/{self.commit_required}"
