from django.urls import path

from tests.plugin_app import views

app_name = "plugin_app"

urlpatterns = [
    path("", views.notes, name="notes"),
    path("note/<int:pk>/", views.note, name="note"),
]
