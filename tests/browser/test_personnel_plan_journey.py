"""Issue 10 req. 12 end to end in Debian's Chromium: a town operator fills a personnel plan (the
preview re-renders as seats change) and submits it; the county approver returns it with a reason;
the town fixes it and resubmits; the county approves; the city's summary page counts it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from huanjie.planning import services
from huanjie.planning.models import PersonnelPlan, StructureTarget
from tests.browser.test_town_operator_journey import login
from tests.factories import PersonFactory, build_cast, seat

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _campaign(cast):
    c = services.campaign_create(
        actor=cast["city_operator"],
        city=cast.city,
        name="2026年换届",
        profile_code="zhejiang",
        window_start=dt.date(2025, 12, 1),
        window_end=dt.date(2026, 6, 30),
    )
    services.campaign_act(actor=cast["city_operator"], campaign=c, name="publish")
    town = cast["town_operator"]
    services.committee_seats_set(
        actor=town,
        campaign=c,
        unit=cast.village,
        members=3,
        decided_by="assembly",
        decision_date=dt.date(2025, 12, 10),
        document_no="东村〔2025〕1号",
    )
    services.party_seats_set(
        actor=town,
        campaign=c,
        unit=cast.village,
        members=3,
        form="branch",
        request_no="请〔2025〕1号",
        request_date=dt.date(2025, 12, 1),
        approval_no="批〔2025〕1号",
        approval_date=dt.date(2025, 12, 5),
    )
    StructureTarget.objects.create(campaign=c, code="women", label="女性成员占比", low=Decimal(20))
    return c


def _add_seat(page, side, post, decision, person):
    page.select_option("#id_side", side)
    page.select_option("#id_post", post)
    page.select_option("#id_decision", decision)
    page.select_option("#id_person", str(person.pk))
    rows = page.locator("#hj-plan-body tbody tr", has_text=person.name)
    before = rows.count()
    page.get_by_role("button", name="加入方案").click()
    # The seat's row appears once htmx has swapped the body (the preview with it).
    expect(rows).to_have_count(before + 1)


def test_plan_submitted_returned_fixed_approved_and_counted(live_server, page, tmp_path, monkeypatch):
    monkeypatch.setattr("huanjie.core.workflow.today", lambda: dt.date(2026, 1, 5))
    cast = build_cast()
    c = _campaign(cast)
    sec = PersonFactory(name="李书记", sex="M", domicile_unit=cast.village, birth_date=dt.date(1975, 5, 1))
    seat(sec, cast.village, "party_org", "secretary")
    woman = PersonFactory(name="陈红", sex="F", domicile_unit=cast.village, birth_date=dt.date(1995, 1, 1))
    man = PersonFactory(name="王青", sex="M", domicile_unit=cast.village, birth_date=dt.date(1992, 1, 1))
    base = live_server.url

    login(page, base, "town_op")
    page.goto(f"{base}/planning/campaign/{c.pk}/")
    page.get_by_role("link", name="人事安排初步方案", exact=True).click()
    page.wait_for_load_state()
    page.select_option("#id_unit", cast.village.code)
    page.get_by_role("button", name="新建").click()
    page.wait_for_load_state()
    assert "东村 · 人事安排初步方案" in page.locator("h1").inner_text()
    _add_seat(page, "party", "secretary", "stay", sec)
    _add_seat(page, "committee", "chair", "transfer", sec)
    # No woman on the 村委会 yet: the preview (re-rendered by htmx) shows the block.
    expect(page.locator("#hj-plan-preview")).to_contain_text("应当有妇女成员")
    _add_seat(page, "committee", "member", "enter", woman)
    expect(page.locator("#hj-plan-preview")).to_contain_text("50.0%")  # 1 woman of 2 persons
    assert "应当有妇女成员" not in page.locator("#hj-plan-preview").inner_text()
    page.screenshot(path=str(tmp_path / "plan-town.png"), full_page=True)
    page.get_by_role("button", name="上报县级").click()
    page.wait_for_load_state()
    assert "已上报" in page.locator("#hj-plan-state").inner_text()
    plan = PersonnelPlan.objects.get()

    page.context.clear_cookies()
    login(page, base, "approver")
    page.goto(f"{base}/planning/plan/{plan.pk}/")
    page.fill("input[name=reason]", "请增加一名年轻委员")
    page.get_by_role("button", name="退回").click()
    page.wait_for_load_state()
    assert "已退回" in page.locator("#hj-plan-state").inner_text()

    page.context.clear_cookies()
    login(page, base, "town_op")
    page.goto(f"{base}/planning/plan/{plan.pk}/")
    assert "请增加一名年轻委员" in page.content()
    _add_seat(page, "committee", "member", "enter", man)
    page.get_by_role("button", name="上报县级").click()
    page.wait_for_load_state()
    assert "已上报" in page.locator("#hj-plan-state").inner_text()

    page.context.clear_cookies()
    login(page, base, "approver")
    page.goto(f"{base}/planning/plan/{plan.pk}/")
    page.set_viewport_size({"width": 768, "height": 1024})
    page.screenshot(path=str(tmp_path / "plan-county-768.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 768
    page.get_by_role("button", name="审核通过").click()
    page.wait_for_load_state()
    assert "已审核通过" in page.locator("#hj-plan-state").inner_text()

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, base, "city_op")
    page.goto(f"{base}/planning/campaign/{c.pk}/")
    page.get_by_role("link", name="方案汇总").click()
    page.wait_for_load_state()
    page.screenshot(path=str(tmp_path / "plan-city.png"), full_page=True)
    assert page.locator("strong[data-state=approved]").inner_text() == "1"
    row = page.locator("tr", has_text="清河县").inner_text()
    assert "1" in row
    assert "33.3%" in page.locator("table").first.inner_text()  # 1 woman of 3 persons, city-wide
