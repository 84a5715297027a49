"""The handover (工作移交, issue 13 req. 7): opened by the first certified round that elects a 村委会,
ten days from the day the new committee was produced (exactly ten on time, eleven late), five items
with dates, notes and an encrypted list, submitted by the village and signed off by the town; an
overdue handover on the town's home page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from huanjie.core import workflow
from huanjie.elections import results_handover_selectors as hsel
from huanjie.elections import results_handover_services as hsvc
from huanjie.elections.models import ElectionStep, Handover
from huanjie.rules import handover as rules
from tests.elections.test_results import DAY, results_election
from tests.elections.test_results_tenures import certify
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def second(cast):
    return user_with_role("village_op2", "village_operator", cast.village)


@pytest.fixture
def h(cast, second):
    e = results_election(cast)
    certify(cast, second, e)
    return Handover.objects.get(election=e)


def fill(cast, h, day):
    for it in h.items.order_by("pk"):
        hsvc.item_record(actor=cast["village_operator"], item=it, done_on=day, notes="已移交")
        h.refresh_from_db()


def test_the_period_is_ten_days_counted_from_the_day_after():
    p = rules.handover_period(DAY)
    assert p.end == dt.date(2026, 3, 30)
    assert rules.handover_on_time(DAY, dt.date(2026, 3, 30)) is True
    assert rules.handover_on_time(DAY, dt.date(2026, 3, 31)) is False


def test_certification_opens_the_handover_with_five_items_and_the_law(h):
    assert h.produced_on == DAY and h.due_on == dt.date(2026, 3, 30) and h.days == 10
    assert [i.topic for i in h.items.order_by("pk")] == ["seals", "archives", "accounts", "assets", "debts"]
    assert "第二十条" in h.rule or "第二十四条" in h.rule or "第三十三条" in h.rule
    assert h.state == "open"


@pytest.mark.parametrize(("day", "late"), [(dt.date(2026, 3, 30), False), (dt.date(2026, 3, 31), True)])
def test_completed_on_the_tenth_day_is_on_time_the_eleventh_late(cast, h, day, late, settings):
    fill(cast, h, day)
    hsvc.submit(actor=cast["village_operator"], handover=h)
    h.refresh_from_db()
    assert h.completed_on == day and h.on_time is (not late)
    assert hsel.overdue(h, dt.date(2026, 5, 1)) is late
    hsvc.sign_off(actor=cast["town_operator"], handover=Handover.objects.get(pk=h.pk))
    said = hsvc.record_step(actor=cast["town_operator"], handover=h)
    step = ElectionStep.objects.filter(election=h.election, key="handover").first()
    if late:  # a late step needs the town's own reason on the procedure page
        assert step is None and "未能自动登记" in said and "情况说明" in said
    else:
        assert step is not None and step.done_on == day and step.violations == []


def test_overdue_before_completion_is_on_the_towns_home_page(cast, h):
    assert hsel.overdue(h, dt.date(2026, 3, 30)) is False
    assert hsel.overdue(h, dt.date(2026, 3, 31)) is True
    todos = hsel.handover_todos(cast["town_operator"])  # today is far past 2026-03-30
    assert len(todos) == 1 and todos[0].overdue and "工作移交已逾期（期限 2026-03-30）" in todos[0].label
    assert hsel.handover_todos(cast["other_town_operator"]) == []
    assert hsel.handover_todos(cast["village_operator"]) == []


def test_submit_needs_every_item_then_the_town_signs_off(cast, h, second):
    it = h.items.get(topic="seals")
    hsvc.item_record(actor=cast["village_operator"], item=it, done_on=dt.date(2026, 3, 25), notes="公章一枚")
    with pytest.raises(ValidationError, match="档案资料、财务账目、集体资产、债权债务"):
        hsvc.submit(actor=cast["village_operator"], handover=Handover.objects.get(pk=h.pk))
    h.refresh_from_db()
    fill(cast, h, dt.date(2026, 3, 26))
    hsvc.submit(actor=cast["village_operator"], handover=h)
    with pytest.raises((PermissionDenied, workflow.WorkflowError)):
        hsvc.sign_off(actor=cast["village_operator"], handover=Handover.objects.get(pk=h.pk))
    with pytest.raises(PermissionDenied):
        hsvc.sign_off(actor=cast["other_town_operator"], handover=Handover.objects.get(pk=h.pk))
    with pytest.raises(ValidationError, match="已提交乡镇"):
        hsvc.item_record(actor=cast["village_operator"], item=it, done_on=dt.date(2026, 3, 25), notes="x")
    hsvc.sign_off(actor=cast["town_operator"], handover=Handover.objects.get(pk=h.pk))
    h.refresh_from_db()
    assert h.state == "signed_off" and h.completed_on == dt.date(2026, 3, 26)
    assert hsel.handover_todos(cast["town_operator"]) == []
    said = hsvc.record_step(actor=cast["town_operator"], handover=h)
    step = ElectionStep.objects.filter(election=h.election, key="handover").first()
    assert said, said
    assert step is not None and step.done_on == dt.date(2026, 3, 26), said
    assert "此前已经登记" in hsvc.record_step(actor=cast["town_operator"], handover=h)


def test_the_town_returns_with_a_reason(cast, h):
    fill(cast, h, dt.date(2026, 3, 26))
    hsvc.submit(actor=cast["village_operator"], handover=h)
    with pytest.raises(workflow.TransitionRefused, match="须填写理由"):
        hsvc.return_(actor=cast["town_operator"], handover=Handover.objects.get(pk=h.pk), reason="")
    hsvc.return_(actor=cast["town_operator"], handover=Handover.objects.get(pk=h.pk), reason="缺债权债务清单")
    h.refresh_from_db()
    assert h.state == "open" and h.completed_on is None


def test_item_dates_are_bounded(cast, h):
    it = h.items.get(topic="debts")
    with pytest.raises(ValidationError, match="不能早于新一届产生之日"):
        hsvc.item_record(actor=cast["village_operator"], item=it, done_on=dt.date(2026, 3, 19), notes="")
    with pytest.raises(ValidationError, match="不能晚于今天"):
        hsvc.item_record(actor=cast["village_operator"], item=it, done_on=dt.date(2099, 1, 1), notes="")


def test_the_page_records_an_item_with_an_encrypted_list(cast, h, client, settings):
    client.force_login(cast["village_operator"])
    it = h.items.get(topic="seals")
    url = reverse("elections_results:handover_item", args=[it.pk])
    upload = SimpleUploadedFile("印章移交清单.pdf", PDF, content_type="application/pdf")
    r = client.post(
        url, {f"i{it.pk}-done_on": "2026-03-25", f"i{it.pk}-notes": "公章一枚", f"i{it.pk}-evidence": upload}
    )
    assert r.status_code == 302
    it.refresh_from_db()
    assert it.done_on == dt.date(2026, 3, 25) and it.evidence_name == "印章移交清单.pdf"
    from huanjie.planning import rectification_files as files

    raw = (files._folder() / it.evidence_stored).read_bytes()
    assert PDF not in raw and files.load(it.evidence_stored) == PDF
    got = client.get(reverse("elections_results:handover_evidence", args=[it.pk]))
    assert (
        got.status_code == 200 and b"".join(got.streaming_content if got.streaming else [got.content]) == PDF
    )
    html = client.get(h.get_absolute_url()).content.decode()
    assert "印章移交清单.pdf" in html and "2026-03-30" in html and "已逾期" in html
    bad = client.post(url, {f"i{it.pk}-done_on": "2026-03-01"})
    assert bad.status_code == 400 and "不能早于新一届产生之日" in bad.content.decode()


def test_outside_the_jurisdiction_sees_nothing(cast, h, client):
    client.force_login(cast["other_town_operator"])
    assert client.get(h.get_absolute_url()).status_code == 404
    it = h.items.first()
    assert client.post(reverse("elections_results:handover_item", args=[it.pk]), {}).status_code == 404
    assert client.post(reverse("elections_results:handover_sign_off", args=[h.pk])).status_code == 404


def test_the_overdue_handover_is_on_the_towns_home_page(cast, h, client):
    client.force_login(cast["town_operator"])
    html = client.get("/").content.decode()
    assert "工作移交已逾期（期限 2026-03-30）" in html and h.get_absolute_url() in html
    client.force_login(cast["other_town_operator"])
    assert "工作移交已逾期" not in client.get("/").content.decode()
