"""Apps plug themselves in (core.plugins): the test-only app tests.plugin_app is named nowhere but in
tests/settings.py, and its pages, API, navigation, capability and walker fixtures are all found."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from huanjie.accounts.roles import capabilities_of
from huanjie.core import plugins as plugin_registry
from huanjie.core.context_processors import nav_entries
from huanjie.core.plugins import Hook, Plugin, plugins
from tests.plugin_app.models import Note
from tests.test_access_control import FILL_RULES, all_routes

pytestmark = pytest.mark.django_db


def test_the_test_app_is_wired_by_its_installed_apps_line_alone():
    assert "tests.plugin_app" in settings.INSTALLED_APPS
    mentions = [
        str(p)
        for p in Path(settings.BASE_DIR, "huanjie").rglob("*")
        if p.suffix in {".py", ".html", ".toml"} and "plugin_app" in p.read_text(encoding="utf-8")
    ]
    assert mentions == []
    assert "plugin_app" in dict(plugins())


def test_its_pages_and_api_are_routed_and_walked():
    routes = {r.route for r in all_routes()}
    assert {"notes/", "notes/note/<int:pk>/", "api/notes/notes/<note_pk>"} <= routes
    assert any(r.kind == "note" for r in FILL_RULES)


def test_its_grant_reaches_the_roles_it_names_and_never_an_administrator(monkeypatch):
    assert "notes.view" in capabilities_of("town_operator")
    assert "notes.view" not in capabilities_of("village_operator")
    greedy = [("greedy", Plugin(grants={"sysadmin": frozenset({"org.view"})}))]
    monkeypatch.setattr(plugin_registry, "plugins", lambda: iter(greedy))
    capabilities_of.cache_clear()
    try:
        assert capabilities_of("sysadmin") == frozenset({"accounts.manage", "settings.manage"})
    finally:
        monkeypatch.undo()
        capabilities_of.cache_clear()


def test_its_navigation_entry_shows_to_holders_only(cast):
    town = [e["label"] for e in nav_entries(cast["town_operator"])]
    village = [e["label"] for e in nav_entries(cast["village_operator"])]
    assert "工作笔记" in town and "工作笔记" not in village
    assert town.index("人员") < town.index("工作笔记") < town.index("导入")


def test_its_page_is_scoped_like_every_business_page(client, cast):
    inside = Note.objects.create(unit_path=cast.village.path, title="东村笔记")
    outside = Note.objects.create(unit_path=cast.village_b.path, title="南村笔记")
    client.force_login(cast["town_operator"])
    page = client.get("/notes/").content.decode()
    assert "东村笔记" in page and "南村笔记" not in page
    assert client.get(f"/notes/note/{inside.pk}/").status_code == 200
    assert client.get(f"/notes/note/{outside.pk}/").status_code == 404


def test_a_hook_answers_with_what_higher_apps_registered():
    hook: Hook = Hook("gates", "test")
    hook.register("a", lambda unit: ["closed"])
    hook.register("a", lambda unit: ["replaced"])  # ready() may run twice: the key is replaced
    hook.register("b", lambda unit: [])
    assert [r for fn in hook for r in fn(None)] == ["replaced"]
    hook.unregister("a")
    assert [key for key, _ in hook.items()] == ["b"]
    assert hook.get("b") is not None and hook.get("a") is None


def test_a_whole_campaign_run_asks_a_providers_reader_once_or_else_the_provider(monkeypatch):
    from huanjie.core import plugins as p

    items: Hook = Hook("screening_items", "test")
    runs: Hook = Hook("screening_runs", "test")
    monkeypatch.setattr(p, "screening_items", items)
    monkeypatch.setattr(p, "screening_runs", runs)
    asked = []
    items.register("plain", lambda campaign, rows, *, on: {r: [(campaign, on, "plain")] for r in rows})
    items.register("read", lambda campaign, rows, *, on: {})

    def reader(campaign, *, on):
        asked.append((campaign, on))
        return lambda rows: {r: [(campaign, on, "read")] for r in rows}

    runs.register("read", reader)
    plain, read = p.screening_batches("c", on="d")
    assert asked == [("c", "d")]
    assert plain([1]) == {1: [("c", "d", "plain")]}
    assert read([1, 2]) == {1: [("c", "d", "read")], 2: [("c", "d", "read")]} and len(asked) == 1
