"""The access-control walker over the routes of training, the policy Q&A, the election-day checklist
and publicity only (the full walk is tests/test_access_control.py): every role, inside and outside."""

from __future__ import annotations

import pytest

from tests.apiclient import bearer
from tests.test_access_control import ANONYMOUS, Walker, all_routes, build_world

NAMESPACES = ("oversight_training", "oversight_qa", "oversight_checklist", "oversight_publicity")
ROLES = [
    "town_operator",
    "other_town_operator",
    "county_operator",
    "county_approver",
    "supervisor",
    "leader",
    "city_operator",
    "village_operator",
]


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


@pytest.mark.parametrize("role", ["town_operator", "county_operator", "city_operator"])
def test_no_hostile_value_on_these_pages_causes_a_server_error(role, cast, client):
    """tests/test_input_fuzz.py's fuzz on these pages, for the county and the city too, with the
    campaign picker's parameter."""
    from tests.test_input_fuzz import fuzz_page

    world = build_world(cast)
    client.force_login(cast[role])
    client.raise_request_exception = False
    walker = Walker(world, role, client, None)
    problems: list[str] = []
    pages = 0
    for route in all_routes():
        if route.namespace not in NAMESPACES or not route.has_get:
            continue
        inside = next((values for values, ok, _ in walker.fillings(route) if ok), None)
        if inside is None:
            continue
        pages += 1
        problems += fuzz_page(client, route.url(inside), extra_names=("campaign",))[1]
    assert pages >= 10
    assert not problems, "\n".join(problems[:40])
