from django.urls import path

from huanjie.accounts import console_views as admin_views

app_name = "console"

urlpatterns = [
    path("audit/", admin_views.audit, name="audit"),
    path("audit/verify/", admin_views.audit_verify, name="audit_verify"),
    path("audit/export/", admin_views.audit_export, name="audit_export"),
    path("audit/pick/units/", admin_views.audit_units, name="audit_units"),
    path("audit/pick/accounts/", admin_views.audit_accounts, name="audit_accounts"),
    path("accounts/", admin_views.accounts, name="accounts"),
    path("accounts/export/", admin_views.accounts_export, name="accounts_export"),
    path("accounts/<int:pk>/", admin_views.account, name="account"),
    path("accounts/<int:pk>/active/", admin_views.account_active, name="account_active"),
    path("accounts/<int:pk>/reset/", admin_views.account_reset, name="account_reset"),
    path("resets/", admin_views.resets, name="resets"),
    path("resets/audit/", admin_views.resets_audit, name="resets_audit"),
    path("roles/", admin_views.roles, name="roles"),
    path("roles/export/", admin_views.roles_export, name="roles_export"),
    path("roles/pick/units/", admin_views.roles_units, name="roles_units"),
    path("roles/pick/accounts/", admin_views.roles_accounts, name="roles_accounts"),
    path("roles/<int:pk>/revoke/", admin_views.role_revoke, name="role_revoke"),
]
