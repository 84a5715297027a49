"""Issue 14 req. 5 in Debian's Chromium: a town operator registers a case through the page, starts
the investigation of a case about a certified election, records the township government's decision
(北京: it may declare a winner's election void) and sees the consequences the system carried out;
the list and the case fit 1366×768 and 768×1024 without horizontal scrolling (screens saved to
HJ_SHOTS when set)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from huanjie.elections.models import VoidDecision
from huanjie.oversight import violations_services as svc
from huanjie.oversight.models import ViolationCase
from tests.browser.test_town_operator_journey import login
from tests.elections.test_results import certified, results_election
from tests.factories import build_cast, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page, folder: Path, name: str) -> None:
    for w, h in ((1366, 768), (768, 1024)):
        page.set_viewport_size({"width": w, "height": h})
        page.screenshot(path=str(folder / f"{name}-{w}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= w
    page.set_viewport_size({"width": 1366, "height": 768})


def test_a_town_registers_a_case_and_records_the_decision_the_system_carries_out(
    live_server, page, settings, tmp_path, monkeypatch
):
    settings.VAR_DIR = tmp_path
    folder = Path(os.environ.get("HJ_SHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    cast = build_cast()
    e = results_election(cast, profile="beijing")
    certified(cast, e, user_with_role("village_op2", "village_operator", cast.village))
    monkeypatch.setattr("huanjie.core.workflow.today", lambda: dt.date(2026, 4, 10))
    base = live_server.url
    login(page, base, "town_op")
    page.goto(f"{base}/oversight/violations/")
    page.locator("summary", has_text="登记案件").click()
    page.select_option("#id_unit", label="东村")
    page.select_option("#id_kind", "canvassing")
    page.fill("#id_summary", "有人挨户拉票")
    page.fill("#id_registered_on", "2026-04-01")
    page.fill("#id_due_on", "2026-04-30")
    page.fill("#id_party_name", "赵某")
    page.select_option("#id_party_role", "other")
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_load_state()
    first = ViolationCase.objects.get(kind="canvassing")
    assert page.url.endswith(first.get_absolute_url()) and "赵某（其他人员）" in page.content()
    case = svc.case_register(
        actor=cast["town_operator"],
        campaign=e.campaign,
        unit=cast.village,
        kind="bribery",
        summary="甲主任以每户200元购买选票",
        registered_on=dt.date(2026, 3, 25),
        investigating_body="township_government",
        due_on=dt.date(2026, 4, 24),
        election=e,
        parties=[{"name": "甲主任", "role": "winner"}],
    )
    page.goto(f"{base}/oversight/violations/")
    fits(page, folder, "violations-list")
    page.goto(f"{base}{case.get_absolute_url()}")
    page.get_by_role("button", name="开始调查", exact=True).click()
    page.wait_for_load_state()
    page.select_option("#id_decision_body", "township_government")
    page.fill("#id_document_no", "青政〔2026〕12号")
    page.fill("#id_decided_on", "2026-04-02")
    page.fill("#id_decision", "贿选属实，宣布甲主任当选无效")
    page.get_by_role("button", name="登记决定并执行").click()
    page.wait_for_load_state()
    assert "处理决定的执行" in page.content() and "甲主任（主任）当选无效" in page.content()
    (d,) = VoidDecision.objects.all()
    assert (d.person, d.document_no) == ("甲主任", "青政〔2026〕12号")
    fits(page, folder, "violations-case")
