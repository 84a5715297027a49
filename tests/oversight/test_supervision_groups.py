"""The supervision groups list (issue 14 req. 9): filters by assigned jurisdiction, kind, status and
overdue findings; the print view; the 督导组台账 export (read back with openpyxl, audited) — and the
supervision scope on all three: another county's supervisor and a town operator see nothing of the
city's groups."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from huanjie.core.models import AuditEvent
from huanjie.oversight import supervision_selectors as sel
from huanjie.oversight import supervision_services as svc
from tests.factories import user_with_role
from tests.oversight.kit import PDF, TODAY, Clock, campaign

pytestmark = pytest.mark.django_db

LIST = "oversight_supervision:groups"
EXPORT = "oversight_supervision:groups_export"


@pytest.fixture
def world(cast, monkeypatch):
    """市第一巡回督导组 (city, over 清河县, an overdue finding), 柳林区双联直挂组 (over 柳林区, the cast's
    supervisor) and 清河县白沙镇联系组 (over 白沙镇, no longer active)."""
    clock = Clock(monkeypatch)
    camp = campaign(cast.city)
    sup = user_with_role("sup_city", "supervisor", cast.city)
    sup2 = user_with_role("sup_city2", "supervisor", cast.city)
    city_group = svc.group_create(
        actor=cast["city_operator"],
        campaign=camp,
        formed_by=cast.city,
        name="市第一巡回督导组",
        kind="roving",
        members=[sup2, sup],
        leader=sup,
        areas=[cast.county],
    )
    direct = svc.group_create(
        actor=user_with_role("county2_op", "county_operator", cast.county2),
        campaign=camp,
        formed_by=cast.county2,
        name="柳林区双联直挂组",
        kind="direct",
        members=[cast["supervisor"]],
        leader=cast["supervisor"],
        areas=[cast.county2],
    )
    closed = svc.group_create(
        actor=cast["county_operator"],
        campaign=camp,
        formed_by=cast.county,
        name="清河县白沙镇联系组",
        kind="direct",
        members=[sup2],
        leader=sup2,
        areas=[cast.town_b],
    )
    closed.is_active = False
    closed.save()
    sup = type(sup).objects.get(pk=sup.pk)
    v = svc.visit_record(
        actor=sup,
        group=city_group,
        unit=cast.town,
        visited_on=TODAY,
        places="青石镇",
        checked="",
        results={0: ("ok", "")},
    )
    svc.finding_record(
        actor=sup,
        visit=v,
        unit=cast.village,
        category="procedure",
        severity="general",
        description="选民名单未公告",
        rectify_by=TODAY + dt.timedelta(days=3),
        evidence=[("照片.pdf", PDF)],
    )
    return {"clock": clock, "city": city_group, "direct": direct, "closed": closed, "sup": sup}


def names(user, **filters):
    return {g.name for g in sel.group_list(user, **filters)}


def test_the_filters(cast, world):
    op = cast["city_operator"]
    assert names(op) == {"市第一巡回督导组", "柳林区双联直挂组", "清河县白沙镇联系组"}
    # jurisdiction: a group assigned the unit, a unit inside it, or a unit containing it
    assert names(op, unit_code=cast.county.code) == {"市第一巡回督导组", "清河县白沙镇联系组"}
    assert names(op, unit_code=cast.town.code) == {"市第一巡回督导组"}
    assert names(op, unit_code=cast.community.code) == {"柳林区双联直挂组"}
    assert names(op, unit_code="bad") == names(op)
    assert names(op, kind="direct") == {"柳林区双联直挂组", "清河县白沙镇联系组"}
    assert names(op, status="inactive") == {"清河县白沙镇联系组"}
    assert names(op, status="active", kind="roving") == {"市第一巡回督导组"}
    # overdue: a finding still being rectified past its deadline
    assert names(op, overdue=True) == set()
    world["clock"].advance(days=5)
    assert names(op, overdue=True) == {"市第一巡回督导组"}


def test_the_list_and_its_print_view(cast, world, client):
    client.force_login(cast["city_operator"])
    body = client.get(reverse(LIST), {"kind": "roving"}).content.decode()
    assert "市第一巡回督导组" in body and "柳林区双联直挂组" not in body
    assert "sup_city（组长）、sup_city2" in body and "清河县" in body
    assert "筛选条件" not in body and "导出 Excel" in body
    body = client.get(reverse(LIST), {"kind": "direct", "print": "1"}).content.decode()
    assert "筛选条件：类型=双联直挂" in body and "返回列表" in body
    assert "柳林区双联直挂组" in body and "清河县白沙镇联系组" in body and "已撤销" in body


def test_the_list_keeps_a_flat_query_count(cast, world, client):
    client.force_login(cast["city_operator"])
    url = reverse(LIST)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(6):
        svc.group_create(
            actor=cast["city_operator"],
            campaign=world["city"].campaign,
            formed_by=cast.city,
            name=f"市第{i + 2}巡回督导组",
            kind="roving",
            members=[world["sup"]],
            leader=world["sup"],
            areas=[cast.county2, cast.town],
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def rows_of(response):
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return list(sheet.iter_rows(values_only=True))


def test_the_export_is_the_filtered_list_and_is_audited(cast, world, client):
    client.force_login(cast["city_operator"])
    response = client.get(reverse(EXPORT), {"unit": cast.county.code, "status": "active"})
    assert response.status_code == 200
    rows = rows_of(response)
    assert rows[0][0].startswith("督导组台账（导出时间")
    assert "联系县（镇）=" in rows[1][0] and "状态=有效" in rows[1][0]
    header = rows[2]
    assert header[:6] == ("序号", "督导组名称", "类型", "组建单位", "组长及成员", "联系县（镇）")
    data = [r for r in rows[3:] if r and r[0] is not None]
    assert [r[1] for r in data] == ["市第一巡回督导组"]
    row = dict(zip(header, data[0], strict=True))
    assert row["组长及成员"] == "sup_city（组长）、sup_city2"
    assert row["联系县（镇）"] == "清河县" and row["类型"] == "巡回督导组" and row["组建单位"] == "东湖市"
    assert row["走访次数"] == 1 and row["发现问题数"] == 1 and row["状态"] == "有效"
    event = AuditEvent.objects.filter(action="export", object_repr="督导组台账").get()
    assert event.after["rows"] == 1


@pytest.mark.parametrize("url", [LIST, EXPORT])
def test_scope_from_outside(cast, world, client, url):
    # another county's supervisor: his own group only, even when filtering on 清河县
    client.force_login(cast["supervisor"])
    for params in ({}, {"unit": cast.county.code}, {"print": "1"}):
        response = client.get(reverse(url), params)
        text = str(rows_of(response)) if url == EXPORT else response.content.decode()
        assert "市第一巡回督导组" not in text and "清河县白沙镇联系组" not in text
        if not params:
            assert "柳林区双联直挂组" in text
    # a town operator: groups are formed by the city or a county, none of them in his reach
    client.force_login(cast["town_operator"])
    response = client.get(reverse(url))
    assert response.status_code == 200
    text = str(rows_of(response)) if url == EXPORT else response.content.decode()
    assert "督导组台账" in text or "暂无督导组" in text
    assert not any(n in text for n in ("市第一巡回督导组", "柳林区双联直挂组", "清河县白沙镇联系组"))


def test_the_city_groups_member_sees_his_group(cast, world, client):
    # his group, and those formed inside his groups' jurisdiction (清河县); not 柳林区's
    client.force_login(world["sup"])
    rows = rows_of(client.get(reverse(EXPORT)))
    start = next(i for i, r in enumerate(rows) if r[0] == "序号") + 1
    assert [r[1] for r in rows[start:]] == ["市第一巡回督导组", "清河县白沙镇联系组"]
