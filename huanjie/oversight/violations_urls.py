"""URLs of the violations register (三个一律), mounted at oversight/violations/ with their own namespace."""

from django.urls import path

from huanjie.oversight import violations_views as v

app_name = "oversight_violations"

urlpatterns = [
    path("", v.cases, name="list"),
    path("new/", v.case_new, name="new"),
    path("export/", v.cases_export, name="export"),
    path("pick/election/", v.election_pick, name="election_pick"),
    path("<int:pk>/", v.case, name="case"),
    path("<int:pk>/act/", v.case_act, name="act"),
    path("<int:pk>/party/", v.case_party, name="party"),
    path("<int:pk>/file/", v.case_file_add, name="file_add"),
    path("<int:pk>/decide/", v.case_decide, name="decide"),
    path("<int:pk>/accountability/", v.case_account, name="accountability"),
    path("file/<int:pk>/", v.case_file, name="file"),
]
