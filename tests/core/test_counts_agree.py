"""One meaning per label (issue 9 req. 8): 在任“两委”成员 counts the Party organization and the
villagers' committee only, and the home page, the town page (its villages' column), the tree and the
village page give the same figure; the supervision committee is counted apart."""

from huanjie.people.choices import CommitteeKind, Post
from tests.factories import PersonFactory, seat


def _world(cast):
    v = cast.village
    secretary = PersonFactory(domicile_unit=v)
    seat(secretary, v, CommitteeKind.PARTY_ORG, Post.SECRETARY)
    seat(secretary, v, CommitteeKind.VILLAGERS, Post.CHAIR)  # 一肩挑: one person, counted once
    seat(PersonFactory(domicile_unit=v), v, CommitteeKind.PARTY_ORG, Post.MEMBER)
    seat(PersonFactory(domicile_unit=v), v, CommitteeKind.VILLAGERS, Post.MEMBER)
    seat(PersonFactory(domicile_unit=v), v, CommitteeKind.SUPERVISION, Post.SUPERVISION_CHAIR)
    seat(PersonFactory(domicile_unit=v), v, CommitteeKind.SUPERVISION, Post.SUPERVISION_MEMBER)


def test_home_town_tree_and_village_figures_agree(client, cast):
    _world(cast)
    client.force_login(cast["town_operator"])
    stats = {s.label: s.value for s in client.get("/").context["stats"]}
    assert stats["在任“两委”成员"] == 3
    assert stats["在任监委会成员"] == 2

    town = client.get(f"/org/unit/{cast.town.code}/")
    by_name = {c.unit.name: c.sitting for c in town.context["children"]}
    assert by_name["东村"] == 3
    assert "在任“两委”成员" in town.content.decode()

    home_tree = next(p.context["roots"] for p in client.get("/").context["panels"] if "roots" in p.context)
    assert {c.unit.name: c.sitting for c in home_tree[0].children}["东村"] == 3

    village = client.get(f"/org/unit/{cast.village.code}/")
    assert village.context["structure"].total == 3
    assert "在任“两委”成员" in village.content.decode()
    # The committees panel lists all three committees; the supervision committee's 2 are apart.
    sizes = {b["committee"].kind: len(b["members"]) for b in village.context["committees"]}
    assert sizes[CommitteeKind.SUPERVISION] == 2
