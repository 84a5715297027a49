"""Accounts: users, their role assignments (a role over an org unit's subtree), login attempts for
the lockout, and API tokens. What a user may see and do comes only from its role assignments; the
capabilities of a role are granted by the apps (huanjie.accounts.roles.capabilities_of).
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.http import HttpRequest

from huanjie.accounts.roles import (
    GLOBAL_CAPABILITIES,
    ROLE_CHOICES,
    ROLES,
    VETTING_DEPARTMENTS,
    capabilities_of,
)
from huanjie.core.versioning import Versioned


class User(Versioned, AbstractUser):
    """An account. What it may see and do comes only from its role assignments. ``version`` counts
    the administrators' and the owner's changes (activation, password); logins do not count."""

    display_name = models.CharField("姓名", max_length=50, blank=True)
    must_change_password = models.BooleanField("首次登录须修改密码", default=False)

    # The audit trail never holds the password hash; last_login changes on every login.
    audit_exclude = ("password", "last_login", "version")

    class Meta:
        verbose_name = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username

    @cached_property
    def _assignments(self) -> list[RoleAssignment]:
        return list(self.role_assignments.select_related("org_unit").filter(is_active=True))

    def capabilities(self) -> set[str]:
        return {cap for a in self._assignments for cap in capabilities_of(a.role)}

    def has_capability(self, capability: str) -> bool:
        return self.is_active and capability in self.capabilities()

    def scope_paths(self, capability: str, *, exclude_roles: frozenset[str] = frozenset()) -> list[str]:
        """Units of the assignments granting ``capability`` (``exclude_roles``: assignments whose
        jurisdiction comes from a membership instead, core.scoping.MembershipScope)."""
        if capability in GLOBAL_CAPABILITIES:
            return []
        return [
            a.org_unit.path
            for a in self._assignments
            if a.org_unit is not None
            and a.role not in exclude_roles
            and capability in capabilities_of(a.role)
            and a.org_unit.is_active
        ]

    def roles(self) -> list[RoleAssignment]:
        return self._assignments

    @property
    def home_unit(self) -> Any:
        units = [a.org_unit for a in self._assignments if a.org_unit is not None]
        return min(units, key=lambda u: len(u.path)) if units else None


class RoleAssignment(Versioned):
    """A role held by a user over an org unit (its subtree). Administrators have no unit."""

    user = models.ForeignKey(
        User, verbose_name="用户", on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField("角色", max_length=32, choices=ROLE_CHOICES)
    org_unit = models.ForeignKey(
        "org.OrgUnit",
        verbose_name="管辖单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    department = models.CharField("联审部门", max_length=32, blank=True, choices=VETTING_DEPARTMENTS)
    is_active = models.BooleanField("有效", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "角色分配"
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "org_unit"], name="uniq_role_assignment"),
        ]

    def __str__(self) -> str:
        where = self.org_unit.name if self.org_unit is not None else "全局"
        return f"{self.user} · {ROLES[self.role].label} · {where}"


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


class LoginGate(models.Model):
    """One row per tried username and per source address. An attempt is counted with this row locked
    (an UPDATE: a row lock on PostgreSQL, the write lock on SQLite), so concurrent attempts against
    the same account or from the same address are counted one after another and none slips past
    the lockout threshold."""

    key = models.CharField(max_length=200, unique=True)
    touched = models.DateTimeField()

    class Meta:
        verbose_name = "登录计数锁"

    def __str__(self) -> str:
        return self.key


class PasswordReset(models.Model):
    """A password reset made by two administrators (三员分立), so that neither alone ever holds the
    account's credentials.

    One administrator initiates it (and is shown the first half of a temporary secret), a second
    confirms it (and is shown the second half); at confirmation the account's password becomes
    unusable, its API tokens are revoked and its sessions end. Each half is handed over in person;
    the holder enters both at the login page, which then lets them do one thing only: set a new
    password. The secret expires 24 hours after confirmation and works once. Only salted hashes of
    the halves are stored. Who initiates and who confirms depends on the account (see
    ``services.reset_parties``).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="账号",
        on_delete=models.CASCADE,
        related_name="password_resets",
    )
    reason = models.CharField("理由", max_length=500)
    initiated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.PROTECT, related_name="+"
    )
    initiated_at = models.DateTimeField("发起时间")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    half_a_digest = models.CharField("前半摘要", max_length=200)
    half_b_digest = models.CharField("后半摘要", max_length=200, blank=True)
    expires_at = models.DateTimeField("失效时间")
    used_at = models.DateTimeField("使用时间", null=True, blank=True)
    cancelled_at = models.DateTimeField("作废时间", null=True, blank=True)
    notified_at = models.DateTimeField("已告知本人", null=True, blank=True)

    audit_exclude = ("half_a_digest", "half_b_digest")

    class Meta:
        verbose_name = "密码重置"
        indexes = [models.Index(fields=["user", "used_at", "cancelled_at"], name="reset_open_idx")]

    def __str__(self) -> str:
        return f"{self.user} 的密码重置"


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


class AuthedRequest(HttpRequest):  # core.actors.AccountRequest, with the concrete account
    """The request of a view that requires a login (core.permissions.requires): its user is an
    account, never AnonymousUser; API operations find the same account in ``auth``."""

    user: User
    auth: User
