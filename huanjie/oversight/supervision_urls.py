from django.urls import path

from huanjie.oversight import supervision_views as views

app_name = "oversight_supervision"

urlpatterns = [
    path("", views.findings, name="findings"),
    path("findings.xlsx", views.findings_export, name="export"),
    path("groups/", views.groups, name="groups"),
    path("groups.xlsx", views.groups_export, name="groups_export"),
    path("groups/new/", views.group_new, name="group_new"),
    path("group/<int:pk>/", views.group, name="group"),
    path("group/<int:pk>/visit/", views.visit_new, name="visit_new"),
    path("visit/<int:pk>/", views.visit, name="visit"),
    path("visit/<int:pk>/finding/", views.finding_new, name="finding_new"),
    path("finding/<int:pk>/", views.finding, name="finding"),
    path("finding/<int:pk>/rectify/", views.finding_rectify, name="rectify"),
    path("finding/<int:pk>/sign-off/", views.finding_sign_off, name="sign_off"),
    path("file/<int:pk>/", views.finding_file, name="file"),
]
