from django.urls import path

from huanjie.vetting import pledge_views, talk_views, views

app_name = "vetting"

urlpatterns = [
    path("", views.index, name="index"),
    path("unit/<str:code>/", views.unit, name="unit"),
    path("unit/<str:code>/new/", views.candidate_new, name="candidate_new"),
    path("candidate/<int:pk>/", views.candidate, name="candidate"),
]

# Talks (四必谈) and pledges (纪律责任书 / 承诺书 / 保证书), issue 11 reqs. 7 and 9.
urlpatterns += [
    path("talks/", talk_views.rollup, name="talk_rollup"),
    path("talks/<str:code>/", talk_views.ledger, name="talk_ledger"),
    path("talks/<str:code>/export/", talk_views.export, name="talk_export"),
    path("talks/<str:code>/generate/", talk_views.generate, name="talk_generate"),
    path("talks/<str:code>/flag/", talk_views.flag, name="talk_flag"),
    path("talk/<int:pk>/", talk_views.talk, name="talk"),
    path("talk/<int:pk>/complete/", talk_views.complete, name="talk_complete"),
    path("pledges/", pledge_views.rollup, name="pledge_rollup"),
    path("pledges/<str:code>/", pledge_views.coverage, name="pledge_coverage"),
    path("pledges/<str:code>/export/", pledge_views.export, name="pledge_export"),
    path("pledges/<str:code>/new/", pledge_views.new, name="pledge_new"),
    path("pledge/<int:pk>/file/", pledge_views.download, name="pledge_file"),
]
