"""The org app's adapter to the pure rules (huanjie.rules.registry): stored level codes in, typed
levels and Chinese reasons out. Services, importers, selectors and views ask here, never a table of
their own."""

from __future__ import annotations

from huanjie.org.choices import Level
from huanjie.rules import registry


def parent_level(level: str) -> Level | None:
    """The level of the parent of a unit of ``level`` (市 > 县（区） > 乡镇（街道） > 村/社区)."""
    parent = registry.parent_level(level)
    return None if parent is None else Level(parent)


def level_depth(level: str) -> int:
    """0 for a city, 3 for a village or community."""
    return registry.LEVEL_DEPTH[level]


def parent_error(level: str, parent: str | None) -> str | None:
    """Why a unit of ``level`` cannot hang under a unit of level ``parent`` (``None``: no parent), in
    Chinese; ``None`` when it fits."""
    reason = registry.parent_level_error(level, parent)
    if reason is None:
        return None
    if reason == "city_has_parent":
        return "市级单位不能有上级单位"
    expected = parent_level(level)
    assert expected is not None  # only a city has no parent, and a city never reaches here
    return f"{Level(level).label}的上级单位应为{expected.label}"
