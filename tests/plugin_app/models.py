from django.db import models

from huanjie.core.scoping import ScopedManager


class Note(models.Model):
    """A working note about a unit (test-only): scoped by the unit's path like every business record."""

    unit_path = models.CharField(max_length=12)
    title = models.CharField(max_length=100)

    objects = ScopedManager()
    scope_path_field = "unit_path"
    scope_domain = "notes"

    def __str__(self) -> str:
        return self.title
