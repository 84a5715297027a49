"""No lost update on the people forms (house rule 15): a form loaded by A, a change saved by B, then
A's stale form is refused with the differences, nothing saved and nothing audited; a current form
saves and bumps the version."""

import datetime as dt

import pytest
from django.test import Client

from huanjie.core.models import AuditEvent
from huanjie.core.versioning import StaleEdit
from huanjie.people import services
from huanjie.people.choices import CommitteeKind, Post, RelationKind
from huanjie.people.models import Committee, Person, Relation, Tenure
from tests.factories import PersonFactory, seat
from tests.forms_kit import form_data


@pytest.fixture
def a(client, cast):
    client.force_login(cast["town_operator"])
    return client


@pytest.fixture
def b(cast):
    other = Client()
    other.force_login(cast["county_operator"])
    return other


@pytest.fixture
def zhang(cast):
    return PersonFactory(domicile_unit=cast.village, name="张三", phone="13800000000")


def _b_renames(b, zhang, name="张三丰"):
    url = f"/people/{zhang.pk}/edit/"
    assert b.post(url, form_data(b.get(url)) | {"name": name}).status_code == 302


def _refused(response, *differences):
    assert response.status_code == 200
    html = response.content.decode()
    assert "此记录已被他人修改" in html
    for d in differences:
        assert d in html
    return response.context["form"]


def test_stale_person_edit_is_refused_with_differences(a, b, zhang):
    url = f"/people/{zhang.pk}/edit/"
    stale = form_data(a.get(url)) | {"phone": "13900000000"}
    _b_renames(b, zhang)
    events = AuditEvent.objects.count()
    form = _refused(a.post(url, stale), "姓名：您看到的值“张三” → 现在的值“张三丰”")
    p = Person.objects.get(pk=zhang.pk)
    assert (p.name, p.phone, p.version) == ("张三丰", "13800000000", 2)
    assert AuditEvent.objects.count() == events
    assert form["name"].value() == "张三丰" and form["phone"].value() == "13800000000"
    assert a.post(url, form_data(a.post(url, stale)) | {"phone": "13900000000"}).status_code == 302
    p = Person.objects.get(pk=zhang.pk)
    assert (p.name, p.phone, p.version) == ("张三丰", "13900000000", 3)


def test_current_person_edit_saves_and_bumps_version(a, zhang):
    url = f"/people/{zhang.pk}/edit/"
    assert a.post(url, form_data(a.get(url)) | {"occupation": "农民"}).status_code == 302
    assert Person.objects.get(pk=zhang.pk).version == 2


def test_stale_relation_add_is_refused(a, b, cast, zhang):
    spouse = PersonFactory(domicile_unit=cast.village2, name="王五")
    url = f"/people/{zhang.pk}/relations/new/"
    stale = form_data(a.get(url)) | {"relative": spouse.id_masked, "kind": RelationKind.SPOUSE}
    _b_renames(b, zhang)
    events = AuditEvent.objects.count()
    form = _refused(a.post(url, stale), "姓名：您看到的值“张三” → 现在的值“张三丰”")
    assert not Relation.objects.exists() and AuditEvent.objects.count() == events
    assert form["relative"].value() == spouse.id_masked  # what A typed stays
    assert a.post(url, form_data(a.post(url, stale))).status_code == 302
    assert Relation.objects.count() == 1


def test_stale_tenure_add_is_refused(a, b, cast, zhang):
    url = f"/people/{zhang.pk}/tenures/new/"
    stale = form_data(a.get(url)) | {
        "unit": cast.village.code,
        "kind": CommitteeKind.VILLAGERS,
        "post": Post.CHAIR,
        "term_number": "12",
        "start_date": "2026-03-01",
    }
    _b_renames(b, zhang)
    events = AuditEvent.objects.count()
    _refused(a.post(url, stale), "姓名：您看到的值“张三” → 现在的值“张三丰”")
    assert not Tenure.objects.exists() and not Committee.objects.exists()
    assert AuditEvent.objects.count() == events
    assert a.post(url, form_data(a.post(url, stale))).status_code == 302
    assert Tenure.objects.get(person=zhang).post == Post.CHAIR


def test_stale_tenure_end_is_refused(a, b, cast, zhang):
    t = seat(zhang, cast.village, CommitteeKind.VILLAGERS, Post.CHAIR)
    url = f"/people/tenures/{t.pk}/end/"
    stale = form_data(a.get(url)) | {"end_date": "2026-05-01", "end_reason": "resigned"}
    assert (
        b.post(url, form_data(b.get(url)) | {"end_date": "2026-04-01", "end_reason": "dismissed"}).status_code
        == 302
    )
    events = AuditEvent.objects.count()
    form = _refused(a.post(url, stale), "离任日期：您看到的值“（空）” → 现在的值“2026-04-01”")
    assert AuditEvent.objects.count() == events
    t.refresh_from_db()
    assert (t.end_date, t.end_reason, t.version) == (dt.date(2026, 4, 1), "dismissed", 2)
    assert form["end_date"].value() == "2026-04-01"


def test_current_tenure_end_saves_and_bumps_version(a, cast, zhang):
    t = seat(zhang, cast.village, CommitteeKind.VILLAGERS, Post.CHAIR)
    url = f"/people/tenures/{t.pk}/end/"
    assert (
        a.post(url, form_data(a.get(url)) | {"end_date": "2026-05-01", "end_reason": "resigned"}).status_code
        == 302
    )
    t.refresh_from_db()
    assert (t.end_date, t.version) == (dt.date(2026, 5, 1), 2)


def test_committee_form_change_bumps_committee_version(cast, zhang):
    op = cast["town_operator"]
    services.tenure_add(
        actor=op,
        person=zhang,
        org_unit=cast.village,
        kind=CommitteeKind.PARTY_ORG,
        post=Post.SECRETARY,
        term_number=12,
        start_date=dt.date(2026, 3, 1),
        party_org_form="branch",
    )
    other = PersonFactory(domicile_unit=cast.village)
    services.tenure_add(
        actor=op,
        person=other,
        org_unit=cast.village,
        kind=CommitteeKind.PARTY_ORG,
        post=Post.PARTY_MEMBER,
        term_number=12,
        start_date=dt.date(2026, 3, 1),
        party_org_form="general_branch",
    )
    assert Committee.objects.get(org_unit=cast.village).version == 2


def test_service_refuses_stale_person_version(cast, zhang):
    with pytest.raises(StaleEdit) as exc:
        services.person_update(
            actor=cast["town_operator"], person=zhang, version=zhang.version + 1, phone="13700000000"
        )
    assert exc.value.current_version == 1
    assert Person.objects.get(pk=zhang.pk).phone == "13800000000"


def test_a_roster_import_bumps_the_committee_it_changes(cast, tmp_path):
    """A committee whose 党组织形式 an import changed is a newer version: a form loaded before the
    import is refused instead of silently undoing it."""
    from huanjie.core import imports
    from huanjie.people.models import Committee
    from tests.importfiles import ROSTER_HEADER, citizen, roster_row, table, write_xlsx

    committee = Committee.objects.create(org_unit=cast.village, kind="party_org", party_org_form="branch")
    row = roster_row(姓名="周新", 身份证号=citizen(7), 党组织形式="党总支")
    data = write_xlsx(tmp_path / "r.xlsx", table(ROSTER_HEADER, [row])).read_bytes()
    job = imports.job_create(actor=cast["town_operator"], kind="roster", file_name="r.xlsx", data=data)
    job = imports.job_commit(imports.job_preview(job))
    assert job.status == "done", job.problems
    committee.refresh_from_db()
    assert (committee.party_org_form, committee.version) == ("general_branch", 2)
    assert job.result["committees_updated"] == 1
