from django.urls import path

from huanjie.org import views

app_name = "org"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("tree/<str:code>/", views.tree_children, name="tree_children"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/export/", views.unit_export, name="unit_export"),
    path("unit/<str:code>/", views.unit_detail, name="unit"),
    path("unit/<str:code>/edit/", views.unit_edit, name="unit_edit"),
    path("unit/<str:code>/new/", views.unit_create, name="unit_create"),
    path("unit/<str:code>/move/", views.unit_move, name="unit_move"),
    path("unit/<str:code>/move/parents/", views.unit_move_parents, name="unit_move_parents"),
    path("unit/<str:code>/deactivate/", views.unit_deactivate, name="unit_deactivate"),
]
