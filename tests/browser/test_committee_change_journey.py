"""Issue 9 reqs. 2 and 11 end to end in Debian's Chromium: a village operator proposes a change set
(the chair resigns, a villager is elected in a 补选) on the committee page; the town operator finds it
among the home page's to-dos, opens it and confirms it; the committee has changed."""

from __future__ import annotations

import pytest

from huanjie.people.choices import CommitteeKind, Post
from huanjie.people.models import CommitteeChange, Tenure
from tests.browser.test_town_operator_journey import login
from tests.factories import PersonFactory, build_cast, seat

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_village_proposes_and_town_confirms(live_server, page, tmp_path):
    cast = build_cast()
    old = PersonFactory(domicile_unit=cast.village, name="老主任")
    chair = seat(old, cast.village, CommitteeKind.VILLAGERS, Post.CHAIR)
    newcomer = PersonFactory(domicile_unit=cast.village, name="新主任")
    base = live_server.url

    login(page, base, "village_op")
    page.goto(f"{base}/org/unit/{cast.village.code}/")
    page.get_by_role("link", name="班子成员变动").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().strip() == "东村 班子成员变动"
    page.check(f"#id_end-{chair.pk}-leave")
    page.select_option(f"#id_end-{chair.pk}-cause", "resigned")
    page.select_option(f"#id_end-{chair.pk}-body", "villagers_meeting")
    page.select_option("#id_start-0-person", str(newcomer.pk))
    page.select_option("#id_start-0-kind", "villagers_committee")
    page.select_option("#id_start-0-post", "chair")
    page.fill("#id_start-0-term_number", "12")
    page.select_option("#id_start-0-cause", "by_election")
    page.select_option("#id_start-0-body", "villagers_meeting")
    page.fill("#id_note", "主任辞职，村民会议补选")
    page.get_by_role("button", name="提交乡镇（街道）确认").click()
    page.wait_for_load_state()
    assert "已提交乡镇（街道）确认" in page.content() and "待乡镇确认" in page.content()
    page.screenshot(path=str(tmp_path / "proposal-village.png"), full_page=True)
    change = CommitteeChange.objects.get()
    assert change.state == "proposed"

    page.context.clear_cookies()
    login(page, base, "town_op")
    page.goto(f"{base}/")
    page.locator(f"a[href='/people/changes/{change.pk}/']").first.click()
    page.wait_for_load_state()
    page.set_viewport_size({"width": 768, "height": 1024})
    page.screenshot(path=str(tmp_path / "proposal-town-768.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 768
    page.get_by_role("button", name="确认并生效").click()
    page.wait_for_load_state()
    assert "已确认，班子成员变动已生效" in page.content()
    sitting = Tenure.objects.get(committee__org_unit=cast.village, post="chair", end_date__isnull=True)
    assert sitting.person.name == "新主任"
    assert Tenure.objects.get(pk=chair.pk).end_reason == "resigned"
