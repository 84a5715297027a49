import datetime as dt
import io

import openpyxl
import pytest

from huanjie.core import crypto
from huanjie.core.models import AuditEvent
from huanjie.people.choices import CommitteeKind, Post, RelationKind
from huanjie.people.models import Person, Relation, Tenure
from tests.factories import PersonFactory, seat
from tests.forms_kit import post_form


@pytest.fixture
def town_client(client, cast):
    client.force_login(cast["town_operator"])
    return client


@pytest.fixture
def zhang(cast):
    return PersonFactory(domicile_unit=cast.village, name="张三", sex="F", birth_date=dt.date(1980, 2, 3))


def test_person_list_scoped_and_searchable(town_client, cast, zhang):
    PersonFactory(domicile_unit=cast.village_b, name="张南")
    PersonFactory(domicile_unit=cast.village2, name="李四")
    names = lambda r: [p.name for p in r.context["persons"]]  # noqa: E731
    assert names(town_client.get("/people/", {"sort": "name"})) == sorted(["张三", "李四"])
    assert names(town_client.get("/people/", {"q": "张"})) == ["张三"]
    # The masked ID is the address code only (hardening issue 7): it finds everyone from the region.
    assert sorted(names(town_client.get("/people/", {"q": zhang.id_masked}))) == sorted(["张三", "李四"])
    assert names(town_client.get("/people/", {"q": crypto.decrypt(zhang.id_cipher)})) == ["张三"]
    assert names(town_client.get("/people/", {"unit": cast.village2.code})) == ["李四"]
    assert names(town_client.get("/people/", {"sex": "F"})) == ["张三"]


def test_full_id_search_needs_unmask_capability(client, cast, zhang):
    client.force_login(cast["village_operator"])
    response = client.get("/people/", {"q": crypto.decrypt(zhang.id_cipher)})
    assert list(response.context["persons"]) == []
    assert [p.name for p in client.get("/people/", {"q": "张三"}).context["persons"]] == ["张三"]


def test_sitting_filter_and_posts_column(town_client, cast, zhang):
    seat(zhang, cast.village, CommitteeKind.PARTY_ORG, Post.SECRETARY)
    PersonFactory(domicile_unit=cast.village, name="闲人")
    response = town_client.get("/people/", {"sitting": "1"})
    assert [p.name for p in response.context["persons"]] == ["张三"]
    assert [p.post_labels for p in response.context["persons"]] == [["书记"]]


def test_person_list_query_count_is_flat(town_client, cast, django_assert_max_num_queries):
    for _ in range(40):
        p = PersonFactory(domicile_unit=cast.village)
        seat(p, cast.village2 if p.pk % 2 else cast.village, CommitteeKind.VILLAGERS, Post.MEMBER)
    # 13: the category badges of the page's units are one query.
    with django_assert_max_num_queries(13):
        response = town_client.get("/people/", {"size": "50"})
    assert len(response.context["persons"]) == 40


def test_person_export_is_masked_neutralised_and_audited(town_client, cast):
    p = PersonFactory(domicile_unit=cast.village, name="=cmd|' /C calc'!A0")
    response = town_client.get("/people/", {"q": "cmd"})
    assert [x.pk for x in response.context["persons"]] == [p.pk]
    response = town_client.get("/people/export/", {"q": "cmd"})
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert ws["A2"].value == "筛选条件：姓名或身份证号=cmd"
    assert ws["A4"].value == 1  # 序号
    assert ws["B4"].value == "'=cmd|' /C calc'!A0"
    assert ws["C4"].value == p.id_masked
    assert "*" in ws["C4"].value
    assert ws.max_row == 4
    ev = AuditEvent.objects.get(action="export")
    assert ev.actor == cast["town_operator"]
    assert ev.after["rows"] == 1


def test_person_page_shows_tenures_and_relatives_both_ways(town_client, cast, zhang):
    father = PersonFactory(domicile_unit=cast.village2, name="张父", birth_date=dt.date(1950, 1, 1))
    Relation.objects.create(person_a=father, person_b=zhang, kind=RelationKind.PARENT)
    seat(zhang, cast.village, CommitteeKind.VILLAGERS, Post.CHAIR)
    response = town_client.get(f"/people/{zhang.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert zhang.id_masked in html
    assert crypto.decrypt(zhang.id_cipher) not in html
    assert [(r.relative.name, r.kind_label) for r in response.context["relatives"]] == [("张父", "父母")]
    assert "第11届" in html and "主任" in html
    assert "显示完整身份证号" in html
    other = town_client.get(f"/people/{father.pk}/")
    assert [(r.relative.name, r.kind_label) for r in other.context["relatives"]] == [("张三", "子女")]
    assert [c["label"] for c in response.context["crumbs"]] == ["人员", "青石镇", "东村", "张三"]


def test_unmask_returns_full_id_and_is_audited(town_client, cast, zhang):
    response = town_client.post(f"/people/{zhang.pk}/unmask/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert crypto.decrypt(zhang.id_cipher) in response.content.decode()
    ev = AuditEvent.objects.get(action="unmask")
    assert (ev.actor, ev.object_id) == (cast["town_operator"], str(zhang.pk))


def test_unmask_refused_without_capability(client, cast, zhang):
    client.force_login(cast["village_operator"])
    assert "显示完整身份证号" not in client.get(f"/people/{zhang.pk}/").content.decode()
    assert client.post(f"/people/{zhang.pk}/unmask/").status_code == 403
    assert not AuditEvent.objects.filter(action="unmask").exists()


def test_unmask_needs_post(town_client, zhang):
    assert town_client.get(f"/people/{zhang.pk}/unmask/").status_code == 405


@pytest.mark.parametrize(
    "path",
    ["/people/{pk}/", "/people/{pk}/unmask/", "/people/{pk}/edit/", "/people/{pk}/relations/new/"],
)
def test_other_town_gets_404(client, cast, zhang, path):
    client.force_login(cast["other_town_operator"])
    url = path.format(pk=zhang.pk)
    response = client.post(url) if "unmask" in url else client.get(url)
    assert response.status_code == 404


def test_other_town_cannot_end_tenure(client, cast, zhang):
    t = seat(zhang, cast.village, CommitteeKind.VILLAGERS, Post.CHAIR)
    client.force_login(cast["other_town_operator"])
    assert (
        post_form(
            client, f"/people/tenures/{t.pk}/end/", {"end_date": "2026-01-01", "end_reason": "resigned"}
        ).status_code
        == 404
    )
    assert Tenure.objects.get(pk=t.pk).end_date is None


@pytest.mark.parametrize("role", ["leader", "supervisor", "county_approver"])
def test_read_only_roles_cannot_post_edits(client, cast, zhang, role):
    client.force_login(cast[role])
    response = post_form(
        client,
        f"/people/{zhang.pk}/edit/",
        {"name": "改名", "ethnicity": "汉族", "political_status": "masses"},
    )
    assert response.status_code in (403, 404)
    assert Person.objects.get(pk=zhang.pk).name == "张三"


def test_edit_person_through_service(town_client, cast, zhang):
    response = post_form(
        town_client,
        f"/people/{zhang.pk}/edit/",
        {
            "name": "张三丰",
            "ethnicity": "回族",
            "political_status": "masses",
            "education": "bachelor",
            "phone": "13800000000",
        },
    )
    assert response.status_code == 302
    p = Person.objects.get(pk=zhang.pk)
    assert (p.name, p.ethnicity, p.education, p.phone) == ("张三丰", "回族", "bachelor", "13800000000")
    assert AuditEvent.objects.filter(action="update", model="people.Person").count() == 1


def test_edit_person_shows_service_error(town_client, zhang):
    response = post_form(
        town_client,
        f"/people/{zhang.pk}/edit/",
        {"name": "张三", "ethnicity": "汉族", "political_status": "masses", "party_join_date": "2000-01-01"},
    )
    assert response.status_code == 200
    assert "非党员不应填写入党时间" in response.content.decode()


def test_add_relation_by_masked_id(town_client, cast, zhang):
    spouse = PersonFactory(domicile_unit=cast.village2, name="王五")
    response = post_form(
        town_client,
        f"/people/{zhang.pk}/relations/new/",
        {"relative": spouse.id_masked, "kind": RelationKind.SPOUSE},
    )
    assert response.status_code == 302
    assert Relation.objects.filter(kind=RelationKind.SPOUSE).count() == 1


def test_add_relation_outside_scope_not_found(town_client, cast, zhang):
    far = PersonFactory(domicile_unit=cast.village_b, name="远亲")
    response = post_form(
        town_client, f"/people/{zhang.pk}/relations/new/", {"relative": far.id_masked, "kind": "sibling"}
    )
    assert response.status_code == 200
    assert "在您的管辖范围内未找到此人" in response.content.decode()
    assert not Relation.objects.exists()


def test_add_and_end_tenure(town_client, cast, zhang):
    response = post_form(
        town_client,
        f"/people/{zhang.pk}/tenures/new/",
        {
            "unit": cast.village.code,
            "kind": CommitteeKind.PARTY_ORG,
            "party_org_form": "branch",
            "post": Post.SECRETARY,
            "term_number": "12",
            "start_date": "2026-03-01",
        },
    )
    assert response.status_code == 302
    t = Tenure.objects.get(person=zhang)
    assert (t.post, t.term_number, t.committee.party_org_form) == (Post.SECRETARY, 12, "branch")
    response = post_form(
        town_client, f"/people/tenures/{t.pk}/end/", {"end_date": "2026-05-01", "end_reason": "resigned"}
    )
    assert response.status_code == 302
    assert Tenure.objects.get(pk=t.pk).end_date == dt.date(2026, 5, 1)


def test_second_secretary_refused_in_form(town_client, cast, zhang):
    seat(PersonFactory(domicile_unit=cast.village), cast.village, CommitteeKind.PARTY_ORG, Post.SECRETARY)
    response = post_form(
        town_client,
        f"/people/{zhang.pk}/tenures/new/",
        {
            "unit": cast.village.code,
            "kind": "party_org",
            "post": "secretary",
            "term_number": "12",
            "start_date": "2026-03-01",
        },
    )
    assert response.status_code == 200
    assert "已有在任" in response.content.decode()
    assert not Tenure.objects.filter(person=zhang).exists()


def test_post_labels_name_committee_and_foreign_unit(town_client, cast, zhang):
    seat(zhang, cast.village, CommitteeKind.PARTY_ORG, Post.PARTY_MEMBER)
    seat(zhang, cast.village2, CommitteeKind.VILLAGERS, Post.MEMBER)
    response = town_client.get("/people/", {"q": "张三"})
    assert sorted(response.context["persons"][0].post_labels) == sorted(["党组织委员", "西村村委会委员"])


def test_unit_filter_lists_villages_for_a_town_operator(town_client, cast):
    choices = town_client.get("/people/").context["form"].fields["unit"].choices
    assert choices == [("", "全部单位"), (cast.village.code, "东村"), (cast.village2.code, "西村")]


def test_posts_outside_the_jurisdiction_are_not_shown(town_client, cast, zhang):
    seat(zhang, cast.village_b, CommitteeKind.VILLAGERS, Post.MEMBER)  # 南村, in 白沙镇
    response = town_client.get("/people/", {"q": "张三"})
    assert response.context["persons"][0].post_labels == []
    assert "南村" not in response.content.decode()


def test_end_tenure_of_a_member_living_outside_the_jurisdiction(client, cast, zhang):
    t = seat(zhang, cast.village_b, CommitteeKind.VILLAGERS, Post.MEMBER)  # lives in 东村, sits in 南村
    client.force_login(cast["other_town_operator"])
    response = client.get(f"/people/tenures/{t.pk}/end/")
    assert response.status_code == 200
    assert "东村" not in response.content.decode()
    assert [c["label"] for c in response.context["crumbs"]] == ["组织机构", "白沙镇", "南村", "登记离任"]
    response = post_form(
        client, f"/people/tenures/{t.pk}/end/", {"end_date": "2026-05-01", "end_reason": "resigned"}
    )
    assert response["Location"] == f"/org/unit/{cast.village_b.code}/"


def test_person_export_query_count_is_flat(town_client, cast, django_assert_max_num_queries):
    for _ in range(30):
        p = PersonFactory(domicile_unit=cast.village)
        seat(p, cast.village, CommitteeKind.VILLAGERS, Post.MEMBER)
    # Constant: session, user, roles, unit choices, rows, posts, then the audit entry in its savepoints.
    with django_assert_max_num_queries(22):
        response = town_client.get("/people/export/")
        ws = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert ws["B2"].value == "姓名"  # one title line (no filters), then the header
    assert ws.max_row == 2 + 30
    assert ws["R3"].value == "东村村委会委员"  # exports name the unit of every post


def test_birth_day_is_never_shown_beside_the_masked_id(town_client, cast, zhang):
    """The masked ID hides exactly the birth date: pages and exports show 出生年月 only."""
    for url in ("/people/", f"/people/{zhang.pk}/", f"/org/unit/{cast.village.code}/"):
        body = town_client.get(url).content.decode()
        assert "1980-02-03" not in body and "19800203" not in body
    seat(zhang, cast.village, CommitteeKind.VILLAGERS, Post.MEMBER)
    assert "1980.02" in town_client.get(f"/people/{zhang.pk}/").content.decode()
    response = town_client.get("/people/export/")
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert "1980.02" in cells
    assert not any("1980-02-03" in c or "1980, 2, 3" in c for c in cells)
