"""URLs of the election committee, proxies and polling plan (issue 12 reqs. 3, 5, 6), mounted at
elections/committee/ until the procedure's urls.py merges them."""

from django.urls import path

from huanjie.elections import committee_views as views

app_name = "elections_committee"

urlpatterns = [
    path("", views.index, name="index"),
    path("unit/<str:code>/", views.unit, name="unit"),
    path("unit/<str:code>/create/", views.committee_create, name="create"),
    path("committee/<int:pk>/seat/", views.seat_add, name="seat_add"),
    path("committee/<int:pk>/fill/", views.vacancies_fill, name="fill"),
    path("seat/<int:pk>/withdraw/", views.seat_withdraw, name="withdraw"),
    path("seat/<int:pk>/chair/", views.seat_chair, name="chair"),
    path("election/<int:pk>/proxies/", views.proxies, name="proxies"),
    path("election/<int:pk>/proxies/new/", views.proxy_new, name="proxy_new"),
    path("election/<int:pk>/proxies/print/", views.proxies_print, name="proxies_print"),
    path("election/<int:pk>/plan/", views.plan, name="plan"),
    path("election/<int:pk>/plan/save/", views.plan_save, name="plan_save"),
    path("election/<int:pk>/plan/venue/", views.venue_add, name="venue_add"),
    path("election/<int:pk>/plan/staff/", views.staff_add, name="staff_add"),
]
