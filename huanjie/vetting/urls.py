from django.urls import path

from huanjie.vetting import views

app_name = "vetting"

urlpatterns = [
    path("", views.index, name="index"),
    path("candidates.xlsx", views.candidates_xlsx, name="candidates_xlsx"),
    path("unit/<str:code>/", views.unit, name="unit"),
    path("unit/<str:code>/new/", views.candidate_new, name="candidate_new"),
    path("candidate/<int:pk>/", views.candidate, name="candidate"),
]
