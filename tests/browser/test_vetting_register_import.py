"""Issue 11 req. 11 in Debian's Chromium: the town operator opens the village's 四必谈台账, follows its
导入谈话情况 button to the import page (the kind chosen), uploads a filled sheet, previews it, confirms
it, and the ledger shows the talk held; a county operator's ledger has no such button."""

from __future__ import annotations

import datetime as dt

import pytest

from huanjie.core import crypto
from huanjie.planning.models import Campaign
from huanjie.vetting.models import Talk
from tests.browser.test_town_operator_journey import login
from tests.factories import PersonFactory, build_cast
from tests.importfiles import table, write_xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = [
    "村（社区）区划代码",
    "村（社区）名称",
    "姓名",
    "身份证号",
    "对象类别",
    "谈话日期",
    "谈话人",
    "谈话主要内容及对象表态",
]


def test_town_imports_the_talks_held_from_the_ledger(live_server, page, tmp_path):
    cast = build_cast()
    campaign = Campaign.objects.create(
        city=cast.city,
        name="2026年换届",
        profile_code="zhejiang",
        window_start=dt.date(2025, 12, 1),
        window_end=dt.date(2026, 6, 30),
        state="published",
    )
    person = PersonFactory(domicile_unit=cast.village, name="赵启明")
    Talk.objects.create(
        campaign=campaign,
        unit=cast.village,
        person=person,
        kind="wavering",
        level="town",
        basis="对人事安排有意见",
        due_on=dt.date(2026, 3, 1),
        listed_on=dt.date(2026, 1, 10),
        generated=False,
    )
    base = live_server.url
    ledger = f"{base}/vetting/talks/{cast.village.code}/"

    login(page, base, "county_op")
    page.goto(ledger)
    assert page.locator("text=导入谈话情况").count() == 0
    page.context.clear_cookies()

    login(page, base, "town_op")
    page.goto(ledger)
    page.screenshot(path=str(tmp_path / "ledger.png"), full_page=True)
    page.click("text=导入谈话情况")
    page.wait_for_load_state()
    assert page.locator("select[name=kind]").input_value() == "vetting_talks"
    row = {
        HEADER[0]: cast.village.code,
        HEADER[1]: "东村",
        HEADER[2]: "赵启明",
        HEADER[3]: crypto.decrypt(person.id_cipher),
        HEADER[4]: "思想波动",
        HEADER[5]: "2026-01-18",
        HEADER[6]: "李明（镇党委书记）",
        HEADER[7]: "解释人事安排的考虑，本人表示服从组织安排",
    }
    path = write_xlsx(tmp_path / "四必谈.xlsx", table(HEADER, [row]))
    page.set_input_files("input[name=file]", str(path))
    page.click("#preview-button")
    page.wait_for_load_state()
    page.screenshot(path=str(tmp_path / "preview.png"), full_page=True)
    assert "赵启明（思想波动）谈话：新建" in page.content()
    page.click("#commit-button")
    page.wait_for_load_state()
    page.goto(ledger)
    page.set_viewport_size({"width": 768, "height": 1024})
    page.screenshot(path=str(tmp_path / "ledger-done.png"), full_page=True)
    assert page.locator("text=已谈").count() >= 1
    talk = Talk.objects.get()
    assert (talk.done_on, talk.talker) == (dt.date(2026, 1, 18), "李明（镇党委书记）")
