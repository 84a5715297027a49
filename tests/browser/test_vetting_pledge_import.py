"""Issue 11 reqs. 9 and 11 in Debian's Chromium: the town operator opens the town's 纪律承诺签订情况,
follows 导入签订情况 to the import page, uploads the signing dates, previews and confirms them; the
page counts the pledges signed and shows 扫描件待补 on each, and the scan uploaded from its row
replaces the badge by the file's link."""

from __future__ import annotations

import datetime as dt
import os

import pytest
import typst

from huanjie.core import crypto
from huanjie.planning.models import Campaign
from huanjie.vetting.models import Candidate, Pledge
from tests.browser.test_town_operator_journey import login
from tests.factories import PersonFactory, build_cast, seat
from tests.importfiles import table, write_xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = ["村（社区）区划代码", "村（社区）名称", "姓名", "身份证号", "类别", "职务", "签订日期"]
SHOTS = os.environ.get("HUANJIE_SHOTS", "")


def _row(*values: str) -> dict[str, str]:
    return dict(zip(HEADER, values, strict=True))


def test_town_imports_the_pledges_then_uploads_a_scan(live_server, page, tmp_path):
    shots = SHOTS or str(tmp_path)
    cast = build_cast()
    campaign = Campaign.objects.create(
        city=cast.city,
        name="2026年换届",
        profile_code="zhejiang",
        window_start=dt.date(2025, 12, 1),
        window_end=dt.date(2026, 6, 30),
        state="published",
    )
    secretary = PersonFactory(domicile_unit=cast.village, name="钱守正")
    seat(secretary, cast.village, "party_org", "secretary")
    candidate = PersonFactory(domicile_unit=cast.village, name="赵启明")
    Candidate.objects.create(
        campaign=campaign,
        unit=cast.village,
        person=candidate,
        side="committee",
        post="chair",
        source="other",
        channel="voters",
    )
    base = live_server.url
    coverage = f"{base}/vetting/pledges/{cast.town.code}/"

    login(page, base, "town_op")
    page.goto(coverage)
    page.click("text=导入签订情况")
    page.wait_for_load_state()
    assert page.locator("select[name=kind]").input_value() == "vetting_pledges"
    today = dt.date.today().isoformat()
    rows = [
        _row(cast.village.code, "东村", "赵启明", crypto.decrypt(candidate.id_cipher), "承诺书", "", today),
        _row(
            cast.village.code, "东村", "钱守正", crypto.decrypt(secretary.id_cipher), "纪律责任书", "", today
        ),
        _row(cast.town.code, "青石镇", "孙立", "", "保证书", "镇组织办干事", today),
    ]
    path = write_xlsx(tmp_path / "签订情况.xlsx", table(HEADER, rows))
    page.set_input_files("input[name=file]", str(path))
    page.click("#preview-button")
    page.wait_for_load_state()
    assert "赵启明承诺书：新建" in page.content()
    page.click("#commit-button")
    page.wait_for_load_state()

    page.goto(coverage)
    page.screenshot(path=f"{shots}/pledge-coverage-1366.png", full_page=True)
    assert page.locator("text=扫描件待补").count() >= 4  # the figure and the three rows
    page.set_viewport_size({"width": 768, "height": 1024})
    page.screenshot(path=f"{shots}/pledge-coverage-768.png", full_page=True)
    assert Pledge.objects.count() == 3 and not Pledge.objects.exclude(stored=None).exists()

    src = tmp_path / "scan.typ"
    src.write_text("#set page(width: 10cm, height: 5cm)\nSigned pledge\n", encoding="utf-8")
    pdf = tmp_path / "承诺书.pdf"
    pdf.write_bytes(typst.compile(str(src)))
    pledge = Pledge.objects.get(kind="commitment")
    form = page.locator(f"form[action='/vetting/pledge/{pledge.pk}/scan/']")
    form.locator("input[type=file]").set_input_files(str(pdf))
    form.locator("button").click()
    page.wait_for_load_state()
    assert page.url == coverage
    page.screenshot(path=f"{shots}/pledge-coverage-scanned-768.png", full_page=True)
    assert page.locator("a:has-text('承诺书.pdf')").count() == 1
    pledge.refresh_from_db()
    assert pledge.has_scan
