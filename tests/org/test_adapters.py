"""org.adapters: the registry's level rules with the org app's labels."""

import pytest

from huanjie.org.adapters import level_depth, parent_error, parent_level
from huanjie.org.choices import Level


def test_parent_level_is_typed() -> None:
    assert parent_level("village") is Level.TOWN
    assert parent_level(Level.COMMUNITY) is Level.TOWN
    assert parent_level("city") is None
    assert [level_depth(lvl) for lvl in Level] == [0, 1, 2, 3, 3]


@pytest.mark.parametrize(
    ("level", "parent", "message"),
    [
        ("city", None, None),
        ("city", "city", "市级单位不能有上级单位"),
        ("county", None, "县（区）的上级单位应为市"),
        ("town", "city", "乡镇（街道）的上级单位应为县（区）"),
        ("village", "town", None),
        ("community", "county", "社区的上级单位应为乡镇（街道）"),
    ],
)
def test_parent_error_in_chinese(level: str, parent: str | None, message: str | None) -> None:
    assert parent_error(level, parent) == message
