"""Teaches the access-control walker the reporting tables (issue 15 req. 4) and the signed roll-up
(req. 6): every table for the cities, counties and towns on both sides of every border; the roll-up
export of both cities; an imported roll-up held by each city."""

from __future__ import annotations

import datetime as dt

from huanjie.org.models import OrgUnit
from huanjie.stats import rollup_services
from huanjie.stats.models import ImportedRollup
from huanjie.stats.tables_kinds import KINDS
from tests.walker_kit import Fill, Obj, World

FILLS = [
    Fill("kind", namespace="stats_tables", values=lambda: [k.code for k in KINDS]),
    Fill("code", "stats_table_unit", "code", namespace="stats_tables"),
    Fill("code", "stats_rollup_city", "code", namespace="stats_reports"),
    Fill("pk", "stats_rollup", namespace="stats_reports", after=("rollup",)),
]


def populate(world: World) -> None:
    cast = world.cast
    other_city = OrgUnit.objects.get(code="329800000000")
    others = list(OrgUnit.objects.filter(path__startswith=other_city.path, level__in=("county", "town")))
    units = [cast.city, cast.county, cast.county2, cast.town, cast.town_b, cast.street, other_city, *others]
    world.objects["stats_table_unit"] = [
        Obj("stats_table_unit", u.name, {"code": u.code}, u.path) for u in units
    ]
    world.objects["stats_rollup_city"] = [
        Obj("stats_rollup_city", c.name, {"code": c.code}, c.path) for c in (cast.city, other_city)
    ]
    on = dt.date(2026, 6, 1)
    for city in (cast.city, other_city):
        if city == cast.city:
            payload = rollup_services.build_payload(cast["city_operator"], city, on)
        else:
            payload = rollup_services.assemble(city, None, on, {}, [])
        row = ImportedRollup.objects.create(
            held_at=city.path,
            city_code=city.code,
            city_name=city.name,
            figures_on=on,
            generated_at=dt.datetime(2026, 6, 1, 8, tzinfo=dt.UTC),
            key_id=city.path,
            digest=f"{city.path:0<64}",
            payload=payload,
            imported_by="walker",
        )
        world.objects.setdefault("stats_rollup", []).append(
            Obj("stats_rollup", str(row), {"pk": row.pk}, city.path)
        )
