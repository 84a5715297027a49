"""Issue 14 req. 7: the election-day checklist defined per campaign by the city, completed per
village election with evidence (checked by content, stored encrypted), incomplete checklists
flagged on the list and, once the election day has passed, on the town's home page. Fixed clock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from huanjie.core.plugins import todo_providers
from huanjie.elections.models import Election
from huanjie.oversight import checklist_selectors as sel
from huanjie.oversight import checklist_services as svc
from huanjie.oversight.models import ChecklistCheck
from huanjie.planning import rectification_files as files
from tests.planning.walker import published_campaign

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 20)
PDF = b"%PDF-1.4\n% test\n"


@pytest.fixture
def clock(monkeypatch):
    now = {"day": DAY}
    monkeypatch.setattr("huanjie.core.workflow.today", lambda: now["day"])
    return now


@pytest.fixture
def campaign(cast):
    return published_campaign(cast.city)


@pytest.fixture
def items(cast, campaign):
    city = cast["city_operator"]
    return [
        svc.item_add(actor=city, campaign=campaign, title="入场测温、查验健康码", needs_evidence=True),
        svc.item_add(actor=city, campaign=campaign, title="会场通风消毒", guidance="投票前后各一次"),
    ]


@pytest.fixture
def elections(cast, campaign):
    return [
        Election.objects.create(campaign=campaign, unit=u, body="committee", election_day=DAY)
        for u in (cast.village, cast.village2, cast.village_b)
    ]


def test_the_city_defines_the_items_in_order(cast, campaign, items):
    assert [i.order for i in items] == [1, 2]
    with pytest.raises(PermissionDenied):
        svc.item_add(actor=cast["town_operator"], campaign=campaign, title="越权事项")
    with pytest.raises(PermissionDenied):
        svc.item_add(actor=cast["county_operator"], campaign=campaign, title="越权事项")


def test_an_item_needing_evidence_is_done_only_with_a_real_file(cast, items, elections):
    town = cast["town_operator"]
    e = elections[0]
    with pytest.raises(ValidationError) as exc:
        svc.check_record(actor=town, election=e, item=items[0], done=True)
    assert "佐证" in str(exc.value)
    with pytest.raises(ValidationError):
        svc.check_record(
            actor=town,
            election=e,
            item=items[0],
            done=True,
            evidence_name="x.pdf",
            evidence_data=b"not a pdf",
        )
    row = svc.check_record(
        actor=town,
        election=e,
        item=items[0],
        done=True,
        note="全部测温",
        evidence_name="测温.pdf",
        evidence_data=PDF,
    )
    assert row.done and row.evidence_name == "测温.pdf"
    assert files.load(row.evidence_stored) == PDF
    from pathlib import Path

    from django.conf import settings

    assert PDF not in (Path(settings.VAR_DIR) / "evidence" / row.evidence_stored).read_bytes()
    # updating keeps the earlier file
    again = svc.check_record(actor=town, election=e, item=items[0], done=True, note="补充说明")
    assert again.pk == row.pk and again.evidence_stored == row.evidence_stored
    # an item without evidence needed is done without a file
    assert svc.check_record(actor=town, election=e, item=items[1], done=True).done
    # another town cannot record this village's checklist
    with pytest.raises(PermissionDenied):
        svc.check_record(actor=cast["other_town_operator"], election=e, item=items[1], done=False)


def test_incomplete_checklists_are_flagged_and_overdue_after_the_day(cast, campaign, items, elections, clock):
    town = cast["town_operator"]
    done_one = elections[0]
    for it in items:
        svc.check_record(
            actor=town, election=done_one, item=it, done=True, evidence_name="a.pdf", evidence_data=PDF
        )
    svc.check_record(actor=town, election=elections[1], item=items[1], done=True)
    county = cast["county_operator"]
    counts = {e.unit.name: (e.done_count, e.item_count) for e in sel.elections(county, campaign)}
    assert counts == {"东村": (2, 2), "西村": (1, 2), "南村": (0, 2)}
    assert [e.unit.name for e in sel.elections(county, campaign, status="complete")] == ["东村"]
    assert {e.unit.name for e in sel.elections(county, campaign, status="incomplete")} == {"西村", "南村"}
    assert [e.unit.name for e in sel.elections(county, campaign, town=cast.town_b.path)] == ["南村"]
    # on the election day itself nothing is overdue; the day after, the incomplete ones are
    assert list(sel.elections(county, campaign, overdue=True)) == []
    assert sel.checklist_todos(town) == []
    clock["day"] = DAY + dt.timedelta(days=1)
    assert {e.unit.name for e in sel.elections(county, campaign, overdue=True)} == {"西村", "南村"}
    todos = sel.checklist_todos(town)
    assert len(todos) == 1 and "1 个" in todos[0].label and todos[0].overdue and todos[0].due == DAY
    assert "oversight.checklist" in dict(todo_providers.items())
    # the other town is told of its own village only; a county (not a town) gets no to-do
    assert "1 个" in sel.checklist_todos(cast["other_town_operator"])[0].label
    assert sel.checklist_todos(county) == []
    # once complete, the to-do goes
    svc.check_record(
        actor=town, election=elections[1], item=items[0], done=True, evidence_name="b.pdf", evidence_data=PDF
    )
    assert sel.checklist_todos(town) == []


def test_the_list_costs_the_same_queries_for_few_or_many_elections(cast, campaign, items, elections, client):
    client.force_login(cast["county_operator"])
    client.get("/oversight/checklist/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/oversight/checklist/").status_code == 200
    for i in range(5):
        Election.objects.create(
            campaign=campaign, unit=cast.village2, body="committee", election_day=DAY, order=i + 2
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get("/oversight/checklist/").status_code == 200
    assert len(few) == len(many)


def test_pages_upload_and_download_evidence(cast, campaign, items, elections, client, clock):
    e = elections[0]
    client.force_login(cast["town_operator"])
    page = client.get(f"/oversight/checklist/election/{e.pk}/").content.decode()
    assert "入场测温" in page and "已落实 0 / 2" in page
    r = client.post(
        f"/oversight/checklist/election/{e.pk}/item/{items[0].pk}/",
        {"done": "on", "note": "", "evidence": SimpleUploadedFile("测温.pdf", PDF)},
    )
    assert r.status_code == 302
    ch = ChecklistCheck.objects.get(election=e, item=items[0])
    got = client.get(f"/oversight/checklist/evidence/{ch.pk}/")
    assert got.status_code == 200 and got.content == PDF
    r = client.post(f"/oversight/checklist/election/{e.pk}/item/{items[1].pk}/", {"done": "on"})
    assert r.status_code == 302
    listing = client.get("/oversight/checklist/?status=incomplete").content.decode()
    assert "西村" in listing and "东村" not in listing and "南村" not in listing
    assert client.get("/oversight/checklist/items/").status_code == 200
    assert client.post("/oversight/checklist/items/", {"title": "越权"}).status_code == 403
    client.force_login(cast["other_town_operator"])
    assert client.get(f"/oversight/checklist/evidence/{ch.pk}/").status_code == 404
    assert client.get(f"/oversight/checklist/election/{e.pk}/").status_code == 404
    clock["day"] = DAY + dt.timedelta(days=1)
    client.force_login(cast["town_operator"])
    home = client.get("/").content.decode()
    assert "选举日检查清单：1 个已过选举日的选举尚未完成" in home
    client.force_login(cast["county_operator"])
    assert "已过选举日的选举尚未完成" not in client.get("/").content.decode()
