"""Issue 10 requirement 9 in Debian's Chromium: the county's progress page draws both ECharts charts
from the JSON script tag (canvas not blank, no console error under the CSP), and the village page
shows the town operator its 下一步 panel."""

from __future__ import annotations

import datetime as dt

import pytest

from huanjie.planning import services
from huanjie.planning.models import Milestone
from tests.factories import PASSWORD, build_cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAINTED = """() => Array.from(document.querySelectorAll('.hj-chart canvas')).map(c => {
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; }
  return n;
})"""


def login(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize("size", [(1366, 768), (768, 1024)])
def test_the_progress_charts_are_drawn(live_server, page, size):
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
    Milestone.objects.create(campaign=c, name="研判完成", date=dt.date(2026, 1, 15))
    services.assessment_create(actor=cast["town_operator"], campaign=c, unit=cast.village)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.set_viewport_size({"width": size[0], "height": size[1]})
    login(page, live_server.url, "county_op")
    page.goto(f"{live_server.url}/planning/campaign/{c.pk}/progress/")
    page.wait_for_selector(".hj-chart canvas")
    page.wait_for_timeout(500)
    painted = page.evaluate(PAINTED)
    assert len(painted) == 2 and all(n > 1000 for n in painted), painted
    assert problems == []
    login(page, live_server.url, "town_op")
    page.goto(f"{live_server.url}/org/unit/{cast.village.code}/")
    panel = page.locator("#planning-next-steps")
    assert "下一步" in panel.inner_text() and "完成研判并上报县级" in panel.inner_text()
