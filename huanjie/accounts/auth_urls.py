from django.urls import path

from huanjie.accounts import auth_views

urlpatterns = [
    path("login/", auth_views.login, name="login"),
    path("logout/", auth_views.logout, name="logout"),
    path("password/change/", auth_views.password_change, name="password_change"),
]
