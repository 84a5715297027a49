"""URLs of the risk register (风险研判), mounted at oversight/risks/ with their own namespace."""

from django.urls import path

from huanjie.oversight import risks_views as v

app_name = "oversight_risks"

urlpatterns = [
    path("", v.risks, name="list"),
    path("new/", v.risk_new, name="new"),
    path("export/", v.risks_export, name="export"),
    path("<int:pk>/", v.risk, name="risk"),
    path("<int:pk>/edit/", v.risk_edit, name="edit"),
    path("<int:pk>/act/", v.risk_act, name="act"),
]
