"""Issue 13 req. 7 in Debian's Chromium: after a certified round the village sees who started and who
left, 一肩挑 / 交叉任职 and the ballots' retention; it records a handover item with its signed list on
a tablet and submits the list; the town signs it off. Screens at laptop and tablet widths
(HUANJIE_SHOTS)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from huanjie.elections import results_handover_services as hsvc
from huanjie.elections.models import Handover
from tests.browser.test_town_operator_journey import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("HUANJIE_SHOTS")
TABLET = {"width": 768, "height": 1024}
LAPTOP = {"width": 1366, "height": 768}


def _both(page, name: str) -> None:
    for label, size in (("laptop", LAPTOP), ("tablet", TABLET)):
        page.set_viewport_size(size)
        if SHOTS:
            page.screenshot(path=str(Path(SHOTS) / f"{name}-{label}.png"), full_page=True)
        # nothing wider than the screen
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"] + 1


def test_tenures_and_the_handover_on_a_tablet(live_server, browser, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    from tests.elections.test_results import results_election
    from tests.elections.test_results_tenures import certify
    from tests.factories import PersonFactory, build_cast, seat, user_with_role

    cast = build_cast()
    second = user_with_role("village_op2", "village_operator", cast.village)
    old = PersonFactory(name="老主任", domicile_unit=cast.village)
    seat(old, cast.village, "villagers_committee", "chair")
    seat(old, cast.village, "party_org", "secretary")
    e = results_election(cast)
    r = certify(cast, second, e)
    h = Handover.objects.get(election=e)
    base = live_server.url
    context = browser.new_context(viewport=TABLET, locale="zh-CN")
    page = context.new_page()
    login(page, base, "village_op")
    page.goto(f"{base}/elections/results/round/{r.pk}/")
    page.click("#hj-tenures-link")
    page.wait_for_selector("#hj-started")
    assert "甲主任" in page.inner_text("#hj-started") and "老主任" in page.inner_text("#hj-ended")
    assert "2031-03-20" in page.inner_text("#hj-retention")
    _both(page, "results-tenures")
    page.click("#hj-handover-link a")
    page.wait_for_selector("#hj-items")
    first = h.items.order_by("pk").first()
    evidence = tmp_path / "印章移交清单.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.fill(f"#id_i{first.pk}-done_on", "2026-03-25")
    page.fill(f"#id_i{first.pk}-notes", "公章一枚、财务章一枚")
    page.set_input_files(f"#id_i{first.pk}-evidence", str(evidence))
    page.locator(f"form[action$='/handover-item/{first.pk}/'] button").click()
    page.wait_for_selector("text=已保存：印章")
    _both(page, "results-handover-village")
    for it in h.items.exclude(pk=first.pk):
        h.refresh_from_db()
        hsvc.item_record(actor=cast["village_operator"], item=it, done_on=dt.date(2026, 3, 30), notes="")
    page.reload()
    page.get_by_role("button", name="提交乡镇（街道）确认").click()
    page.wait_for_selector("text=已提交乡镇（街道）确认")
    context.close()
    context = browser.new_context(viewport=LAPTOP, locale="zh-CN")
    page = context.new_page()
    login(page, base, "town_op")
    page.goto(f"{base}/elections/results/handover/{h.pk}/")
    _both(page, "results-handover-town")
    page.click("#hj-sign-off")
    page.wait_for_selector("text=已确认工作移交完成")
    h.refresh_from_db()
    assert h.state == "signed_off" and h.completed_on == dt.date(2026, 3, 30) and h.on_time
    context.close()
