"""The access-control walker's vocabulary, shared by tests/test_access_control.py and by each app's
walker module (declared in its plug-in: ``Plugin.walker``).

An app's walker module defines

- ``FILLS``: ``Fill`` rules telling the walker how to fill the URL keywords of the app's routes;
- ``populate(world)``: objects of the app inside and outside every jurisdiction (``world.objects``)
  and the names that must never leak (``world.unit_names``, ``world.person_names``…);
- optionally ``INSIDE_NOT_FOUND_OK`` and ``FIXED_DOCUMENTS`` ({route name: reason}).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.factories import Cast


@dataclass
class Obj:
    """A fillable object: its kind, the value per attribute, its scope path and who owns it."""

    kind: str
    label: str
    values: dict[str, Any]
    path: str = ""
    owner: str | None = None  # cast role owning it (for per-user objects such as import jobs)
    deployment_wide: bool = False  # e.g. accounts: not bound to a jurisdiction (capability decides)


@dataclass
class World:
    cast: Cast
    objects: dict[str, list[Obj]] = field(default_factory=dict)
    unit_names: dict[str, str] = field(default_factory=dict)  # path → name (and code)
    unit_codes: dict[str, str] = field(default_factory=dict)
    person_names: dict[str, str] = field(default_factory=dict)  # name → domicile path
    # name → paths of the units on whose committees the person sits (a roster shows its members,
    # including members domiciled elsewhere, e.g. 机关选派干部)
    seats: dict[str, list[str]] = field(default_factory=dict)
    full_ids: list[str] = field(default_factory=list)  # never in any API response
    # Objects one app creates for another's populate (e.g. org's units outside every jurisdiction).
    shared: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Fill:
    """A rule: in ``namespace`` (None = any), where the path segment just before the keyword is
    ``after`` (None = any) and the route contains ``within`` (None = any: two apps' routes may end
    alike, e.g. ``nomination/rounds/<pk>`` and ``results/rounds/<pk>`` in the API), the keyword
    ``kwarg`` takes ``attr`` of objects of ``kind``, or one of ``values``."""

    kwarg: str
    kind: str = ""
    attr: str = "pk"
    namespace: str | None = None
    after: tuple[str, ...] | None = None
    values: Callable[[], list[str]] | None = None
    within: str | None = None

    def matches(self, namespace: str, route: str, kwarg: str) -> bool:
        if kwarg != self.kwarg or (self.namespace is not None and namespace != self.namespace):
            return False
        if self.within is not None and self.within not in route:
            return False
        if self.after is None:
            return True
        m = re.search(r"([^/<>]+)/<(?:\w+:)?" + re.escape(kwarg) + ">", route)
        return m is not None and m.group(1) in self.after


# First match wins: specific rules before generic ones.
