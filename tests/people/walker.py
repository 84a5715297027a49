"""Teaches the access-control walker the person registry's routes: a person, a seat and a committee
in every leaf unit (one in a second city), a seat and a relative across a border."""

from __future__ import annotations

import datetime as dt

from huanjie.core import crypto
from huanjie.people.models import CommitteeChange, CommitteeChangeItem, RegistrationConflict, Relation
from tests.factories import PersonFactory, seat
from tests.walker_kit import Fill, Obj, World

FILLS = [
    Fill("pk", "conflict", after=("conflicts",)),
    Fill("pk", "change", after=("changes",)),
    Fill("pk", "tenure", after=("tenure", "tenures")),
    Fill("pk", "committee", after=("committee", "committees")),
    Fill("pk", "person", after=("person", "persons")),
    Fill("pk", "person", namespace="people"),  # people/<pk>/…
    Fill("person_pk", "person", "pk"),
    Fill("person_id", "person", "pk"),
    Fill("tenure_pk", "tenure", "pk"),
    Fill("committee_pk", "committee", "pk"),
    Fill("change_pk", "change", "pk"),
]

PERSON_NAMES = {
    "329901001201": "钱东升",  # 东村 (青石镇)
    "329901001202": "孙西平",  # 西村 (青石镇)
    "329901002201": "周南山",  # 南村 (白沙镇)
    "329902001001": "吴和安",  # 和平社区 (云溪街道, 柳林区)
    "329801001201": "郑北辰",  # 北村 (a second city, outside everyone's jurisdiction)
}


def populate(world: World) -> None:
    cast = world.cast
    persons, tenures, committees, persons_obj = [], [], [], []
    for leaf in world.shared["leaves"]:
        p = PersonFactory(name=PERSON_NAMES[leaf.code], domicile_unit=leaf, birth_date=dt.date(1972, 5, 6))
        world.person_names[p.name] = leaf.path
        kind = "residents_committee" if leaf.level == "community" else "villagers_committee"
        t = seat(p, leaf, kind, "chair")
        world.seats[p.name] = [leaf.path]
        world.full_ids.append(crypto.decrypt(p.id_cipher))
        persons_obj.append(p)
        persons.append(Obj("person", p.name, {"pk": p.pk}, leaf.path))
        tenures.append(Obj("tenure", f"{p.name}的任职", {"pk": t.pk}, leaf.path))
        committees.append(Obj("committee", str(t.committee), {"pk": t.committee_id}, leaf.path))
    # A change set proposed in every leaf unit (待乡镇确认): the chair resigns (issue 9 req. 11). Its
    # page and the town's confirm/return route are walked inside and outside each jurisdiction.
    changes = []
    for p, t, leaf in zip(
        persons_obj, [o.values["pk"] for o in tenures], world.shared["leaves"], strict=True
    ):
        change = CommitteeChange.objects.create(
            org_unit=leaf, change_date=dt.date(2026, 3, 2), proposed_by=cast["village_operator"]
        )
        CommitteeChangeItem.objects.create(
            change=change,
            action="end",
            committee_kind="residents_committee" if leaf.level == "community" else "villagers_committee",
            post="chair",
            person=p,
            tenure_id=t,
            cause="resigned",
            body="villagers_meeting",
        )
        changes.append(Obj("change", f"{leaf.name}的班子成员变动", {"pk": change.pk}, leaf.path))
    world.objects["change"] = [o for o in changes if o.path != cast.village2.path]
    world.objects["person"] = [o for o in persons if o.path != cast.village2.path]
    world.objects["tenure"] = [o for o in tenures if o.path != cast.village2.path]
    world.objects["committee"] = [o for o in committees if o.path != cast.village2.path]
    # A seat across a border: 钱东升 (domiciled in 东村) also sits on 南村's committee. Lists of persons
    # in 青石镇 may show 钱东升 but not that 南村 tenure.
    cross = seat(persons_obj[0], cast.village_b, "supervision_committee", "supervision_member")
    world.objects["tenure"].append(Obj("tenure", "钱东升在南村的任职", {"pk": cross.pk}, cast.village_b.path))
    world.seats[persons_obj[0].name].append(cast.village_b.path)
    # Relatives across borders: a person's page must not reveal a relative outside the viewer's scope.
    east, south = persons[0].values["pk"], persons[2].values["pk"]
    Relation.objects.create(person_a_id=south, person_b_id=east, kind="sibling")
    # Registration conflicts (hardening issue 7): one for 清河县 (周南山 of 南村 to sit in 东村), seen
    # and decided at the county level and above; one for the whole province (郑北辰 of the second
    # city), outside everyone's jurisdiction.
    south_person, north_person = persons_obj[2], persons_obj[4]
    for person, other, level in (
        (south_person, cast.village_b, "329901"),
        (north_person, persons_obj[4].domicile_unit, "32"),
    ):
        c = RegistrationConflict.objects.create(
            person=person,
            unit=cast.village,
            other_unit=other,
            level_path=level,
            committee_kind="party_org",
            post="party_member",
            term_number=11,
            start_date=dt.date(2021, 3, 1),
            raised_by=cast["village_operator"],
        )
        world.objects.setdefault("conflict", []).append(
            Obj("conflict", f"{person.name}的登记冲突", {"pk": c.pk}, level)
        )
