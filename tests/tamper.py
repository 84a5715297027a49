"""Acting as a database-level attacker in tests: on PostgreSQL the audit table refuses UPDATE and
DELETE by trigger, so tamper tests first disable it (as a superuser attacker could)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

from huanjie.core.models import AuditEvent


@contextmanager
def as_database_attacker() -> Iterator[None]:
    if connection.vendor != "postgresql":
        yield
        return
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
