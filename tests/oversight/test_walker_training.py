"""The access-control walker over the routes of training, the policy Q&A, the election-day checklist
and publicity only (the full walk is tests/test_access_control.py): every role, inside and outside."""

from __future__ import annotations

import pytest

from tests.apiclient import bearer
from tests.test_access_control import ANONYMOUS, Walker, all_routes, build_world

NAMESPACES = ("oversight_training", "oversight_qa", "oversight_checklist", "oversight_publicity")
ROLES = ["town_operator", "other_town_operator", "county_operator", "supervisor", "leader", "city_operator"]


@pytest.mark.parametrize("role", [*ROLES, ANONYMOUS])
def test_oversight_routes_respect_the_jurisdiction(role, cast, client):
    world = build_world(cast)
    token = None
    if role != ANONYMOUS:
        client.force_login(cast[role])
        token = bearer(cast[role], name="walker")
    walker = Walker(world, role, client, token)
    routes = [r for r in all_routes() if r.namespace in NAMESPACES]
    assert len(routes) >= 20
    for route in routes:
        walker.walk_route(route)
    assert not walker.problems, "\n".join(walker.problems)
