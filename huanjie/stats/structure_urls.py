"""URLs of the statistics app's structure area (issue 15), mounted at stats/structure/."""

from django.urls import path

from huanjie.stats import structure_views as views

app_name = "stats_structure"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:campaign>/<str:code>/", views.unit, name="unit"),
    path("<int:campaign>/<str:code>/print/", views.unit_print, name="print"),
    path("<int:campaign>/<str:code>/figure/<str:figure>/", views.drill, name="drill"),
]
