"""Notices (公告) of an election, numbered 第N号 per village and election in the order issued."""

from __future__ import annotations

from django.db import models

from huanjie.core.scoping import ScopedManager


class NoticeKind(models.TextChoices):
    """The notices this app prints (official-forms.md §4.2: the 莆田 series is one instance)."""

    VOTER_LIST = "voter_list", "选民名单公告"
    CANDIDATES = "candidates", "候选人名单公告"
    POLLING = "polling", "选举时间、地点和方式公告"


class Notice(models.Model):
    """A notice as issued: its number within the election (第N号, never reused), title, body, issuer
    and date; printed as issued (official-forms.md §8.3: issuer line, “关于…的公告（第N号）”, body,
    “特此公告”, issuer, date)."""

    election = models.ForeignKey(
        "elections.Election", on_delete=models.PROTECT, related_name="notices", verbose_name="选举"
    )
    number = models.PositiveSmallIntegerField("公告编号")
    kind = models.CharField("公告类别", max_length=20, choices=NoticeKind.choices)
    title = models.CharField("标题", max_length=100)
    body = models.TextField("正文", max_length=5000)
    issuer = models.CharField("发布机构", max_length=100)
    issued_on = models.DateField("发布日期")
    issued_by = models.CharField("登记人", max_length=150)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedManager()
    scope_path_field = "election__unit__path"
    scope_domain = "elections"

    class Meta:
        verbose_name = "选举公告"
        ordering = ["election_id", "number"]
        constraints = [models.UniqueConstraint(fields=["election", "number"], name="elections_notice_number")]

    def __str__(self) -> str:
        return f"{self.title}（第{self.number}号）"

    @property
    def audit_org_path(self) -> str:
        return str(self.election.unit.path)
