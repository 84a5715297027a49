"""URLs of publicity tasks and public-opinion events (issue 14 req. 8), mounted at
oversight/publicity/."""

from django.urls import path

from huanjie.oversight import publicity_views as views

app_name = "oversight_publicity"

urlpatterns = [
    path("", views.tasks, name="tasks"),
    path("task/<int:pk>/", views.task, name="task"),
    path("opinion/", views.events, name="events"),
    path("opinion/<int:pk>/", views.event, name="event"),
    # req. 9: the registers in Excel
    path("tasks.xlsx", views.tasks_export, name="tasks_export"),
    path("opinion.xlsx", views.events_export, name="events_export"),
]
