"""Issue 14 reqs. 1–2 in Debian's Chromium: a town operator registers a petition through the page,
sees the petitioner (a handler), accepts it and records a step; the analysis and the legal clock
pages; a high-risk village's plan is written and submitted, and the county approves it. Screens are
saved at laptop and tablet widths (HUANJIE_SHOTS) to be looked at."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from huanjie.oversight import petitions_services as psvc
from huanjie.oversight.models import Petition, Risk
from huanjie.planning import services
from tests.browser.test_town_operator_journey import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("HUANJIE_SHOTS")


def _shots(page, name: str) -> None:
    if not SHOTS:
        return
    for w, h in ((1366, 768), (768, 1024)):
        page.set_viewport_size({"width": w, "height": h})
        page.screenshot(path=str(Path(SHOTS) / f"{name}-{w}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})


def test_town_registers_and_handles_a_petition_and_the_county_approves_a_plan(
    live_server, page, browser, settings, tmp_path, monkeypatch
):
    settings.VAR_DIR = tmp_path
    monkeypatch.setattr("huanjie.core.workflow.today", lambda: dt.date(2026, 3, 10))
    from tests.factories import build_cast

    cast = build_cast()
    c = services.campaign_create(
        actor=cast["city_operator"],
        city=cast.city,
        name="2026年换届",
        profile_code="zhejiang",
        window_start=dt.date(2025, 12, 1),
        window_end=dt.date(2026, 6, 30),
    )
    services.campaign_act(actor=cast["city_operator"], campaign=c, name="publish")
    for i, cat in enumerate(("procedure", "procedure", "clan", "finance")):
        psvc.petition_register(
            actor=cast["town_operator"],
            campaign=c,
            unit=cast.village if i < 3 else cast.village2,
            channel="phone",
            category=cat,
            received_on=dt.date(2026, 2, 20 + i),
            summary="反映选民登记遗漏外出务工人员" if cat == "procedure" else "反映宗族势力干预提名",
            petitioner_name="郑某",
            petitioner_phone="13800000000",
        )
    base = live_server.url
    login(page, base, "town_op")
    page.goto(f"{base}/oversight/petitions/")
    page.locator("summary", has_text="登记信访件").click()
    village = page.locator("input[name=unit_search]")
    village.click()
    village.type("东村")
    expect(page.locator("#id_unit-list [data-hj-pick]")).to_have_count(1)
    village.press("Enter")
    page.select_option("#id_category", "bribery")
    page.fill("#id_received_on", "2026-03-09")
    page.fill("#id_summary", "反映有人以请客送礼方式拉票")
    page.fill("#id_petitioner_name", "王信访")
    page.fill("#id_petitioner_id", "110101199003074514")
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_load_state()
    if SHOTS:
        Path(SHOTS, "after-register.html").write_text(page.content())
    p = Petition.objects.get(category="bribery")
    assert page.url.endswith(p.get_absolute_url())
    assert "110101199003074514" in page.content() and "2026-03-24" in page.content()
    page.get_by_role("button", name="受理", exact=True).click()
    page.wait_for_load_state()
    page.fill("#id_note", "约谈被反映人，调取聚餐记录")
    page.get_by_role("button", name="记录", exact=True).click()
    page.wait_for_load_state()
    assert "约谈被反映人" in page.content() and "2026-05-09" in page.content()
    _shots(page, "petition-detail")
    page.goto(f"{base}/oversight/petitions/")
    _shots(page, "petitions-list")
    page.goto(f"{base}/oversight/petitions/analysis/")
    assert "热点村" in page.content()
    _shots(page, "petitions-analysis")
    page.goto(f"{base}/oversight/petitions/settings/{c.pk}/")
    assert "信访工作条例" in page.content()
    _shots(page, "petitions-settings")

    page.goto(f"{base}/oversight/risks/")
    page.locator("summary", has_text="登记风险").click()
    page.select_option("#id_unit", label="东村")
    page.fill("#id_title", "两大姓氏争夺主任职位")
    page.select_option("#id_level", "high")
    page.fill("#id_cause", "上届选举遗留矛盾")
    page.fill("#id_owner", "钱镇长")
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_load_state()
    assert "选举安排受限" in page.content()
    page.fill("#id_measures", "镇村干部分头谈心谈话")
    page.fill("#id_plan", "选举日派出所驻点，设置备用投票站")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_load_state()
    page.get_by_role("button", name="报县级审核", exact=True).click()
    page.wait_for_load_state()
    _shots(page, "risk-detail")
    page.goto(f"{base}/oversight/risks/")
    _shots(page, "risks-list")
    r = Risk.objects.get()
    assert r.state == "submitted"
    county = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN").new_page()
    login(county, base, "approver")
    county.goto(f"{base}{r.get_absolute_url()}")
    county.get_by_role("button", name="批准预案", exact=True).click()
    county.wait_for_load_state()
    assert Risk.objects.get().state == "approved" and "选举安排受限" not in county.content()
