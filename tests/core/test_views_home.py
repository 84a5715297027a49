import pytest

from huanjie.people.choices import CommitteeKind, Post
from tests.factories import PersonFactory, seat


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert "next=/" in response["Location"]


def test_town_operator_sees_jurisdiction_counts(client, cast):
    p = PersonFactory(domicile_unit=cast.village)
    seat(p, cast.village, CommitteeKind.PARTY_ORG, Post.SECRETARY)
    seat(PersonFactory(domicile_unit=cast.village_b), cast.village_b, CommitteeKind.PARTY_ORG, Post.SECRETARY)
    client.force_login(cast["town_operator"])
    response = client.get("/")
    assert response.status_code == 200
    stats = {s.label: s.value for s in response.context["stats"]}
    assert stats == {"村": 2, "社区": 0, "在任“两委”成员": 1, "在任监委会成员": 0}
    roots = next(p.context["roots"] for p in response.context["panels"] if "roots" in p.context)
    assert [n.unit.name for n in roots] == ["青石镇"]
    assert [(c.unit.name, c.sitting) for c in roots[0].children] == [("东村", 1), ("西村", 0)]
    content = response.content.decode()
    assert "南村" not in content
    assert "组织机构" in content and "人员" in content


def test_vetting_user_sees_no_people_counts(client, cast):
    client.force_login(cast["vetting"])
    response = client.get("/")
    labels = [s.label for s in response.context["stats"]]
    assert labels == ["乡镇（街道）", "村", "社区"]  # county-wide: towns are counted too
    assert not any(e["name"] == "people:list" for e in response.context["nav_entries"])


@pytest.mark.parametrize("role", ["sysadmin", "secadmin", "auditadmin"])
def test_admins_get_no_business_summary(client, cast, role):
    client.force_login(cast[role])
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["is_business"] is False
    names = {e["name"] for e in response.context["nav_entries"]}
    assert not names & {"org:tree", "people:list", "import:index"}


def test_navigation_follows_capabilities(client, cast):
    client.force_login(cast["leader"])
    names = [e["name"] for e in client.get("/").context["nav_entries"]]
    assert names[:4] == ["home", "org:tree", "org:unit_list", "people:list"]
    assert "import:index" not in names and "console:audit" not in names


def test_home_query_count_is_flat(client, cast, django_assert_max_num_queries):
    for _ in range(5):
        p = PersonFactory(domicile_unit=cast.village2)
        seat(p, cast.village2, CommitteeKind.VILLAGERS, Post.MEMBER)
    client.force_login(cast["city_operator"])
    # 14, plus one for the to-dos of tests/workflow_app's Report (the city files approved reports),
    # plus one for the open registration conflicts the user may decide (people.conflicts),
    # plus one for the campaigns the city publishes (planning's workflow),
    # plus one for the committee change sets the city may confirm (people's workflow),
    # plus one for the election steps recorded with violations (elections' alerts),
    # plus one for the results that differ from the law engine (elections' results alerts),
    # plus two for oversight's petitions (the city's handlers) and risks (the city submits its own).
    # plus one for the incident reports the city acknowledges (oversight's workflow) and one for its
    # overdue acknowledgements (oversight's to-do), and one for the violation cases it may handle
    # (oversight's workflow).
    with django_assert_max_num_queries(25):
        assert client.get("/").status_code == 200


def test_village_operator_sees_only_members_count(client, cast):
    seat(PersonFactory(domicile_unit=cast.village), cast.village, CommitteeKind.PARTY_ORG, Post.SECRETARY)
    client.force_login(cast["village_operator"])
    stats = [(s.label, s.value) for s in client.get("/").context["stats"]]
    assert stats == [("在任“两委”成员", 1), ("在任监委会成员", 0)]
