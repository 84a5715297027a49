"""The village dossiers (issue 15 req. 5): what a dossier reports (committees before and after, the
procedure, every round's result, the handover), one village's PDF, a town's ZIP made at once and a
larger one by the task worker with its progress, failures that end the job, and who may fetch what."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from huanjie.core.models import AuditEvent
from huanjie.elections import results_services as rsvc
from huanjie.elections.models import ElectionStep
from huanjie.stats import dossier_selectors as sel
from huanjie.stats import dossier_services as svc
from huanjie.stats.models import ReportJob
from tests.elections.test_results import DAY, announce, enter, open_round, results_election
from tests.factories import PersonFactory, seat, unit, user_with_role

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def certified(cast):
    """东村: 老主任 chaired the 村委会 when the window opened (2025-12-01); the first round elects
    甲主任, 委员丙 and 委员丁 and is certified, so the tenures rolled over on the voting day."""
    e = results_election(cast)
    old = PersonFactory(name="老主任", domicile_unit=cast.village, birth_date=dt.date(1960, 1, 1))
    seat(old, cast.village, "villagers_committee", "chair")
    c = e.campaign
    second = user_with_role("village_op2", "village_operator", cast.village)
    ElectionStep.objects.create(
        election=e,
        key="roll",
        title="公布选民名单",
        done_on=dt.date(2026, 3, 1),
        law_code="x",
        recorded_by="v",
    )
    r = open_round(cast, e)
    s = enter(cast["village_operator"], r)
    rsvc.sheet_verify(actor=second, sheet=s)
    r = announce(cast, r)
    rsvc.certify(actor=cast["village_operator"], round=r)
    return e, c


def test_a_dossier_reports_the_committees_before_and_after_the_procedure_and_the_results(cast, certified):
    _, c = certified
    [d] = sel.dossiers([cast.village], c, on=dt.date(2026, 4, 1))
    assert d["name"] == "东村" and d["town"] == "青石镇" and d["county"] == "清河县"
    # before: the committee as it stood when the window opened (老主任, born 1960-01-01: 65 on
    # 2025-12-01); after: as it stands on the day printed
    assert c.window_start == dt.date(2025, 12, 1)
    assert [row[1:5] for row in d["before"]] == [["主任", "老主任", "男", "65"]]
    after = {row[2]: (row[1], row[-1]) for row in d["after"]}
    assert after == {"甲主任": ("主任", "新任"), "委员丙": ("委员", "新任"), "委员丁": ("委员", "新任")}
    assert d["new_count"] == 3
    [el] = d["elections"]
    assert el["steps"] == [["公布选民名单", dt.date(2026, 3, 1), "无"]]
    [rnd] = el["rounds"]
    assert rnd[1] == DAY and rnd[2] == "1000" and rnd[4] == "已确认（正式）"
    assert rnd[5] == "主任：甲主任；委员：委员丙、委员丁"


def test_a_member_who_sat_before_and_sits_after_is_reelected(cast):
    from tests.elections.test_results import make_campaign

    c = make_campaign(cast, "beijing")
    p = PersonFactory(name="连任者", domicile_unit=cast.village)
    seat(p, cast.village, "party_org", "secretary", start=dt.date(2021, 3, 1))
    [d] = sel.dossiers([cast.village], c, on=dt.date(2026, 4, 1))
    assert [r[2] for r in d["before"]] == ["连任者"]
    assert [(r[2], r[-1]) for r in d["after"]] == [("连任者", "连任")]
    assert d["elections"] == [] and d["new_count"] == 0


def test_dossiers_are_read_in_a_fixed_number_of_queries(cast, certified):
    _, c = certified
    villages = [cast.village, cast.village2]
    with CaptureQueriesContext(connection) as few:
        list(sel.dossiers(villages, c, on=dt.date(2026, 4, 1)))
    more = [unit(f"32990100120{n}", "village", f"新村{n}", cast.town) for n in range(3, 9)]
    for n, v in enumerate(more):
        seat(PersonFactory(name=f"书记{n}", domicile_unit=v), v, "party_org", "secretary")
    with CaptureQueriesContext(connection) as many:
        list(sel.dossiers([*villages, *more], c, on=dt.date(2026, 4, 1)))
    assert len(many) == len(few)


def pdf_text(content: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return out.stdout.decode()


def test_one_villages_dossier_is_a_pdf_and_its_printing_is_audited(client, cast, certified):
    client.force_login(cast["town_operator"])
    response = client.get(reverse("stats_dossier:village_pdf", args=[cast.village.code]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "村级换届档案" in text and "甲主任" in text and "老主任" in text
    ev = AuditEvent.objects.get(action="export", model="org.OrgUnit", object_id=str(cast.village.pk))
    assert ev.actor == cast["town_operator"] and ev.after == {"report": "村级换届档案", "villages": 1}


def test_a_towns_dossiers_are_made_at_once_as_one_zip_for_the_requester_only(client, cast, certified):
    client.force_login(cast["town_operator"])
    response = client.post(reverse("stats_dossier:start", args=[cast.town.code]))
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("stats_dossier:job", args=[job.pk])
    assert job.status == "done" and (job.done, job.total) == (2, 2)
    assert bytes(job.file_data)[:2] != b"PK"  # kept encrypted
    page = client.get(reverse("stats_dossier:job", args=[job.pk]))
    assert "下载" in page.content.decode()
    download = client.get(reverse("stats_dossier:download", args=[job.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(download.content)).namelist()
    assert names == ["清河县/青石镇/329901001201_东村.pdf", "清河县/青石镇/329901001202_西村.pdf"]
    assert AuditEvent.objects.filter(action="export", model="stats.ReportJob").count() == 2  # start, download
    # the county operator holds the town too, but the file is the town operator's
    client.force_login(cast["county_operator"])
    assert client.get(reverse("stats_dossier:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("stats_dossier:download", args=[job.pk])).status_code == 404


@override_settings(TASKS=IMMEDIATE, HUANJIE_DOSSIER_INLINE_MAX=1)
def test_a_counties_dossiers_go_to_the_task_worker(
    client, cast, certified, django_capture_on_commit_callbacks
):
    client.force_login(cast["county_operator"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("stats_dossier:start", args=[cast.county.code]))
    job = ReportJob.objects.get()
    assert job.status == "done" and job.total == 3  # 东村, 西村 (青石镇), 南村 (白沙镇)
    names = zipfile.ZipFile(io.BytesIO(svc.job_file(actor=cast["county_operator"], job=job)[0])).namelist()
    assert "清河县/白沙镇/329901002201_南村.pdf" in names


def test_a_failure_ends_the_job_with_a_chinese_reason_and_no_file(cast, certified, monkeypatch):
    def broken(village, actor):
        raise RuntimeError("typesetting failed")

    monkeypatch.setattr(svc, "_typeset", broken)
    job = svc.dossiers_start(actor=cast["town_operator"], unit=cast.town)
    job.refresh_from_db()
    assert job.status == "failed" and job.error == svc.FAILED and bytes(job.file_data) == b""
    with pytest.raises(Exception, match="尚未生成完成"):
        svc.job_file(actor=cast["town_operator"], job=job)


def test_outside_the_jurisdiction_every_page_is_404(client, cast, certified):
    client.force_login(cast["other_town_operator"])
    for name in ("unit", "village_pdf"):
        code = cast.village.code if name == "village_pdf" else cast.town.code
        assert client.get(reverse(f"stats_dossier:{name}", args=[code])).status_code == 404
    assert client.post(reverse("stats_dossier:start", args=[cast.town.code])).status_code == 404
    assert not ReportJob.objects.exists()
    client.force_login(cast["village_operator"])  # no statistics capability at all
    assert client.get(reverse("stats_dossier:index")).status_code == 403


def test_a_town_has_no_single_village_pdf_and_a_city_without_a_campaign_is_told(client, cast):
    client.force_login(cast["town_operator"])
    response = client.get(reverse("stats_dossier:village_pdf", args=[cast.village.code]), follow=True)
    assert "本市尚无已发布的换届工作" in response.content.decode()
    response = client.get(reverse("stats_dossier:village_pdf", args=[cast.town.code]), follow=True)
    assert "请选择村（社区）" in response.content.decode()


def test_the_index_lists_the_units_with_their_villages(client, cast):
    client.force_login(cast["county_operator"])
    page = client.get(reverse("stats_dossier:index")).content.decode()
    assert "清河县" in page
    page = client.get(reverse("stats_dossier:unit", args=[cast.county.code])).content.decode()
    assert "青石镇" in page and "白沙镇" in page and "生成清河县全部村级档案" in page
    rows = sel.children(cast["county_operator"], cast.county)
    assert [(r.unit.name, r.villages) for r in rows] == [("青石镇", 2), ("白沙镇", 1)]


# --- the campaign report of a town, county or city ------------------------------------------------


def test_the_county_report_prints_the_structure_figures_of_the_selectors(client, cast, certified):
    from huanjie.stats import report_selectors as report
    from huanjie.stats import structure_selectors as structure

    _, c = certified
    user = cast["county_operator"]
    data = report.report_data(user, c, cast.county)
    after = structure.figures(user, c, cast.county, basis="after")
    assert [row[0] for row in data["children"]] == [row.unit.name for row in after.children]
    members = next(row for row in data["figures"] if row[1] == structure.FIGURE_BY_KEY["members"].label)
    assert members[2 + data["bases"].index("换届后")] == after.values["members"].text == "3"
    client.force_login(user)
    response = client.get(reverse("stats_dossier:campaign_report", args=[cast.county.code]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    if os.environ.get("HJ_SAVE_PDF"):
        Path(os.environ["HJ_SAVE_PDF"]).write_bytes(response.content)
    text = pdf_text(response.content)
    assert "清河县村（社区）“两委”换届工作报告" in text.replace("\n", "")
    assert "青石镇" in text and "甲主任" not in text  # figures only, no person


def test_a_village_has_a_dossier_not_a_report_and_outsiders_get_404(client, cast, certified):
    client.force_login(cast["town_operator"])
    response = client.get(reverse("stats_dossier:campaign_report", args=[cast.village.code]), follow=True)
    assert "村（社区）请下载村级档案" in response.content.decode()
    assert client.get(reverse("stats_dossier:campaign_report", args=[cast.county.code])).status_code == 404
