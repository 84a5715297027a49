"""Hardening issue 7: a roster import never names nor seats a person registered outside the
uploader's jurisdiction; the row goes to the conflict queue of the lowest level holding both places,
which decides (a move, a second seat, or a refusal)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from huanjie.core import imports
from huanjie.core.models import AuditEvent, ImportJob
from huanjie.people import conflicts
from huanjie.people.models import Person, RegistrationConflict, Tenure
from tests.factories import PersonFactory, seat
from tests.importfiles import ROSTER_HEADER, citizen, roster_row, table, write_xlsx

pytestmark = pytest.mark.django_db
Status = ImportJob.Status
MASKED = "329901" + "*" * 12


def preview(user, tmp_path, rows) -> ImportJob:
    data = write_xlsx(tmp_path / "roster.xlsx", table(ROSTER_HEADER, rows)).read_bytes()
    return imports.job_preview(imports.job_create(actor=user, kind="roster", file_name="r.xlsx", data=data))


def problems(job):
    return [(p["row"], p["column"], p["value"], p["reason"], p["level"]) for p in job.problems]


def test_lowest_common_level_and_its_name():
    assert conflicts.lowest_common_level(["329901001201", "329901002201"]) == "329901"
    assert conflicts.lowest_common_level(["329901001201", "329901001202"]) == "329901001"
    assert conflicts.lowest_common_level(["329901001201", "329902001001"]) == "3299"
    assert conflicts.lowest_common_level(["329901001201", "329801001201"]) == "32"
    assert conflicts.lowest_common_level(["329901001201", "119801001201"]) == ""
    assert [conflicts.level_name(p) for p in ("329901001", "329901", "3299", "32", "")] == [
        "乡镇",
        "县",
        "市",
        "省",
        "系统",
    ]


def test_a_person_domiciled_outside_goes_to_the_queue_unnamed(cast, tmp_path):
    op = cast["town_operator"]  # 青石镇
    person = PersonFactory(domicile_unit=cast.village_b, name="张健国", number=citizen(1))  # 南村, 白沙镇
    job = preview(op, tmp_path, [roster_row()])
    assert job.status == Status.READY
    message = "该人员已在其他地方登记，需由上级（县级）决定；此行不导入，已转交上级处理"
    assert problems(job) == [(2, "身份证号", MASKED, message, "warning")]
    shown = json.dumps([job.problems, job.preview], ensure_ascii=False)
    assert "张健国" not in shown and "南村" not in shown and "白沙镇" not in shown
    assert "转上级决定 1 条（该人员已在其他地方登记）" in job.preview["summary"]
    assert job.preview["summary"][0] == "新增人员 0 人"

    job = imports.job_commit(job)

    assert job.status == Status.DONE
    assert not Tenure.objects.exists()  # not seated
    person.refresh_from_db()
    assert (person.name, person.domicile_unit) == ("张健国", cast.village_b)  # not attached nor moved
    c = RegistrationConflict.objects.get()
    assert (c.person, c.unit, c.other_unit, c.other_is_seat, c.level_path, c.status) == (
        person,
        cast.village,
        cast.village_b,
        False,
        "329901",
        "open",
    )
    assert (c.committee_kind, c.post, c.term_number, c.start_date, c.raised_by) == (
        "party_org",
        "secretary",
        11,
        dt.date(2021, 3, 1),
        op,
    )
    assert job.result["conflicts_created"] == 1
    assert "转上级决定 1 条（该人员已在其他地方登记）" in imports.importer_for("roster").result_lines(
        job.result
    )


def test_a_person_sitting_outside_goes_to_the_queue(cast, tmp_path):
    person = PersonFactory(domicile_unit=cast.village, name="张建国", number=citizen(1))
    seat(person, cast.village_b, "villagers_committee", "member")  # sits in 南村
    job = preview(cast["town_operator"], tmp_path, [roster_row()])
    assert [p[3] for p in problems(job)] == [conflicts.uploader_message("329901")]
    imports.job_commit(job)
    c = RegistrationConflict.objects.get()
    assert (c.other_unit, c.other_is_seat) == (cast.village_b, True)


def test_another_county_is_decided_by_the_city(cast, tmp_path):
    PersonFactory(domicile_unit=cast.community, name="和某", number=citizen(1))
    job = preview(cast["county_operator"], tmp_path, [roster_row()])
    assert [p[3] for p in problems(job)] == [
        "该人员已在其他地方登记，需由上级（市级）决定；此行不导入，已转交上级处理"
    ]


def test_a_second_village_by_a_second_file_is_refused_as_within_one_file(cast, tmp_path):
    """A person sitting in 西村 (inside the uploader's town) seated in 东村 by another file."""
    op = cast["town_operator"]
    first = preview(
        op, tmp_path, [roster_row(**{"村（社区）区划代码": "329901001202", "村（社区）名称": "西村"})]
    )
    assert imports.job_commit(first).status == Status.DONE
    job = preview(op, tmp_path, [roster_row()])
    assert job.status == Status.INVALID
    assert [(p[0], p[1], p[2], p[3]) for p in problems(job)] == [
        (2, "身份证号", MASKED, "此人已在“西村”任职（在任），同一人不能在两个村（社区）任职")
    ]
    # The same two rows in one file are refused too.
    both = preview(
        op,
        tmp_path,
        [
            roster_row(**{"村（社区）区划代码": "329901001202", "村（社区）名称": "西村"}),
            roster_row(职务="委员"),
        ],
    )
    assert both.status == Status.INVALID


def _conflict(cast, *, sitting_elsewhere=False):
    person = PersonFactory(domicile_unit=cast.village_b, name="周南山")
    if sitting_elsewhere:
        seat(person, cast.village_b, "villagers_committee", "member")
    return RegistrationConflict.objects.create(
        person=person,
        unit=cast.village,
        other_unit=cast.village_b,
        other_is_seat=sitting_elsewhere,
        level_path="329901",
        committee_kind="party_org",
        post="party_member",
        term_number=11,
        start_date=dt.date(2021, 3, 1),
        raised_by=cast["town_operator"],
    )


def test_only_the_level_holding_both_places_sees_and_decides(cast, client):
    c = _conflict(cast)
    assert list(conflicts.conflict_list(cast["county_operator"])) == [c]
    assert list(conflicts.conflict_list(cast["city_operator"])) == [c]
    for role in ("town_operator", "other_town_operator", "village_operator", "supervisor"):
        assert list(conflicts.conflict_list(cast[role])) == []
    client.force_login(cast["town_operator"])
    assert client.get(f"/people/conflicts/{c.pk}/").status_code == 404
    assert "周南山" not in client.get("/people/conflicts/").content.decode()
    with pytest.raises(PermissionDenied):
        conflicts.conflict_decide(actor=cast["town_operator"], conflict=c, decision="refused", reason="x")
    client.force_login(cast["county_operator"])
    page = client.get("/people/conflicts/").content.decode()
    assert "周南山" in page and "南村（户籍）" in page and "县级" in page and "决定</a>" in page


def test_second_seat_keeps_the_registration(cast, client):
    c = _conflict(cast)
    client.force_login(cast["county_operator"])
    response = client.post(f"/people/conflicts/{c.pk}/", {"decision": "second_seat", "reason": "选派书记"})
    assert response.status_code == 302
    c.refresh_from_db()
    assert (c.status, c.decided_by, c.reason) == ("second_seat", cast["county_operator"], "选派书记")
    t = Tenure.objects.get(person=c.person)
    assert (t.committee.org_unit, t.post, t.end_date) == (cast.village, "party_member", None)
    assert Person.objects.get(pk=c.person_id).domicile_unit == cast.village_b
    ev = AuditEvent.objects.filter(model="people.RegistrationConflict").get()
    assert (ev.actor, ev.reason, ev.after["status"], ev.org_path) == (
        cast["county_operator"],
        "选派书记",
        "second_seat",
        "329901",
    )
    # Decided once only.
    with pytest.raises(ValidationError):
        conflicts.conflict_decide(
            actor=cast["county_operator"], conflict=c, decision="refused", reason="再议"
        )


def test_a_move_changes_the_domicile_and_ends_seats_elsewhere(cast):
    c = _conflict(cast, sitting_elsewhere=True)
    conflicts.conflict_decide(actor=cast["county_operator"], conflict=c, decision="moved", reason="迁居东村")
    person = Person.objects.get(pk=c.person_id)
    assert person.domicile_unit == cast.village
    old = Tenure.objects.get(person=person, committee__org_unit=cast.village_b)
    assert (old.end_reason, old.end_date is not None) == ("transferred", True)
    assert Tenure.objects.get(person=person, end_date__isnull=True).committee.org_unit == cast.village


def test_refusal_writes_nothing_but_the_decision_and_needs_a_reason(cast, client):
    c = _conflict(cast)
    with pytest.raises(ValidationError):
        conflicts.conflict_decide(actor=cast["county_operator"], conflict=c, decision="refused", reason=" ")
    with pytest.raises(ValidationError):
        conflicts.conflict_decide(actor=cast["county_operator"], conflict=c, decision="open", reason="x")
    client.force_login(cast["county_operator"])
    response = client.post(f"/people/conflicts/{c.pk}/", {"decision": "refused", "reason": ""})
    assert response.status_code == 200  # the form again, with its error
    conflicts.conflict_decide(
        actor=cast["county_operator"], conflict=c, decision="refused", reason="不符合条件"
    )
    c.refresh_from_db()
    assert c.status == "refused"
    assert not Tenure.objects.exists()
    page = client.get("/people/conflicts/", {"status": "refused"}).content.decode()
    assert "不符合条件" in page
    assert client.get(f"/people/conflicts/{c.pk}/").status_code == 200  # read-only now


def test_the_deciding_level_finds_open_conflicts_on_its_home_page(cast, client):
    c = _conflict(cast)
    client.force_login(cast["county_operator"])
    assert "登记冲突待决定 1 条" in client.get("/").content.decode()
    client.force_login(cast["town_operator"])
    assert "登记冲突待决定" not in client.get("/").content.decode()
    conflicts.conflict_decide(
        actor=cast["county_operator"], conflict=c, decision="refused", reason="不符合条件"
    )
    client.force_login(cast["county_operator"])
    assert "登记冲突待决定" not in client.get("/").content.decode()
