"""URLs of the statistics app's reports area (issue 15), mounted at stats/reports/."""

from django.urls import path

from huanjie.stats import reports_views as views

app_name = "stats_reports"

urlpatterns = [
    path("", views.index, name="index"),
]
