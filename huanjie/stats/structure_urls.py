"""URLs of the statistics app's structure area (issue 15), mounted at stats/structure/."""

from django.urls import path

from huanjie.stats import structure_views as views

app_name = "stats_structure"

urlpatterns = [
    path("", views.index, name="index"),
]
