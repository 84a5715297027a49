from django.urls import path

from huanjie.core import layout_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("layouts/", layout_views.index, name="layouts"),
    path("layouts/<slug:code>/download/", layout_views.download, name="layout_download"),
    path("layouts/<slug:code>/upload/", layout_views.upload, name="layout_upload"),
    path("layouts/<slug:code>/reset/", layout_views.reset, name="layout_reset"),
]
