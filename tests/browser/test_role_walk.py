"""Issue 9 requirement 12: the demo's operators walk their pages (the walk: tests/browser/walk.py).

The roles are split over two files (tests/browser/test_role_walk_others.py)."""

from __future__ import annotations

import pytest

from tests.browser.walk import ROLES, walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


OPERATORS = ["city_operator", "county_operator", "town_operator", "village_operator"]


@pytest.mark.parametrize("role", OPERATORS)
def test_operator_walks_its_pages(live_server, browser, tmp_path, role):
    walk(live_server, browser, tmp_path, ROLES[role], role)
