"""Teaches the access-control walker the village dossiers' routes (issue 15 req. 5): unit codes come
from org's generic rule, a village's PDF takes the leaves of both cities, a campaign report the
units above them; a finished report job each for the town operator and the other town's, private to
its requester like an import job."""

from __future__ import annotations

from huanjie.core import crypto
from tests.planning.walker import published_campaign
from tests.walker_kit import Fill, Obj, World

FILLS_DOSSIER = [
    Fill("pk", "report_job", namespace="stats_dossier", after=("job",)),
    # one village's PDF takes a village or community (org's generic rule would give any unit)
    Fill("code", "dossier_village", "code", namespace="stats_dossier", after=("village",)),
    # the campaign report takes a town, county or city
    Fill("code", "dossier_area", "code", namespace="stats_dossier", after=("area",)),
]


def populate_dossier(world: World) -> None:
    from huanjie.stats.models import ReportJob

    world.objects["dossier_village"] = [
        Obj("dossier_village", leaf.name, {"code": leaf.code}, leaf.path) for leaf in world.shared["leaves"]
    ]
    world.objects["dossier_area"] = [
        Obj("dossier_area", o.label, o.values, o.path) for o in world.objects["unit"] if len(o.path) < 12
    ]
    published_campaign(world.cast.city)
    out = []
    for role, town in (("town_operator", world.cast.town), ("other_town_operator", world.cast.town_b)):
        user = world.cast[role]
        job = ReportJob.objects.create(
            unit=town,
            campaign=published_campaign(world.cast.city),
            actor=user,
            status=ReportJob.Status.DONE,
            total=1,
            done=1,
            file_name=f"报告任务{role}.zip",
            file_data=crypto.encrypt_bytes(b"PK\x05\x06" + b"\x00" * 18),
            file_size=22,
        )
        out.append(Obj("report_job", job.file_name, {"pk": job.pk}, town.path, owner=role))
    world.objects["report_job"] = out
