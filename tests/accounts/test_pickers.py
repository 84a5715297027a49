"""Issue 9, requirement 9: pickers, not codes. The consoles' account and unit fields search the
server (at most PICK_LIMIT matches, the unit shown as 县 › 乡镇 › 村 with its code); only the
administrators whose page has the picker may call its search."""

from __future__ import annotations

import pytest
from django.urls import reverse

from huanjie.accounts import console_views
from huanjie.accounts.console_selectors import account_search, unit_search
from huanjie.core.api_params import SEARCH_MAX
from tests.factories import unit

pytestmark = pytest.mark.django_db

UNIT_ROUTES = ("console:roles_units", "console:audit_units")
ACCOUNT_ROUTES = ("console:roles_accounts", "console:audit_accounts")
WHO_MAY = {
    "console:roles_units": "secadmin",
    "console:roles_accounts": "secadmin",
    "console:audit_units": "auditadmin",
    "console:audit_accounts": "auditadmin",
}


@pytest.mark.parametrize("route", UNIT_ROUTES)
def test_unit_search_shows_the_path_and_the_code(client, cast, route):
    client.force_login(cast[WHO_MAY[route]])
    html = client.get(reverse(route), {"q": "青石"}).content.decode()
    assert 'data-hj-pick="329901001000"' in html
    assert "清河县 › 青石镇" in html and "329901001000" in html
    assert "白沙镇" not in html  # only matches
    # By code too, and a village reads with its county and town.
    html = client.get(reverse(route), {"q": "329901001201"}).content.decode()
    assert "清河县 › 青石镇 › 东村" in html
    assert html.count("data-hj-pick=") == 1


def test_the_search_box_that_asks_is_read(client, cast):
    client.force_login(cast["secadmin"])
    html = client.get(reverse("console:roles_units"), {"unit_code_search": "白沙"}).content.decode()
    assert 'data-hj-pick="329901002000"' in html and "青石镇" not in html


def test_empty_search_lists_the_first_units_bounded(client, cast, monkeypatch):
    monkeypatch.setattr(console_views, "PICK_LIMIT", 3)
    client.force_login(cast["secadmin"])
    html = client.get(reverse("console:roles_units"), {"q": ""}).content.decode()
    assert html.count("data-hj-pick=") == 3
    assert "仅列出前" in html


def test_inactive_units_are_not_offered(client, cast):
    cast.village2.is_active = False
    cast.village2.save(update_fields=["is_active"])
    client.force_login(cast["secadmin"])
    html = client.get(reverse("console:roles_units"), {"q": "西村"}).content.decode()
    assert "data-hj-pick=" not in html and "没有找到匹配项" in html


def test_at_most_the_limit_of_matches(cast, settings):
    for i in range(30):
        unit(f"3299010012{i + 10:02d}", "village", f"新村{i}", cast.town)
    picks, more = unit_search(cast["secadmin"], "新村", 20)
    assert len(picks) == 20 and more
    picks, more = unit_search(cast["secadmin"], "新村2", 20)
    assert {p.label.rsplit(" › ", 1)[1] for p in picks} == {"新村2", *(f"新村{i}" for i in range(20, 30))}
    assert not more


@pytest.mark.parametrize("route", UNIT_ROUTES + ACCOUNT_ROUTES)
def test_overlong_search_is_refused_in_chinese(client, cast, route):
    client.force_login(cast[WHO_MAY[route]])
    response = client.get(reverse(route), {"q": "青" * (SEARCH_MAX + 1)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "查找内容过长" in html and "data-hj-pick=" not in html


@pytest.mark.parametrize("route", ACCOUNT_ROUTES)
def test_account_search_by_login_or_name(client, cast, route):
    cast["town_operator"].display_name = "王新"
    cast["town_operator"].save(update_fields=["display_name"])
    client.force_login(cast[WHO_MAY[route]])
    html = client.get(reverse(route), {"q": "王新"}).content.decode()
    assert 'data-hj-pick="town_op"' in html and "王新（town_op）" in html
    html = client.get(reverse(route), {"q": "town_b"}).content.decode()
    assert 'data-hj-pick="town_b_op"' in html and 'data-hj-pick="town_op"' not in html


@pytest.mark.parametrize("route", UNIT_ROUTES + ACCOUNT_ROUTES)
@pytest.mark.parametrize(
    "role",
    [
        "city_operator",
        "county_operator",
        "town_operator",
        "village_operator",
        "county_approver",
        "vetting",
        "supervisor",
        "leader",
        "sysadmin",
        "secadmin",
        "auditadmin",
    ],
)
def test_only_the_administrator_with_the_picker_may_search(client, cast, route, role):
    """Units and accounts are listed deployment-wide: nobody else may call the search (the business
    roles have their own scoped lists; the system admin grants no roles and reads no audit)."""
    client.force_login(cast[role])
    response = client.get(reverse(route), {"q": ""})
    if role == WHO_MAY[route]:
        assert response.status_code == 200 and "data-hj-pick=" in response.content.decode()
    else:
        assert response.status_code == 403
        assert "data-hj-pick=" not in response.content.decode()


def test_anonymous_is_sent_to_login(client, cast):
    for route in UNIT_ROUTES + ACCOUNT_ROUTES:
        response = client.get(reverse(route), {"q": "青石"})
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_selectors_give_nothing_to_other_roles(cast):
    for role in ("town_operator", "leader", "sysadmin"):
        assert unit_search(cast[role], "", 20) == ([], False)
        assert account_search(cast[role], "", 20) == ([], False)


def test_grant_form_shown_again_names_the_picks(client, cast):
    client.force_login(cast["secadmin"])
    response = client.post(
        reverse("console:roles"),
        {"username": "town_b_op", "role": "", "unit_code": "329901002000", "reason": "组干〔2026〕3号"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="清河县 › 白沙镇"' in html and 'name="unit_code" value="329901002000"' in html
    assert 'value="town_b_op（town_b_op）"' in html  # the cast's display name is the login name


def test_typed_text_is_used_without_javascript(client, cast):
    """Without JavaScript nothing is picked: the typed code or account name is submitted."""
    from huanjie.accounts.models import RoleAssignment, User
    from tests.factories import PASSWORD

    u = User.objects.create_user("newop", password=PASSWORD)
    client.force_login(cast["secadmin"])
    response = client.post(
        reverse("console:roles"),
        {
            "username": "",
            "username_search": "newop",
            "role": "town_operator",
            "unit_code": "",
            "unit_code_search": "329901002000",
            "reason": "组干〔2026〕3号",
        },
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.get(user=u).org_unit == cast.town_b
