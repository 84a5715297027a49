from django.urls import path

from huanjie.vetting import nomination_views, party_views, pledge_views, talk_views, views

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
    path("candidate/<int:pk>/party-withdraw/", party_views.candidate_withdraw, name="candidate_withdraw"),
    path("candidate/<int:pk>/inspection/", party_views.inspection, name="inspection"),
    # --- nomination (村（居）民委员会 candidates; issue 11 req. 2) ---
    path("unit/<str:code>/nomination/", nomination_views.unit_nominations, name="unit_nominations"),
    path("unit/<str:code>/nomination/new/", nomination_views.round_open, name="nomination_open"),
    path("nomination/<int:pk>/", nomination_views.nomination, name="nomination"),
    path("nomination/<int:pk>/edit/", nomination_views.round_edit, name="nomination_edit"),
    path("nomination/<int:pk>/nominee/", nomination_views.nominee_new, name="nomination_nominee"),
    path(
        "nomination/<int:pk>/nominee/<int:nominee>/votes/",
        nomination_views.nominee_votes,
        name="nomination_votes",
    ),
    path(
        "nomination/<int:pk>/nominee/<int:nominee>/confirm-post/",
        nomination_views.nominee_confirm_post,
        name="nomination_confirm_post",
    ),
    path("nomination/<int:pk>/paper/", nomination_views.paper_new, name="nomination_paper"),
    path("nomination/<int:pk>/papers/apply/", nomination_views.papers_apply, name="nomination_papers_apply"),
    path("nomination/<int:pk>/confirm/", nomination_views.round_confirm, name="nomination_confirm"),
    path("nomination/<int:pk>/publish/", nomination_views.round_publish, name="nomination_publish"),
    path("nomination/<int:pk>/self/", nomination_views.self_register, name="nomination_self"),
    path(
        "candidate/<int:pk>/qualification/", nomination_views.qualification, name="nomination_qualification"
    ),
    path("candidate/<int:pk>/qualify/", nomination_views.qualify, name="nomination_qualify"),
    path("candidate/<int:pk>/withdraw/", nomination_views.withdraw, name="nomination_withdraw"),
    path("candidate/<int:pk>/opinion/", nomination_views.opinion, name="nomination_opinion"),
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

# The screening's exceptions (issue 11 req. 3): the county's age relaxations and 容错纠错 rulings.
from huanjie.vetting import exception_views  # noqa: E402

urlpatterns += [
    path("candidate/<int:pk>/exceptions/", exception_views.exceptions, name="exceptions"),
    path("candidate/<int:pk>/exceptions/relaxation/", exception_views.relaxation_new, name="relaxation_new"),
    path(
        "candidate/<int:pk>/exceptions/relaxation/remove/",
        exception_views.relaxation_remove,
        name="relaxation_remove",
    ),
    path("candidate/<int:pk>/exceptions/ruling/", exception_views.ruling_new, name="ruling_new"),
    path("ruling/<int:pk>/remove/", exception_views.ruling_remove, name="ruling_remove"),
]

# A pledge's scan uploaded after its record (扫描件待补; issue 11 req. 9, imported pledges).
urlpatterns += [
    path("pledge/<int:pk>/scan/", pledge_views.attach_scan, name="pledge_scan"),
]
