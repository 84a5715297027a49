"""Teaches the access-control walker the voter-roll routes: in every leaf unit of the world a
published roll with one entry and one pending objection, and a duplicate registration between the
two villages of one town (queued at the town)."""

from __future__ import annotations

import datetime as dt

from huanjie.core import crypto
from huanjie.elections.models import RollConflict, RollEntry, RollObjection, VoterRoll
from huanjie.people.conflicts import lowest_common_level
from huanjie.rules.ids import make_citizen_id, mask_citizen_id
from tests.walker_kit import Fill, Obj, World

FILLS = [
    Fill("pk", "voter_roll", namespace="elections_roll", after=("roll",)),
    Fill("pk", "roll_conflict", namespace="elections_roll", after=("conflicts",)),
    Fill("entry", "voter_roll", attr="entry", namespace="elections_roll", after=("entries",)),
    Fill("objection", "voter_roll", attr="objection", namespace="elections_roll", after=("objections",)),
    # the read-only roll API (/api/elections/roll/rolls/{pk}/entries; the election's entries are
    # filled by the procedure area's api election rule)
    Fill("pk", "voter_roll", namespace="api", after=("rolls",)),
]

INSIDE_NOT_FOUND_OK: dict[str, str] = {}


def populate_roll(world: World) -> None:
    rolls, entries_by_leaf = [], {}
    for n, leaf in enumerate(world.shared["leaves"], start=1):
        roll = VoterRoll.objects.create(
            unit=leaf,
            voting_day=dt.date(2026, 3, 20),
            state="published",
            published_on=dt.date(2026, 2, 28),
        )
        number = make_citizen_id("329901", dt.date(1980, 1, 1), 2 * n + 1)
        entry = RollEntry.objects.create(
            roll=roll,
            name=f"选民{leaf.name}",
            id_cipher=crypto.encrypt(number),
            id_index=crypto.blind_index(number),
            id_masked=mask_citizen_id(number),
            sex="M",
            birth_date=dt.date(1980, 1, 1),
            group="第一村民小组",
            category="hukou_resident",
            registered_on=dt.date(2026, 2, 1),
            law_code="village-2025",
        )
        objection = RollObjection.objects.create(
            roll=roll, objector="申诉人", kind="omitted", content="漏登", filed_on=dt.date(2026, 3, 1)
        )
        entries_by_leaf[leaf.pk] = entry
        rolls.append(
            Obj(
                "voter_roll",
                roll.unit.name,
                {"pk": roll.pk, "entry": entry.pk, "objection": objection.pk},
                leaf.path,
            )
        )
    world.objects["voter_roll"] = rolls
    cast = world.cast
    a, b = entries_by_leaf[cast.village.pk], entries_by_leaf[cast.village2.pk]
    level = lowest_common_level([cast.village.path, cast.village2.path])
    c = RollConflict.objects.create(id_index=a.id_index, entry_a=a, entry_b=b, level_path=level)
    world.objects["roll_conflict"] = [Obj("roll_conflict", "重复登记", {"pk": c.pk}, level)]
