"""Teaches the access-control walker the org tree's routes, and builds a second city outside every
jurisdiction."""

from __future__ import annotations

from tests.factories import unit
from tests.walker_kit import Fill, Obj, World

FILLS = [
    Fill("pk", "unit", after=("unit", "units")),
    Fill("pk", "unit", namespace="org"),
    Fill("code", "unit", "code"),
    Fill("unit_code", "unit", "code"),
    Fill("unit_pk", "unit", "pk"),
]

INSIDE_NOT_FOUND_OK = {
    "org:unit_create": "a village or community has no child units: 新建下级 under a leaf is 404",
}


def populate(world: World) -> None:
    cast = world.cast
    other_city = unit("329800000000", "city", "西岭市")
    other_county = unit("329801000000", "county", "松山县", other_city)
    other_town = unit("329801001000", "town", "石门镇", other_county)
    north = unit("329801001201", "village", "北村", other_town)
    all_units = [
        cast.city,
        cast.county,
        cast.county2,
        cast.town,
        cast.town_b,
        cast.street,
        cast.village,
        cast.village2,
        cast.village_b,
        cast.community,
        other_city,
        other_county,
        other_town,
        north,
    ]
    for u in all_units:
        world.unit_names[u.path] = u.name
        world.unit_codes[u.path] = u.code
    # Units used to fill routes: leaves and towns on both sides of every border.
    fill_units = [cast.village, cast.town, cast.village_b, cast.town_b, cast.community, north]
    world.objects["unit"] = [Obj("unit", u.name, {"code": u.code, "pk": u.pk}, u.path) for u in fill_units]
    world.shared["leaves"] = [cast.village, cast.village2, cast.village_b, cast.community, north]
