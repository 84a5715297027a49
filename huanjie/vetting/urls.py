from django.urls import path

from huanjie.vetting import nomination_views, views

app_name = "vetting"

urlpatterns = [
    path("", views.index, name="index"),
    path("candidates.xlsx", views.candidates_xlsx, name="candidates_xlsx"),
    path("unit/<str:code>/", views.unit, name="unit"),
    path("unit/<str:code>/new/", views.candidate_new, name="candidate_new"),
    path("candidate/<int:pk>/", views.candidate, name="candidate"),
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
