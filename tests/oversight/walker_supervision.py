"""Teaches the access-control walker supervision (issue 14 req. 4).

The cast's supervisor serves on a group of 柳林区 (329902) assigned 柳林区 — his JURISDICTION in the
walker — so the walk proves that his reach is his group's: findings, visits and evidence of the
other county and of the other city answer 404. A second group (of 清河县, assigned 青石镇) has its
own member, and a third belongs to the other city."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from huanjie.org.models import OrgUnit
from huanjie.oversight.models import (
    Finding,
    FindingFile,
    SupervisionArea,
    SupervisionGroup,
    SupervisionMember,
    SupervisionVisit,
    VisitCheck,
)
from huanjie.planning import rectification_files as files
from tests.factories import user_with_role
from tests.planning.walker import published_campaign
from tests.walker_kit import Fill, Obj, World

FILLS = [
    Fill("pk", "oversight_group", namespace="oversight_supervision", after=("group",)),
    Fill("pk", "oversight_visit", namespace="oversight_supervision", after=("visit",)),
    Fill("pk", "oversight_finding", namespace="oversight_supervision", after=("finding",)),
    Fill("pk", "oversight_finding_file", namespace="oversight_supervision", after=("file",)),
]

PDF = b"%PDF-1.4 walker evidence"


def populate(world: World) -> None:
    cast = world.cast
    other_city = OrgUnit.objects.get(code="329800000000")
    north = next(u for u in world.shared["leaves"] if u.path.startswith(other_city.path))
    north_town = OrgUnit.objects.get(path=north.path[:9])
    north_county = OrgUnit.objects.get(path=north.path[:6])
    other_member = user_with_role("supervisor_qh", "supervisor", cast.county)
    far_member = user_with_role("supervisor_far", "supervisor", other_city)
    # (formed by, area, visited unit, leaves with a finding, member)
    plan = [
        (cast.county2, cast.county2, cast.street, [cast.community], cast["supervisor"]),
        (cast.county, cast.town, cast.town, [cast.village, cast.village2], other_member),
        (north_county, north_county, north_town, [north], far_member),
    ]
    groups, visits, findings, evidence = [], [], [], []
    for i, (former, area, visited, leaves, member) in enumerate(plan):
        city = OrgUnit.objects.get(path=former.path[:4])
        g = SupervisionGroup.objects.create(
            campaign=published_campaign(city), formed_by=former, name=f"第{i + 1}督导组", kind="direct"
        )
        SupervisionMember.objects.create(group=g, user=member, is_leader=True)
        SupervisionArea.objects.create(group=g, unit=area)
        groups.append(Obj("oversight_group", g.name, {"pk": g.pk}, former.path))
        v = SupervisionVisit.objects.create(
            group=g,
            unit=visited,
            visited_on=dt.date(2026, 3, 2),
            places="镇党委、村委会",
            checked="查阅换届资料",
            recorded_at=timezone.now(),
            recorded_by=member,
        )
        VisitCheck.objects.create(visit=v, order=1, item="选民登记及公告", result="problem")
        visits.append(Obj("oversight_visit", str(v.pk), {"pk": v.pk}, visited.path))
        for leaf in leaves:
            f = Finding.objects.create(
                visit=v,
                group=g,
                unit=leaf,
                category="procedure",
                severity="general",
                description="选民名单未按时公告",
                rectify_by=dt.date(2026, 3, 10),
                found_on=dt.date(2026, 3, 2),
                recorded_by=member,
            )
            findings.append(Obj("oversight_finding", str(f.pk), {"pk": f.pk}, leaf.path))
            ff = FindingFile.objects.create(
                finding=f,
                stage="finding",
                file_name="现场照片.pdf",
                content_type="application/pdf",
                size=len(PDF),
                digest="0" * 64,
                stored=files.store(PDF),
                uploaded_at=timezone.now(),
                uploaded_by=str(member),
            )
            evidence.append(Obj("oversight_finding_file", ff.file_name, {"pk": ff.pk}, leaf.path))
    world.objects["oversight_group"] = groups
    world.objects["oversight_visit"] = visits
    world.objects["oversight_finding"] = findings
    world.objects["oversight_finding_file"] = evidence
