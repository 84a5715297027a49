from django.apps import AppConfig

from huanjie.core.capabilities import AUTHENTICATED, CoreCap
from huanjie.core.plugins import NavEntry, Plugin


class CoreConfig(AppConfig):
    name = "huanjie.core"
    label = "core"
    verbose_name = "公共机制"
    plugin = Plugin(
        nav=(
            NavEntry("home", "首页", "house", AUTHENTICATED, order=0),
            NavEntry("import:index", "导入", "upload", CoreCap.IMPORT_RUN, order=800),
            NavEntry("layouts", "报表样式", "table", CoreCap.LAYOUTS, order=810),
        ),
        grants={"city_operator": frozenset({CoreCap.LAYOUTS})},
        urls=(("", "huanjie.core.urls"), ("import/", "huanjie.core.import_urls")),
        walker="tests.core.walker",
    )

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        # Importing workflow registers the system check that validates every transition table.
        from huanjie.core import workflow
        from huanjie.core.audit import install_append_only_trigger
        from huanjie.core.plugins import todo_providers

        post_migrate.connect(install_append_only_trigger, sender=self, dispatch_uid="huanjie.audit.trigger")
        todo_providers.register("core.workflow", workflow.awaiting)
