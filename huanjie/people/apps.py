from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "huanjie.people"
    label = "people"
    verbose_name = "人员与班子"

    def ready(self) -> None:
        # The org app (a lower layer) asks these hooks and never imports people.
        from huanjie.core.plugins import tree_counters, unit_panels
        from huanjie.people import selectors, views

        tree_counters.register("people.sitting", selectors.sitting_counter)
        unit_panels.register("people.link", views.people_link_panel)
        unit_panels.register("people.structure", views.structure_panel)
        unit_panels.register("people.committees", views.committees_panel)
