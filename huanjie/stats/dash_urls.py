"""URLs of the statistics app's dash area (issue 15), mounted at stats/dash/."""

from django.urls import path

from huanjie.stats import dash_views as views

app_name = "stats_dash"

urlpatterns = [
    path("", views.index, name="index"),
]
