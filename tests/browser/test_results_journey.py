"""Issue 13 reqs. 1, 2, 4 in Debian's Chromium: on a tablet (768×1024) a village operator enters a
ballot box's tally sheet, the connection drops on saving — the sheet stays on the device and is sent
once when the connection returns; a second operator verifies it, the result announced on the spot is
recorded beside the law engine's verdict, the round is certified, and anyone checks the receipt code
on the public page. Screens are saved at laptop and tablet widths to be looked at (HUANJIE_SHOTS)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from huanjie.elections import results_services as svc
from huanjie.elections.models import ResultReceipt, TallySheet
from tests.browser.test_town_operator_journey import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("HUANJIE_SHOTS")
TABLET = {"width": 768, "height": 1024}
LAPTOP = {"width": 1366, "height": 768}


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _both(page, name: str) -> None:
    for label, size in (("laptop", LAPTOP), ("tablet", TABLET)):
        page.set_viewport_size(size)
        _shot(page, f"{name}-{label}")


def test_a_tally_sheet_entered_offline_on_a_tablet_is_sent_once_verified_certified_and_checked(
    live_server, browser, tmp_path, settings
):
    settings.VAR_DIR = tmp_path
    from tests.elections.test_results import results_election
    from tests.factories import build_cast, user_with_role

    cast = build_cast()
    user_with_role("village_op2", "village_operator", cast.village)
    e = results_election(cast)
    r = svc.round_create(
        actor=cast["village_operator"],
        election=e,
        kind="first",
        voting_day=dt.date(2026, 3, 20),
        registered=1000,
    )
    base = live_server.url
    context = browser.new_context(viewport=TABLET, locale="zh-CN")
    page = context.new_page()
    login(page, base, "village_op")
    page.goto(f"{base}/elections/results/round/{r.pk}/sheet/")
    page.fill("#id_box", "中心会场")
    page.fill("#id_ballots_issued", "800")
    page.fill("#id_ballots_returned", "800")
    page.fill("#id_ballots_invalid", "20")
    for field, n in (("v_0_0", 500), ("v_0_1", 280), ("v_1_0", 600), ("v_1_1", 520), ("v_1_2", 200)):
        page.fill(f"#id_{field}", str(n))
    page.fill("#id_w_1_0_name", "张三")
    page.fill("#id_w_1_0_votes", "10")
    _both(page, "results-sheet-entry")
    context.set_offline(True)
    page.get_by_role("button", name="保存计票单").click()
    page.wait_for_selector("#hj-offline-status.alert-warning")
    assert "网络中断" in page.inner_text("#hj-offline-status")
    _shot(page, "results-sheet-offline-tablet")
    assert TallySheet.objects.count() == 0
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_url(f"**/elections/results/round/{r.pk}/")
    assert TallySheet.objects.count() == 1
    s = TallySheet.objects.get()
    assert s.votes["委员"] == {"委员丙": 600, "委员丁": 520, "委员戊": 200, "张三": 10}
    assert "待核对" in page.inner_text("#hj-sheets")
    assert page.locator("#hj-sheets button", has_text="核对无误").count() == 0  # not the one who entered it
    _both(page, "results-round-entered")
    context.close()

    context = browser.new_context(viewport=TABLET, locale="zh-CN")
    page = context.new_page()
    login(page, base, "village_op2")
    page.goto(f"{base}/elections/results/round/{r.pk}/")
    page.locator("#hj-sheets button", has_text="核对无误").click()
    page.wait_for_load_state()
    assert "已核对" in page.inner_text("#hj-sheets")
    page.fill("#id_announced_by", "王总监票人")
    page.fill("#id_announced_at", "2026-03-20T16:30")
    page.get_by_label("乙主任").check()  # announced against the count: the engine flags it
    page.get_by_label("委员丙").check()
    page.get_by_label("委员丁").check()
    page.get_by_role("button", name="登记公布结果").click()
    page.wait_for_load_state()
    assert "主任：当场公布当选 乙主任，法律引擎认定当选 甲主任" in page.inner_text("#hj-differs")
    page.click("summary:has-text('法律依据和计算过程')")
    assert "依据：" in page.inner_text("#hj-engine-steps")
    _both(page, "results-round-differs")
    page.get_by_role("button", name="确认为正式结果").click()
    page.wait_for_load_state()
    code = ResultReceipt.objects.get().code
    assert page.get_attribute("#hj-receipt code", "data-code") == code
    _both(page, "results-round-certified")
    page.goto(f"{base}/elections/results/sheet/{s.pk}/")
    assert "张三" in page.inner_text("#hj-sheet-votes")
    _both(page, "results-sheet-verified")
    page.goto(f"{base}/elections/results/election/{e.pk}/")
    assert "已确认（正式）" in page.inner_text("#hj-rounds")
    _both(page, "results-election")
    page.goto(f"{base}/elections/results/")
    assert "东村" in page.inner_text("#hj-results-index")
    _both(page, "results-index")
    context.close()

    context = browser.new_context(viewport=LAPTOP, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{base}/elections/results/verify/")
    page.fill("#hj-code", code.upper())
    page.get_by_role("button", name="核验").click()
    page.wait_for_load_state()
    text = page.inner_text("#hj-verify-result")
    assert "核验码相符" in text and "东村" in text and "乙主任" in text and "800" not in text
    _both(page, "results-verify")
    context.close()
