"""URLs of the petitions register (信访), mounted at oversight/petitions/ with their own namespace."""

from django.urls import path

from huanjie.oversight import petitions_views as v

app_name = "oversight_petitions"

urlpatterns = [
    path("", v.petitions, name="list"),
    path("new/", v.petition_new, name="new"),
    path("analysis/", v.petition_analysis, name="analysis"),
    path("export/", v.petitions_export, name="export"),
    path("pick/unit/", v.petition_unit_pick, name="unit_pick"),
    path("pick/person/", v.petition_person_pick, name="person_pick"),
    path("pick/candidate/", v.petition_candidate_pick, name="candidate_pick"),
    path("settings/<int:campaign_pk>/", v.petition_settings, name="settings"),
    path("<int:pk>/", v.petition, name="petition"),
    path("<int:pk>/assign/", v.petition_assign, name="assign"),
    path("<int:pk>/act/", v.petition_act, name="act"),
    path("<int:pk>/step/", v.petition_step, name="step"),
    path("<int:pk>/extend/", v.petition_extend, name="extend"),
    path("<int:pk>/conclude/", v.petition_conclude, name="conclude"),
]
