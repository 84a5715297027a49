from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "huanjie.org"
    label = "org"
    verbose_name = "组织机构与用户"
