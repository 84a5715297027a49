from django.urls import path

from huanjie.elections import procedure_views

app_name = "elections"

urlpatterns = [
    # procedure (issue 12 reqs. 1, 2, 8): elections, schedule, steps, calendar, county view, civil affairs
    path("", procedure_views.index, name="index"),
    path("new/", procedure_views.election_new, name="election_new"),
    path("calendar/", procedure_views.calendar, name="calendar"),
    path("oversight/", procedure_views.oversight, name="oversight"),
    path("election/<int:pk>/", procedure_views.election, name="election"),
    path("election/<int:pk>/schedule/", procedure_views.election_schedule, name="election_schedule"),
    path(
        "election/<int:pk>/dependencies/", procedure_views.election_dependencies, name="election_dependencies"
    ),
    path("election/<int:pk>/boundary/", procedure_views.election_boundary, name="election_boundary"),
    path("election/<int:pk>/step/", procedure_views.step_new, name="step_new"),
    path("election/<int:pk>/act/", procedure_views.act_new, name="act_new"),
    path("step/<int:pk>/evidence/", procedure_views.step_evidence, name="step_evidence"),
    # corrections of recorded steps and acknowledged alerts
    path("election/<int:pk>/correct/", procedure_views.step_correct, name="step_correct"),
    path("election/<int:pk>/acknowledge/", procedure_views.alert_ack, name="alert_ack"),
]
