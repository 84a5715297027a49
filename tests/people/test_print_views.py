"""Print views: a person's record (masked ID, 出生年月 only) and a village's committees."""

import datetime as dt

import pytest

from huanjie.core import crypto
from tests.factories import PersonFactory, seat


@pytest.mark.parametrize("role", ["town_operator", "city_operator"])
def test_person_print_shows_masked_id_and_birth_month_only(client, cast, role):
    p = PersonFactory(domicile_unit=cast.village, name="韩梅", birth_date=dt.date(1975, 2, 14))
    seat(p, cast.village, "villagers_committee", "chair")
    client.force_login(cast[role])
    html = client.get(f"/people/{p.pk}/print/").content.decode()
    assert "村（社区）“两委”成员信息表" in html
    assert p.id_masked in html
    assert crypto.decrypt(p.id_cipher) not in html
    assert "1975.02" in html
    assert "1975-02-14" not in html and "1975.02.14" not in html and "14日" not in html
    assert "主任" in html and "data-hj-print" in html


def test_person_print_is_scoped(client, cast):
    p = PersonFactory(domicile_unit=cast.village_b, name="外镇人")
    client.force_login(cast["town_operator"])
    assert client.get(f"/people/{p.pk}/print/").status_code == 404


def test_committees_print_lists_sitting_members(client, cast):
    sec = PersonFactory(domicile_unit=cast.village, name="书记甲", birth_date=dt.date(1970, 3, 9))
    seat(sec, cast.village, "party_org", "secretary", party_org_form="branch")
    chair = PersonFactory(domicile_unit=cast.village, name="主任乙")
    seat(chair, cast.village, "villagers_committee", "chair")
    client.force_login(cast["town_operator"])
    html = client.get(f"/people/committees/{cast.village.code}/print/").content.decode()
    assert f"{cast.village.name}“两委”及村（居）务监督委员会成员名单" in html
    assert "书记甲" in html and "主任乙" in html and "1970.03" in html
    assert "1970-03-09" not in html
    assert client.get(f"/people/committees/{cast.village_b.code}/print/").status_code == 404


def test_person_page_links_to_its_print_view(client, cast):
    p = PersonFactory(domicile_unit=cast.village)
    client.force_login(cast["town_operator"])
    assert f"/people/{p.pk}/print/" in client.get(f"/people/{p.pk}/").content.decode()


def test_the_village_page_links_to_its_committees_print_view(client, cast):
    from django.urls import reverse

    client.force_login(cast["town_operator"])
    page = client.get(reverse("org:unit", args=[cast.village.code])).content.decode()
    assert reverse("people:committees_print", args=[cast.village.code]) in page
