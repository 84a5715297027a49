from django.urls import path

from huanjie.people import register_views, views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("export/", views.person_export, name="export"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/print/", views.person_print, name="print"),
    path("committees/<str:code>/print/", views.committees_print, name="committees_print"),
    path("committees/<str:code>/changes/", views.committee_changes, name="committee_changes"),
    path("changes/<int:pk>/", views.change_detail, name="change_detail"),
    path("changes/<int:pk>/decide/", views.change_decide, name="change_decide"),
    path("<int:pk>/unmask/", views.person_unmask, name="unmask"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/relations/new/", register_views.relation_add, name="relation_add"),
    path("<int:pk>/tenures/new/", views.tenure_add, name="tenure_add"),
    path("tenures/<int:pk>/end/", views.tenure_end, name="tenure_end"),
    path("conflicts/", views.conflict_list, name="conflicts"),
    path("conflicts/<int:pk>/", views.conflict_decide, name="conflict_decide"),
    path("register/", register_views.person_register, name="register"),
    path("pick/", register_views.person_pick, name="pick"),
]
