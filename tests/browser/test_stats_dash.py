"""Issue 15 requirement 3 in Debian's Chromium: the leader's dashboard draws its ECharts figures from
the JSON script tag (no console error under the CSP, no horizontal scrollbar at 1366×768 and
768×1024), and a click on a progress figure drills city → county → town → the list of villages."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from huanjie.core import workflow
from tests.factories import PASSWORD, build_cast
from tests.stats import walker_dash as data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


PAINTED = """() => Array.from(document.querySelectorAll('.hj-dash-chart canvas')).map(c => {
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; }
  return n;
})"""

# The page position of the middle of a bar (category i, series s) of the figure's chart.
BAR = """([key, s, i]) => {
  const el = document.querySelector(`[data-hj-figure="${key}"]`);
  const chart = echarts.getInstanceByDom(el);
  const r = chart.getModel().getSeriesByIndex(s).getData().getItemLayout(i);
  const box = el.getBoundingClientRect();
  return [box.left + r.x + r.width / 2 + window.scrollX, box.top + r.y + r.height / 2 + window.scrollY];
}"""


def login(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


@pytest.fixture
def cast(monkeypatch):
    monkeypatch.setattr(workflow, "today", lambda: data.TODAY)
    cast = build_cast()
    c = data.campaign(cast.city)
    for u, b in ((cast.village, 1), (cast.village2, 2), (cast.village_b, 1)):
        u.batch = b
        u.save(update_fields=["batch"])
    data.stages(c, cast.village, 6)
    data.stages(c, cast.village2, 3)
    data.stages(c, cast.village_b, 5)
    from decimal import Decimal

    from huanjie.planning.models import StructureTarget

    StructureTarget.objects.create(campaign=c, code="women", label="女性成员占比", low=Decimal(30))
    data.risk(c, cast.village, "high")
    data.petition(c, cast.community)
    return cast


def settled_bar(page, key: str, series: int, index: int) -> list[float]:
    """The bar's page position once the chart has stopped moving (ECharts animates a new chart's
    bars from the axis: a click during the animation can miss the bar on a busy machine)."""
    last = page.evaluate(BAR, [key, series, index])
    for _ in range(50):
        page.wait_for_timeout(100)
        now = page.evaluate(BAR, [key, series, index])
        if now == last:
            return now
        last = now
    return last


def click_bar(page, key: str, series: int, index: int) -> None:
    page.locator(f'[data-hj-figure="{key}"]').scroll_into_view_if_needed()
    x, y = settled_bar(page, key, series, index)
    page.evaluate("([x, y]) => window.scrollTo(0, Math.max(0, y - 300))", [x, y])
    x, y = settled_bar(page, key, series, index)
    sx, sy = page.evaluate("() => [window.scrollX, window.scrollY]")
    with page.expect_navigation():
        page.mouse.click(x - sx, y - sy)


@pytest.mark.parametrize("size", [(1366, 768), (768, 1024)])
def test_the_leader_drills_from_the_progress_figure_to_the_villages(live_server, page, cast, size, tmp_path):
    shots = Path(os.environ.get("HUANJIE_SHOTS", tmp_path))
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.set_viewport_size({"width": size[0], "height": size[1]})
    login(page, live_server.url, "leader")
    page.goto(f"{live_server.url}/stats/dash/")
    page.wait_for_selector(".hj-dash-chart canvas")
    page.wait_for_timeout(400)
    assert page.locator("h1").inner_text().startswith("东湖市")
    painted = page.evaluate(PAINTED)
    assert len(painted) == 7 and all(n > 500 for n in painted), painted
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.screenshot(path=str(shots / f"dash-city-{size[0]}.png"), full_page=True)

    elected = 4  # the stage figure's series: 研判, 整顿, 方案, 人选, 选举完成, 移交
    click_bar(page, "stages", elected, 0)  # 清河县
    assert f"/stats/dash/{cast.county.code}/" in page.url
    page.wait_for_selector(".hj-dash-chart canvas")
    assert page.locator("h1").inner_text().startswith("清河县")
    click_bar(page, "stages", elected, 0)  # 青石镇
    assert f"/stats/dash/{cast.town.code}/" in page.url
    page.wait_for_selector(".hj-dash-chart canvas")
    page.screenshot(path=str(shots / f"dash-town-{size[0]}.png"), full_page=True)
    click_bar(page, "stages", elected, 0)  # 东村: the list of the villages behind the count
    assert "/villages/" in page.url
    rows = page.locator("tbody tr")
    assert rows.count() == 1 and "东村" in rows.first.inner_text()
    assert "选举完成：已完成" in page.locator("main").inner_text()
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.screenshot(path=str(shots / f"dash-villages-{size[0]}.png"), full_page=True)
    page.click("tbody a:has-text('东村')")
    page.wait_for_load_state()
    assert f"/org/unit/{cast.village.code}/" in page.url
    assert problems == []


def test_the_print_view_fits_the_page(live_server, page, cast, tmp_path):
    shots = Path(os.environ.get("HUANJIE_SHOTS", tmp_path))
    login(page, live_server.url, "county_op")
    page.goto(f"{live_server.url}/stats/dash/{cast.county.code}/print/")
    assert page.locator("canvas").count() == 0
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.emulate_media(media="print")
    page.screenshot(path=str(shots / "dash-print.png"), full_page=True)
