"""Teaches the access-control walker the routes of training, the policy Q&A, the election-day
checklist and publicity (issue 14 reqs. 6-8): in every leaf unit of the cast's city and of the
second city (under its own published campaign), a town-held training session attended by the town's
roster official, an education upgrade, a policy question, a checked checklist item with evidence, a
publicity task and a public-opinion event. Texts name no unit (the FAQ is city-wide by design)."""

from __future__ import annotations

import datetime as dt

from huanjie.elections.models import Election
from huanjie.org.models import OrgUnit
from huanjie.oversight.models import (
    ChecklistCheck,
    ChecklistItem,
    EducationUpgrade,
    OpinionEvent,
    PolicyQuestion,
    PublicityTask,
    TrainingAttendance,
    TrainingOfficial,
    TrainingSession,
)
from huanjie.people.models import Person
from huanjie.planning import rectification_files as files
from tests.planning.walker import published_campaign as _campaign
from tests.walker_kit import Fill, Obj, World

FILLS_TRAINING = [
    Fill("pk", "training_session", namespace="oversight_training", after=("session",)),
    Fill("pk", "education_upgrade", namespace="oversight_training", after=("upgrade",)),
    Fill("pk", "policy_question", namespace="oversight_qa", after=("question",)),
    Fill("pk", "oversight_election", namespace="oversight_checklist", after=("election",)),
    Fill("item", "checklist_item", namespace="oversight_checklist", after=("item",)),
    Fill("pk", "checklist_check", namespace="oversight_checklist", after=("evidence",)),
    Fill("pk", "publicity_task", namespace="oversight_publicity", after=("task",)),
    Fill("pk", "opinion_event", namespace="oversight_publicity", after=("opinion",)),
]


def _add(world: World, kind: str, label: str, pk: int, path: str) -> None:
    world.objects.setdefault(kind, []).append(Obj(kind, label, {"pk": pk}, path))


def populate_training(world: World) -> None:
    items: dict[int, ChecklistItem] = {}
    towns_done: set[int] = set()
    for n, leaf in enumerate(world.shared["leaves"], start=1):
        city = OrgUnit.objects.get(path=leaf.path[:4])
        c = _campaign(city)
        town = leaf.parent
        if c.pk not in items:
            items[c.pk] = ChecklistItem.objects.create(campaign=c, title="测温登记", needs_evidence=True)
            world.objects.setdefault("checklist_item", []).append(
                Obj(
                    "checklist_item",
                    "测温登记",
                    {"item": items[c.pk].pk, "pk": items[c.pk].pk},
                    city.path,
                    deployment_wide=True,  # a campaign-wide item: the election decides the scope
                )
            )
        if town.pk not in towns_done:
            towns_done.add(town.pk)
            s = TrainingSession.objects.create(
                campaign=c, unit=town, level="town", title="换届业务培训", held_on=dt.date(2026, 1, 10)
            )
            o = TrainingOfficial.objects.create(campaign=c, town=town, name=f"工作人员{n}", post="组织委员")
            TrainingAttendance.objects.create(session=s, official=o, unit=town)
            _add(world, "training_session", f"session of town of {leaf.name}", s.pk, town.path)
        person = Person.objects.filter(domicile_unit=leaf).first()
        if person is not None:
            u = EducationUpgrade.objects.create(
                campaign=c,
                person=person,
                unit=leaf,
                programme="开放大学大专",
                enrolled_on=dt.date(2025, 9, 1),
            )
            _add(world, "education_upgrade", f"upgrade {leaf.name}", u.pk, leaf.path)
        q = PolicyQuestion.objects.create(
            campaign=c,
            town=town,
            topic="procedure",
            text="另行选举的候选人如何确定？",
            asked_by="镇操作员",
            answer="按得票多少的顺序确定。",
            answered_by="县操作员",
            answered_at=dt.datetime(2026, 1, 12, 9, tzinfo=dt.UTC),
            published=True,
        )
        _add(world, "policy_question", f"question of town of {leaf.name}", q.pk, town.path)
        e = Election.objects.filter(unit=leaf, campaign=c).first() or Election.objects.create(
            campaign=c, unit=leaf, body="committee", election_day=dt.date(2026, 3, 20)
        )
        _add(world, "oversight_election", f"election {leaf.name}", e.pk, leaf.path)
        ch = ChecklistCheck.objects.create(
            election=e,
            item=items[c.pk],
            done=True,
            recorded_by="镇操作员",
            evidence_name="测温记录.pdf",
            evidence_stored=files.store(b"%PDF-1.4\n"),
        )
        _add(world, "checklist_check", f"check {leaf.name}", ch.pk, leaf.path)
        t = PublicityTask.objects.create(
            campaign=c, owner=town, title="张贴换届公告", deadline=dt.date(2026, 2, 1)
        )
        _add(world, "publicity_task", f"task of town of {leaf.name}", t.pk, town.path)
        ev = OpinionEvent.objects.create(
            campaign=c,
            unit=leaf,
            source="network",
            occurred_on=dt.date(2026, 2, 3),
            summary="网帖反映选民登记遗漏",
            respond_by=dt.date(2026, 2, 6),
        )
        _add(world, "opinion_event", f"opinion {leaf.name}", ev.pk, leaf.path)
