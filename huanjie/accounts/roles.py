"""Roles and what each may do. A role is bound to an org unit (its jurisdiction) by an assignment;
its capabilities are granted by the apps, each in its plug-in declaration (``Plugin.grants``), so a
new app brings its own capabilities without editing this file.

The three administrators are separated (三员分立): each holds only its own administrative capability,
none holds a business capability, and an administrator account holds exactly one role.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from huanjie.core.capabilities import CoreCap


class AccountsCap(StrEnum):
    """Capabilities of the administrators' consoles."""

    ACCOUNTS_MANAGE = "accounts.manage"
    ROLES_MANAGE = "roles.manage"
    SETTINGS_MANAGE = "settings.manage"


# Capabilities that are not bound to a jurisdiction (administrators work deployment-wide).
GLOBAL_CAPABILITIES = frozenset(
    {CoreCap.AUDIT_VIEW, AccountsCap.ACCOUNTS_MANAGE, AccountsCap.ROLES_MANAGE, AccountsCap.SETTINGS_MANAGE}
)


@dataclass(frozen=True)
class Role:
    code: str
    label: str
    level: str | None  # the org level the assignment must be at; None = any unit or none
    own: frozenset[str] = frozenset()  # capabilities held by the role itself (administrators)
    needs_unit: bool = True
    needs_department: bool = False

    @property
    def capabilities(self) -> frozenset[str]:
        return capabilities_of(self.code)


ROLES: dict[str, Role] = {
    r.code: r
    for r in [
        Role("city_operator", "市级操作员", "city"),
        Role("county_operator", "县级操作员", "county"),
        Role("town_operator", "乡镇操作员", "town"),
        Role("village_operator", "村（社区）操作员", None),
        Role("county_approver", "县级审核人", "county"),
        Role("vetting", "联审部门用户", "county", needs_department=True),
        Role("supervisor", "巡回督导组成员", None),
        # 民政: the government's election-guidance office (county or town), reads the procedure and
        # records what the law gives the government to decide (issue 12 req. 8).
        Role("civil_affairs", "民政部门用户", None),
        Role("leader", "领导（只读）", None),
        Role(
            "sysadmin",
            "系统管理员",
            None,
            frozenset({AccountsCap.ACCOUNTS_MANAGE, AccountsCap.SETTINGS_MANAGE}),
            needs_unit=False,
        ),
        Role("secadmin", "安全管理员", None, frozenset({AccountsCap.ROLES_MANAGE}), needs_unit=False),
        Role("auditadmin", "审计管理员", None, frozenset({CoreCap.AUDIT_VIEW}), needs_unit=False),
    ]
}

ROLE_CHOICES = [(r.code, r.label) for r in ROLES.values()]
ADMINISTRATOR_ROLES = frozenset(code for code, r in ROLES.items() if not r.needs_unit)


@cache
def capabilities_of(role: str) -> frozenset[str]:
    """The role's own capabilities plus every capability an installed app grants it.

    Administrators never receive an app's grant: 三员分立 holds whatever an app declares.
    """
    from huanjie.core.plugins import plugins

    spec = ROLES[role]
    if role in ADMINISTRATOR_ROLES:
        return spec.own
    granted = {cap for _, plugin in plugins() for cap in plugin.grants.get(role, ())}
    return frozenset(spec.own | granted)


# 联审部门 (county joint-review departments), legal-rules.md §6.
VETTING_DEPARTMENTS = [
    ("discipline", "纪委监委"),
    ("organization", "组织部"),
    ("politics_law", "政法委"),
    ("police", "公安局"),
    ("court", "法院"),
    ("procuratorate", "检察院"),
    ("justice", "司法局"),
    ("petition", "信访局"),
    ("civil_affairs", "民政局"),
    ("health", "卫健委"),
    ("agriculture", "农业农村局"),
    ("market", "市场监管局"),
    ("tax", "税务局"),
    ("audit", "审计局"),
    ("united_front", "统战部"),
]
