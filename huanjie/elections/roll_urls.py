from django.urls import path

from huanjie.elections import roll_views as views

app_name = "elections_roll"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("conflicts/", views.conflicts, name="conflicts"),
    path("conflicts/<int:pk>/", views.conflict, name="conflict"),
    path("<int:pk>/", views.detail, name="roll"),
    path("<int:pk>/entries/", views.entry_add, name="entry_add"),
    path("<int:pk>/entries/<int:entry>/remove/", views.entry_remove, name="entry_remove"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/lock/", views.lock, name="lock"),
    path("<int:pk>/copy/", views.copy, name="copy"),
    path("<int:pk>/objections/", views.objection_file, name="objection_file"),
    path("<int:pk>/objections/<int:objection>/", views.objection_decide, name="objection_decide"),
    path("<int:pk>/print/", views.print_list, name="print"),
    path("<int:pk>/list.pdf", views.print_pdf, name="pdf"),
    path("<int:pk>/changes/", views.changes, name="changes"),
]
