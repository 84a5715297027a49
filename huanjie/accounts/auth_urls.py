from django.urls import path

from huanjie.accounts import auth_views

urlpatterns = [
    path("login/", auth_views.login, name="login"),
    path("login/reset/", auth_views.login_reset, name="login_reset"),
    path("password/reset/new/", auth_views.password_reset_new, name="password_reset_new"),
    path("logout/", auth_views.logout, name="logout"),
    path("password/change/", auth_views.password_change, name="password_change"),
]
