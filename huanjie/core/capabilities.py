"""Capability values of core's own pages, and the two markers every view may declare instead.

Each app declares its capabilities as a StrEnum of its own (e.g. huanjie.org.capabilities.OrgCap)
and grants them to roles in its plug-in declaration. This module imports nothing from Django, so
AppConfig modules can use it before the app registry is ready.
"""

from enum import StrEnum

PUBLIC = "public"
AUTHENTICATED = "authenticated"


class CoreCap(StrEnum):
    """Capabilities of core's own pages: the import page and the audit trail."""

    IMPORT_RUN = "import.run"
    AUDIT_VIEW = "audit.view"
    LAYOUTS = "layouts.manage"
    """Replace the reporting tables' layouts (报表样式) for the user's city (the city operator)."""
