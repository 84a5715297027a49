"""people.adapters: persons and tenures into the rules' plain inputs."""

import datetime as dt

import pytest

from huanjie.people import adapters
from tests.factories import PersonFactory, seat

pytestmark = pytest.mark.django_db


def test_age_counts_the_birthday(cast):
    p = PersonFactory(domicile_unit=cast.village, birth_date=dt.date(1975, 6, 1))
    assert adapters.age(p, dt.date(2026, 5, 31)) == 50
    assert adapters.age(p, dt.date(2026, 6, 1)) == 51


def test_highest_education_and_party_membership(cast):
    p = PersonFactory(domicile_unit=cast.village, education="secondary", education_in_service="bachelor")
    assert p.highest_education == "bachelor"
    p.education, p.education_in_service = "", ""
    assert p.highest_education == ""
    assert adapters.is_party_member(p)
    p.political_status = "masses"
    assert not adapters.is_party_member(p)


def test_member_inputs_merge_posts_and_count_missing_education(cast):
    sec = PersonFactory(domicile_unit=cast.village, education="", sex="F")
    other = PersonFactory(domicile_unit=cast.village, political_status="masses")
    tenures = [
        seat(sec, cast.village, "party_org", "secretary"),
        seat(sec, cast.village, "villagers_committee", "chair"),
        seat(other, cast.village, "villagers_committee", "member"),
    ]
    members, missing = adapters.member_inputs(tenures)
    assert missing == 1
    by_key = {m.person_key: m for m in members}
    assert by_key[str(sec.pk)].posts == {("party", "书记"), ("committee", "主任")}
    assert by_key[str(sec.pk)].education == "初中及以下"
    assert by_key[str(sec.pk)].source == "未填"
    assert not by_key[str(other.pk)].is_party_member
    roles = adapters.derived_roles(tenures)
    assert adapters.role_labels(roles[sec.pk]) == ["一肩挑", "交叉任职"]
    assert adapters.role_labels(roles[other.pk]) == []
