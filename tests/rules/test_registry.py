"""Registry rules (huanjie.rules.registry): levels, committees, posts, Party dates, education, roles."""

from __future__ import annotations

import pytest

from huanjie.rules import registry as r


@pytest.mark.parametrize(
    ("level", "parent"),
    [("city", None), ("county", "city"), ("town", "county"), ("village", "town"), ("community", "town")],
)
def test_parent_level(level: str, parent: str | None) -> None:
    assert r.parent_level(level) == parent
    if parent is not None:
        assert r.LEVEL_DEPTH[level] == r.LEVEL_DEPTH[parent] + 1


def test_parent_level_unknown() -> None:
    with pytest.raises(KeyError):
        r.parent_level("province")


@pytest.mark.parametrize(
    ("level", "parent", "error"),
    [
        ("city", None, None),
        ("city", "city", "city_has_parent"),
        ("county", None, "parent_missing"),
        ("county", "city", None),
        ("town", "city", "parent_level"),
        ("village", "town", None),
        ("community", "town", None),
        ("village", "county", "parent_level"),
        ("village", "village", "parent_level"),
    ],
)
def test_parent_level_error(level: str, parent: str | None, error: str | None) -> None:
    assert r.parent_level_error(level, parent) == error


def test_leaf_levels_have_no_children() -> None:
    assert set(r.LEAF_LEVELS) == {lvl for lvl, d in r.LEVEL_DEPTH.items() if d == max(r.LEVEL_DEPTH.values())}
    assert not any(p in r.LEAF_LEVELS for p in r.PARENT_LEVEL.values())


@pytest.mark.parametrize(
    ("kind", "level", "error"),
    [
        ("villagers_committee", "village", None),
        ("residents_committee", "community", None),
        ("villagers_committee", "community", "社区应设居民委员会，而非村民委员会"),
        ("residents_committee", "village", "村应设村民委员会，而非居民委员会"),
        ("party_org", "village", None),
        ("party_org", "community", None),
        ("supervision_committee", "village", None),
        ("supervision_committee", "community", None),
    ],
)
def test_committee_kind_error(kind: str, level: str, error: str | None) -> None:
    assert r.committee_kind_error(kind, level) == error


def test_committee_of_level() -> None:
    assert r.COMMITTEE_OF_LEVEL == {"village": "villagers_committee", "community": "residents_committee"}


@pytest.mark.parametrize(
    ("post", "single"),
    [
        ("secretary", True),
        ("chair", True),
        ("supervision_chair", True),
        ("deputy_secretary", False),
        ("vice_chair", False),
        ("member", False),
        ("party_member", False),
        ("supervision_member", False),
    ],
)
def test_single_holder_posts(post: str, single: bool) -> None:
    assert r.has_single_holder(post) is single


@pytest.mark.parametrize(
    ("status", "member"),
    [
        ("cpc", True),
        ("cpc_probationary", True),
        ("cyl", False),
        ("masses", False),
        (None, False),
        ("", False),
    ],
)
def test_party_member(status: str | None, member: bool) -> None:
    assert r.is_party_member(status) is member
    assert r.party_join_date_error(status, has_join_date=False) is None
    assert r.party_join_date_error(status, has_join_date=True) == (
        None if member else "非党员不应填写入党时间"
    )


def test_education_rank_and_boundaries() -> None:
    assert [code for code, _ in r.EDUCATIONS] == [
        "postgraduate",
        "bachelor",
        "junior_college",
        "secondary",
        "junior_or_below",
    ]
    assert r.education_rank("postgraduate") == 0
    assert r.education_rank("junior_or_below") == 4
    assert r.education_at_least("junior_college", "junior_college")  # 大专 is 大专及以上
    assert r.education_at_least("bachelor", "junior_college")
    assert not r.education_at_least("secondary", "junior_college")
    assert {"postgraduate", "bachelor", "junior_college"} == r.COLLEGE_OR_ABOVE
    with pytest.raises(KeyError):
        r.education_rank("doctor")


@pytest.mark.parametrize(
    ("codes", "highest"),
    [
        (("secondary", "bachelor"), "bachelor"),
        (("bachelor", "secondary"), "bachelor"),
        (("", "junior_college"), "junior_college"),
        (("junior_or_below", ""), "junior_or_below"),
        (("", ""), ""),
        ((), ""),
    ],
)
def test_highest_education(codes: tuple[str, ...], highest: str) -> None:
    assert r.highest_education(codes) == highest


@pytest.mark.parametrize(
    ("posts", "roles"),
    [
        ([], set()),
        ([("party_org", "secretary")], set()),
        ([("villagers_committee", "chair")], set()),
        ([("party_org", "party_member"), ("villagers_committee", "member")], {"cross_holding"}),
        ([("party_org", "secretary"), ("villagers_committee", "member")], {"cross_holding"}),
        ([("party_org", "deputy_secretary"), ("residents_committee", "chair")], {"cross_holding"}),
        ([("party_org", "secretary"), ("villagers_committee", "chair")], {"cross_holding", "dual_role"}),
        ([("party_org", "secretary"), ("residents_committee", "chair")], {"cross_holding", "dual_role"}),
        # The supervision committee is neither side: its chair makes no 一肩挑.
        ([("party_org", "secretary"), ("supervision_committee", "supervision_chair")], set()),
        ([("supervision_committee", "supervision_member"), ("villagers_committee", "chair")], set()),
    ],
)
def test_derived_roles(posts: list[tuple[str, str]], roles: set[str]) -> None:
    assert r.derived_roles(posts) == roles


def test_roles_held_by_side() -> None:
    assert r.roles_held([("party", True), ("party", False)]) == set()
    assert r.roles_held([("party", True), ("committee", False)]) == {"cross_holding"}
    assert r.roles_held([("party", True), ("committee", True)]) == {"cross_holding", "dual_role"}
