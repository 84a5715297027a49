"""Issue 13 reqs. 5, 8 in Debian's Chromium: a village operator records a 党员大会 on a tablet (应到会
with exclusions, votes, the announced winners) and reports it; the town operator approves it for the
乡镇党(工)委; after the county declares a winner's election void, the public receipt check shows
已宣告无效. Screens are saved at laptop and tablet widths to be looked at (HUANJIE_SHOTS)."""

from __future__ import annotations

import datetime as dt

import pytest

from huanjie.elections import results_void_services as vsvc
from huanjie.elections.models import Election, PartyMeeting
from tests.browser.test_results_journey import TABLET, _both
from tests.browser.test_town_operator_journey import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_party_meeting_is_recorded_reported_approved_and_a_voided_winner_shows_publicly(
    live_server, browser, tmp_path, settings
):
    settings.VAR_DIR = tmp_path
    from tests.elections.conftest import make_campaign
    from tests.elections.test_results import certified, results_election
    from tests.factories import build_cast, user_with_role

    cast = build_cast()
    second = user_with_role("village_op2", "village_operator", cast.village)
    pe = Election.objects.create(
        campaign=make_campaign(cast, "zhejiang"),
        unit=cast.village,
        body="party",
        election_day=dt.date(2026, 3, 10),
    )
    base = live_server.url
    context = browser.new_context(viewport=TABLET, locale="zh-CN")
    page = context.new_page()
    login(page, base, "village_op")
    page.goto(f"{base}/elections/results/party/{pe.pk}/")
    page.fill("#id_held_on", "2026-03-10")
    for field, value in {
        "full_members": "55",
        "on_probation": "2",
        "suspended": "1",
        "present": "40",
        "ballots_issued": "40",
        "ballots_returned": "40",
        "members_seats": "3",
    }.items():
        page.fill(f"#id_{field}", value)
    page.fill("#id_exclusions", "外出甲 外出 青石镇党委\n出国乙 出国 青石镇党委")
    page.fill("#id_members_votes", "张一 39\n李二 38\n王三 30\n赵四 10")
    page.fill("#id_members_won", "张一、李二、王三")
    _both(page, "party-form")
    page.click("button:has-text('登记')")
    page.wait_for_selector("#hj-party-counts")
    text = page.inner_text("#hj-party-steps")
    # 应到会 50; 40 present is exactly four fifths — not more, the meeting is void
    assert "应到会 50 人" in text and "未超过应到会人数的五分之四（至少需 41 人）" in text
    assert "中国共产党基层组织选举工作条例(2020)" in text
    _both(page, "party-meeting-void")
    m = PartyMeeting.objects.get()
    page.goto(f"{base}/elections/results/party/{pe.pk}/")
    page.set_viewport_size(TABLET)
    page.fill("#id_held_on", "2026-03-10")
    m.delete()
    for field, value in {
        "full_members": "55",
        "on_probation": "2",
        "suspended": "1",
        "present": "41",
        "ballots_issued": "41",
        "ballots_returned": "41",
        "members_seats": "3",
    }.items():
        page.fill(f"#id_{field}", value)
    page.fill("#id_exclusions", "外出甲 外出 青石镇党委\n出国乙 出国 青石镇党委")
    page.fill("#id_members_votes", "张一 39\n李二 38\n王三 30\n赵四 10")
    page.fill("#id_members_won", "张一、李二、王三")
    page.click("button:has-text('登记')")
    page.wait_for_selector("#hj-party-counts")
    assert "超过应到会人数的五分之四，会议有效" in page.inner_text("#hj-party-steps")
    page.click("button:has-text('报乡镇党（工）委审批')")
    page.wait_for_selector("text=已报乡镇党（工）委待批")
    context.close()

    context = browser.new_context(viewport=TABLET, locale="zh-CN")
    page = context.new_page()
    login(page, base, "town_op")
    m = PartyMeeting.objects.get()
    page.goto(f"{base}/elections/results/party_meeting/{m.pk}/")
    _both(page, "party-meeting-submitted")
    page.click("button:has-text('批准（代乡镇党（工）委）')")
    page.wait_for_selector("#hj-party-state:has-text('已批准')")
    _both(page, "party-meeting-approved")

    e = results_election(cast)
    r, receipt = certified(cast, e, second)
    vsvc.void_winner(
        actor=cast["county_operator"],
        round=r,
        person="甲主任",
        body="county_government",
        document_no="清政〔2026〕12号",
        decided_on=dt.date(2026, 4, 2),
        reason="贿选",
    )
    page.goto(f"{base}/elections/results/void/{e.pk}/")
    assert "清政〔2026〕12号" in page.inner_text("#hj-void-decisions")
    _both(page, "void-record")
    context.close()

    context = browser.new_context(viewport=TABLET, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{base}/elections/results/verify/?code={receipt.code}")
    assert "已宣告无效：甲主任（主任）当选无效" in page.inner_text("#hj-verify-result")
    _both(page, "verify-voided")
    context.close()
