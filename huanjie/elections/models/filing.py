"""Filing (备案) of a certified 村（居）民委员会 result with the township and the county (issue 13
req. 4): a record of who filed which certified record when, and of the township's or county's
acknowledgement of receipt — no approval (北京市村民委员会选举办法 第三十一条 “确认选举有效后，当场公布
选举结果，并报乡、民族乡、镇人民政府备案”; 河南省实施《村民委员会组织法》办法 第三十七条; 上海市村民委员会
选举办法 第八条、第二十二条)."""

from __future__ import annotations

from django.db import models

from huanjie.core.scoping import ScopedManager
from huanjie.elections.models.results import ResultReceipt


class ResultFiling(models.Model):
    """One filing of one certified record (its receipt): a correction certifies anew and is filed
    again; the earlier filing stays, its receipt marked 已更正."""

    receipt = models.OneToOneField(ResultReceipt, on_delete=models.PROTECT, related_name="filing")
    filed_with = models.CharField("备案机关", max_length=200)
    citation = models.CharField("依据", max_length=200)
    filed_by = models.CharField("报送人", max_length=150)
    filed_at = models.DateTimeField("报送时间")
    received_by = models.CharField("签收人", max_length=150, blank=True)
    received_at = models.DateTimeField("签收时间", null=True, blank=True)

    objects = ScopedManager()
    scope_path_field = "receipt__round__election__unit__path"
    scope_domain = "elections"

    class Meta:
        verbose_name = "选举结果备案"
        ordering = ["-filed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.receipt.round}备案"

    @property
    def audit_org_path(self) -> str:
        return str(self.receipt.round.election.unit.path)
