import pytest

from huanjie.org.models import OrgUnit
from huanjie.people.models import Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_town_operator_sees_only_own_subtree(cast):
    codes = set(OrgUnit.objects.visible_to(cast["town_operator"]).values_list("code", flat=True))
    assert codes == {"329901001000", "329901001201", "329901001202"}


def test_county_operator_sees_towns_and_villages_of_county(cast):
    paths = set(OrgUnit.objects.visible_to(cast["county_operator"]).values_list("path", flat=True))
    assert paths == {"329901", "329901001", "329901002", "329901001201", "329901001202", "329901002201"}


def test_administrators_see_no_business_data(cast):
    PersonFactory(domicile_unit=cast.village)
    for role in ("sysadmin", "secadmin", "auditadmin"):
        assert not OrgUnit.objects.visible_to(cast[role]).exists()
        assert not Person.objects.visible_to(cast[role]).exists()


def test_vetting_user_sees_units_but_no_people(cast):
    PersonFactory(domicile_unit=cast.village)
    assert OrgUnit.objects.visible_to(cast["vetting"]).filter(pk=cast.village.pk).exists()
    assert not Person.objects.visible_to(cast["vetting"]).exists()


def test_read_only_roles_cannot_edit(cast):
    for role in ("leader", "supervisor", "county_approver"):
        assert not OrgUnit.objects.editable_by(cast[role]).exists()


def test_inactive_user_sees_nothing(cast):
    u = cast["city_operator"]
    u.is_active = False
    assert not OrgUnit.objects.visible_to(u).exists()


def test_query_is_one_statement(cast, django_assert_num_queries):
    user = cast["town_operator"]
    user.scope_paths("org.view")  # load assignments once
    with django_assert_num_queries(1):
        list(OrgUnit.objects.visible_to(user))


def test_can_is_the_subtree_test(cast):
    from django.contrib.auth.models import AnonymousUser

    from huanjie.core.scoping import can

    town = cast["town_operator"]
    assert can(town, "org.edit", "329901001")  # its own town
    assert can(town, "org.edit", "329901001201")  # a village below
    assert not can(town, "org.edit", "329901002201")  # the other town's village
    assert not can(town, "org.edit", "329901")  # the county above
    assert not can(town, "accounts.manage", "329901001")  # a capability it does not hold
    assert not can(AnonymousUser(), "org.view", "329901001")
    town.is_active = False
    assert not can(town, "org.view", "329901001")


def test_a_membership_scope_replaces_the_roles_unit_for_its_capabilities(cast, monkeypatch):
    """core.scoping.MembershipScope: for the role's assignments, the named capabilities reach what the
    user is a member of; the role's other capabilities and other roles' assignments keep their units."""
    from huanjie.core import scoping
    from tests.factories import user_with_role

    monkeypatch.setitem(
        scoping._MEMBERSHIP_SCOPES,
        "leader",
        scoping.MembershipScope("leader", frozenset({"org.view"}), lambda user: [cast.town_b.path]),
    )
    leader = cast["leader"]
    assert scoping.scope_paths(leader, "org.view") == [cast.town_b.path]
    assert set(OrgUnit.objects.visible_to(leader).values_list("path", flat=True)) == {
        cast.town_b.path,
        cast.village_b.path,
    }
    assert scoping.scope_paths(leader, "people.view") == [cast.city.path]
    # A user holding the capability through another role keeps that role's unit as well.
    both = user_with_role("both", "leader", cast.county2)
    both.role_assignments.create(role="town_operator", org_unit=cast.town)
    both = type(both).objects.get(pk=both.pk)
    assert sorted(scoping.scope_paths(both, "org.view")) == [cast.town.path, cast.town_b.path]
    assert scoping.scope_paths(cast["town_operator"], "org.view") == [cast.town.path]
