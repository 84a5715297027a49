"""The org app sits below people: it asks core.plugins hooks and never imports people."""

import ast
from pathlib import Path

import huanjie.org
from huanjie.core.plugins import tree_counters, unit_panels


def test_org_never_imports_people():
    offenders = []
    for path in Path(huanjie.org.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}:{node.lineno}" for n in names if n.startswith("huanjie.people")]
    assert offenders == []


def test_people_answers_the_org_hooks():
    assert "people.sitting" in dict(tree_counters.items())
    assert [key for key, _ in unit_panels.items() if key.startswith("people.")] == [
        "people.link",
        "people.structure",
        "people.committees",
    ]
