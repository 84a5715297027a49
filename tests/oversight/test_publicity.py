"""Issue 14 req. 8: the campaign's publicity tasks (宣传发动) and public-opinion events (舆情), listed
by jurisdiction, status and overdue (exact boundary on a fixed clock), audited, stale edits refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from huanjie.core.models import AuditEvent
from huanjie.core.versioning import StaleEdit
from huanjie.oversight import publicity_selectors as sel
from huanjie.oversight import publicity_services as svc
from huanjie.oversight.models import OpinionEvent, PublicityTask
from tests.planning.walker import published_campaign

pytestmark = pytest.mark.django_db
DEADLINE = dt.date(2026, 2, 1)


@pytest.fixture
def clock(monkeypatch):
    now = {"day": DEADLINE}
    monkeypatch.setattr("huanjie.core.workflow.today", lambda: now["day"])
    return now


@pytest.fixture
def campaign(cast):
    return published_campaign(cast.city)


def test_tasks_by_jurisdiction_status_and_overdue_at_the_deadline(cast, campaign, clock):
    county = cast["county_operator"]
    t1 = svc.task_create(
        actor=county, campaign=campaign, owner=cast.town, title="张贴换届公告", deadline=DEADLINE
    )
    t2 = svc.task_create(
        actor=county, campaign=campaign, owner=cast.town_b, title="广播宣传", deadline=DEADLINE
    )
    t3 = svc.task_create(
        actor=county, campaign=campaign, owner=cast.county, title="媒体报道", deadline=DEADLINE
    )
    assert AuditEvent.objects.filter(model="oversight.PublicityTask").count() == 3
    with pytest.raises(PermissionDenied):
        svc.task_create(
            actor=cast["town_operator"], campaign=campaign, owner=cast.town_b, title="越权", deadline=DEADLINE
        )
    # on the deadline: not overdue; the day after: overdue
    assert list(sel.tasks(county, campaign, overdue=True)) == []
    clock["day"] = DEADLINE + dt.timedelta(days=1)
    assert set(sel.tasks(county, campaign, overdue=True)) == {t1, t2, t3}
    town = cast["town_operator"]
    done = svc.task_done(actor=town, task=t1, done_on=DEADLINE, note="已张贴 12 处", version=t1.version)
    with pytest.raises(StaleEdit):
        svc.task_done(actor=town, task=t1, done_on=DEADLINE, version=t1.version)
    assert set(sel.tasks(county, campaign, overdue=True)) == {t2, t3}
    assert list(sel.tasks(county, campaign, status="done")) == [done]
    assert set(sel.tasks(county, campaign, status="open")) == {t2, t3}
    assert list(sel.tasks(county, campaign, unit=cast.town_b.path)) == [t2]
    # the town sees its own tasks only; the county's task is not the town's
    assert list(sel.tasks(town, campaign)) == [t1]
    with pytest.raises(Http404):
        sel.task(town, t2.pk)
    with pytest.raises(PermissionDenied):
        svc.task_done(actor=town, task=t3, done_on=DEADLINE, version=t3.version)


def test_opinion_events_response_status_and_overdue(cast, campaign, clock):
    town = cast["town_operator"]
    with pytest.raises(ValidationError):
        svc.event_create(
            actor=town,
            campaign=campaign,
            unit=cast.village,
            source="network",
            occurred_on=DEADLINE,
            summary="网帖",
            respond_by=DEADLINE - dt.timedelta(days=1),
        )
    e = svc.event_create(
        actor=town,
        campaign=campaign,
        unit=cast.village,
        source="network",
        occurred_on=DEADLINE - dt.timedelta(days=2),
        summary="网帖反映选民登记遗漏",
        respond_by=DEADLINE,
    )
    other = svc.event_create(
        actor=cast["other_town_operator"],
        campaign=campaign,
        unit=cast.village_b,
        source="hotline",
        occurred_on=DEADLINE,
        summary="来电询问投票时间",
        respond_by=DEADLINE + dt.timedelta(days=3),
    )
    with pytest.raises(PermissionDenied):
        svc.event_create(
            actor=town,
            campaign=campaign,
            unit=cast.village_b,
            source="media",
            occurred_on=DEADLINE,
            summary="越权",
            respond_by=DEADLINE,
        )
    county = cast["county_operator"]
    assert list(sel.events(county, campaign, overdue=True)) == []
    clock["day"] = DEADLINE + dt.timedelta(days=1)
    assert list(sel.events(county, campaign, overdue=True)) == [e]
    with pytest.raises(ValidationError):
        svc.event_update(actor=town, event=e, response="", status="closed", version=e.version)
    e2 = svc.event_update(actor=town, event=e, response="已核实并补登", status="closed", version=e.version)
    with pytest.raises(StaleEdit):
        svc.event_update(actor=town, event=e, response="再改", status="handling", version=e.version)
    assert list(sel.events(county, campaign, overdue=True)) == []
    assert list(sel.events(county, campaign, status="closed")) == [e2]
    assert list(sel.events(county, campaign, status="watching")) == [other]
    assert list(sel.events(county, campaign, unit=cast.town.path)) == [e2]
    assert list(sel.events(town, campaign)) == [e2]


def test_pages_filter_and_post(cast, campaign, client, clock):
    client.force_login(cast["county_operator"])
    r = client.post(
        "/oversight/publicity/", {"owner": cast.town.pk, "title": "入户宣传", "deadline": "2026-01-31"}
    )
    assert r.status_code == 302
    t = PublicityTask.objects.get()
    page = client.get("/oversight/publicity/?overdue=1").content.decode()
    assert "入户宣传" in page and "逾期未完成" in page
    assert "入户宣传" not in client.get("/oversight/publicity/?status=done").content.decode()
    r = client.post(
        "/oversight/publicity/opinion/",
        {
            "unit": cast.village.pk,
            "source": "network",
            "occurred_on": "2026-01-30",
            "summary": "网帖质疑选举委员会推选",
            "respond_by": "2026-01-31",
        },
    )
    assert r.status_code == 302
    ev = OpinionEvent.objects.get()
    assert "逾期" in client.get("/oversight/publicity/opinion/?overdue=1").content.decode()
    client.force_login(cast["town_operator"])
    r = client.post(
        f"/oversight/publicity/task/{t.pk}/", {"done_on": "2026-02-01", "note": "完成", "version": t.version}
    )
    assert r.status_code == 302
    r = client.post(
        f"/oversight/publicity/opinion/{ev.pk}/",
        {"response": "已回应", "status": "closed", "version": ev.version},
    )
    assert r.status_code == 302
    assert OpinionEvent.objects.get().status == "closed"
    client.force_login(cast["other_town_operator"])
    assert client.get(f"/oversight/publicity/task/{t.pk}/").status_code == 404
    assert client.get(f"/oversight/publicity/opinion/{ev.pk}/").status_code == 404
    assert "网帖质疑" not in client.get("/oversight/publicity/opinion/").content.decode()


def test_lists_cost_the_same_queries_for_few_or_many_rows(cast, campaign, client, clock):
    county = cast["county_operator"]
    client.force_login(county)

    def add(n: int) -> None:
        for i in range(n):
            svc.task_create(
                actor=county, campaign=campaign, owner=cast.town, title=f"任务{i}", deadline=DEADLINE
            )
            svc.event_create(
                actor=county,
                campaign=campaign,
                unit=cast.village,
                source="network",
                occurred_on=DEADLINE,
                summary=f"舆情{i}",
                respond_by=DEADLINE,
            )

    add(1)
    for url in ("/oversight/publicity/", "/oversight/publicity/opinion/"):
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        add(6)
        with CaptureQueriesContext(connection) as many:
            client.get(url)
        assert len(few) == len(many), url
