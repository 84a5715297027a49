"""纪律责任书、承诺书、保证书 from their template (issue 11 reqs. 9 and 11): one row per signed pledge
through ``pledge_record(scan_later=True)`` — the signed date counts at once, the scan follows
(扫描件待补) and is uploaded on the coverage page; all or nothing, real xlsx and GBK csv; duplicates,
an identical pledge already recorded (unchanged) or a different one (refused) and hostile rows
refused in Chinese; the download of a pledge without scan is a 404 that says so."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
import typst
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from huanjie.core import crypto, imports
from huanjie.core.audit import AuditEvent
from huanjie.core.models import ImportJob
from huanjie.planning.models import Campaign, ResponsiblePerson
from huanjie.vetting import pledge_selectors, pledge_services
from huanjie.vetting.export_selectors import pledge_rows
from huanjie.vetting.importers_registers import import_url
from huanjie.vetting.models import Candidate, Pledge
from tests.factories import PersonFactory, citizen_id, seat
from tests.importfiles import csv_bytes, table, write_xlsx

pytestmark = pytest.mark.django_db
Status = ImportJob.Status
TODAY = dt.date(2026, 1, 20)
KIND = "vetting_pledges"
UNIT, UNIT_NAME, NAME, ID = "村（社区）区划代码", "村（社区）名称", "姓名", "身份证号"
HEADER = [UNIT, UNIT_NAME, NAME, ID, "类别", "职务", "签订日期"]


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("huanjie.core.workflow.today", lambda: TODAY)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> bytes:
    src = tmp_path_factory.mktemp("pdf") / "pledge.typ"
    src.write_text("#set page(width: 10cm, height: 5cm)\nSigned pledge\n", encoding="utf-8")
    return typst.compile(str(src))


@pytest.fixture
def campaign(cast):
    return Campaign.objects.create(
        city=cast.city,
        name="2026年换届",
        profile_code="zhejiang",
        window_start=dt.date(2025, 12, 1),
        window_end=dt.date(2026, 6, 30),
        state="published",
    )


class Scene:
    """东村 (cast.village): 书记 S sits; P (two posts) and Q stand; W withdrew; R is registered there
    but stands for nothing."""

    def __init__(self, cast, campaign):
        v = cast.village
        self.s, self.p, self.q, self.w, self.r = (PersonFactory(domicile_unit=v) for _ in range(5))
        seat(self.s, v, "party_org", "secretary")

        def cand(person, side, post, channel, **extra):
            return Candidate.objects.create(
                campaign=campaign,
                unit=v,
                person=person,
                side=side,
                post=post,
                source="other",
                channel=channel,
                **extra,
            )

        cand(self.p, "party", "secretary", "two_recommendations")
        cand(self.p, "committee", "chair", "voters")
        self.cq = cand(self.q, "committee", "member", "voters")
        cand(self.w, "committee", "member", "voters", withdrawn_on=dt.date(2026, 1, 10))


@pytest.fixture
def scene(cast, campaign):
    return Scene(cast, campaign)


def _run(user, data, name):
    return imports.job_preview(imports.job_create(actor=user, kind=KIND, file_name=name, data=data))


def _errors(job):
    return {(p["row"], p["column"]): p["reason"] for p in job.problems if p["level"] == "error"}


def _person_row(person, kind, **over):
    unit = person.domicile_unit
    row = {UNIT: unit.code, UNIT_NAME: unit.name, NAME: person.name, ID: crypto.decrypt(person.id_cipher)}
    return row | {"类别": kind, "职务": "", "签订日期": "2026-01-18"} | over


def _named_row(unit, name, kind, post, **over):
    row = {UNIT: unit.code, UNIT_NAME: unit.name, NAME: name, ID: "", "类别": kind, "职务": post}
    return row | {"签订日期": "2026-01-18"} | over


def _good_rows(cast, scene):
    return [
        _person_row(scene.p, "承诺书"),
        _person_row(scene.q, "承诺书", 签订日期="2026/1/19"),
        _person_row(scene.s, "纪律责任书"),
        _named_row(cast.town, "赵书记", "纪律责任书", "青石镇党委书记"),
        _named_row(cast.town, "钱干事", "保证书", "镇组织办干事"),
        _named_row(cast.village, "孙委员", "换届纪律保证书", "村选举委员会委员"),
    ]


def test_the_sheet_records_every_pledge_without_its_scan(cast, campaign, scene, tmp_path):
    data = write_xlsx(tmp_path / "in.xlsx", table(HEADER, _good_rows(cast, scene))).read_bytes()
    job = _run(cast["town_operator"], data, "签订情况.xlsx")
    assert job.status == Status.READY, job.problems
    assert not Pledge.objects.exists()  # the preview wrote nothing
    assert imports.job_commit(job).status == Status.DONE
    assert job.result["created"] == 6
    got = {
        (p.kind, p.unit_id, p.person_id, p.signer_name, p.signer_post, p.signed_on)
        for p in Pledge.objects.all()
    }
    assert got == {
        ("commitment", cast.village.pk, scene.p.pk, scene.p.name, "", dt.date(2026, 1, 18)),
        ("commitment", cast.village.pk, scene.q.pk, scene.q.name, "", dt.date(2026, 1, 19)),
        ("discipline", cast.village.pk, scene.s.pk, scene.s.name, "", dt.date(2026, 1, 18)),
        ("discipline", cast.town.pk, None, "赵书记", "青石镇党委书记", dt.date(2026, 1, 18)),
        ("guarantee", cast.town.pk, None, "钱干事", "镇组织办干事", dt.date(2026, 1, 18)),
        ("guarantee", cast.village.pk, None, "孙委员", "村选举委员会委员", dt.date(2026, 1, 18)),
    }
    assert not Pledge.objects.exclude(stored=None).exists()
    assert set(Pledge.objects.values_list("file_name", "size")) == {("", 0)}
    # one audit event per pledge (the service's) and the kit's one for the file
    assert AuditEvent.objects.filter(model="vetting.Pledge", action="create").count() == 6
    assert AuditEvent.objects.filter(model="vetting.Pledge", action="import").count() == 1
    # The signed date is the legal fact: everything counts, the scans show as still missing.
    page = pledge_selectors.coverage(cast["town_operator"], cast.town.code)
    assert (page.commitment.signed, page.commitment.required) == (2, 2)
    assert (page.discipline.signed, page.discipline.required) == (2, 2)
    assert page.guarantees == 2 and page.scans_missing == 6 and page.missing == []
    by_unit = {ln.unit.pk: ln.scans_missing for ln in page.lines}
    assert by_unit[cast.town.pk] == 2 and by_unit[cast.village.pk] == 4 and by_unit[cast.village2.pk] == 0
    assert not pledge_selectors.missing_commitment(scene.cq)
    rollup = pledge_selectors.rollup(cast["town_operator"])
    assert rollup.scans_missing == 6 and [ln.scans_missing for ln in rollup.lines] == [6]
    assert {r["unit"]: r["scans_missing"] for r in pledge_rows(page)}[cast.village.name] == 4
    # The same sheet again changes nothing.
    again = _run(cast["town_operator"], data, "签订情况.xlsx")
    assert again.status == Status.READY, again.problems
    assert imports.job_commit(again).result["unchanged"] == 6
    assert Pledge.objects.count() == 6
    assert AuditEvent.objects.filter(model="vetting.Pledge", action="create").count() == 6


def test_hostile_rows_refused_and_nothing_written(cast, campaign, scene):
    south = PersonFactory(domicile_unit=cast.village_b)
    Candidate.objects.create(
        campaign=campaign,
        unit=cast.village_b,
        person=south,
        side="committee",
        post="member",
        source="other",
        channel="voters",
    )
    pledge_services.pledge_record(
        actor=cast["town_operator"],
        campaign=campaign,
        unit=cast.village,
        kind="commitment",
        person=scene.q,
        signed_on=dt.date(2026, 1, 15),
        scan_later=True,
    )
    rows = [
        _person_row(scene.p, "承诺书"),  # 2: clean
        _person_row(scene.p, "承诺书", 签订日期="2026-01-17"),  # 3: duplicate of row 2
        _person_row(scene.w, "承诺书"),  # 4: withdrew
        _person_row(scene.r, "承诺书"),  # 5: registered, stands for nothing
        _person_row(scene.r, "承诺书", 身份证号=citizen_id(birth=dt.date(1980, 3, 3))),  # 6: nobody
        _person_row(scene.p, "纪律责任书"),  # 7: not the sitting secretary
        _person_row(scene.s, "纪律责任书", 姓名="张冒名"),  # 8: the name does not match
        _named_row(cast.village, "周委员", "保证书", "委员", 签订日期="2026-01-21"),  # 9: tomorrow
        _person_row(scene.q, "承诺书"),  # 10: recorded on 01-15, not 01-18
        _person_row(south, "承诺书"),  # 11: another town's village
        _named_row(cast.village, "李某", "承诺书", ""),  # 12: a 承诺书 without citizen ID
        _person_row(scene.r, "保证书", 职务="工作人员"),  # 13: staff named with a citizen ID
        _named_row(cast.town, "", "纪律责任书", "党委书记"),  # 14: no name
        _named_row(cast.town, "赵书记", "纪律责任书", "党委书记"),  # 15: clean
        _named_row(cast.town, "钱书记", "纪律责任书", "党委书记"),  # 16: the town's secretary twice
        _named_row(cast.village, "孙委员", "协议书", "委员"),  # 17: no such kind
        _person_row(scene.s, "纪律责任书", 身份证号="329901198104120011"),  # 18: a bad check digit
    ]
    data = csv_bytes(table(HEADER, rows), encoding="gbk")
    job = _run(cast["town_operator"], data, "签订情况.csv")
    assert job.status == Status.INVALID
    got = _errors(job)
    assert got[(3, UNIT)] == "与第 2 行重复：同一签订人同一类别只能填写一行"
    # one answer whether the citizen ID is registered or not (the service's own words)
    assert got[(4, ID)] == got[(5, ID)] == got[(6, ID)] == "承诺书只能为本村（社区）的有效人选登记"
    assert got[(7, ID)] == "纪律责任书只能为本村（社区）现任党组织书记登记"
    assert got[(8, NAME)] == f"与身份证号登记的姓名“{scene.s.name}”不同"
    assert got[(9, "签订日期")] == "签订日期不能晚于今天"
    assert got[(10, "签订日期")].startswith(f"已登记{scene.q.name}的换届纪律承诺书（签订日期 2026-01-15）")
    assert "管辖范围" in got[(11, UNIT)]
    assert got[(12, ID)].startswith("人选的承诺书")
    assert got[(13, ID)].endswith("身份证号请留空")
    assert (14, NAME) in got
    assert got[(16, UNIT)] == "与第 15 行重复：同一签订人同一类别只能填写一行"
    assert (17, "类别") in got and (18, ID) in got
    assert len(got) == 15 and (2, UNIT) not in got and (15, UNIT) not in got
    assert Pledge.objects.count() == 1  # only the one recorded before
    assert AuditEvent.objects.filter(model="vetting.Pledge").count() == 1


def test_another_town_county_and_department_cannot(cast, campaign, scene, tmp_path):
    data = write_xlsx(tmp_path / "in.xlsx", table(HEADER, [_person_row(scene.p, "承诺书")])).read_bytes()
    for role in ("other_town_operator", "county_operator"):
        job = _run(cast[role], data, "签订情况.xlsx")
        assert job.status == Status.INVALID, role
        assert list(_errors(job)) == [(2, UNIT)], role
    assert not Pledge.objects.exists()


def test_import_entry_and_template(cast, client):
    url = import_url(cast["town_operator"], KIND, cast.town.path)
    assert url.endswith(f"?kind={KIND}")
    assert import_url(cast["town_operator"], KIND, cast.village.path) == url
    # Pledges are not confidential (vetting.edit suffices), but only the kit's operators import.
    for role in (
        "village_operator",
        "other_town_operator",
        "county_operator",
        "leader",
        "vetting",
        "city_operator",
    ):
        assert import_url(cast[role], KIND, cast.village.path) == "", role
    _, data = imports.template_workbook(KIND, cast["town_operator"])
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert [c.value for c in book.worksheets[0][1]] == HEADER
    mine = {r[0] for r in book["我的单位"].iter_rows(min_row=2, values_only=True)}
    assert mine == {cast.town.code, cast.village.code, cast.village2.code}
    client.force_login(cast["town_operator"])
    response = client.get(f"/import/template/{KIND}/")
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_the_form_still_requires_the_scan(cast, campaign, scene, client):
    with pytest.raises(ValidationError) as exc:
        pledge_services.pledge_record(
            actor=cast["town_operator"],
            campaign=campaign,
            unit=cast.village,
            kind="commitment",
            person=scene.p,
            signed_on=TODAY,
        )
    assert exc.value.message_dict["file"] == ["请上传签字后的扫描件"]
    client.force_login(cast["town_operator"])
    page = pledge_selectors.coverage(cast["town_operator"], cast.village.code)
    key = next(s.key for s in page.missing if s.name == scene.p.name)
    r = client.post(f"/vetting/pledges/{cast.village.code}/new/", {"signer": key, "signed_on": "2026-01-18"})
    assert r.status_code == 400 and not Pledge.objects.exists()


def test_the_missing_scan_shown_refused_for_download_then_uploaded(cast, campaign, scene, pdf, client):
    ResponsiblePerson.objects.create(campaign=campaign, unit=cast.town, role="first", name="赵书记")
    p = pledge_services.pledge_record(
        actor=cast["town_operator"],
        campaign=campaign,
        unit=cast.village,
        kind="commitment",
        person=scene.p,
        signed_on=dt.date(2026, 1, 18),
        scan_later=True,
    )
    client.force_login(cast["town_operator"])
    body = client.get(f"/vetting/pledges/{cast.town.code}/").content.decode()
    assert "扫描件待补" in body and f"/vetting/pledge/{p.pk}/scan/" in body
    assert f"?kind={KIND}" in body and "导入签订情况" in body
    r = client.get(f"/vetting/pledge/{p.pk}/file/")
    assert r.status_code == 404 and "扫描件待补" in r.content.decode()
    assert not AuditEvent.objects.filter(model="vetting.Pledge", action="export").exists()
    # Another town and the county's operator (no vetting.edit) cannot upload it.
    for role, status in (("other_town_operator", 404), ("county_operator", 403)):
        client.force_login(cast[role])
        upload = SimpleUploadedFile("承诺书.pdf", pdf, "application/pdf")
        assert client.post(f"/vetting/pledge/{p.pk}/scan/", {"file": upload}).status_code == status, role
    with pytest.raises(PermissionDenied):
        pledge_services.pledge_attach_scan(
            actor=cast["other_town_operator"], pledge=p, file_name="承诺书.pdf", data=pdf
        )
    # Not a scan: refused by content, nothing stored.
    client.force_login(cast["town_operator"])
    fake = SimpleUploadedFile("承诺书.pdf", b"not a pdf at all", "application/pdf")
    r = client.post(f"/vetting/pledge/{p.pk}/scan/", {"file": fake, "back": cast.town.code}, follow=True)
    assert "扫描件未上传" in r.content.decode()
    p.refresh_from_db()
    assert p.stored is None
    upload = SimpleUploadedFile("承诺书.pdf", pdf, "application/pdf")
    r = client.post(f"/vetting/pledge/{p.pk}/scan/", {"file": upload, "back": cast.town.code})
    assert r.status_code == 302 and r["Location"] == f"/vetting/pledges/{cast.town.code}/"
    p.refresh_from_db()
    assert p.has_scan and (p.file_name, p.size, p.content_type) == ("承诺书.pdf", len(pdf), "application/pdf")
    event = AuditEvent.objects.get(model="vetting.Pledge", action="update", object_id=str(p.pk))
    assert scene.p.name in event.reason
    r = client.get(f"/vetting/pledge/{p.pk}/file/")
    assert r.status_code == 200 and r.content == pdf
    # A scan is never replaced.
    with pytest.raises(ValidationError):
        pledge_services.pledge_attach_scan(actor=cast["town_operator"], pledge=p, file_name="x.pdf", data=pdf)
    assert pledge_selectors.coverage(cast["town_operator"], cast.town.code).scans_missing == 0
