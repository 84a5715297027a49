"""URLs of the election documents (ballots, voter cards, proxy forms, notices), mounted at
elections/docs/ with their own namespace until the procedure's urls.py includes them."""

from django.urls import path

from huanjie.elections import docs_views as views

app_name = "elections_docs"

urlpatterns = [
    path("election/<int:pk>/", views.election_docs, name="election"),
    path("election/<int:pk>/ballots.pdf", views.ballots_pdf, name="ballots_pdf"),
    path("election/<int:pk>/voter-cards.pdf", views.voter_cards_pdf, name="voter_cards_pdf"),
    path("election/<int:pk>/proxy-forms.pdf", views.proxy_forms_pdf, name="proxy_forms_pdf"),
    path("election/<int:pk>/notices/new/", views.notice_new, name="notice_new"),
    path("notice/<int:pk>.pdf", views.notice_pdf, name="notice_pdf"),
    path("town/<str:code>/ballots.pdf", views.town_ballots_pdf, name="town_ballots_pdf"),
]
