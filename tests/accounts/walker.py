"""Teaches the access-control walker the consoles' routes: accounts and role assignments are
managed deployment-wide by the separated administrators (their capability decides, not a unit)."""

from __future__ import annotations

from tests.walker_kit import Fill, Obj, World

FILLS = [
    Fill("pk", "account", namespace="console", after=("accounts", "account", "users", "user")),
    Fill("pk", "role_assignment", namespace="console", after=("roles", "role", "assignments")),
]


def populate(world: World) -> None:
    cast = world.cast
    world.objects["account"] = [
        Obj("account", cast[r].username, {"pk": cast[r].pk}, deployment_wide=True)
        for r in ("town_operator", "auditadmin")
    ]
    world.objects["role_assignment"] = [
        Obj(
            "role_assignment",
            f"{cast[r].username} 的角色",
            {"pk": cast[r].role_assignments.get().pk},
            deployment_wide=True,
        )
        for r in ("other_town_operator",)
    ]
