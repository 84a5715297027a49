"""Roles and what each may do. Pure data: a role grants capabilities; an assignment binds a role to
an org unit (its jurisdiction). The three administrators are separated (三员分立): none holds a
business capability or another administrator's capability.
"""

from __future__ import annotations

from dataclasses import dataclass

ORG_VIEW = "org.view"
ORG_EDIT = "org.edit"
PEOPLE_VIEW = "people.view"
PEOPLE_EDIT = "people.edit"
PEOPLE_UNMASK = "people.unmask"
IMPORT_RUN = "import.run"
AUDIT_VIEW = "audit.view"
ACCOUNTS_MANAGE = "accounts.manage"
ROLES_MANAGE = "roles.manage"
SETTINGS_MANAGE = "settings.manage"

# Capabilities that are not bound to a jurisdiction (administrators work deployment-wide).
GLOBAL_CAPABILITIES = frozenset({AUDIT_VIEW, ACCOUNTS_MANAGE, ROLES_MANAGE, SETTINGS_MANAGE})


@dataclass(frozen=True)
class Role:
    code: str
    label: str
    level: str | None  # the org level the assignment must be at; None = any unit or none
    capabilities: frozenset[str]
    needs_unit: bool = True
    needs_department: bool = False


_OPERATOR = frozenset({ORG_VIEW, ORG_EDIT, PEOPLE_VIEW, PEOPLE_EDIT, PEOPLE_UNMASK, IMPORT_RUN})

ROLES: dict[str, Role] = {
    r.code: r
    for r in [
        Role("city_operator", "市级操作员", "city", _OPERATOR),
        Role("county_operator", "县级操作员", "county", _OPERATOR),
        Role("town_operator", "乡镇操作员", "town", _OPERATOR),
        Role("village_operator", "村（社区）操作员", None, frozenset({ORG_VIEW, PEOPLE_VIEW, PEOPLE_EDIT})),
        Role("county_approver", "县级审核人", "county", frozenset({ORG_VIEW, PEOPLE_VIEW, PEOPLE_UNMASK})),
        Role("vetting", "联审部门用户", "county", frozenset({ORG_VIEW}), needs_department=True),
        Role("supervisor", "巡回督导组成员", None, frozenset({ORG_VIEW, PEOPLE_VIEW})),
        Role("leader", "领导（只读）", None, frozenset({ORG_VIEW, PEOPLE_VIEW})),
        Role("sysadmin", "系统管理员", None, frozenset({ACCOUNTS_MANAGE, SETTINGS_MANAGE}), needs_unit=False),
        Role("secadmin", "安全管理员", None, frozenset({ROLES_MANAGE}), needs_unit=False),
        Role("auditadmin", "审计管理员", None, frozenset({AUDIT_VIEW}), needs_unit=False),
    ]
}

ROLE_CHOICES = [(r.code, r.label) for r in ROLES.values()]

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
