"""URLs of the village dossiers (issue 15 req. 5), mounted at stats/dossiers/."""

from django.urls import path

from huanjie.stats import dossier_views as views

app_name = "stats_dossier"

urlpatterns = [
    path("", views.index, name="index"),
    path("unit/<str:code>/", views.unit, name="unit"),
    path("village/<str:code>/pdf/", views.village_pdf, name="village_pdf"),
    path("area/<str:code>/report/", views.campaign_report, name="campaign_report"),
    path("unit/<str:code>/start/", views.start, name="start"),
    path("job/<int:pk>/", views.job, name="job"),
    path("job/<int:pk>/download/", views.download, name="download"),
]
