"""Issue 13 reqs. 3, 6 in Debian's Chromium: after a first round that leaves one 委员 seat unfilled, the
village operator checks a later voting day against the profile's window on the later-rounds page,
opens the 另行选举 (roll copied, notice issued), then records the 村民代表 result on the follow-on page
and sees the engine's check with its citation. Screens at laptop and tablet widths (HUANJIE_SHOTS)."""

from __future__ import annotations

import datetime as dt

import pytest

from huanjie.elections.models import Election, LaterRound, ResultRound
from tests.browser.test_results_journey import _both
from tests.browser.test_town_operator_journey import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_later_round_and_followon_pages(live_server, browser, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    from tests.elections.test_results_rounds import roll_on, short_round
    from tests.factories import build_cast, user_with_role

    cast = build_cast()
    second = user_with_role("village_op2", "village_operator", cast.village)
    from tests.elections.test_results import results_election

    e = results_election(cast)
    short_round(cast, e, second)
    roll_on(cast, e)
    reps = Election.objects.create(
        campaign=e.campaign, unit=cast.village, body="representatives", election_day=dt.date(2026, 4, 10)
    )
    Election.objects.create(
        campaign=e.campaign,
        unit=cast.village,
        body="other",
        body_label="村团支部",
        election_day=dt.date(2026, 4, 12),
    )
    base = live_server.url
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    login(page, base, "village_op")
    page.goto(f"{base}/elections/results/election/{e.pk}/later/?kind=supplementary&voting_day=2026-03-30")
    assert "北京市村民委员会选举办法 第三十条" in page.inner_text("#hj-timing")
    _both(page, "later-preview")
    page.fill("#id_reason", "另行选举另定投票日")
    page.get_by_role("button", name="开始下一轮").click()
    page.wait_for_url("**/round/**")
    r = ResultRound.objects.get(election=e, number=2)
    assert r.voting_day == dt.date(2026, 3, 30) and LaterRound.objects.get(round=r).roll is not None
    page.goto(f"{base}/elections/results/election/{e.pk}/later/")
    assert "选民名单已更新" in page.inner_text("#hj-later-rounds")
    _both(page, "later-opened")
    page.goto(f"{base}/elections/results/election/{reps.pk}/followon/")
    lines = "\n".join(f"代表{i} {'女' if i < 3 else '男'} 村民代表" for i in range(8))
    page.fill("#id_members", lines)
    page.fill("#id_committee_members", "2")
    page.get_by_role("button", name="保存").click()
    page.wait_for_selector("#hj-followon-check")
    text = page.inner_text("#hj-followon-check")
    # 8 of 10 = exactly 4/5; 3 women of 10 < 1/3 (needs 4)
    assert "达到五分之四" in text and "不足组成人员的三分之一（至少应有 4 人）" in text
    assert "村民委员会组织法(2025) 第二十九条" in text
    _both(page, "followon-representatives")
    context.close()
