from django.urls import path

from huanjie.vetting import party_views, views

app_name = "vetting"

urlpatterns = [
    path("", views.index, name="index"),
    path("unit/<str:code>/", views.unit, name="unit"),
    path("unit/<str:code>/new/", views.candidate_new, name="candidate_new"),
    path("candidate/<int:pk>/", views.candidate, name="candidate"),
    # party 预备人选: the branch's 请示, the 镇党委's 批复, 公示; 考察 (vetting-party)
    path("unit/<str:code>/party/", party_views.party_requests, name="party_requests"),
    path("unit/<str:code>/party/new/", party_views.party_request_new, name="party_request_new"),
    path("party/<int:pk>/", party_views.party_request, name="party_request"),
    path("party/<int:pk>/edit/", party_views.party_request_edit, name="party_request_edit"),
    path("party/<int:pk>/attach/", party_views.party_request_attach, name="party_request_attach"),
    path("party/<int:pk>/act/", party_views.party_request_act, name="party_request_act"),
    path("party/<int:pk>/publicity/", party_views.party_request_publicity, name="party_request_publicity"),
    path("candidate/<int:pk>/withdraw/", party_views.candidate_withdraw, name="candidate_withdraw"),
    path("candidate/<int:pk>/inspection/", party_views.inspection, name="inspection"),
]
