"""URLs of the statistics app's tables area (issue 15), mounted at stats/tables/."""

from django.urls import path

from huanjie.stats import tables_views as views

app_name = "stats_tables"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:kind>/<str:code>.xlsx", views.download, name="download"),
]
