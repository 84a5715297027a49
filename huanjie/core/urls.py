from django.urls import path

from huanjie.core import views

urlpatterns = [
    path("", views.home, name="home"),
]
