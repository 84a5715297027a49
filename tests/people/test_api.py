import datetime as dt
import json

import pytest

from huanjie.core import crypto
from huanjie.people.models import Relation
from tests.apiclient import api_get, bearer, body_text
from tests.factories import PersonFactory, seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(cast):
    east = PersonFactory(name="张东", domicile_unit=cast.village, sex="F", birth_date=dt.date(1980, 2, 3))
    west = PersonFactory(name="李西", domicile_unit=cast.village2)
    south = PersonFactory(name="王南", domicile_unit=cast.village_b)
    Relation.objects.create(person_a=east, person_b=west, kind="spouse")
    Relation.objects.create(person_a=south, person_b=east, kind="parent")
    t_east = seat(east, cast.village, "party_org", "secretary", party_org_form="branch")
    seat(east, cast.village, "villagers_committee", "chair")
    t_south = seat(south, cast.village_b, "party_org", "secretary")
    return {"east": east, "west": west, "south": south, "t_east": t_east, "t_south": t_south}


def full_ids(*persons):
    return [crypto.decrypt(p.id_cipher) for p in persons]


def test_person_list_is_the_jurisdiction_and_masked(client, cast, people):
    r = api_get(client, "/api/people/persons", bearer(cast["town_operator"]))
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 2
    assert [p["name"] for p in body["items"]] == ["张东", "李西"]
    east = body["items"][0]
    assert east == {
        "pk": people["east"].pk,
        "name": "张东",
        "id_masked": people["east"].id_masked,
        "sex": "F",
        "sex_label": "女",
        "birth_month": "1980-02",
        "ethnicity": "汉族",
        "political_status": "cpc",
        "political_status_label": "中共党员",
        "education": "secondary",
        "education_label": "中专或高中",
        "domicile_unit_code": "329901001201",
        "domicile_unit_name": "东村",
    }
    assert east["id_masked"] == "329901" + "*" * 12
    # No birth date anywhere: with the masked ID it would spell out the full ID.
    assert "birth_date" not in east and "1980-02-03" not in body_text(r) and "19800203" not in body_text(r)
    text = body_text(r)
    for number in full_ids(people["east"], people["west"]):
        assert number not in text
    assert "王南" not in text


def test_person_list_search_and_filters(client, cast, people):
    token = bearer(cast["county_operator"])

    def names(**params):
        r = api_get(client, "/api/people/persons", token, **params)
        assert r.status_code == 200, r.content
        return [p["name"] for p in r.json()["items"]]

    assert names() == ["张东", "李西", "王南"]
    assert names(q="王") == ["王南"]
    assert names(q=people["west"].id_masked) == ["张东", "李西", "王南"]  # the region only
    assert names(unit="329901001000") == ["张东", "李西"]
    assert names(sex="F") == ["张东"]
    assert names(sitting="true") == ["张东", "王南"]
    assert names(sort="-name") == sorted(["张东", "李西", "王南"], reverse=True)


def test_person_list_unit_filter_outside_is_404(client, cast, people):
    token = bearer(cast["town_operator"])
    r = api_get(client, "/api/people/persons", token, unit="329901002201")
    assert r.status_code == 404
    assert "王南" not in body_text(r)


def test_person_list_full_id_search_needs_unmask_capability(client, cast, people):
    number = full_ids(people["east"])[0]
    r = api_get(client, "/api/people/persons", bearer(cast["town_operator"]), q=number)
    assert [p["name"] for p in r.json()["items"]] == ["张东"]
    assert number not in body_text(r)
    r = api_get(client, "/api/people/persons", bearer(cast["leader"]), q=number)
    assert r.json()["items"] == []


def test_person_list_pagination(client, cast, people):
    token = bearer(cast["city_operator"])
    page2 = api_get(client, "/api/people/persons", token, page=2, page_size=2).json()
    assert page2["count"] == 3
    assert [p["name"] for p in page2["items"]] == ["王南"]


def test_person_list_query_count_does_not_grow(client, cast, people, django_assert_max_num_queries):
    token = bearer(cast["town_operator"])
    api_get(client, "/api/people/persons", token)
    PersonFactory.create_batch(40, domicile_unit=cast.village)
    with django_assert_max_num_queries(4):
        body = api_get(client, "/api/people/persons", token, page_size=100).json()
    assert body["count"] == 42


def test_person_detail_with_tenures_and_visible_relatives(client, cast, people):
    r = api_get(client, f"/api/people/persons/{people['east'].pk}", bearer(cast["town_operator"]))
    assert r.status_code == 200
    body = r.json()
    assert body["name"] == "张东"
    assert sorted((t["committee_kind"], t["post_label"], t["sitting"]) for t in body["tenures"]) == [
        ("party_org", "书记", True),
        ("villagers_committee", "主任", True),
    ]
    party = next(t for t in body["tenures"] if t["committee_kind"] == "party_org")
    assert party["committee_label"] == "党支部"
    assert party["unit_code"] == "329901001201"
    # The spouse in 西村 is visible; the parent in 南村 (白沙镇) is not, and is not mentioned.
    assert [(r["kind_label"], r["person"]["name"]) for r in body["relatives"]] == [("配偶", "李西")]
    text = body_text(r)
    assert "王南" not in text
    assert full_ids(people["east"])[0] not in text


def test_person_detail_outside_is_404(client, cast, people):
    for role in ("town_operator", "village_operator", "supervisor"):
        r = api_get(client, f"/api/people/persons/{people['south'].pk}", bearer(cast[role]))
        assert r.status_code == 404, role
        assert "王南" not in body_text(r)
    r = api_get(client, "/api/people/persons/999999", bearer(cast["city_operator"]))
    assert r.status_code == 404


def test_people_routes_are_403_without_people_view(client, cast, people):
    for role in ("vetting", "sysadmin", "auditadmin"):
        token = bearer(cast[role])
        assert api_get(client, "/api/people/persons", token).status_code == 403
        assert api_get(client, f"/api/people/persons/{people['east'].pk}", token).status_code == 403


def test_unit_tenures(client, cast, people):
    token = bearer(cast["town_operator"])
    r = api_get(client, "/api/people/units/329901001000/tenures", token)
    assert r.status_code == 200
    items = r.json()["items"]
    assert [(t["person_name"], t["post"]) for t in items] == [("张东", "secretary"), ("张东", "chair")]
    assert items[0]["person_id_masked"] == people["east"].id_masked
    assert api_get(client, "/api/people/units/329901002201/tenures", token).status_code == 404
    assert api_get(client, "/api/people/units/329901000000/tenures", token).status_code == 404


def test_unit_tenures_sitting_only(client, cast, people):
    t = people["t_east"]
    t.end_date, t.end_reason = dt.date(2024, 1, 1), "resigned"
    t.save()
    token = bearer(cast["town_operator"])
    all_rows = api_get(client, "/api/people/units/329901001201/tenures", token).json()["items"]
    sitting = api_get(client, "/api/people/units/329901001201/tenures", token, sitting="true").json()["items"]
    assert [x["end_reason_label"] for x in all_rows] == ["辞职", ""]
    assert [x["post"] for x in sitting] == ["chair"]


def test_unit_tenures_query_count_does_not_grow(client, cast, people, django_assert_max_num_queries):
    token = bearer(cast["county_operator"])
    api_get(client, "/api/people/units/329901000000/tenures", token)
    for _ in range(20):
        seat(PersonFactory(domicile_unit=cast.village2), cast.village2, "villagers_committee", "member")
    # token + roles + unit + count + page
    with django_assert_max_num_queries(5):
        body = api_get(client, "/api/people/units/329901000000/tenures", token).json()
    assert body["count"] == 23


def test_tenure_detail(client, cast, people):
    token = bearer(cast["town_operator"])
    r = api_get(client, f"/api/people/tenures/{people['t_east'].pk}", token)
    assert r.status_code == 200
    assert json.loads(r.content)["person_name"] == "张东"
    r = api_get(client, f"/api/people/tenures/{people['t_south'].pk}", token)
    assert r.status_code == 404
    assert "王南" not in body_text(r)


def test_unit_committees_with_derived_roles(client, cast, people, django_assert_max_num_queries):
    token = bearer(cast["town_operator"])
    api_get(client, "/api/people/units/329901001201/committees", token)
    for _ in range(8):
        seat(
            PersonFactory(domicile_unit=cast.village),
            cast.village,
            "supervision_committee",
            "supervision_member",
        )
    # token + roles + unit + committees + sitting members
    with django_assert_max_num_queries(5):
        r = api_get(client, "/api/people/units/329901001201/committees", token)
    assert r.status_code == 200
    body = r.json()
    assert [(c["kind_label"], c["label"], len(c["members"])) for c in body] == [
        ("党组织", "党支部", 1),
        ("村民委员会", "村民委员会", 1),
        ("村（居）务监督委员会", "村（居）务监督委员会", 8),
    ]
    secretary = body[0]["members"][0]
    assert secretary["person_name"] == "张东"
    assert secretary["post_label"] == "书记"
    assert secretary["dual_role"] is True
    assert secretary["cross_holding"] is True
    assert secretary["person_id_masked"] == people["east"].id_masked
    assert api_get(client, "/api/people/units/329901002201/committees", token).status_code == 404


def test_the_api_sort_keys_are_the_list_page_sort_keys():
    from typing import get_args

    from huanjie.people.api import PersonSort
    from huanjie.people.selectors import PERSON_SORTS

    assert set(get_args(PersonSort)) == set(PERSON_SORTS)
