"""House rules the machine can check over every app (docs/architecture.md): views and API modules
leave transactions and audit entries to services."""

from __future__ import annotations

import ast
from pathlib import Path

import huanjie

ROOT = Path(huanjie.__file__).parent
WRITES = {"transaction", "audit", "record", "record_if_changed"}


def _view_modules() -> list[Path]:
    return sorted(
        p
        for p in ROOT.rglob("*.py")
        if "migrations" not in p.parts and (p.name == "api.py" or p.name.endswith("views.py"))
    )


def test_every_app_has_its_views_and_apis_checked():
    apps = {p.parent.name for p in _view_modules()}
    assert {"core", "accounts", "org", "people"} <= apps


def test_views_and_apis_leave_transactions_and_audit_to_services():
    offenders = []
    for path in _view_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module in (
                "django.db",
                "huanjie.core",
                "huanjie.core.audit",
            ):
                offenders += [
                    f"{path.relative_to(ROOT)}:{node.lineno} {a.name}" for a in node.names if a.name in WRITES
                ]
            elif isinstance(node, ast.Import):
                offenders += [
                    f"{path.relative_to(ROOT)}:{node.lineno} {a.name}"
                    for a in node.names
                    if a.name in ("django.db.transaction", "huanjie.core.audit")
                ]
    assert offenders == []
