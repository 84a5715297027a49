from django.urls import path

from huanjie.planning import campaign_views, export_views, views
from huanjie.planning import rectification_views as rv
from huanjie.planning.report_views import assessment_pdf, assessment_report, completion, completion_unit

app_name = "planning"

urlpatterns = [
    path("", views.index, name="index"),
    path("campaign/new/", views.campaign_new, name="campaign_new"),
    path("campaign/<int:pk>/", views.campaign, name="campaign"),
    path("campaign/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaign/<int:pk>/act/", views.campaign_act, name="campaign_act"),
    path("campaign/<int:pk>/milestones/", views.milestone_add, name="milestone_add"),
    path("campaign/<int:pk>/batches/", views.batch_add, name="batch_add"),
    path("milestone/<int:pk>/delete/", views.milestone_delete, name="milestone_delete"),
    path("batch/<int:pk>/delete/", views.batch_delete, name="batch_delete"),
    path("campaign/<int:pk>/seats/<str:code>/", views.seats, name="seats"),
    path("campaign/<int:pk>/seats/<str:code>/committee/", views.seats_committee, name="seats_committee"),
    path("campaign/<int:pk>/seats/<str:code>/party/", views.seats_party, name="seats_party"),
    path("campaign/<int:pk>/assessments/", views.assessments, name="assessments"),
    path("campaign/<int:pk>/assessments/new/", views.assessment_new, name="assessment_new"),
    path("campaign/<int:pk>/assessments/approve/", views.assessments_bulk, name="assessments_bulk"),
    path("assessment/<int:pk>/", views.assessment, name="assessment"),
    path("assessment/<int:pk>/edit/", views.assessment_edit, name="assessment_edit"),
    path("assessment/<int:pk>/member/", views.assessment_member, name="assessment_member"),
    path("assessment/<int:pk>/act/", views.assessment_act, name="assessment_act"),
    # Campaign settings (issue 10 req. 1)
    path("settings/", campaign_views.settings_index, name="settings_index"),
    path("campaign/<int:pk>/settings/", campaign_views.settings, name="settings"),
    *(
        path(
            f"campaign/<int:pk>/settings/{kind}/add/",
            campaign_views.setting_add,
            {"kind": kind},
            name=f"{kind}_add",
        )
        for kind in campaign_views.SECTIONS
    ),
    *(
        path(
            f"settings/{kind}/<int:pk>/delete/",
            campaign_views.setting_delete,
            {"kind": kind},
            name=f"{kind}_delete",
        )
        for kind in campaign_views.SECTIONS
    ),
    path("settings/target/<int:pk>/edit/", campaign_views.target_edit, name="target_edit"),
    # Rectification (一村一策), postponements, economic audits, reserve cadres (issue 10 reqs. 4–6)
    path("campaign/<int:pk>/rectifications/", rv.rectifications, name="rectifications"),
    path("campaign/<int:pk>/rectifications/new/", rv.rectification_new, name="rectification_new"),
    path("rectification/<int:pk>/", rv.rectification, name="rectification"),
    path("rectification/<int:pk>/edit/", rv.rectification_edit, name="rectification_edit"),
    path("rectification/<int:pk>/act/", rv.rectification_act, name="rectification_act"),
    path("rectification/<int:pk>/tasks/new/", rv.task_new, name="rectification_task_new"),
    path("rectification/<int:pk>/postpone/", rv.postponement_new, name="postponement_new"),
    path("rectification-task/<int:pk>/", rv.task, name="rectification_task"),
    path("rectification-task/<int:pk>/edit/", rv.task_edit, name="rectification_task_edit"),
    path("rectification-task/<int:pk>/evidence/", rv.evidence_new, name="evidence_new"),
    path("evidence/<int:pk>/download/", rv.evidence, name="evidence"),
    path("evidence/<int:pk>/delete/", rv.evidence_delete, name="evidence_delete"),
    path("postponement/<int:pk>/", rv.postponement, name="postponement"),
    path("postponement/<int:pk>/edit/", rv.postponement_edit, name="postponement_edit"),
    path("postponement/<int:pk>/approval/", rv.postponement_approval, name="postponement_approval"),
    path("campaign/<int:pk>/econ-audits/", rv.econ_audits, name="econ_audits"),
    path("campaign/<int:pk>/econ-audits/new/", rv.econ_audit_new, name="econ_audit_new"),
    path("econ-audit/<int:pk>/", rv.econ_audit, name="econ_audit"),
    path("econ-audit/<int:pk>/edit/", rv.econ_audit_edit, name="econ_audit_edit"),
    path("reserves/<str:code>/", rv.reserves, name="reserves"),
    path("reserves/<str:code>/new/", rv.reserve_new, name="reserve_new"),
    path("reserve/<int:pk>/", rv.reserve, name="reserve"),
    path("reserve/<int:pk>/edit/", rv.reserve_edit, name="reserve_edit"),
]

urlpatterns += [
    path("assessment/<int:pk>/report/", assessment_report, name="assessment_report"),
    path("assessment/<int:pk>/report.pdf", assessment_pdf, name="assessment_pdf"),
    path("campaign/<int:pk>/completion/", completion, name="completion"),
    path("campaign/<int:pk>/completion/<str:code>/", completion_unit, name="completion_unit"),
]

# Personnel plans (issue 10 req. 7)
from huanjie.planning import plan_views  # noqa: E402

urlpatterns += [
    path("campaign/<int:pk>/plans/", plan_views.plans, name="plans"),
    path("campaign/<int:pk>/plans/new/", plan_views.plan_new, name="plan_new"),
    path("campaign/<int:pk>/plans/summary/", plan_views.plan_summary, name="plan_summary"),
    path(
        "campaign/<int:pk>/plans/summary/<str:code>/", plan_views.plan_summary_unit, name="plan_summary_unit"
    ),
    path("plan/<int:pk>/", plan_views.plan, name="plan"),
    path("plan/<int:pk>/preview/", plan_views.plan_preview, name="plan_preview"),
    path("plan/<int:pk>/seat/", plan_views.plan_seat, name="plan_seat"),
    path("plan/<int:pk>/seat/<int:seat_pk>/delete/", plan_views.plan_seat_delete, name="plan_seat_delete"),
    path("plan/<int:pk>/register/", plan_views.plan_register, name="plan_register"),
    path("plan/<int:pk>/act/", plan_views.plan_act, name="plan_act"),
    path("plan/<int:pk>/plan.pdf", plan_views.plan_pdf, name="plan_pdf"),
]

# Progress of the preparation (issue 10 req. 9)
from huanjie.planning import progress_views  # noqa: E402

urlpatterns += [
    path("campaign/<int:pk>/progress/", progress_views.progress, name="progress"),
    path("campaign/<int:pk>/progress/<str:code>/", progress_views.progress_unit, name="progress_unit"),
]

# Excel exports (issue 10 req. 10); imports go through the import kit (core, kinds planning_*).
urlpatterns += [
    path("campaign/<int:pk>/export/seats.xlsx", export_views.seats, name="export_seats"),
    path("campaign/<int:pk>/export/assessments.xlsx", export_views.assessments, name="export_assessments"),
    path("campaign/<int:pk>/export/member-views.xlsx", export_views.member_views, name="export_member_views"),
    path("campaign/<int:pk>/export/rectification-tasks.xlsx", export_views.tasks, name="export_tasks"),
    path("export/reserves.xlsx", export_views.reserves, name="export_reserves"),
    path("campaign/<int:pk>/export/plans.xlsx", export_views.plans, name="export_plans"),
]
