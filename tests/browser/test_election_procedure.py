"""Issue 12 req. 9 (procedure part) in Debian's Chromium: a town operator plans and schedules a
village's 村民委员会 election, records two steps on time (one with a photo of the notice), then one
late step — refused without a reason, recorded with it, flagged on the page — and the town's and the
county's home pages show the alert. The town operator then makes the village's voter roll, registers
voters in two villager groups, publishes it and prints the list by group (the HTML print page and the
Typst PDF), neither showing an ID number. Screens are saved at laptop and tablet widths to be looked
at. Assertions after a page change use playwright's auto-waiting ``expect``."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from huanjie.planning import services
from huanjie.planning.models import Batch
from huanjie.rules.ids import make_citizen_id
from tests.browser.test_town_operator_journey import login
from tests.planning.test_report import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
SHOTS = os.environ.get("HUANJIE_SHOTS")


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _record(page, key: str, day: str, reason: str = "", evidence: Path | None = None) -> None:
    page.select_option("#id_key", key)
    page.fill("#id_done_on", day)
    if evidence is not None:
        page.set_input_files("#id_evidence", str(evidence))
    if reason:
        page.fill("#id_reason", reason)
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_load_state()


VOTERS = (
    ("张三", make_citizen_id("330102", dt.date(1970, 5, 1), 11), "第一村民小组"),
    ("李四", make_citizen_id("330102", dt.date(1985, 8, 8), 22), "第二村民小组"),
    ("王五", make_citizen_id("330102", dt.date(1990, 1, 2), 33), "第一村民小组"),
)


def _publish_and_print_roll(page, base: str, village_pk: int, tmp_path: Path) -> None:
    """The town operator makes the roll for the election day, registers three voters in two groups,
    publishes it on time and prints the list by group: the page and the PDF show no ID number."""
    page.goto(f"{base}/elections/roll/")
    page.select_option("#id_unit", str(village_pk))
    page.fill("#id_voting_day", "2026-03-20")
    page.get_by_role("button", name="建立", exact=True).click()
    expect(page.locator("h1")).to_have_text("东村 · 选民名单")
    for name, number, group in VOTERS:
        page.fill("#id_name", name)
        page.fill("#id_citizen_id", number)
        page.fill("#id_group", group)
        page.select_option("#id_category", "hukou_resident")
        page.fill("#id_registered_on", "2026-02-01")
        page.get_by_role("button", name="登记", exact=True).click()
        expect(page.locator("table.hj-table tbody")).to_contain_text(name)
    expect(page.locator("table.hj-table tbody tr")).to_have_count(3)
    page.fill("#id_on", "2026-02-27")
    page.get_by_role("button", name="公布", exact=True).click()
    expect(page.locator("dl")).to_contain_text("已公布")
    expect(page.locator("dl")).to_contain_text("2026-02-27")
    _shot(page, "roll-laptop")

    page.get_by_role("link", name="按村民小组打印").click()
    expect(page.locator("h1")).to_have_text("东村选民名单")
    expect(page.locator("h2")).to_have_text(["第一村民小组（2 人）", "第二村民小组（1 人）"])
    expect(page.locator("table").first).to_contain_text("张三")
    expect(page.locator("table").first).to_contain_text("王五")
    expect(page.locator("table").nth(1)).to_contain_text("李四")
    body = page.inner_text("main") if page.locator("main").count() else page.inner_text("body")
    for _, number, _ in VOTERS:
        assert number not in body and number[-4:] not in body and number[:6] not in body
    assert "*" not in body
    _shot(page, "roll-print-laptop")
    page.set_viewport_size({"width": 768, "height": 1024})
    _shot(page, "roll-print-tablet")
    page.set_viewport_size({"width": 1366, "height": 768})

    pdf = page.request.get(base + (page.get_by_role("link", name="PDF").get_attribute("href") or ""))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    text = "".join(pdf_text(pdf.body(), tmp_path).split())
    assert "东村选民名单" in text and "第一村民小组" in text and "第二村民小组" in text
    assert all(name in text for name, _, _ in VOTERS)
    for _, number, _ in VOTERS:
        assert number not in text and number[:6] not in text


def test_town_schedules_records_steps_and_a_late_one_is_flagged_and_alerted(
    live_server, page, tmp_path, settings, monkeypatch
):
    settings.VAR_DIR = tmp_path
    today = {"value": dt.date(2026, 3, 10)}
    monkeypatch.setattr("huanjie.core.workflow.today", lambda: today["value"])
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
    Batch.objects.create(campaign=c, name="第一批", start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31))
    services.campaign_act(actor=cast["city_operator"], campaign=c, name="publish")
    photo = tmp_path / "公告照片.png"
    photo.write_bytes(PNG)
    base = live_server.url

    login(page, base, "town_op")
    page.goto(f"{base}/elections/")
    _shot(page, "index-laptop")
    page.select_option("#id_unit", cast.village.code)
    page.select_option("#id_body", "committee")
    page.get_by_role("button", name="新建").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_contain_text("东村 · 村（居）民委员会换届选举")

    page.fill("#id_election_day", "2026-03-20")
    page.select_option("#id_batch", label="第一批（2026-01-01 至 2026-03-31）")
    page.get_by_role("button", name="确定选举日").click()
    page.wait_for_load_state()
    expect(page.locator("#hj-election-day")).to_have_text("2026-03-20")
    expect(page.locator("table").first).to_contain_text("公布选民名单")
    expect(page.locator("table").first).to_contain_text("2026-02-28")

    election_url = page.url
    _record(page, "voter_list", "2026-02-27", evidence=photo)
    expect(page.get_by_text("已登记“公布选民名单”")).to_be_visible()
    _record(page, "candidate_list", "2026-03-09")
    expect(page.get_by_text("已登记“公布正式候选人名单”")).to_be_visible()
    expect(page.locator("#hj-flagged")).to_have_count(0)
    _shot(page, "election-laptop")

    today["value"] = dt.date(2026, 3, 16)
    page.reload()
    _record(page, "election_notice", "2026-03-16")
    expect(page.get_by_text("晚于最迟日期 2026-03-15 1 日")).to_be_visible()
    expect(page.get_by_text("请如实填写情况说明", exact=False)).to_be_visible()
    page.fill("#id_reason", "村民代表会议推迟一天召开")
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_load_state()
    expect(page.get_by_text("并标记为违反程序规定", exact=False)).to_be_visible()
    expect(page.locator("#hj-flagged")).to_have_text("1 项违反程序规定")
    row = page.locator("tr.table-danger")
    expect(row).to_contain_text("违规：")
    expect(row).to_contain_text("情况说明：村民代表会议推迟一天召开")
    # A step's date was typed wrong: corrected with a reason, the old date kept on the page.
    page.select_option("#id_step", label="公布正式候选人名单（2026-03-09）")
    page.fill("form[action$='/correct/'] #id_done_on", "2026-03-08")
    page.fill("form[action$='/correct/'] #id_reason", "公告张贴日期录入错误")
    page.get_by_role("button", name="更正", exact=True).click()
    expect(page.get_by_text("已更正“公布正式候选人名单”")).to_be_visible()
    expect(page.locator(".hj-correction")).to_contain_text("实际日期由 2026-03-09 改为 2026-03-08")
    expect(page.locator(".hj-correction")).to_contain_text("原因：公告张贴日期录入错误")
    _shot(page, "election-corrected-laptop")
    page.set_viewport_size({"width": 768, "height": 1024})
    _shot(page, "election-tablet")

    page.goto(f"{base}/")
    expect(page.locator("body")).to_contain_text("选举程序违规：东村 · 村（居）民委员会换届选举")
    _shot(page, "home-tablet")
    page.goto(f"{base}/elections/calendar/")
    expect(page.locator("body")).to_contain_text("村（居）民委员会选举日")
    _shot(page, "calendar-tablet")
    page.set_viewport_size({"width": 1366, "height": 768})

    _publish_and_print_roll(page, base, cast.village.pk, tmp_path)
    # The voter cards now come from the published roll: one per voter on it.
    page.goto(election_url)
    page.get_by_role("link", name="选票、选民证与公告").click()
    expect(page.locator("#hj-cards-roll")).to_contain_text("2026-03-20投票日的选民名单（已公布）生成")
    _shot(page, "docs-laptop")
    page.set_viewport_size({"width": 768, "height": 1024})
    _shot(page, "docs-tablet")
    page.set_viewport_size({"width": 1366, "height": 768})
    href = page.get_by_role("link", name="打印选民证（PDF）").get_attribute("href") or ""
    cards = "".join(pdf_text(page.request.get(base + href).body(), tmp_path).split())
    assert cards.count("选民证") == 3 and all(name in cards for name, _, _ in VOTERS)

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, base, "county_op")
    expect(page.locator("body")).to_contain_text("选举程序违规：东村 · 村（居）民委员会换届选举")
    # The county acknowledges the alert with a note: it leaves the home page, stays on the view.
    page.get_by_role("link", name="选举程序违规：东村 · 村（居）民委员会换届选举", exact=False).first.click()
    expect(page.get_by_role("heading", name="知悉违规提醒")).to_be_visible()
    page.fill("form[action$='/acknowledge/'] #id_note", "已督促乡镇整改")
    page.get_by_role("button", name="知悉", exact=True).click()
    expect(page.get_by_text("该提醒不再列入待办", exact=False)).to_be_visible()
    expect(page.locator("tr.table-danger")).to_contain_text("已知悉（")
    expect(page.locator("tr.table-danger")).to_contain_text("已督促乡镇整改")
    page.goto(f"{base}/")
    expect(page.locator("body")).not_to_contain_text("选举程序违规：东村")
    page.goto(f"{base}/elections/oversight/")
    expect(page.locator("body")).to_contain_text("村民代表会议推迟一天召开")
    expect(page.locator("body")).to_contain_text("已督促乡镇整改")
    _shot(page, "oversight-laptop")
    page.set_viewport_size({"width": 768, "height": 1024})
    _shot(page, "oversight-tablet")
