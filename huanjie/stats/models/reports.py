"""Report jobs (issue 15 req. 5): the village dossiers of a whole town, county or city typeset by
the task worker, one PDF per village, delivered as one ZIP file. The file names people, so it is
kept SM4-GCM encrypted (core.crypto) like an import file, and only its requester downloads it."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    kind = models.CharField("类型", max_length=20, default="dossiers")
    unit = models.ForeignKey("org.OrgUnit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey(
        "planning.Campaign", verbose_name="换届工作", on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField("村（社区）数", default=0)
    done = models.PositiveIntegerField("已生成", default=0)
    file_name = models.CharField("文件名", max_length=200, blank=True)
    file_data = models.BinaryField("文件（密文）", editable=False, default=b"", blank=True)
    file_size = models.PositiveBigIntegerField("文件大小", default=0)
    error = models.CharField("失败原因", max_length=300, blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "报告生成任务"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.unit} 村级换届档案（{self.get_status_display()}）"

    @property
    def audit_org_path(self) -> str:
        return str(self.unit.path)

    @property
    def percent(self) -> int:
        return (
            self.done * 100 // self.total if self.total else (100 if self.status == self.Status.DONE else 0)
        )
