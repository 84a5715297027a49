from django.urls import path

from huanjie.vetting import party_views, pledge_views, talk_views, views

app_name = "vetting"

urlpatterns = [
    path("", views.index, name="index"),
    path("candidates.xlsx", views.candidates_xlsx, name="candidates_xlsx"),
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

# -- town pre-check and county joint review (issue 11 reqs. 4, 5) --
from huanjie.vetting import review_views  # noqa: E402

urlpatterns += [
    path("precheck/", review_views.precheck_index, name="precheck_index"),
    path("precheck/offices/", review_views.precheck_offices, name="precheck_offices"),
    path("precheck/<int:pk>/", review_views.precheck_candidate, name="precheck_candidate"),
    path("precheck/<int:pk>/answer/", review_views.precheck_answer, name="precheck_answer"),
    path("review/", review_views.review_index, name="review_index"),
    path("review/new/", review_views.review_batch_new, name="review_batch_new"),
    path("review/batch/<int:pk>/", review_views.review_batch, name="review_batch"),
    path("review/batch/<int:pk>/summary.xlsx", review_views.review_batch_xlsx, name="review_batch_xlsx"),
    path("review/entry/<int:pk>/rule/", review_views.review_rule, name="review_rule"),
    path("review/queue/", review_views.review_queue_home, name="review_queue_home"),
    path("review/queue/<str:department>/", review_views.review_queue, name="review_queue"),
    path(
        "review/queue/<str:department>/entry/<int:pk>/",
        review_views.review_queue_entry,
        name="review_queue_entry",
    ),
    path(
        "review/queue/<str:department>/entry/<int:pk>/answer/",
        review_views.review_queue_answer,
        name="review_queue_answer",
    ),
    path("review/queue/<str:department>/template/", review_views.review_template, name="review_template"),
    path("review/queue/<str:department>/upload/", review_views.review_upload, name="review_upload"),
    path(
        "review/queue/<str:department>/commit/",
        review_views.review_upload_commit,
        name="review_upload_commit",
    ),
    path(
        "review/queue/<str:department>/entry/<int:pk>/unmask/",
        review_views.review_unmask,
        name="review_unmask",
    ),
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
