from django.apps import AppConfig


class WorkflowAppConfig(AppConfig):
    """A test-only app whose records travel core's workflow, wired by nothing but INSTALLED_APPS."""

    name = "tests.workflow_app"
    label = "workflow_app"
    default_auto_field = "django.db.models.BigAutoField"
