"""Issue 12 req. 9 (procedure part) in Debian's Chromium: a town operator plans and schedules a
village's 村民委员会 election, records two steps on time (one with a photo of the notice), then one
late step — refused without a reason, recorded with it, flagged on the page — and the town's and the
county's home pages show the alert. Screens are saved at laptop and tablet widths to be looked at."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from huanjie.planning import services
from huanjie.planning.models import Batch
from tests.browser.test_town_operator_journey import login

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
    assert "东村 · 村（居）民委员会换届选举" in page.inner_text("h1")

    page.fill("#id_election_day", "2026-03-20")
    page.select_option("#id_batch", label="第一批（2026-01-01 至 2026-03-31）")
    page.get_by_role("button", name="确定选举日").click()
    page.wait_for_load_state()
    assert page.inner_text("#hj-election-day") == "2026-03-20"
    assert "公布选民名单" in page.inner_text("table") and "2026-02-28" in page.inner_text("table")

    _record(page, "voter_list", "2026-02-27", evidence=photo)
    assert "已登记“公布选民名单”" in page.content()
    _record(page, "candidate_list", "2026-03-09")
    assert "已登记“公布正式候选人名单”" in page.content()
    assert page.locator("#hj-flagged").count() == 0
    _shot(page, "election-laptop")

    today["value"] = dt.date(2026, 3, 16)
    page.reload()
    _record(page, "election_notice", "2026-03-16")
    body = page.content()
    assert "晚于最迟日期 2026-03-15 1 日" in body and "请如实填写情况说明" in body
    page.fill("#id_reason", "村民代表会议推迟一天召开")
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_load_state()
    assert "并标记为违反程序规定" in page.content()
    assert page.inner_text("#hj-flagged") == "1 项违反程序规定"
    row = page.locator("tr.table-danger")
    assert "违规：" in row.inner_text() and "情况说明：村民代表会议推迟一天召开" in row.inner_text()
    page.set_viewport_size({"width": 820, "height": 1180})
    _shot(page, "election-tablet")

    page.goto(f"{base}/")
    assert "选举程序违规：东村 · 村（居）民委员会换届选举" in page.inner_text("body")
    _shot(page, "home-tablet")
    page.goto(f"{base}/elections/calendar/")
    assert "村（居）民委员会选举日" in page.inner_text("body")
    _shot(page, "calendar-tablet")

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, base, "county_op")
    assert "选举程序违规：东村 · 村（居）民委员会换届选举" in page.inner_text("body")
    page.goto(f"{base}/elections/oversight/")
    assert "村民代表会议推迟一天召开" in page.inner_text("body")
    _shot(page, "oversight-laptop")
