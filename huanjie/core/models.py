"""Shared models: the audit trail and its chain head, and login attempts for lockout."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One recorded change (or sensitive read such as unmasking an ID or exporting personal data).

    Entries form a hash chain: ``hash = SM3(canonical(entry) ‖ prev_hash)``; editing or deleting any
    row breaks the chain, which ``huanjie audit verify`` reports.
    """

    seq = models.PositiveBigIntegerField("序号", unique=True)
    at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    actor_name = models.CharField("操作人账号", max_length=150, blank=True)
    ip = models.CharField("IP 地址", max_length=45, blank=True)
    request_id = models.CharField("请求编号", max_length=64, blank=True)
    action = models.CharField("操作", max_length=32, db_index=True)
    model = models.CharField("对象类型", max_length=64, db_index=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True, db_index=True)
    object_repr = models.CharField("对象", max_length=255, blank=True)
    org_path = models.CharField("所属单位路径", max_length=12, blank=True, db_index=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    reason = models.TextField("理由", blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-seq"]
        verbose_name = "审计记录"

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.model}:{self.object_id}"


class AuditChainHead(models.Model):
    """The single row holding the last sequence number and hash; locking it orders the chain."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = "审计链头"

    def __str__(self) -> str:
        return f"#{self.seq}"


class LoginAttempt(models.Model):
    """A login attempt, kept to lock an account or a source address after repeated failures."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.CharField(max_length=45, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    success = models.BooleanField(default=False)

    class Meta:
        verbose_name = "登录尝试"

    def __str__(self) -> str:
        return f"{self.username}@{self.ip} {'成功' if self.success else '失败'}"


class ApiToken(models.Model):
    """A bearer token for the REST API. Only the SM3 digest of the token is stored: the token itself
    is shown once when created (``huanjie token create``) and cannot be recovered. Requests made with
    it act as ``user`` and see exactly what that user sees in the UI.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("名称", max_length=100)
    key_digest = models.CharField("令牌摘要（SM3）", max_length=64, unique=True)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    last_used = models.DateTimeField("最近使用", null=True, blank=True)
    is_active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = "API 令牌"

    def __str__(self) -> str:
        return f"{self.user} · {self.name}"
