from django.apps import AppConfig

from huanjie.accounts.roles import AccountsCap
from huanjie.core.capabilities import CoreCap
from huanjie.core.plugins import NavEntry, Plugin


class AccountsConfig(AppConfig):
    name = "huanjie.accounts"
    label = "accounts"
    verbose_name = "账号与角色"
    plugin = Plugin(
        nav=(
            NavEntry("console:audit", "审计", "journal-check", CoreCap.AUDIT_VIEW, order=900),
            NavEntry("console:accounts", "账号管理", "person-gear", AccountsCap.ACCOUNTS_MANAGE, order=910),
            NavEntry("console:roles", "角色分配", "person-badge", AccountsCap.ROLES_MANAGE, order=920),
            NavEntry("console:resets", "密码重置", "key", AccountsCap.ROLES_MANAGE, order=930),
            NavEntry("console:resets_audit", "密码重置", "key", CoreCap.AUDIT_VIEW, order=931),
        ),
        urls=(("", "huanjie.accounts.auth_urls"), ("admin-console/", "huanjie.accounts.console_urls")),
        exporters={
            "audit": "console:audit_export",
            "accounts": "console:accounts_export",
            "roles": "console:roles_export",
        },
        walker="tests.accounts.walker",
    )
