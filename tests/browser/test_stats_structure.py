"""The structure pages in Debian's Chromium (issue 15 reqs. 1, 9): the leader drills from the city's
一肩挑 rate down to the villages without it and opens one; the pages fit 1366x768 and 768x1024 (wide
tables scroll inside their frame, the page itself does not), no console error under the CSP."""

from __future__ import annotations

import pytest

from tests.browser.test_progress_charts import login
from tests.factories import build_cast
from tests.stats.test_structure_selectors import make_campaign, make_town_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.parametrize("size", [(1366, 768), (768, 1024)])
def test_the_leader_drills_to_a_village_without_one_shoulder(live_server, page, size, tmp_path):
    cast = build_cast()
    make_campaign(cast)
    make_town_data(cast)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.set_viewport_size({"width": size[0], "height": size[1]})
    login(page, live_server.url, "leader")
    page.goto(f"{live_server.url}/stats/structure/?basis=before")
    assert "东湖市 · 班子结构" in page.inner_text("h1")
    assert page.evaluate(OVERFLOW) <= 0
    page.screenshot(path=str(tmp_path / f"city-{size[0]}.png"), full_page=True)
    # the city's 一肩挑 rate in the targets table → the counties → the town → the villages without it
    page.locator("table").first.get_by_role("link", name="50.0%").first.click()
    page.wait_for_load_state()
    assert "村书记、主任“一肩挑”比例" in page.inner_text("h1")
    page.get_by_role("link", name="查看不符合的").click()
    page.get_by_role("link", name="清河县").click()
    page.get_by_role("link", name="青石镇").click()
    page.wait_for_load_state()
    rows = page.locator("tbody tr")
    assert rows.count() == 1 and "西村" in rows.first.inner_text()
    assert page.evaluate(OVERFLOW) <= 0
    page.get_by_role("link", name="西村").click()
    page.wait_for_load_state()
    assert "西村" in page.inner_text("h1")
    assert problems == []
