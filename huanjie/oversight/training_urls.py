"""URLs of training, the officials' roster, education upgrading and the three mechanisms
(issue 14 req. 6), mounted at oversight/training/."""

from django.urls import path

from huanjie.oversight import training_views as views

app_name = "oversight_training"

urlpatterns = [
    path("", views.coverage, name="coverage"),
    path("setting/", views.setting_save, name="setting"),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions.xlsx", views.sessions_export, name="sessions_export"),  # req. 9
    path("session/<int:pk>/", views.session, name="session"),
    path("session/<int:pk>/town/", views.attend_town, name="attend_town"),
    path("session/<int:pk>/person/", views.attend_person, name="attend_person"),
    path("officials/", views.officials, name="officials"),
    path("officials.xlsx", views.officials_export, name="officials_export"),  # req. 9
    path("upgrades/", views.upgrades, name="upgrades"),
    path("upgrade/<int:pk>/complete/", views.upgrade_complete, name="upgrade_complete"),
    path("decisions/", views.decisions, name="decisions"),
    # req. 9: the registers in Excel (imports: the import kit's kinds in apps.py)
    path("upgrades.xlsx", views.upgrades_export, name="upgrades_export"),
    path("decisions.xlsx", views.decisions_export, name="decisions_export"),
    path("attendance.xlsx", views.attendance_export, name="attendance_export"),
]
