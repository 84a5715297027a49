"""Limits on uploaded import files (DESIGN.md rule 17; docs/operations.md, "Import limits").

Each limit is a setting with a default; :func:`current` reads them in the web or worker process and
hands a plain :class:`Limits` to the checks and to the parsing child (which has no Django).
Every refusal names the limit in Chinese.
"""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024

DEFAULTS = {
    "HUANJIE_IMPORT_MAX_FILE_MB": 50,
    "HUANJIE_IMPORT_MAX_UNPACKED_MB": 500,
    "HUANJIE_IMPORT_MAX_RATIO": 200,
    "HUANJIE_IMPORT_MAX_ROWS": 500_000,
    "HUANJIE_IMPORT_MAX_COLUMNS": 200,
    "HUANJIE_IMPORT_PARSE_MEMORY_MB": 2048,
    "HUANJIE_IMPORT_PARSE_SECONDS": 120,
    "HUANJIE_IMPORT_LEASE_SECONDS": 300,
}

#: Entries smaller than this (unpacked) are not held to the compression ratio: tiny XML parts
#: compress very well and can do no harm.
RATIO_FLOOR = 1 * MB


@dataclass(frozen=True)
class Limits:
    max_file_mb: int = 50
    max_unpacked_mb: int = 500
    max_ratio: int = 200
    max_rows: int = 500_000
    max_columns: int = 200
    parse_memory_mb: int = 2048
    parse_seconds: int = 120

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb * MB

    @property
    def max_unpacked_bytes(self) -> int:
        return self.max_unpacked_mb * MB


def current() -> Limits:
    """The limits configured in the settings (defaults in :data:`DEFAULTS`)."""
    from django.conf import settings

    def get(name: str) -> int:
        return int(getattr(settings, name, DEFAULTS[name]))

    return Limits(
        max_file_mb=get("HUANJIE_IMPORT_MAX_FILE_MB"),
        max_unpacked_mb=get("HUANJIE_IMPORT_MAX_UNPACKED_MB"),
        max_ratio=get("HUANJIE_IMPORT_MAX_RATIO"),
        max_rows=get("HUANJIE_IMPORT_MAX_ROWS"),
        max_columns=get("HUANJIE_IMPORT_MAX_COLUMNS"),
        parse_memory_mb=get("HUANJIE_IMPORT_PARSE_MEMORY_MB"),
        parse_seconds=get("HUANJIE_IMPORT_PARSE_SECONDS"),
    )


def lease_seconds() -> int:
    from django.conf import settings

    return int(getattr(settings, "HUANJIE_IMPORT_LEASE_SECONDS", DEFAULTS["HUANJIE_IMPORT_LEASE_SECONDS"]))
