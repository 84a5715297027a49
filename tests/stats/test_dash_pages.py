"""Issue 15 requirement 3: the dashboards of the leader, the city, a county and a town, their print
view, the villages behind a figure and the API — all within the jurisdiction only."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from huanjie.core import workflow
from tests.stats import walker_dash as data

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast, monkeypatch):
    monkeypatch.setattr(workflow, "today", lambda: data.TODAY)
    c = data.campaign(cast.city)
    cast.village.batch = 1
    cast.village.save(update_fields=["batch"])
    data.stages(c, cast.village, 6)
    data.stages(c, cast.village_b, 5)
    data.risk(c, cast.village, "high")
    data.petition(c, cast.community)
    return c


def figures(response) -> dict:
    m = re.search(
        r'<script id="stats-dash-data" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert m, "the figures' JSON script tag is missing"
    return json.loads(m.group(1))


@pytest.mark.parametrize(
    ("role", "unit_attr", "children"),
    [
        ("leader", "city", ["清河县", "柳林区"]),
        ("city_operator", "city", ["清河县", "柳林区"]),
        ("county_operator", "county", ["青石镇", "白沙镇"]),
        ("town_operator", "town", ["东村", "西村"]),
    ],
)
def test_each_level_has_its_dashboard(cast, world, client, role, unit_attr, children):
    client.force_login(cast[role])
    # The menu's entry opens the dashboard of the top of the jurisdiction, the same as its own URL.
    landing = client.get("/stats/dash/")
    r = client.get(f"/stats/dash/{getattr(cast, unit_attr).code}/")
    assert landing.status_code == r.status_code == 200
    assert figures(landing) == figures(r)
    text = r.content.decode()
    assert (
        "数据看板" in text
        and "/static/vendor/echarts/echarts.min.js" in text
        and "/static/stats/dash.js" in text
    )
    assert "<script>" not in text  # no inline script (CSP)
    figs = figures(r)
    assert set(figs) == {"stages", "batches", "overdue", "daily", "risks", "petitions"}
    assert figs["stages"]["categories"] == children
    assert 'href="/elections/results/' in text or "选举结果看板" in text


def test_the_leaders_numbers(cast, world, client):
    client.force_login(cast["leader"])
    figs = figures(client.get(f"/stats/dash/{cast.city.code}/"))
    elected = next(s for s in figs["stages"]["series"] if s["key"] == "elected")
    assert elected["data"] == [2, 0]
    assert next(s for s in figs["risks"]["series"] if s["key"] == "high")["data"] == [1, 0]
    assert next(s for s in figs["petitions"]["series"] if s["key"] == "open")["data"] == [0, 1]


def test_the_print_view_has_the_tables_and_no_charts(cast, world, client):
    client.force_login(cast["county_operator"])
    r = client.get(f"/stats/dash/{cast.county.code}/print/")
    text = r.content.decode()
    assert r.status_code == 200 and "data-hj-print" in text
    assert "echarts" not in text and "hj-dash-chart" not in text
    assert "青石镇" in text and "选举完成" in text


def test_the_village_list_behind_a_count(cast, world, client):
    client.force_login(cast["town_operator"])
    r = client.get(f"/stats/dash/{cast.town.code}/villages/?stage=elected&state=done")
    assert r.status_code == 200
    text = r.content.decode()
    assert "东村" in text and "西村" not in text and "南村" not in text
    assert "选举完成：已完成" in text
    r = client.get(f"/stats/dash/{cast.town.code}/villages/?day=2027-02-30")
    assert r.status_code == 400 and "日期格式应为" in r.content.decode()


def test_outside_the_jurisdiction(cast, world, client):
    client.force_login(cast["other_town_operator"])
    for url in (
        f"/stats/dash/{cast.town.code}/",
        f"/stats/dash/{cast.town.code}/print/",
        f"/stats/dash/{cast.town.code}/villages/",
        f"/stats/dash/{cast.town_b.code}/villages/?area={cast.village.code}",
        f"/stats/dash/{cast.county.code}/",
    ):
        r = client.get(url)
        assert r.status_code == 404, url
        assert "东村" not in r.content.decode()
    client.force_login(cast["village_operator"])
    assert client.get(f"/stats/dash/{cast.town.code}/").status_code == 403


def test_the_api_gives_the_same_figures(cast, world, client):
    from tests.apiclient import api_get, bearer

    token = bearer(cast["county_operator"])
    r = api_get(client, f"/api/stats/dash/{cast.county.code}", token)
    assert r.status_code == 200, r.content.decode()
    body = r.json()
    stages = next(f for f in body["figures"] if f["key"] == "stages")
    assert stages["categories"] == ["青石镇", "白沙镇"]
    assert next(s for s in stages["series"] if s["key"] == "elected")["data"] == [1, 1]
    r = api_get(client, f"/api/stats/dash/{cast.county.code}/figures/batches", token)
    assert r.status_code == 200 and r.json()["key"] == "batches"
    r = api_get(client, f"/api/stats/dash/{cast.county.code}/villages", token, stage="handover", state="done")
    assert r.json()["count"] == 1 and r.json()["items"][0]["name"] == "东村"
    # The schema says exactly what the filter accepts: anything else is refused by the schema (422),
    # and a value it allows is never refused (schemathesis found petition=0000000 refused with 400).
    villages = f"/api/stats/dash/{cast.county.code}/villages"
    for bad in (
        {"stage": "x"},
        {"petition": "0000000"},
        {"batch": "0"},
        {"day": "2027-02-30"},
        {"area": "x1"},
    ):
        assert api_get(client, villages, token, **bad).status_code == 422, bad
    for good in (
        {"petition": "open"},
        {"batch": "none"},
        {"batch": "07"},
        {"day": "2027-02-28"},
        {"risk": "high"},
    ):
        assert api_get(client, villages, token, **good).status_code == 200, good
    schema = client.get("/api/openapi.json").json()
    params = {
        p["name"]: p["schema"]
        for p in schema["paths"]["/api/stats/dash/{code}/villages"]["get"]["parameters"]
    }
    assert params["petition"]["pattern"] == "^(|all|open|overdue)$"
    assert api_get(client, f"/api/stats/dash/{cast.county2.code}", token).status_code == 404
    assert api_get(client, f"/api/stats/dash/{cast.county.code}/figures/nope", token).status_code == 404
    other = bearer(cast["other_town_operator"])
    assert api_get(client, f"/api/stats/dash/{cast.town.code}", other).status_code == 404


def test_the_structure_panel_shows_the_structure_selectors_figures(cast, world, client):
    """The panel reads huanjie.stats.structure_selectors (the one source of structure figures): its
    targets and its per-county shares are those of ``figures`` for the same unit."""
    from decimal import Decimal

    from huanjie.planning.models import StructureTarget
    from huanjie.stats import structure_selectors as ss
    from tests.factories import seat
    from tests.stats.test_structure_selectors import person

    StructureTarget.objects.create(campaign=world, code="women", label="女性", low=Decimal(30))
    StructureTarget.objects.create(
        campaign=world, code="one_shoulder_village", label="村一肩挑", low=Decimal(90)
    )

    woman = person(cast.village, dt.date(1985, 5, 1), sex="F")
    man = person(cast.village, dt.date(1980, 5, 1))
    seat(woman, cast.village, "villagers_committee", "member", start=dt.date(2027, 1, 18), term=12)
    seat(man, cast.village, "party_org", "secretary", start=dt.date(2027, 1, 18), term=12)
    seat(man, cast.village, "villagers_committee", "chair", start=dt.date(2027, 1, 18), term=12)
    client.force_login(cast["leader"])
    r = client.get(f"/stats/dash/{cast.city.code}/")
    text = r.content.decode()
    assert 'id="fig-structure"' in text and "班子结构与目标" in text
    uf = ss.figures(cast["leader"], world, cast.city, basis="after")
    structure = figures(r)["structure"]
    assert structure["categories"] == [row.unit.name for row in uf.children]
    women = next(s for s in structure["series"] if s["key"] == "women")
    expected = [
        None if row.values["women"].value is None else round(float(row.values["women"].value), 1)
        for row in uf.children
    ]
    assert women["data"] == expected
    for t in uf.targets:
        assert t.label in text and t.verdict_label in text
    # a county's share opens the county's dashboard; the town's village opens the structure drill-down
    assert women["links"][0] == f"/stats/dash/{cast.county.code}/#fig-structure"
    town = figures(client.get(f"/stats/dash/{cast.town.code}/"))["structure"]
    assert next(s for s in town["series"] if s["key"] == "women")["links"][0].startswith(
        f"/stats/structure/{world.pk}/{cast.village.code}/figure/women"
    )


def test_the_dashboards_query_count_does_not_grow_with_the_villages(
    cast, world, client, django_assert_max_num_queries
):
    from tests.factories import unit

    """Measured on a second read: the structure selectors refresh the summary rows of villages that
    changed since the last read (their design, issue 15 req. 8), which the first read after the new
    villages pays once."""
    client.force_login(cast["leader"])
    url = f"/stats/dash/{cast.city.code}/"
    client.get(url)
    with django_assert_max_num_queries(45) as small:
        assert client.get(url).status_code == 200
    n = len(small)
    assert n > 0
    for i in range(30):
        v = unit(f"{cast.town.code[:9]}3{i:02d}", "village", f"新村{i}", cast.town, batch=1 + i % 2)
        data.stages(world, v, i % 7)
        data.risk(world, v, "medium")
        data.petition(world, v)
    client.get(url)
    with django_assert_max_num_queries(n):
        assert client.get(url).status_code == 200
