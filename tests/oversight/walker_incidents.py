"""Teaches the access-control walker the incident reports (issue 14 req. 3): a report at every leaf
of both cities, each with a follow-up."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from huanjie.org.models import OrgUnit
from huanjie.oversight.models import Incident, IncidentUpdate
from tests.planning.walker import published_campaign
from tests.walker_kit import Fill, Obj, World

FILLS = [Fill("pk", "oversight_incident", namespace="oversight_incidents")]


def populate(world: World) -> None:
    reporter = world.cast["town_operator"]
    at = timezone.now() - dt.timedelta(hours=30)
    objs = []
    for i, leaf in enumerate(world.shared["leaves"]):
        city = OrgUnit.objects.get(path=leaf.path[:4])
        r = Incident.objects.create(
            campaign=published_campaign(city),
            unit=leaf,
            title=f"报送事件{i + 1}",
            category="mass",
            severity="general",
            severity_label="一般",
            severity_rank=4,
            ack_hours=24,
            occurred_at=at,
            summary="群众聚集反映选民登记问题",
            reported_at=at,
            reported_by=reporter,
            ack_due_at=at + dt.timedelta(hours=24),
        )
        IncidentUpdate.objects.create(
            incident=r, kind="follow_up", text="已劝离", at=at, by=reporter, by_name=str(reporter)
        )
        objs.append(Obj("oversight_incident", r.title, {"pk": r.pk}, leaf.path))
    world.objects["oversight_incident"] = objs
