import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from huanjie.core.models import AuditEvent
from huanjie.org import services
from huanjie.org.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_town_operator_creates_village_in_own_town_with_audit(cast):
    unit = services.orgunit_create(
        actor=cast["town_operator"],
        code="329901001203",
        level="village",
        name=" 北村 ",
        parent=cast.town,
        households=300,
    )
    assert (unit.path, unit.name, unit.households) == ("329901001203", "北村", 300)
    ev = AuditEvent.objects.get(model="org.OrgUnit", object_id=str(unit.pk))
    assert ev.action == "create" and ev.actor == cast["town_operator"] and ev.after["code"] == "329901001203"
    assert ev.org_path == "329901001203"


def test_creating_outside_jurisdiction_is_refused(cast):
    with pytest.raises(PermissionDenied):
        services.orgunit_create(
            actor=cast["town_operator"], code="329901002202", level="village", name="外村", parent=cast.town_b
        )
    assert not OrgUnit.objects.filter(code="329901002202").exists()


def test_code_must_extend_parent_and_fit_level(cast):
    with pytest.raises(ValidationError) as exc:
        services.orgunit_create(
            actor=cast["county_operator"], code="329901002203", level="village", name="错村", parent=cast.town
        )
    assert "不以上级单位代码" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.orgunit_create(
            actor=cast["county_operator"],
            code="329901001203",
            level="village",
            name="错村",
            parent=cast.county,
        )
    assert "上级单位应为乡镇" in str(exc.value)


def test_duplicate_code_refused(cast):
    with pytest.raises(ValidationError, match="已存在"):
        services.orgunit_create(
            actor=cast["county_operator"], code="329901001201", level="village", name="重复", parent=cast.town
        )


def test_read_only_roles_cannot_edit(cast):
    for role in ("leader", "supervisor", "county_approver", "village_operator"):
        with pytest.raises(PermissionDenied):
            services.orgunit_update(actor=cast[role], unit=cast.village, name="改名")
    cast.village.refresh_from_db()
    assert cast.village.name == "东村"


def test_update_records_before_and_after(cast):
    services.orgunit_update(actor=cast["town_operator"], unit=cast.village, population=1600)
    ev = AuditEvent.objects.filter(action="update").get()
    assert ev.before["population"] == 1500 and ev.after["population"] == 1600


def test_update_without_change_records_nothing(cast):
    services.orgunit_update(actor=cast["town_operator"], unit=cast.village, population=1500)
    assert not AuditEvent.objects.filter(action="update").exists()


def test_move_town_rewrites_subtree_codes(cast):
    town = services.orgunit_move(
        actor=cast["city_operator"],
        unit=cast.town,
        new_parent=cast.county2,
        new_code="329902003000",
        reason="区划调整",
    )
    assert town.path == "329902003"
    assert set(OrgUnit.objects.filter(parent=town).values_list("code", "path")) == {
        ("329902003201", "329902003201"),
        ("329902003202", "329902003202"),
    }
    ev = AuditEvent.objects.get(action="move")
    assert ev.reason == "区划调整" and ev.before["code"] == "329901001000"


def test_move_needs_reason_and_both_ends_in_scope(cast):
    with pytest.raises(PermissionDenied):
        services.orgunit_move(
            actor=cast["county_operator"],
            unit=cast.town,
            new_parent=cast.county2,
            new_code="329902003000",
            reason="调整",
        )
    from huanjie.core.audit import ReasonRequired

    with pytest.raises(ReasonRequired):
        services.orgunit_move(
            actor=cast["city_operator"],
            unit=cast.village2,
            new_parent=cast.town_b,
            new_code="329901002202",
            reason="  ",
        )
    cast.village2.refresh_from_db()
    assert cast.village2.code == "329901001202"


def test_deactivate_refused_with_active_children_then_allowed(cast):
    with pytest.raises(ValidationError, match="下级单位"):
        services.orgunit_deactivate(actor=cast["county_operator"], unit=cast.town_b, reason="撤并")
    services.orgunit_deactivate(actor=cast["county_operator"], unit=cast.village_b, reason="撤并")
    services.orgunit_deactivate(actor=cast["county_operator"], unit=cast.town_b, reason="撤并")
    assert not OrgUnit.objects.get(pk=cast.town_b.pk).is_active
