from django.urls import path

from huanjie.oversight import incidents_views as views

app_name = "oversight_incidents"

urlpatterns = [
    path("", views.incident_list, name="list"),
    path("new/", views.incident_new, name="new"),
    path("incidents.xlsx", views.incident_export, name="export"),
    path("settings/", views.severity_settings, name="settings"),
    path("<int:pk>/", views.incident_detail, name="detail"),
    path("<int:pk>/ack/", views.incident_ack, name="ack"),
    path("<int:pk>/follow-up/", views.incident_follow_up, name="follow_up"),
    path("<int:pk>/close/", views.incident_close, name="close"),
]
