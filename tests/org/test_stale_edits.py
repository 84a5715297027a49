"""No lost update on the org forms (house rule 15): a form loaded by A, a change saved by B, then A's
stale form is refused with the differences, nothing saved and nothing audited; a current form saves
and bumps the version."""

import pytest
from django.test import Client

from huanjie.core.models import AuditEvent
from huanjie.core.versioning import StaleEdit
from huanjie.org import services
from huanjie.org.models import OrgUnit
from tests.factories import unit
from tests.forms_kit import form_data


@pytest.fixture
def a(client, cast):
    client.force_login(cast["county_operator"])
    return client


@pytest.fixture
def b(cast):
    other = Client()
    other.force_login(cast["town_operator"])
    return other


def _refused(response, unit_pk, before, *differences):
    assert response.status_code == 200
    html = response.content.decode()
    assert "此记录已被他人修改" in html
    for d in differences:
        assert d in html
    now = OrgUnit.objects.get(pk=unit_pk)
    assert {k: getattr(now, k) for k in before} == before
    return response.context["form"]


def test_stale_unit_edit_is_refused_with_differences(a, b, cast):
    url = f"/org/unit/{cast.village.code}/edit/"
    stale = form_data(a.get(url)) | {"households": "500"}
    assert b.post(url, form_data(b.get(url)) | {"name": "东村村", "is_pilot": "on"}).status_code == 302
    events = AuditEvent.objects.count()
    form = _refused(
        a.post(url, stale),
        cast.village.pk,
        {"name": "东村村", "households": 420, "is_pilot": True, "version": 2},
        "名称：您看到的值“东村” → 现在的值“东村村”",
        "试点：您看到的值“否” → 现在的值“是”",
    )
    assert AuditEvent.objects.count() == events
    # The form now shows the current values and version: submitting it again saves.
    assert form["name"].value() == "东村村" and form["version"].value() == 2
    assert [d.field for d in form.differences] == ["name", "is_pilot"]
    again = form_data(a.post(url, stale)) | {"households": "500"}
    assert a.post(url, again).status_code == 302
    v = OrgUnit.objects.get(pk=cast.village.pk)
    assert (v.name, v.households, v.version) == ("东村村", 500, 3)


def test_current_unit_edit_saves_and_bumps_version(a, cast):
    url = f"/org/unit/{cast.village.code}/edit/"
    assert a.post(url, form_data(a.get(url)) | {"population": "1600"}).status_code == 302
    assert OrgUnit.objects.get(pk=cast.village.pk).version == 2
    # Saving an unchanged form is no change: no new version, no audit event.
    events = AuditEvent.objects.count()
    assert a.post(url, form_data(a.get(url))).status_code == 302
    assert (OrgUnit.objects.get(pk=cast.village.pk).version, AuditEvent.objects.count()) == (2, events)


def test_form_without_version_is_refused(a, cast):
    url = f"/org/unit/{cast.village.code}/edit/"
    data = {k: v for k, v in form_data(a.get(url)).items() if k not in ("version", "seen")}
    response = a.post(url, data | {"name": "无版本"})
    assert response.status_code == 200
    assert "表单缺少版本信息" in response.content.decode()
    assert OrgUnit.objects.get(pk=cast.village.pk).name == "东村"


def test_stale_create_under_a_changed_parent_is_refused(a, b, cast):
    url = f"/org/unit/{cast.town.code}/new/"
    stale = form_data(a.get(url)) | {"code": "329901001203", "level": "village", "name": "北村"}
    edit = f"/org/unit/{cast.town.code}/edit/"
    assert b.post(edit, form_data(b.get(edit)) | {"name": "青石街道"}).status_code == 302
    events = AuditEvent.objects.count()
    _refused(
        a.post(url, stale),
        cast.town.pk,
        {"name": "青石街道"},
        "名称：您看到的值“青石镇” → 现在的值“青石街道”",
    )
    assert not OrgUnit.objects.filter(code="329901001203").exists()
    assert AuditEvent.objects.count() == events
    assert a.post(url, form_data(a.post(url, stale)) | {"name": "北村"}).status_code == 302
    assert OrgUnit.objects.filter(code="329901001203").exists()


def test_stale_move_is_refused(a, b, cast):
    url = f"/org/unit/{cast.village2.code}/move/"
    stale = form_data(a.get(url)) | {
        "new_parent": cast.town_b.pk,
        "new_code": "329901002202",
        "reason": "区划调整",
    }
    edit = f"/org/unit/{cast.village2.code}/edit/"
    assert b.post(edit, form_data(b.get(edit)) | {"name": "西村村"}).status_code == 302
    events = AuditEvent.objects.count()
    form = _refused(
        a.post(url, stale),
        cast.village2.pk,
        {"code": "329901001202", "name": "西村村"},
        "名称：您看到的值“西村” → 现在的值“西村村”",
    )
    assert AuditEvent.objects.count() == events
    assert form["reason"].value() == "区划调整"  # what A typed (not a field of the unit) stays
    assert a.post(url, form_data(a.post(url, stale))).status_code == 302
    moved = OrgUnit.objects.get(pk=cast.village2.pk)
    assert (moved.code, moved.version) == ("329901002202", 3)


def test_stale_deactivate_is_refused(a, b, cast):
    url = f"/org/unit/{cast.village2.code}/deactivate/"
    stale = form_data(a.get(url)) | {"reason": "并入东村"}
    edit = f"/org/unit/{cast.village2.code}/edit/"
    assert b.post(edit, form_data(b.get(edit)) | {"population": "900"}).status_code == 302
    events = AuditEvent.objects.count()
    _refused(a.post(url, stale), cast.village2.pk, {"is_active": True})
    assert AuditEvent.objects.count() == events
    assert a.post(url, form_data(a.post(url, stale))).status_code == 302
    assert OrgUnit.objects.get(pk=cast.village2.pk).is_active is False


def test_move_bumps_the_versions_of_the_whole_subtree(cast):
    hamlet = unit("329901001203", "village", "北村", cast.town)
    versions = {u.pk: u.version for u in OrgUnit.objects.filter(path__startswith=cast.town.path)}
    services.orgunit_move(
        actor=cast["city_operator"],
        unit=cast.town,
        version=cast.town.version,
        new_parent=cast.county2,
        new_code="329902002000",
        reason="区划调整",
    )
    after = {u.pk: u.version for u in OrgUnit.objects.filter(path__startswith="329902002")}
    assert after == {pk: v + 1 for pk, v in versions.items()}
    assert hamlet.pk in after
    # A form of a descendant loaded before the move is stale.
    with pytest.raises(StaleEdit):
        services.orgunit_update(actor=cast["city_operator"], unit=hamlet, version=1, name="北村村")


def test_service_refuses_stale_version_without_writing(cast):
    services.orgunit_update(actor=cast["town_operator"], unit=cast.village, population=1501)
    assert cast.village.version == 2  # the caller's instance learns the new version
    with pytest.raises(StaleEdit) as exc:
        services.orgunit_update(
            actor=cast["town_operator"],
            unit=cast.village,
            version=1,
            seen={"population": 1500},
            population=1700,
        )
    assert [str(d) for d in exc.value.differences] == ["人口：您看到的值“1500” → 现在的值“1501”"]
    assert exc.value.current_version == 2
    assert OrgUnit.objects.get(pk=cast.village.pk).population == 1501


def test_a_unit_import_bumps_the_units_it_changes(cast, tmp_path):
    """A unit an import renamed is a newer version: an edit form loaded before is refused."""
    from huanjie.core import imports
    from tests.importfiles import write_xlsx

    header = ["区划代码", "名称", "层级", "上级区划代码"]
    data = write_xlsx(
        tmp_path / "u.xlsx", [header, ["329901001201", "东村村", "村", "329901001000"]]
    ).read_bytes()
    job = imports.job_create(actor=cast["town_operator"], kind="org_units", file_name="u.xlsx", data=data)
    job = imports.job_commit(imports.job_preview(job))
    assert job.status == "done", job.problems
    cast.village.refresh_from_db()
    assert (cast.village.name, cast.village.version) == ("东村村", 2)
