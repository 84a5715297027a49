"""A test-only app that proves "adding an app = writing the app and one line in INSTALLED_APPS":
nothing central names it, yet its pages, API, navigation entry, capability and walker fixtures are
discovered from this declaration alone (tests/settings.py adds it to INSTALLED_APPS)."""

from enum import StrEnum

from django.apps import AppConfig

from huanjie.core.plugins import NavEntry, Plugin


class NoteCap(StrEnum):
    VIEW = "notes.view"


class PluginAppConfig(AppConfig):
    name = "tests.plugin_app"
    label = "plugin_app"
    verbose_name = "工作笔记（测试插件）"
    plugin = Plugin(
        nav=(NavEntry("plugin_app:notes", "工作笔记", "journal", NoteCap.VIEW, order=500),),
        urls=(("notes/", "tests.plugin_app.urls"),),
        api=(("/notes", "tests.plugin_app.api.router"),),
        grants={"town_operator": frozenset({NoteCap.VIEW}), "county_operator": frozenset({NoteCap.VIEW})},
        walker="tests.plugin_app.walker",
    )
