"""Org tree (city → county → town → village/community)."""

from __future__ import annotations

from django.db import models

from huanjie.core.scoping import ScopedManager
from huanjie.core.versioning import Versioned
from huanjie.org.choices import LEAF_LEVELS, PATH_LENGTH, Level


class OrgUnit(Versioned):
    """A unit of the hierarchy, identified by its 12-digit statistical division code.

    ``path`` is the significant prefix of the code (4/6/9/12 digits) and is what scoping filters on.
    ``version`` (``Versioned``) refuses a stale edit; a move bumps the whole subtree's versions.
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

    LEAF_LEVELS = LEAF_LEVELS

    @staticmethod
    def subtree_path(code: str) -> str:
        """The path of the subtree a full 12-digit code names (329901001000 → 329901001); anything
        else is returned as typed (a prefix is already a path)."""
        if len(code) == 12 and code.isdigit():
            for n in sorted(set(PATH_LENGTH.values())):
                if set(code[n:]) <= {"0"}:
                    return code[:n]
        return code

    def ancestor_paths(self) -> list[str]:
        """Paths of the ancestors, top-down, derived from the code (no queries)."""
        return [self.path[:n] for n in (4, 6, 9) if n < len(self.path)]
