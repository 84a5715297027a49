"""Issue 9 requirement 9 in Chromium: the console's account and unit pickers and the move form's
parent picker work from the keyboard, without typing a code."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from huanjie.accounts.models import RoleAssignment, User
from huanjie.org.models import OrgUnit
from tests.browser.test_town_operator_journey import login
from tests.browser.walk import artifacts_root
from tests.factories import PASSWORD, build_cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_security_admin_grants_a_role_with_the_keyboard(live_server, page, tmp_path):
    cast = build_cast()
    User.objects.create_user("newop", password=PASSWORD, display_name="王新")
    login(page, live_server.url, "secadmin")
    page.goto(f"{live_server.url}/admin-console/roles/")

    account = page.locator("input[name=username_search]")
    account.click()
    account.type("王新")
    expect(page.locator("#id_username-list [data-hj-pick]")).to_have_count(1)
    account.press("ArrowDown")
    page.keyboard.press("Enter")
    assert page.input_value("input[name=username]") == "newop"
    assert account.input_value() == "王新（newop）"
    page.wait_for_timeout(400)  # a search would have answered by now
    assert page.locator("#id_username-list").inner_text() == ""  # the list closed and stays closed

    unit = page.locator("input[name=unit_code_search]")
    unit.click()
    unit.type("白沙")
    expect(page.locator("#id_unit_code-list [data-hj-pick]")).to_have_count(1)
    assert page.locator("#id_unit_code-list").inner_text().startswith("清河县 › 白沙镇")
    shots = artifacts_root(tmp_path) / "pickers"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "role-grant-unit-picker.png"))
    unit.press("Enter")  # Enter in the box takes the first match
    assert page.input_value("input[name=unit_code]") == cast.town_b.code

    page.select_option("select[name=role]", "town_operator")
    page.fill("input[name=reason]", "组干〔2026〕3号")
    page.locator("form[action$='/roles/'] button[type=submit]").click()
    page.wait_for_load_state()
    ra = RoleAssignment.objects.get(user__username="newop")
    assert (ra.role, ra.org_unit_id) == ("town_operator", cast.town_b.pk)


def test_county_operator_moves_a_village_by_picking_its_new_town(live_server, page):
    cast = build_cast()
    login(page, live_server.url, "county_op")
    page.goto(f"{live_server.url}/org/unit/{cast.village2.code}/move/")
    box = page.locator("input[name=new_parent_search]")
    box.click()  # focusing lists the towns it may go to, without typing
    page.locator("#id_new_parent-list [data-hj-pick]").first.wait_for()
    assert "清河县 › 青石镇" not in page.locator("#id_new_parent-list").inner_text()  # its own town
    box.press("ArrowDown")
    page.keyboard.press("Enter")
    assert page.input_value("input[name=new_parent]") == str(cast.town_b.pk)
    page.fill("textarea[name=reason]", "区划调整")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    moved = OrgUnit.objects.get(pk=cast.village2.pk)
    assert (moved.parent_id, moved.code) == (cast.town_b.pk, "329901002202")
    assert f"/org/unit/{moved.code}/" in page.url
