"""Teaches the access-control walker core's routes: import jobs are private to their uploader."""

from __future__ import annotations

from huanjie.core.models import ImportJob
from huanjie.core.plugins import plugins
from tests.walker_kit import Fill, Obj, World


def import_kinds() -> list[str]:
    return [kind for _, plugin in plugins() for kind in plugin.importers]


def layout_codes() -> list[str]:
    from huanjie.core.layouts import kinds

    return sorted(kinds())


FILLS = [
    Fill("kind", namespace="import", values=import_kinds),
    # The reporting tables' layouts: one per table, deployment-wide; each city replaces its own.
    Fill("code", after=("layouts",), values=layout_codes),
    Fill("pk", "import_job", namespace="import"),
    Fill("job_pk", "import_job", "pk"),
]

# import:template lists the user's own units and puts its examples on them: it is checked for
# leaks like any other page (no FIXED_DOCUMENTS exemption).
FIXED_DOCUMENTS: dict[str, str] = {}


def populate(world: World) -> None:
    out = []
    for role in ("town_operator", "other_town_operator"):
        job = ImportJob.objects.create(
            kind="roster",
            actor=world.cast[role],
            file_name=f"{role}.xlsx",
            file_digest="0" * 64,
            file_data=b"",
            status=ImportJob.Status.INVALID,
        )
        out.append(Obj("import_job", job.file_name, {"pk": job.pk}, owner=role))
    world.objects["import_job"] = out
