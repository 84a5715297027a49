"""Publicity (宣传发动) and public opinion (舆情) of a campaign (issue 14 req. 8). The speech:
“依托各类媒体广泛宣传换届工作，深入开展宣传动员，及时处置舆论舆情”."""

from __future__ import annotations

from django.db import models

from huanjie.core.scoping import ScopedManager
from huanjie.core.versioning import Versioned


class OpinionSource(models.TextChoices):
    NETWORK = "network", "网络"
    MEDIA = "media", "新闻媒体"
    HOTLINE = "hotline", "热线电话"
    LETTER = "letter", "来信来访"
    REPORT = "report", "基层报告"
    OTHER = "other", "其他"


class OpinionStatus(models.TextChoices):
    WATCHING = "watching", "监测中"
    HANDLING = "handling", "处置中"
    CLOSED = "closed", "已处置"


class PublicityTask(Versioned):
    """A publicity task of the campaign's responsibility list: owner unit, deadline, done."""

    campaign = models.ForeignKey("planning.Campaign", on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="责任单位"
    )
    title = models.CharField("宣传任务", max_length=200)
    deadline = models.DateField("完成时限")
    done_on = models.DateField("完成日期", null=True, blank=True)
    note = models.CharField("完成情况", max_length=500, blank=True)

    objects = ScopedManager()
    scope_path_field = "owner__path"
    scope_domain = "oversight"

    class Meta:
        verbose_name = "宣传发动任务"
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["campaign", "deadline"], name="oversight_publicity_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_org_path(self) -> str:
        return str(self.owner.path)


class OpinionEvent(Versioned):
    """A public-opinion event (舆情) about a village or town: source, date, summary, the response
    and its status; ``respond_by`` is when it must be dealt with (overdue past it while open)."""

    campaign = models.ForeignKey("planning.Campaign", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="涉及村（镇）"
    )
    source = models.CharField("来源", max_length=12, choices=OpinionSource.choices)
    occurred_on = models.DateField("发现日期")
    summary = models.CharField("内容摘要", max_length=500)
    respond_by = models.DateField("处置时限")
    response = models.TextField("处置情况", max_length=2000, blank=True)
    status = models.CharField(
        "状态", max_length=12, choices=OpinionStatus.choices, default=OpinionStatus.WATCHING
    )

    objects = ScopedManager()
    scope_path_field = "unit__path"
    scope_domain = "oversight"

    class Meta:
        verbose_name = "舆情"
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["campaign", "status"], name="oversight_opinion_status")]

    def __str__(self) -> str:
        return self.summary[:40]

    @property
    def audit_org_path(self) -> str:
        return str(self.unit.path)
