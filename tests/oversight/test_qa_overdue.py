"""Issue 14 req. 9 for the policy Q&A: an answer deadline in days from asked (the campaign's own
rule, marked [M]: no law sets one), set by the campaign's city; the list flags the overdue questions,
filters them (?overdue=1), prints and exports them."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from huanjie.core.models import AuditEvent
from huanjie.oversight import qa_services
from huanjie.oversight.models import OversightSetting, PolicyQuestion
from tests.oversight.kit import NOW, Clock, campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def camp(cast):
    return campaign(cast.city)


def sheet(response):
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def test_questions_overdue_after_the_campaigns_answer_deadline(cast, camp, clock, client, monkeypatch):
    monkeypatch.setattr("huanjie.oversight.qa_selectors.now", lambda: NOW)
    town = cast["town_operator"]
    old = qa_services.question_ask(actor=town, campaign=camp, town=cast.town, topic="voters", text="旧问题")
    new = qa_services.question_ask(actor=town, campaign=camp, town=cast.town, topic="voters", text="新问题")
    PolicyQuestion.objects.filter(pk=old.pk).update(asked_at=NOW - dt.timedelta(days=6))
    PolicyQuestion.objects.filter(pk=new.pk).update(asked_at=NOW - dt.timedelta(days=2))
    client.force_login(cast["county_operator"])
    url = reverse("oversight_qa:questions")
    body = client.get(url + "?overdue=1&print=1").content.decode()
    assert "旧问题" in body and "新问题" not in body and "逾期" in body
    assert "本次换届工作自定的答复时限" in body
    rows = sheet(client.get(reverse("oversight_qa:export")))
    assert {r[4]: r[9] for r in rows[3:]} == {"旧问题": "是", "新问题": "否"}
    # only the campaign's city sets the deadline (the county and the town are refused by the service)
    days = reverse("oversight_qa:answer_days") + f"?campaign={camp.pk}"
    for user in ("county_operator", "town_operator"):
        client.force_login(cast[user])
        assert client.post(days, {"qa_answer_days": "10"}).status_code == 302
    client.force_login(cast["leader"])
    assert client.post(days, {"qa_answer_days": "10"}).status_code == 403
    client.force_login(cast["other_town_operator"])
    assert (
        client.post(
            reverse("oversight_qa:answer_days") + "?campaign=999", {"qa_answer_days": "1"}
        ).status_code
        == 404
    )
    assert not OversightSetting.objects.exists()
    client.force_login(cast["city_operator"])
    assert client.post(days, {"qa_answer_days": "0"}).status_code == 302
    assert not OversightSetting.objects.exists()
    assert client.post(days, {"qa_answer_days": "10"}).status_code == 302
    assert OversightSetting.objects.get().qa_answer_days == 10
    body = client.get(url + "?overdue=1").content.decode()
    assert "旧问题" not in body and "自提问之日起 10 天" in body
    assert AuditEvent.objects.filter(model="oversight.OversightSetting").count() == 1
