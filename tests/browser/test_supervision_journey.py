"""Issue 14 reqs. 4 and 10 end to end in Debian's Chromium: a supervisor records a visit and a
finding with evidence for his group; the responsible town finds it on its home page and rectifies it
with evidence; the group signs it off. The supervisor's role unit is 柳林区, his group's jurisdiction
清河县: what he reaches comes from the group."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from huanjie.core import workflow
from huanjie.oversight import supervision_services as svc
from huanjie.oversight.models import Finding
from tests.browser.test_town_operator_journey import login
from tests.factories import build_cast
from tests.oversight.kit import PDF, campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, folder: Path, name: str) -> None:
    """A screenshot at 1366×768 and at 768×1024 (no horizontal scrolling on the tablet)."""
    page.set_viewport_size({"width": 1366, "height": 768})
    page.screenshot(path=str(folder / f"{name}-1366.png"), full_page=True)
    page.set_viewport_size({"width": 768, "height": 1024})
    page.screenshot(path=str(folder / f"{name}-768.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 768
    page.set_viewport_size({"width": 1366, "height": 768})


def test_supervisor_finds_town_rectifies_group_signs_off(live_server, page, tmp_path):
    folder = Path(os.environ.get("HJ_SHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    cast = build_cast()
    camp = campaign(cast.city)
    group = svc.group_create(
        actor=cast["city_operator"],
        campaign=camp,
        formed_by=cast.city,
        name="市第一巡回督导组",
        kind="roving",
        members=[cast["supervisor"]],
        leader=cast["supervisor"],
        areas=[cast.county],
    )
    evidence = tmp_path / "现场照片.pdf"
    evidence.write_bytes(PDF)
    base = live_server.url
    today = workflow.today()

    # The supervisor records a visit, then a finding with evidence.
    login(page, base, "supervisor")
    page.goto(f"{base}/oversight/supervision/groups/")
    page.get_by_role("link", name="市第一巡回督导组").click()
    expect(page.locator("h1")).to_have_text("市第一巡回督导组")
    page.select_option("#id_unit", str(cast.town.pk))
    page.fill("#id_places", "青石镇党委、东村村委会")
    page.fill("#id_checked", "查阅选民登记、纪律承诺书")
    page.select_option("#id_c-check_6", "problem")
    page.fill("#id_c-note_6", "东村选民名单未公告")
    shot(page, folder, "group")
    page.get_by_role("button", name="登记走访").click()
    expect(page.locator("h1")).to_have_text("督导走访：青石镇")
    expect(page.get_by_text("已登记督导走访")).to_be_visible()
    page.select_option("#id_unit", str(cast.village.pk))
    page.select_option("#id_category", "procedure")
    page.select_option("#id_severity", "serious")
    page.fill("#id_rectify_by", (today + dt.timedelta(days=7)).isoformat())
    page.fill("#id_description", "选民名单未在选举日二十日前公布")
    page.set_input_files("#id_file", str(evidence))
    shot(page, folder, "visit")
    page.get_by_role("button", name="登记问题").click()
    expect(page.locator("#finding-state")).to_have_text("待整改")
    expect(page.get_by_role("link", name="现场照片.pdf")).to_be_visible()
    finding = Finding.objects.get()
    assert finding.group_id == group.pk and finding.unit_id == cast.village.pk

    # The town finds it among its to-dos and rectifies it with evidence.
    page.context.clear_cookies()
    login(page, base, "town_op")
    page.goto(f"{base}/")
    page.locator(f"a[href='/oversight/supervision/finding/{finding.pk}/']").first.click()
    expect(page.locator("h1")).to_have_text("督导发现问题：东村")
    page.fill("#id_text", "已补发选民名单公告并张贴")
    page.set_input_files("#id_file", str(evidence))
    page.get_by_role("button", name="报送整改").click()
    expect(page.locator("#finding-state")).to_have_text("已报送整改")
    expect(page.locator("#rectification")).to_contain_text("已补发选民名单公告并张贴")

    # The group signs it off.
    page.context.clear_cookies()
    login(page, base, "supervisor")
    page.goto(f"{base}/oversight/supervision/")
    page.get_by_role("link", name="东村").click()
    page.select_option("#id_decision", "accept")
    shot(page, folder, "finding")
    page.get_by_role("button", name="提交验收意见").click()
    expect(page.locator("#finding-state")).to_have_text("已验收销号")
    expect(page.get_by_text("已验收销号").first).to_be_visible()
    page.goto(f"{base}/oversight/supervision/?state=signed_off")
    expect(page.locator("tbody tr")).to_have_count(1)
    shot(page, folder, "findings")
    finding.refresh_from_db()
    assert finding.state == "signed_off" and finding.signed_off_by == str(cast["supervisor"])
