"""URLs of the statistics app's dash area (issue 15 reqs. 2, 3), mounted at stats/dash/."""

from django.urls import path

from huanjie.stats import dash_views as views

app_name = "stats_dash"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/", views.unit, name="unit"),
    path("<str:code>/print/", views.unit_print, name="print"),
    path("<str:code>/villages/", views.villages, name="villages"),
]
