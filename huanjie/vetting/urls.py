from django.urls import path

from huanjie.vetting import talk_views, views

app_name = "vetting"

urlpatterns = [
    path("", views.index, name="index"),
    path("unit/<str:code>/", views.unit, name="unit"),
    path("unit/<str:code>/new/", views.candidate_new, name="candidate_new"),
    path("candidate/<int:pk>/", views.candidate, name="candidate"),
]

# Talks (四必谈), issue 11 req. 7.
urlpatterns += [
    path("talks/", talk_views.rollup, name="talk_rollup"),
    path("talks/<str:code>/", talk_views.ledger, name="talk_ledger"),
    path("talks/<str:code>/generate/", talk_views.generate, name="talk_generate"),
    path("talks/<str:code>/flag/", talk_views.flag, name="talk_flag"),
    path("talk/<int:pk>/", talk_views.talk, name="talk"),
    path("talk/<int:pk>/complete/", talk_views.complete, name="talk_complete"),
]
