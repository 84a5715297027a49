"""Import pages: upload and preview, commit, discard, progress of background jobs, template downloads."""

from django.urls import path

from huanjie.core import import_views as views

app_name = "import"

urlpatterns = [
    path("", views.index, name="index"),
    path("template/<slug:kind>/", views.template_download, name="template"),
    path("<int:pk>/", views.job_detail, name="job"),
    path("<int:pk>/problems.xlsx", views.job_problems, name="problems"),
    path("<int:pk>/progress/", views.job_progress, name="progress"),
    path("<int:pk>/commit/", views.job_commit, name="commit"),
    path("<int:pk>/discard/", views.job_discard, name="discard"),
]
