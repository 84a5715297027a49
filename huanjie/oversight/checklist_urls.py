"""URLs of the election-day checklist (issue 14 req. 7), mounted at oversight/checklist/."""

from django.urls import path

from huanjie.oversight import checklist_views as views

app_name = "oversight_checklist"

urlpatterns = [
    path("", views.index, name="index"),
    path("items/", views.items, name="items"),
    path("election/<int:pk>/", views.election, name="election"),
    path("election/<int:pk>/item/<int:item>/", views.check, name="check"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("checklist.xlsx", views.export, name="export"),  # req. 9
]
