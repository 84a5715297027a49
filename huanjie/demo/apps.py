from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The fictional city 青澜市 at any scale (``huanjie demo``): the top layer, it may use every app."""

    name = "huanjie.demo"
    label = "demo"
    verbose_name = "演示数据"
