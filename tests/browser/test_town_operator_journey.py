"""Issue 2 requirement 12, end to end in Debian's Chromium: a town operator logs in, browses the
tree, opens a village in scope, gets 404 for a village outside, imports a roster with one bad row,
sees the row-level message, fixes it and commits; the audit admin then sees the import."""

from __future__ import annotations

import re

import pytest

from huanjie.core.models import AuditEvent
from huanjie.people.models import Person, Tenure
from tests.factories import PASSWORD, build_cast
from tests.importfiles import ROSTER_HEADER, citizen, roster_row, table, write_xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def upload(page, base: str, path) -> None:
    page.goto(f"{base}/import/?kind=roster")
    page.set_input_files("input[name=file]", str(path))
    page.click("#preview-button")
    page.wait_for_load_state()


def test_town_operator_imports_roster_and_audit_admin_sees_it(live_server, page, tmp_path):
    build_cast()
    base = live_server.url
    login(page, base, "town_op")
    assert "/login/" not in page.url

    # Browse the tree from the top to the village.
    page.goto(f"{base}/org/")
    page.get_by_role("link", name="青石镇").first.click()
    page.wait_for_load_state()
    page.get_by_role("link", name="东村").first.click()
    page.wait_for_load_state()
    assert "/org/unit/329901001201/" in page.url
    assert page.locator("h1").first.inner_text().strip().startswith("东村")

    # A village of the neighbouring town does not exist for this user.
    response = page.goto(f"{base}/org/unit/329901002201/")
    assert response.status == 404
    assert "南村" not in page.content()

    # A roster whose second row has a wrong check digit.
    good = roster_row()
    bad_id = citizen(2)
    bad_id = bad_id[:17] + ("0" if bad_id[17] != "0" else "1")
    bad = roster_row(
        **{
            "姓名": "李秀英",
            "身份证号": bad_id,
            "性别": "",
            "出生日期": "",
            "职务": "委员",
            "入党时间": "2001-07-01",
        }
    )
    upload(page, base, write_xlsx(tmp_path / "名册.xlsx", table(ROSTER_HEADER, [good, bad])))
    problems = page.locator("#problems")
    problems.wait_for()
    row = problems.locator("tbody tr", has_text="身份证号")
    assert row.count() == 1
    assert row.locator("td").first.inner_text().strip() == "3"  # the header is row 1
    assert "校验码" in row.inner_text()
    assert page.locator("#commit-button").count() == 0
    assert not Person.objects.exists()

    # Fixed file: preview is clean, commit writes both members.
    fixed = roster_row(
        **{
            "姓名": "李秀英",
            "身份证号": citizen(2),
            "性别": "",
            "出生日期": "",
            "职务": "委员",
            "入党时间": "2001-07-01",
        }
    )
    upload(page, base, write_xlsx(tmp_path / "名册-改.xlsx", table(ROSTER_HEADER, [good, fixed])))
    page.locator("#commit-button").click()
    page.wait_for_load_state()
    page.locator("#import-result").wait_for()
    assert Tenure.objects.filter(committee__org_unit__code="329901001201", end_date__isnull=True).count() == 2
    assert AuditEvent.objects.filter(action="import", actor__username="town_op").count() == 1

    # The audit admin sees the import in the audit trail.
    page.context.clear_cookies()
    login(page, base, "auditadmin")
    page.goto(f"{base}/admin-console/audit/")
    body = page.locator("main").inner_text()
    assert "town_op" in body
    assert re.search("导入", body)
    page.screenshot(path=str(tmp_path / "audit.png"))
