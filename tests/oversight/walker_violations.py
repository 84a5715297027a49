"""Teaches the access-control walker the violations register (三个一律, issue 14 req. 5): in every
leaf unit of both cities (under its city's published campaign), a case with a person concerned,
an evidence file, an accountability record and a consequence row."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from huanjie.org.models import OrgUnit
from huanjie.oversight.models import (
    ViolationAccountability,
    ViolationCase,
    ViolationConsequence,
    ViolationFile,
    ViolationParty,
)
from huanjie.planning import rectification_files as files
from tests.planning.walker import published_campaign
from tests.walker_kit import Fill, Obj, World

FILLS_VIOLATIONS = [
    Fill("pk", "oversight_violation_file", namespace="oversight_violations", after=("file",)),
    Fill("pk", "oversight_violation", namespace="oversight_violations"),
]

PDF = b"%PDF-1.4 walker violation evidence"


def populate_violations(world: World) -> None:
    recorder = world.cast["town_operator"]
    cases, evidence = [], []
    for leaf in world.shared["leaves"]:
        city = OrgUnit.objects.get(path=leaf.path[:4])
        c = ViolationCase.objects.create(
            campaign=published_campaign(city),
            unit=leaf,
            kind="bribery",
            summary=f"反映{leaf.name}有人以钱物拉票",
            registered_on=dt.date(2026, 3, 2),
            investigating_body="township_government",
            due_on=dt.date(2026, 4, 1),
            state_due=dt.date(2026, 4, 1),
            recorded_by=recorder,
        )
        party = ViolationParty.objects.create(case=c, name="涉案人", role="official")
        a = ViolationAccountability.objects.create(
            case=c,
            name="涉案人",
            position="驻村干部",
            measure="admonish",
            decided_by="县纪委",
            document_no="纪〔2026〕1号",
            decided_on=dt.date(2026, 3, 20),
            recorded_by=str(recorder),
        )
        ViolationConsequence.objects.create(
            case=c,
            kind="accountability",
            party=party,
            accountability=a,
            text="诫勉",
            carried_by=str(recorder),
        )
        f = ViolationFile.objects.create(
            case=c,
            file_name="证据.pdf",
            content_type="application/pdf",
            size=len(PDF),
            digest="0" * 64,
            stored=files.store(PDF),
            uploaded_at=timezone.now(),
            uploaded_by=str(recorder),
        )
        cases.append(Obj("oversight_violation", f"violation {leaf.name}", {"pk": c.pk}, leaf.path))
        evidence.append(Obj("oversight_violation_file", f.file_name, {"pk": f.pk}, leaf.path))
    world.objects["oversight_violation"] = cases
    world.objects["oversight_violation_file"] = evidence
