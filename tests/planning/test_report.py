"""The 研判 report of a village (page and Typst PDF, 保密) and the completion of the 研判 against the
campaign's milestone per county and city (aggregated in SQL: the query count does not grow)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from huanjie.core.models import AuditEvent
from huanjie.planning import services
from huanjie.planning.models import Milestone
from tests.factories import PersonFactory, seat, unit

pytestmark = pytest.mark.django_db

POPPLER = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (apt) is needed")
HOSTILE = '] #panic("注入") $x$ <lab> @ref #import "/etc/passwd": * #set page(fill: red) \\'


@pytest.fixture
def filled(cast, assessment, sitting):
    deputy = seat(
        PersonFactory(name="孙秀英", sex="F", domicile_unit=cast.village),
        cast.village,
        "party_org",
        "secretary",
    )
    services.assessment_update(
        actor=cast["town_operator"],
        assessment=assessment,
        grade="poor",
        category="weak",
        problems=["clan", "economy"],
        risks=["vote_buying"],
        notes="班子软弱，需整顿",
    )
    services.member_view_set(
        actor=cast["town_operator"],
        assessment=assessment,
        tenure=sitting,
        view="leave",
        reason="威信不高",
        income="low",
        ability="low",
    )
    services.member_view_set(
        actor=cast["town_operator"], assessment=assessment, tenure=deputy, view="stay", reason="群众认可"
    )
    return assessment


def _approve(cast, a):
    services.assessment_act(actor=cast["town_operator"], assessment=a, name="submit")
    services.assessment_act(actor=cast["county_approver"], assessment=a, name="approve")


def pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def dark_share_of_page_one(content: bytes, tmp_path: Path) -> float:
    """Render page 1 (PNG kept next to it for looking at) and return its share of non-white pixels."""
    path = tmp_path / "r.pdf"
    path.write_bytes(content)
    subprocess.run(
        ["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-png", str(path), str(tmp_path / "page")], check=True
    )
    assert list(tmp_path.glob("page*.png"))
    subprocess.run(
        ["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-gray", str(path), str(tmp_path / "gray")], check=True
    )
    raw = next(tmp_path.glob("gray*.pgm")).read_bytes()
    # Binary PGM: "P5\n<w> <h>\n255\n" then one byte per pixel.
    magic, size, maxval, pixels = raw.split(b"\n", 3)
    assert magic == b"P5" and maxval == b"255"
    w, h = map(int, size.split())
    pixels = pixels[: w * h]
    assert w * h == len(pixels) and h > w  # A4 portrait
    return sum(1 for p in pixels if p < 200) / len(pixels)


def test_the_report_page_shows_the_whole_assessment(cast, filled, client):
    client.force_login(cast["town_operator"])
    page = client.get(reverse("planning:assessment_report", args=[filled.pk])).content.decode()
    for text in (
        "东村",
        "较差",
        "软弱涣散",
        "宗族、家族势力干扰",
        "集体经济薄弱",
        "拉票贿选风险",
        "班子软弱，需整顿",
    ):
        assert text in page
    for text in (
        "钱东升",
        "退出",
        "威信不高",
        "孙秀英",
        "留任",
        "群众认可",
        "收入待遇偏低 1 人",
        "能力本领偏低 1 人",
    ):
        assert text in page
    # The preparing town reads it on screen; printing and exporting are for the county and above.
    assert reverse("planning:assessment_pdf", args=[filled.pk]) not in page
    assert client.get(reverse("planning:assessment_pdf", args=[filled.pk])).status_code == 403
    assert not AuditEvent.objects.filter(action="view_confidential").exists()
    client.force_login(cast["county_operator"])
    page = client.get(reverse("planning:assessment_report", args=[filled.pk])).content.decode()
    assert reverse("planning:assessment_pdf", args=[filled.pk]) in page


def test_member_income_and_ability_are_checked(cast, assessment, sitting):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as e:
        services.member_view_set(
            actor=cast["town_operator"],
            assessment=assessment,
            tenure=sitting,
            view="stay",
            reason="好",
            income="rich",
            ability="?",
        )
    assert set(e.value.message_dict) == {"income", "ability"}


def test_the_page_form_saves_income_and_ability(cast, assessment, sitting, client):
    client.force_login(cast["town_operator"])
    r = client.post(
        reverse("planning:assessment_member", args=[assessment.pk]),
        {"tenure": sitting.pk, "view": "adjust", "reason": "能力不足", "income": "medium", "ability": "low"},
    )
    assert r.status_code == 302
    row = assessment.members.get()
    assert (row.view, row.income, row.ability) == ("adjust", "medium", "low")


@POPPLER
def test_the_pdf_holds_the_report_and_page_one_is_not_blank(cast, filled, client, tmp_path):
    _approve(cast, filled)
    client.force_login(cast["county_operator"])
    r = client.get(reverse("planning:assessment_pdf", args=[filled.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"].startswith("inline; filename*=UTF-8''")
    assert r["Cache-Control"] == "no-store"
    content = r.content
    assert content.startswith(b"%PDF")
    text = "".join(pdf_text(content, tmp_path).split())
    for expected in (
        "内部资料",
        "东村“两委”班子研判报告",
        "青石镇",
        "较差",
        "软弱涣散",
        "拉票贿选风险",
        "钱东升",
        "退出",
        "威信不高",
        "孙秀英",
        "留任",
        "群众认可",
        "—1—",
    ):
        assert expected in text, expected
    assert "未经县级审核" not in text
    assert dark_share_of_page_one(content, tmp_path) > 0.01
    event = AuditEvent.objects.get(action="view_confidential", actor=cast["county_operator"])
    assert event.reason == "打印研判报告 PDF（保密）" and event.org_path == cast.village.path


@POPPLER
def test_user_text_cannot_inject_typst(cast, filled, sitting, client, tmp_path):
    services.member_view_set(
        actor=cast["town_operator"], assessment=filled, tenure=sitting, view="leave", reason=HOSTILE
    )
    sitting.person.name = "#import"
    sitting.person.save()
    client.force_login(cast["county_operator"])
    r = client.get(reverse("planning:assessment_pdf", args=[filled.pk]))
    assert r.status_code == 200
    text = "".join(pdf_text(r.content, tmp_path).split())
    assert "#import理由" not in text and "#import" in text
    assert "".join(HOSTILE.split()) in text
    assert "未经县级审核" in text  # a draft says so on its face
    assert dark_share_of_page_one(r.content, tmp_path) < 0.5  # not filled red


@pytest.mark.parametrize("role", ["other_town_operator", "village_operator", "vetting", "supervisor"])
def test_outside_the_jurisdiction_the_report_and_pdf_are_refused(cast, filled, client, role):
    client.force_login(cast[role])
    for name in ("planning:assessment_report", "planning:assessment_pdf"):
        r = client.get(reverse(name, args=[filled.pk]))
        assert r.status_code in (403, 404), (role, name)
        assert b"%PDF" not in r.content and "威信不高" not in r.content.decode(errors="replace")
    assert not AuditEvent.objects.filter(action="view_confidential").exists()


def test_the_report_from_outside_the_town_is_audited(cast, filled, client):
    client.force_login(cast["leader"])
    assert client.get(reverse("planning:assessment_report", args=[filled.pk])).status_code == 200
    assert AuditEvent.objects.get(action="view_confidential").reason == "查看研判报告（保密）"


# ---------------------------------------------------------------------------------------------
# Completion


@pytest.fixture
def progress(cast, published, filled, fixed_today):
    """东村 approved; 南村 started (draft); 西村 and 和平社区 not started. Milestone 2026-01-04."""
    Milestone.objects.create(campaign=published, name="研判完成", date=dt.date(2026, 1, 4))
    _approve(cast, filled)
    services.assessment_create(actor=cast["other_town_operator"], campaign=published, unit=cast.village_b)
    return published


def _rows(page: str) -> str:
    return " ".join(page.split())


def test_the_county_sees_each_town_against_the_milestone(cast, progress, client):
    client.force_login(cast["county_operator"])
    r = client.get(reverse("planning:completion", args=[progress.pk]))
    assert r.status_code == 200
    page = r.context["page"]
    assert page.unit == cast.county and page.milestone.date == dt.date(2026, 1, 4)
    rows = {row.name: (row.total, row.started, row.approved, row.missing) for row in page.rows}
    assert rows == {"青石镇": (2, 1, 1, 1), "白沙镇": (1, 1, 0, 1)}
    assert (page.total.total, page.total.approved, page.total.percent) == (3, 1, 33)
    assert page.overdue and page.overdue_count == 2
    assert [(v.name, v.state_label) for v in page.overdue_villages] == [("西村", "未开始"), ("南村", "草稿")]
    html = _rows(r.content.decode())
    assert "2026-01-04" in html and "尚有 2 个村（社区）" in html
    assert "威信不高" not in html and "较差" not in html  # counts only, no assessment content


def test_the_city_sees_each_county_and_drills_down(cast, progress, client):
    client.force_login(cast["city_operator"])
    page = client.get(reverse("planning:completion", args=[progress.pk])).context["page"]
    assert page.unit == cast.city
    assert {r.name: (r.total, r.approved) for r in page.rows} == {"清河县": (3, 1), "柳林区": (1, 0)}
    assert page.overdue_count == 3
    assert [(v.name, v.county, v.town) for v in page.overdue_villages][-1] == (
        "和平社区",
        "柳林区",
        "云溪街道",
    )
    r = client.get(reverse("planning:completion_unit", args=[progress.pk, cast.county2.code]))
    assert {x.name: (x.total, x.approved) for x in r.context["page"].rows} == {"云溪街道": (1, 0)}
    assert r.context["page"].parent == cast.city


def test_not_overdue_before_the_milestone(cast, progress, client, monkeypatch):
    monkeypatch.setattr("huanjie.core.workflow.today", lambda: dt.date(2026, 1, 4))
    client.force_login(cast["county_operator"])
    page = client.get(reverse("planning:completion", args=[progress.pk])).context["page"]
    assert not page.overdue and page.overdue_villages == []


def test_a_town_sees_its_villages_and_nothing_outside(cast, progress, client):
    client.force_login(cast["town_operator"])
    page = client.get(reverse("planning:completion", args=[progress.pk])).context["page"]
    assert page.unit == cast.town and page.parent is None
    assert {r.name: r.approved for r in page.rows} == {"东村": 1, "西村": 0}
    for code in (cast.town_b.code, cast.county.code, cast.city.code, "abc"):
        assert client.get(reverse("planning:completion_unit", args=[progress.pk, code])).status_code == 404
    client.force_login(cast["village_operator"])
    assert client.get(reverse("planning:completion", args=[progress.pk])).status_code == 403


def test_the_query_count_does_not_grow_with_villages(cast, progress, client):
    client.force_login(cast["city_operator"])
    url = reverse("planning:completion", args=[progress.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    count()  # warm the per-process caches (content types, session)
    before = count()
    for i in range(12):
        town = cast.town if i % 2 else cast.street
        v = unit(f"{town.code[:9]}{300 + i:03d}", "village", f"新村{i}", town)
        if town == cast.town and i % 3:
            services.assessment_create(actor=cast["town_operator"], campaign=progress, unit=v)
    assert count() == before
    page = client.get(url).context["page"]
    assert page.total.total == 4 + 12
