"""House rule 3, enforced: views and API modules reach jurisdiction-bound (scoped) models only through
selectors/services or a scoped chain starting with ``.visible_to()``, ``.restrict()`` or
``.editable_by()``. Raw ``Model.objects.get/filter/all/...``, ``get_object_or_404(Model, ...)`` and
passing ``Model.objects`` around are reported as file:line.

Scoped models are found, not listed: every model whose default manager is a ``ScopedManager``, so a
model added later is covered the day it opts in to scoping.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps

from huanjie.core.scoping import ScopedManager

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "huanjie"
ALLOWED_METHODS = frozenset({"visible_to", "restrict", "editable_by"})
MANAGER_ATTRS = frozenset({"objects", "_default_manager", "_base_manager"})
SHORTCUTS = frozenset({"get_object_or_404", "get_list_or_404"})
# Functions that restrict the queryset they are given (core.scoping): a raw chain is fine there.
RESTRICTING = frozenset({"get_scoped_or_404"})


def scoped_models() -> dict[str, str]:
    """Class name → module of every model whose default manager scopes by jurisdiction."""
    return {
        m.__name__: m.__module__ for m in apps.get_models() if isinstance(m._default_manager, ScopedManager)
    }


QUERYSET_METHODS = frozenset(
    {
        "all",
        "filter",
        "exclude",
        "get",
        "first",
        "last",
        "count",
        "exists",
        "values",
        "values_list",
        "order_by",
        "select_related",
        "prefetch_related",
        "annotate",
        "aggregate",
        "create",
        "get_or_create",
        "update",
        "delete",
        "iterator",
        "in_bulk",
        "distinct",
        "only",
        "defer",
    }
)


def scoped_reverse_accessors() -> dict[str, str]:
    """Reverse relation names that lead to a scoped model (``unit.committees``, ``person.tenures``)
    → that model: ``obj.<accessor>.all()`` is an unscoped read of it."""
    out = {}
    for m in apps.get_models():
        for f in m._meta.get_fields():
            if f.auto_created and not f.concrete and (f.one_to_many or f.many_to_many):
                related = f.related_model
                if related is not None and isinstance(related._default_manager, ScopedManager):
                    out[f.get_accessor_name()] = related.__name__
    return out


def checked_files() -> list[Path]:
    """View and API modules: views.py, *_views.py, api.py, and anything in a views/ package."""
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.name
        if name in ("views.py", "api.py") or name.endswith("_views.py") or "views" in path.parent.parts:
            out.append(path)
    return out


def _local_names(tree: ast.Module, models: dict[str, str]) -> dict[str, str]:
    """Names under which scoped models are visible in a module (handles ``import X as Y``)."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name in models:
                    names[alias.asname or alias.name] = alias.name
    return names


def violations_in(source: str, filename: str, models: dict[str, str]) -> list[str]:
    tree = ast.parse(source, filename)
    local = _local_names(tree, models)
    parents: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node

    def model_name(node: ast.AST) -> str | None:
        if isinstance(node, ast.Name) and node.id in local:
            return local[node.id]
        # people_models.Person / models.Person
        if isinstance(node, ast.Attribute) and node.attr in models:
            return node.attr
        return None

    def passed_to_restricting(node: ast.AST) -> bool:
        """``get_scoped_or_404(Model.objects.select_related(...), user, ...)``: restricted there."""
        top = node
        while isinstance(parents.get(top), (ast.Attribute, ast.Call)) and (
            isinstance(parents[top], ast.Attribute) or parents[top].func is top  # type: ignore[attr-defined]
        ):
            top = parents[top]
        call = parents.get(top)
        if not (isinstance(call, ast.Call) and call.args and call.args[0] is top):
            return False
        func = call.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        return name in RESTRICTING

    reverse = scoped_reverse_accessors()
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in reverse
            and isinstance(parents.get(node), ast.Attribute)
            and parents[node].attr in QUERYSET_METHODS  # type: ignore[attr-defined]
            and isinstance(parents.get(parents[node]), ast.Call)
        ):
            method = parents[node].attr  # type: ignore[attr-defined]
            found.append(
                f"{filename}:{node.lineno}: .{node.attr}.{method}() reads {reverse[node.attr]} through a "
                f"relation, unscoped; use a selector or {reverse[node.attr]}.objects.visible_to(user)"
            )
        elif isinstance(node, ast.Attribute) and node.attr in MANAGER_ATTRS:
            model = model_name(node.value)
            if model is None:
                continue
            parent = parents.get(node)
            method = parent.attr if isinstance(parent, ast.Attribute) else None
            called = isinstance(parent, ast.Attribute) and isinstance(parents.get(parent), ast.Call)
            if method in ALLOWED_METHODS and called:
                continue
            if passed_to_restricting(node):
                continue
            what = f"{model}.{node.attr}.{method}()" if method else f"{model}.{node.attr}"
            found.append(
                f"{filename}:{node.lineno}: {what} on a scoped model; use a selector or "
                f"{model}.objects.visible_to(user)/.restrict(user, action)/.editable_by(user)"
            )
        elif isinstance(node, ast.Call):
            func = node.func
            fname = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if fname in SHORTCUTS and node.args:
                model = model_name(node.args[0])
                if model is not None:
                    found.append(
                        f"{filename}:{node.lineno}: {fname}({model}, ...) bypasses scoping; use "
                        "core.scoping.get_scoped_or_404 with a selector's queryset"
                    )
    return sorted(found, key=lambda p: int(p.split(":")[1]))


def test_scoped_models_are_discovered():
    models = scoped_models()
    assert {"OrgUnit", "Person", "Relation", "Committee", "Tenure"} <= set(models)
    assert "User" not in models and "AuditEvent" not in models


def test_views_and_api_modules_use_scoped_access_only():
    models = scoped_models()
    files = checked_files()
    assert any(f.name == "api.py" for f in files)
    problems = []
    for path in files:
        problems += violations_in(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)), models)
    assert not problems, "Unscoped access to jurisdiction-bound models:\n" + "\n".join(problems)


SAMPLE = """
from django.shortcuts import get_object_or_404
from huanjie.people.models import Person as P, Tenure
from huanjie.org import models as org_models

def ok(request, pk):
    a = P.objects.visible_to(request.user).get(pk=pk)
    b = Tenure.objects.restrict(request.user, "edit").filter(person=a)
    c = org_models.OrgUnit.objects.editable_by(request.user).all()
    return a, b, c

def bad(request, pk):
    a = P.objects.get(pk=pk)
    b = Tenure.objects.filter(person=a)
    c = org_models.OrgUnit.objects.all()
    d = get_object_or_404(P, pk=pk)
    e = P._default_manager.create(name="x")
    f = P.objects
    g = P.objects.visible_to
    return a, b, c, d, e, f, g

def related(request, unit):
    return unit.committees.filter(kind="x"), unit.children, [n.children for n in unit]

def fine_too(request, pk):
    return get_scoped_or_404(P.objects.select_related("domicile_unit"), request.user, pk=pk)
"""


def test_the_lint_catches_each_kind_of_bypass_with_its_line():
    problems = violations_in(SAMPLE, "sample/views.py", scoped_models())
    assert [p.split(": ", 1)[0] for p in problems] == [f"sample/views.py:{n}" for n in [*range(13, 20), 23]]
    assert "Person.objects.get()" in problems[0]
    assert "Tenure.objects.filter()" in problems[1]
    assert "OrgUnit.objects.all()" in problems[2]
    assert "get_object_or_404(Person" in problems[3]
    assert "Person._default_manager.create()" in problems[4]
    assert problems[5].split(": ")[1].startswith("Person.objects on a scoped model")
    assert "Person.objects.visible_to()" in problems[6]
    assert problems[7].startswith("sample/views.py:23: .committees.filter() reads Committee")
    assert len(problems) == 8


def test_reverse_accessors_of_scoped_models_are_known():
    reverse = scoped_reverse_accessors()
    assert reverse["tenures"] == "Tenure"
    assert reverse["committees"] == "Committee"
    assert reverse["residents"] == "Person"
    assert reverse["children"] == "OrgUnit"
