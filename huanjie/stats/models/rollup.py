"""A signed roll-up received from a city (issue 15 req. 6): the city's statistics (counts only, no
personal data) as exported by another deployment, verified (HMAC-SM3) before it is stored. The
receiving deployment (a province) aggregates the latest roll-up of each city."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from huanjie.core.scoping import ScopedManager


class ImportedRollup(models.Model):
    """One verified roll-up file: who sent it (the city named in the signed payload), what date its
    figures are for, and the payload as signed. Held by the unit of the user who imported it: only
    the holders of ``stats.rollup`` there see it."""

    held_at = models.CharField("接收单位编码", max_length=12, db_index=True)
    city_code = models.CharField("上报市编码", max_length=12)
    city_name = models.CharField("上报市", max_length=100)
    figures_on = models.DateField("统计日期")
    generated_at = models.DateTimeField("生成时间")
    key_id = models.CharField("密钥编号", max_length=32)
    digest = models.CharField("文件摘要（SM3）", max_length=64)
    payload = models.JSONField("汇总数据")
    imported_by = models.CharField("导入人", max_length=150)
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)

    objects = ScopedManager()
    scope_path_field = "held_at"
    scope_domain = "stats"

    class Meta:
        verbose_name = "下级汇总数据"
        ordering = ["city_code", "-generated_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["held_at", "digest"], name="stats_rollup_once")]

    def __str__(self) -> str:
        return f"{self.city_name} {self.figures_on:%Y-%m-%d} 汇总"

    def get_absolute_url(self) -> str:
        return reverse("stats_reports:rollup_detail", args=[self.pk])

    @property
    def audit_org_path(self) -> str:
        return self.held_at
