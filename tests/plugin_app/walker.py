from tests.plugin_app.models import Note
from tests.walker_kit import Fill, Obj, World

FILLS = [
    Fill("pk", "note", namespace="plugin_app"),
    Fill("note_pk", "note", "pk"),
]


def populate(world: World) -> None:
    world.objects["note"] = [
        Obj("note", n.title, {"pk": n.pk}, n.unit_path)
        for n in (
            Note.objects.create(unit_path=unit.path, title=f"笔记{unit.code}")
            for unit in (world.cast.village, world.cast.village_b, world.cast.community)
        )
    ]
