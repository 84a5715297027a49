"""The access walker over the results routes only (pages and API): every role, inside and outside
the jurisdiction (the full walk over every app is tests/test_access_control.py)."""

from __future__ import annotations

import pytest

from tests.apiclient import bearer
from tests.test_access_control import ANONYMOUS, CAST_ROLES, Walker, all_routes, build_world

pytestmark = pytest.mark.django_db


def results_routes():
    return [
        r
        for r in all_routes()
        if r.namespace == "elections_results" or (r.namespace.startswith("api") and "results/" in r.route)
    ]


def test_the_walk_covers_the_pages_and_the_api():
    names = {r.qualified_name for r in results_routes()}
    assert "elections_results:round" in names and "elections_results:verify" in names
    assert any("rounds" in r.route for r in results_routes() if r.is_api)


@pytest.mark.parametrize("role", [*CAST_ROLES, ANONYMOUS])
def test_the_results_routes_respect_the_jurisdiction(role, cast, client):
    world = build_world(cast)
    token = None
    if role != ANONYMOUS:
        user = world.cast[role]
        client.force_login(user)
        token = bearer(user, name="results walker")
    walker = Walker(world, role, client, token)
    for route in results_routes():
        walker.walk_route(route)
    assert walker.requests > 5
    assert not walker.problems, "\n".join(walker.problems)
