import io

import openpyxl
import pytest

from huanjie.core.models import AuditEvent
from huanjie.org.models import OrgUnit
from huanjie.people.choices import CommitteeKind, Education, PartyOrgForm, Post
from tests.factories import PersonFactory, seat, unit
from tests.forms_kit import versioned


@pytest.fixture
def town_client(client, cast):
    client.force_login(cast["town_operator"])
    return client


def test_tree_shows_jurisdiction_with_counts(town_client, cast):
    seat(PersonFactory(domicile_unit=cast.village), cast.village, CommitteeKind.PARTY_ORG, Post.SECRETARY)
    response = town_client.get("/org/")
    assert response.status_code == 200
    (root,) = response.context["roots"]
    assert root.unit == cast.town
    assert (root.villages, root.communities, root.sitting) == (2, 0, 1)
    assert [(n.unit.name, n.sitting) for n in root.children] == [("东村", 1), ("西村", 0)]
    assert "南村" not in response.content.decode()


def test_tree_children_partial_for_city_operator(client, cast):
    client.force_login(cast["city_operator"])
    response = client.get(f"/org/tree/{cast.county.code}/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    nodes = response.context["nodes"]
    assert [(n.unit.name, n.villages, n.communities) for n in nodes] == [("青石镇", 2, 0), ("白沙镇", 1, 0)]
    assert "<html" not in response.content.decode()


def test_tree_children_out_of_scope_is_404(town_client, cast):
    assert town_client.get(f"/org/tree/{cast.town_b.code}/").status_code == 404


def test_unit_list_filters_and_search(client, cast):
    cast.village2.is_pilot = True
    cast.village2.batch = 2
    cast.village2.save()
    client.force_login(cast["county_operator"])
    names = lambda r: [u.name for u in r.context["units"]]  # noqa: E731
    assert names(client.get("/org/units/")) == ["东村", "西村", "南村"]
    assert names(client.get("/org/units/", {"town": cast.town_b.code})) == ["南村"]
    assert names(client.get("/org/units/", {"pilot": "1"})) == ["西村"]
    assert names(client.get("/org/units/", {"batch": "2"})) == ["西村"]
    assert names(client.get("/org/units/", {"q": "东"})) == ["东村"]
    assert names(client.get("/org/units/", {"q": "329901002"})) == ["南村"]
    assert names(client.get("/org/units/", {"sort": "-code"})) == ["南村", "西村", "东村"]
    assert names(client.get("/org/units/", {"level": "town"})) == ["青石镇", "白沙镇"]


def test_unit_list_query_count_is_flat(town_client, cast, django_assert_max_num_queries):
    for i in range(30):
        unit(f"329901001{300 + i}", "village", f"新村{i}", cast.town)
    # 12: the area tree reads counties and towns, and the category badges are one query per page.
    with django_assert_max_num_queries(12):
        response = town_client.get("/org/units/", {"size": "50"})
    assert len(response.context["units"]) == 32
    assert "第 1 / 1 页" in response.content.decode()


def test_unit_export_neutralises_formulas(town_client, cast):
    cast.village2.name = "=HYPERLINK(1)"
    cast.village2.save()
    response = town_client.get("/org/units/export/", {"q": "="})
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert ws["A2"].value == "筛选条件：层级=村和社区；状态=有效；名称或代码=="
    assert [c.value for c in ws[3]][:4] == ["序号", "区划代码", "名称", "层级"]
    assert ws["C4"].value == "'=HYPERLINK(1)"
    assert ws.max_row == 4


def test_village_page_shows_committees_and_structure(town_client, cast):
    secretary = PersonFactory(
        domicile_unit=cast.village, name="王书记", sex="M", education=Education.BACHELOR
    )
    seat(secretary, cast.village, CommitteeKind.PARTY_ORG, Post.SECRETARY, party_org_form=PartyOrgForm.BRANCH)
    seat(secretary, cast.village, CommitteeKind.VILLAGERS, Post.CHAIR)
    woman = PersonFactory(domicile_unit=cast.village, name="李委员", sex="F", political_status="masses")
    seat(woman, cast.village, CommitteeKind.VILLAGERS, Post.MEMBER)
    response = town_client.get(f"/org/unit/{cast.village.code}/", {"on": "2026-06-01"})
    assert response.status_code == 200
    s = response.context["structure"]
    assert (s.total, s.women, s.party_members, s.college_or_above, s.one_shoulder, s.cross_serving) == (
        2,
        1,
        1,
        1,
        True,
        1,
    )
    assert s.average_age == "51.0"  # both born 1975-06-01, 51 on 2026-06-01
    assert (s.women_share, s.college_share) == ("50.0%", "50.0%")
    titles = [b["title"] for b in response.context["committees"]]
    assert titles == ["党组织（党支部）", "村民委员会"]
    html = response.content.decode()
    assert "一肩挑" in html and "王书记" in html and "李委员" in html
    assert [c["label"] for c in response.context["crumbs"]] == ["组织机构", "青石镇", "东村"]


def test_village_structure_on_a_past_date(town_client, cast):
    p = PersonFactory(domicile_unit=cast.village)
    seat(p, cast.village, CommitteeKind.PARTY_ORG, Post.SECRETARY)  # from 2021-03-01
    response = town_client.get(f"/org/unit/{cast.village.code}/", {"on": "2020-01-01"})
    assert response.context["structure"].total == 0
    assert "无在任“两委”成员" in response.content.decode()


def test_village_page_query_count_is_flat(town_client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def seat_members(n: int) -> None:
        for i in range(n):
            p = PersonFactory(domicile_unit=cast.village)
            seat(
                p,
                cast.village,
                CommitteeKind.VILLAGERS if i % 2 else CommitteeKind.PARTY_ORG,
                Post.MEMBER if i % 2 else Post.PARTY_MEMBER,
            )

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert town_client.get(f"/org/unit/{cast.village.code}/").status_code == 200
        return len(ctx.captured_queries)

    seat_members(2)
    queries()  # warms the session and the content-type cache
    few = queries()
    seat_members(10)
    # The same number with 2 members or 12: 14 for the page, plus the committee checks (relations,
    # planning's 职数, the campaign's guidance), planning's panels (preparation, 下一步) and people's
    # waiting change proposals.
    assert queries() == few <= 21


@pytest.mark.parametrize("path", ["/org/unit/{code}/", "/org/unit/{code}/edit/", "/org/tree/{code}/"])
def test_other_town_cannot_see_dongcun(client, cast, path):
    client.force_login(cast["other_town_operator"])
    assert client.get(path.format(code=cast.village.code)).status_code == 404


def test_breadcrumbs_of_county_operator(client, cast):
    client.force_login(cast["county_operator"])
    response = client.get(f"/org/unit/{cast.village.code}/")
    assert [c["label"] for c in response.context["crumbs"]] == ["组织机构", "清河县", "青石镇", "东村"]


def test_town_page_lists_children(town_client, cast):
    response = town_client.get(f"/org/unit/{cast.town.code}/")
    assert [n.unit.name for n in response.context["children"]] == ["东村", "西村"]
    assert response.context["can_add_child"] is True


@pytest.mark.parametrize("role", ["leader", "supervisor", "village_operator", "county_approver", "vetting"])
def test_read_only_roles_cannot_post_edits(client, cast, role):
    client.force_login(cast[role])
    before = OrgUnit.objects.get(pk=cast.village.pk).name
    response = client.post(f"/org/unit/{cast.village.code}/edit/", {"name": "改名"})
    assert response.status_code in (403, 404)
    assert OrgUnit.objects.get(pk=cast.village.pk).name == before
    assert client.get(f"/org/unit/{cast.community.code}/deactivate/").status_code in (403, 404)


def test_leader_sees_no_edit_buttons(client, cast):
    client.force_login(cast["leader"])
    response = client.get(f"/org/unit/{cast.village.code}/")
    assert response.status_code == 200
    assert response.context["can_edit"] is False
    assert "/edit/" not in response.content.decode()


def test_edit_unit_through_service(town_client, cast):
    url = f"/org/unit/{cast.village.code}/edit/"
    response = town_client.post(
        url,
        {"name": "东村新名", "households": "430", "population": "1510", "party_members": "", "batch": "1"}
        | versioned(town_client.get(url)),
    )
    assert response.status_code == 302
    v = OrgUnit.objects.get(pk=cast.village.pk)
    assert (v.name, v.households, v.population, v.party_members, v.batch, v.is_pilot) == (
        "东村新名",
        430,
        1510,
        None,
        1,
        False,
    )
    ev = AuditEvent.objects.get(action="update", model="org.OrgUnit")
    assert ev.actor == cast["town_operator"]


def test_create_child_unit(town_client, cast):
    url = f"/org/unit/{cast.town.code}/new/"
    response = town_client.post(
        url, {"code": "329901001203", "level": "village", "name": "北村"} | versioned(town_client.get(url))
    )
    assert response.status_code == 302
    assert OrgUnit.objects.get(code="329901001203").parent == cast.town


def test_create_child_unit_shows_service_error(town_client, cast):
    url = f"/org/unit/{cast.town.code}/new/"
    response = town_client.post(
        url, {"code": "329901002203", "level": "village", "name": "错村"} | versioned(town_client.get(url))
    )
    assert response.status_code == 200
    assert "不以上级单位代码“329901001”开头" in response.content.decode()


def test_deactivate_needs_reason(town_client, cast):
    response = town_client.post(f"/org/unit/{cast.village2.code}/deactivate/", {"reason": ""})
    assert response.status_code == 200
    assert OrgUnit.objects.get(pk=cast.village2.pk).is_active is True
    url = f"/org/unit/{cast.village2.code}/deactivate/"
    response = town_client.post(url, {"reason": "并入东村"} | versioned(town_client.get(url)))
    assert response.status_code == 302
    assert OrgUnit.objects.get(pk=cast.village2.pk).is_active is False
    assert AuditEvent.objects.get(action="deactivate").reason == "并入东村"


def test_move_village_between_towns(client, cast):
    client.force_login(cast["county_operator"])
    url = f"/org/unit/{cast.village2.code}/move/"
    response = client.post(
        url,
        {"new_parent": cast.town_b.pk, "new_code": "329901002202", "reason": "区划调整"}
        | versioned(client.get(url)),
    )
    assert response.status_code == 302
    moved = OrgUnit.objects.get(pk=cast.village2.pk)
    assert (moved.code, moved.parent) == ("329901002202", cast.town_b)


def test_town_operator_cannot_move_out_of_scope(town_client, cast):
    response = town_client.get(f"/org/unit/{cast.village2.code}/move/")
    assert response.status_code == 200
    assert cast.town_b not in list(response.context["form"].fields["new_parent"].queryset)


def test_member_living_outside_is_named_but_not_linked(client, cast):
    outsider = PersonFactory(domicile_unit=cast.village, name="外来委员")  # lives in 东村 (青石镇)
    seat(outsider, cast.village_b, CommitteeKind.VILLAGERS, Post.MEMBER)  # sits in 南村 (白沙镇)
    client.force_login(cast["other_town_operator"])
    response = client.get(f"/org/unit/{cast.village_b.code}/")
    html = response.content.decode()
    assert "外来委员" in html
    assert f"/people/{outsider.pk}/" not in html
    client.force_login(cast["county_operator"])
    assert f"/people/{outsider.pk}/" in client.get(f"/org/unit/{cast.village_b.code}/").content.decode()


def test_tree_query_count_is_flat(client, cast, django_assert_max_num_queries):
    for i in range(20):
        v = unit(f"329901002{300 + i}", "village", f"白村{i}", cast.town_b)
        seat(PersonFactory(domicile_unit=v), v, CommitteeKind.PARTY_ORG, Post.SECRETARY)
    client.force_login(cast["county_operator"])
    with django_assert_max_num_queries(12):
        response = client.get("/org/")
    assert [(n.unit.name, n.villages, n.sitting) for n in response.context["roots"][0].children] == [
        ("青石镇", 2, 0),
        ("白沙镇", 21, 20),
    ]
    with django_assert_max_num_queries(10):
        response = client.get(f"/org/tree/{cast.town_b.code}/")
    assert len(response.context["nodes"]) == 21


def test_unit_export_query_count_is_flat(town_client, cast, django_assert_max_num_queries):
    for i in range(30):
        unit(f"329901001{300 + i}", "village", f"新村{i}", cast.town)
    # 12: the area tree reads counties and towns; the category badges one query per 2,000 rows.
    with django_assert_max_num_queries(12):
        response = town_client.get("/org/units/export/")
        ws = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert ws["A2"].value == "筛选条件：层级=村和社区；状态=有效"
    assert ws.max_row == 3 + 32
