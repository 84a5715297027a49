"""House rule 15, enforced: no lost update.

1. Every service (``huanjie/*/services.py``) that locks a row of a ``Versioned`` model to change it
   (``Model.objects.select_for_update()``) calls ``check_version`` (the version the form was loaded
   with), unless listed below with the reason it has no loaded form; and it bumps the version it
   saves (``bump(...)``).
2. Every set-based ``.update(...)`` on a ``Versioned`` model's rows in a service sets ``version=``.
3. Every edit form is a ``VersionedForm`` (``tests/test_versioning_forms.py`` walks the routes).

Versioned models are found, not listed: a model that becomes ``Versioned`` later is covered at once.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps

from huanjie.core.versioning import Versioned

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "huanjie"

# Services that lock a versioned row without a loaded form of it; they still bump the version.
NO_LOADED_FORM = {
    "password_reset_confirm": "the second administrator confirms a PasswordReset (its own record)",
    "password_reset_complete": "the holder of a redeemed secret sets the password (no page of the account)",
    "password_change": "the owner changes their own password; the old password is the check",
}


def versioned_models() -> set[str]:
    return {m.__name__ for m in apps.get_models() if issubclass(m, Versioned)}


def _root_name(node: ast.AST) -> str | None:
    """The name a call chain starts from (``Person`` in ``Person.objects.select_for_update().get``)."""
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            node = node.value
        elif isinstance(node, ast.Name):
            return node.id
        else:
            return None


def _chain_has(node: ast.AST, attr: str) -> bool:
    while isinstance(node, ast.Call | ast.Attribute):
        if isinstance(node, ast.Attribute) and node.attr == attr:
            return True
        node = node.func if isinstance(node, ast.Call) else node.value
    return False


def _calls(fn: ast.AST, name: str) -> bool:
    return any(
        isinstance(n, ast.Call)
        and (
            (isinstance(n.func, ast.Name) and n.func.id == name)
            or (isinstance(n.func, ast.Attribute) and n.func.attr == name)
        )
        for n in ast.walk(fn)
    )


def service_functions() -> list[tuple[Path, ast.FunctionDef]]:
    out = []
    for path in sorted(PACKAGE.glob("*/services.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        out += [(path, n) for n in tree.body if isinstance(n, ast.FunctionDef)]
    return out


def locked_versioned(fn: ast.FunctionDef, models: set[str]) -> set[str]:
    """The versioned models whose rows ``fn`` locks to change them."""
    return {
        root
        for n in ast.walk(fn)
        if isinstance(n, ast.Call)
        and _chain_has(n, "select_for_update")
        and (root := _root_name(n)) in models
    }


def _is_lock(node: ast.AST, models: set[str]) -> bool:
    return isinstance(node, ast.Call) and _chain_has(node, "select_for_update") and _root_name(node) in models


def locked_names(fn: ast.FunctionDef, models: set[str]) -> set[str]:
    """Variables bound to a locked versioned row (``unit = OrgUnit.objects.select_for_update()...``,
    also ``loaded, unit = unit, OrgUnit.objects.select_for_update()...``)."""
    names = set()
    for n in ast.walk(fn):
        if not isinstance(n, ast.Assign):
            continue
        for t in n.targets:
            if isinstance(t, ast.Name) and _is_lock(n.value, models):
                names.add(t.id)
            elif isinstance(t, ast.Tuple) and isinstance(n.value, ast.Tuple):
                names |= {
                    e.id
                    for e, v in zip(t.elts, n.value.elts, strict=False)
                    if isinstance(e, ast.Name) and _is_lock(v, models)
                }
    return names


def test_every_edit_service_checks_and_bumps_the_version():
    models = versioned_models()
    assert {"OrgUnit", "Person", "Tenure", "Committee", "User", "RoleAssignment"} <= models
    problems, seen_edits = [], set()
    for path, fn in service_functions():
        locked = locked_versioned(fn, models)
        if not locked:
            continue
        seen_edits.add(fn.name)
        where = f"{path.relative_to(ROOT)}:{fn.lineno} {fn.name}"
        if fn.name not in NO_LOADED_FORM and not _calls(fn, "check_version"):
            problems.append(f"{where} locks {sorted(locked)} but never calls check_version")
        saved = {
            n.func.value.id
            for n in ast.walk(fn)
            if isinstance(n, ast.Call)
            and isinstance(n.func, ast.Attribute)
            and n.func.attr == "save"
            and isinstance(n.func.value, ast.Name)
        }
        if saved & locked_names(fn, models) and not _calls(fn, "bump"):
            problems.append(f"{where} saves a locked {sorted(locked)} row without bump()")
    assert not problems, "\n".join(problems)
    # The walk found the edit services (a refactoring that hid them from it would pass silently).
    assert {
        "orgunit_update",
        "orgunit_move",
        "orgunit_deactivate",
        "person_update",
        "tenure_end",
        "user_set_active",
        "role_revoke",
    } <= seen_edits
    assert set(NO_LOADED_FORM) <= seen_edits


def test_every_set_based_update_of_versioned_rows_bumps_the_version():
    models = versioned_models()
    problems = []
    for path, fn in service_functions():
        # Querysets bound to a name first (descendants = OrgUnit.objects.filter(...)) count too.
        bound = {
            t.id
            for n in ast.walk(fn)
            if isinstance(n, ast.Assign) and _root_name(n.value) in models
            for t in n.targets
            if isinstance(t, ast.Name)
        }
        for n in ast.walk(fn):
            if not (
                isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "update"
            ):
                continue
            root = _root_name(n.func.value)
            if (root in models or root in bound) and not any(k.arg == "version" for k in n.keywords):
                problems.append(f"{path.relative_to(ROOT)}:{n.lineno} {fn.name}: .update() without version=")
    assert not problems, "\n".join(problems)


def test_the_lint_sees_a_missing_check(tmp_path):
    """The walk itself: a service that locks a versioned row and saves it unchecked is reported."""
    fn = ast.parse(
        "def person_touch(*, actor, person):\n"
        "    person = Person.objects.select_for_update().get(pk=person.pk)\n"
        "    person.save()\n"
    ).body[0]
    assert isinstance(fn, ast.FunctionDef)
    assert locked_versioned(fn, versioned_models()) == {"Person"}
    assert locked_names(fn, versioned_models()) == {"person"}
    assert not _calls(fn, "check_version") and not _calls(fn, "bump")
