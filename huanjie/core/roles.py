"""TEMPORARY shim while the apps move to their own capability enums (removed before this lands)."""

from huanjie.accounts.roles import (  # noqa: F401
    GLOBAL_CAPABILITIES,
    ROLE_CHOICES,
    ROLES,
    VETTING_DEPARTMENTS,
    AccountsCap,
)
from huanjie.core.capabilities import CoreCap
from huanjie.org.capabilities import OrgCap
from huanjie.people.capabilities import PeopleCap

ORG_VIEW, ORG_EDIT = OrgCap.VIEW, OrgCap.EDIT
PEOPLE_VIEW, PEOPLE_EDIT, PEOPLE_UNMASK = PeopleCap.VIEW, PeopleCap.EDIT, PeopleCap.UNMASK
IMPORT_RUN, AUDIT_VIEW = CoreCap.IMPORT_RUN, CoreCap.AUDIT_VIEW
ACCOUNTS_MANAGE, ROLES_MANAGE, SETTINGS_MANAGE = (
    AccountsCap.ACCOUNTS_MANAGE,
    AccountsCap.ROLES_MANAGE,
    AccountsCap.SETTINGS_MANAGE,
)
