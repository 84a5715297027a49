"""Issue 9 requirement 12: the demo's approver, joint-review user, supervisor, leader and the three
administrators walk their pages (the walk: tests/browser/walk.py)."""

from __future__ import annotations

import pytest

from tests.browser.walk import ROLES, walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OTHERS = [
    "county_approver",
    "vetting",
    "supervisor",
    "civil_affairs",
    "leader",
    "sysadmin",
    "secadmin",
    "auditadmin",
]


def test_every_demo_role_is_walked():
    from tests.browser.test_role_walk import OPERATORS

    assert sorted(OPERATORS + OTHERS) == sorted(ROLES)


@pytest.mark.parametrize("role", OTHERS)
def test_role_walks_its_pages(live_server, browser, tmp_path, role):
    walk(live_server, browser, tmp_path, ROLES[role], role)
