"""Org tree (city → county → town → village/community), user accounts and role assignments."""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models

from huanjie.core.roles import GLOBAL_CAPABILITIES, ROLE_CHOICES, ROLES, VETTING_DEPARTMENTS
from huanjie.core.scoping import ScopedManager
from huanjie.org.choices import Level


class OrgUnit(models.Model):
    """A unit of the hierarchy, identified by its 12-digit statistical division code.

    ``path`` is the significant prefix of the code (4/6/9/12 digits) and is what scoping filters on.
    """

    code = models.CharField("区划代码", max_length=12, unique=True)
    path = models.CharField("路径", max_length=12, unique=True, db_index=True)
    level = models.CharField("层级", max_length=10, choices=Level.choices, db_index=True)
    name = models.CharField("名称", max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField("有效", default=True, db_index=True)
    households = models.PositiveIntegerField("户数", null=True, blank=True)
    population = models.PositiveIntegerField("人口", null=True, blank=True)
    party_members = models.PositiveIntegerField("党员数", null=True, blank=True)
    villager_groups = models.PositiveIntegerField("村（居）民小组数", null=True, blank=True)
    is_pilot = models.BooleanField("试点", default=False)
    batch = models.PositiveSmallIntegerField("批次", null=True, blank=True)

    objects = ScopedManager()
    scope_path_field = "path"
    scope_domain = "org"

    class Meta:
        ordering = ["code"]
        verbose_name = "单位"

    def __str__(self) -> str:
        return self.name

    @property
    def audit_org_path(self) -> str:
        return self.path

    @property
    def is_leaf(self) -> bool:
        return self.level in (Level.VILLAGE, Level.COMMUNITY)

    def ancestor_paths(self) -> list[str]:
        """Paths of the ancestors, top-down, derived from the code (no queries)."""
        return [self.path[:n] for n in (4, 6, 9) if n < len(self.path)]


class User(AbstractUser):
    """An account. What it may see and do comes only from its role assignments."""

    display_name = models.CharField("姓名", max_length=50, blank=True)
    must_change_password = models.BooleanField("首次登录须修改密码", default=False)

    # The audit trail never holds the password hash; last_login changes on every login.
    audit_exclude = ("password", "last_login")

    class Meta:
        verbose_name = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username

    @cached_property
    def _assignments(self) -> list[RoleAssignment]:
        return list(self.role_assignments.select_related("org_unit").filter(is_active=True))

    def capabilities(self) -> set[str]:
        return {cap for a in self._assignments for cap in ROLES[a.role].capabilities}

    def has_capability(self, capability: str) -> bool:
        return self.is_active and capability in self.capabilities()

    def scope_paths(self, capability: str) -> list[str]:
        if capability in GLOBAL_CAPABILITIES:
            return []
        return [
            a.org_unit.path
            for a in self._assignments
            if a.org_unit is not None and capability in ROLES[a.role].capabilities and a.org_unit.is_active
        ]

    def roles(self) -> list[RoleAssignment]:
        return self._assignments

    @property
    def home_unit(self) -> OrgUnit | None:
        units = [a.org_unit for a in self._assignments if a.org_unit is not None]
        return min(units, key=lambda u: len(u.path)) if units else None


class RoleAssignment(models.Model):
    """A role held by a user over an org unit (its subtree). Administrators have no unit."""

    user = models.ForeignKey(
        User, verbose_name="用户", on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField("角色", max_length=32, choices=ROLE_CHOICES)
    org_unit = models.ForeignKey(
        OrgUnit,
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
