"""URLs of the statistics app's reports area (issue 15), mounted at stats/reports/."""

from django.urls import path

from huanjie.stats import reports_views as views

app_name = "stats_reports"

urlpatterns = [
    path("", views.index, name="index"),
]

# the signed roll-up for the level above (issue 15 req. 6)
from huanjie.stats import rollup_views  # noqa: E402

urlpatterns += [
    path("rollup/", rollup_views.rollup, name="rollup"),
    path("rollup/import/", rollup_views.rollup_import, name="rollup_import"),
    path("rollup/aggregate.xlsx", rollup_views.rollup_aggregate_xlsx, name="rollup_aggregate_xlsx"),
    path("rollup/<int:pk>/", rollup_views.rollup_detail, name="rollup_detail"),
    path("rollup/<str:code>.json", rollup_views.rollup_export, name="rollup_export"),
]
