"""The access walker over the structure routes only: every role, inside and outside the
jurisdiction (the full walk over every app is tests/test_access_control.py)."""

from __future__ import annotations

import pytest

from tests.apiclient import bearer
from tests.test_access_control import ANONYMOUS, CAST_ROLES, Walker, all_routes, build_world

pytestmark = pytest.mark.django_db


def structure_routes():
    return [r for r in all_routes() if r.namespace == "stats_structure"]


def test_the_walk_covers_the_pages():
    names = {r.qualified_name for r in structure_routes()}
    assert names == {
        "stats_structure:index",
        "stats_structure:unit",
        "stats_structure:print",
        "stats_structure:drill",
    }


@pytest.mark.parametrize("role", [*CAST_ROLES, ANONYMOUS])
def test_the_structure_routes_respect_the_jurisdiction(role, cast, client):
    world = build_world(cast)
    token = None
    if role != ANONYMOUS:
        user = world.cast[role]
        client.force_login(user)
        token = bearer(user, name="structure walker")
    walker = Walker(world, role, client, token)
    for route in structure_routes():
        walker.walk_route(route)
    assert walker.requests > 3
    assert not walker.problems, "\n".join(walker.problems)
