"""Issue 14 req. 9 for the remaining registers: training attendance (sessions with attendees),
education upgrades and the three mechanisms' decisions import from their 台账 templates (xlsx and
GBK csv; all or nothing; Chinese reasons on their rows; the same services as the pages), export to
Excel and print, filtered."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from huanjie.core import crypto, imports
from huanjie.core.models import AuditEvent, ImportJob
from huanjie.oversight import training_services
from huanjie.oversight.models import (
    EducationUpgrade,
    MechanismDecision,
    TrainingAttendance,
    TrainingSession,
)
from tests.factories import PersonFactory, seat
from tests.importfiles import csv_bytes, table, write_xlsx
from tests.oversight.kit import Clock, campaign

pytestmark = pytest.mark.django_db
Status = ImportJob.Status
CODE, NAME, ID = "单位区划代码", "单位名称", "身份证号"
TOWN, EAST, WEST, SOUTH = "329901001000", "329901001201", "329901001202", "329901002201"
OUTSIDE = "该区划代码不在您的管辖范围内（或不是本台账可填报的单位层级）"
UPGRADES = [CODE, NAME, "姓名", ID, "学历项目", "入学日期", "毕业日期"]
DECISIONS = [CODE, "姓名", ID, "机制", "决定内容", "决定机关", "文号", "决定日期"]
ATTEND = [CODE, "培训主题", "培训日期", "地点", "姓名", ID, "所在单位区划代码"]


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def camp(cast):
    return campaign(cast.city)


@pytest.fixture
def cadres(cast):
    """Sitting secretaries of 东村, 西村 (青石镇) and 南村 (白沙镇), with their citizen IDs."""
    out = {}
    for n, (name, unit) in enumerate(
        (("甲书记", cast.village), ("乙书记", cast.village2), ("丙书记", cast.village_b))
    ):
        p = PersonFactory(name=name, domicile_unit=unit, birth_date=dt.date(1975, 6, 1 + n))
        seat(p, unit, "party_org", "secretary")
        out[name] = (p, crypto.decrypt(p.id_cipher))
    return out


def run(user, kind, rows, *, name="in.xlsx", tmp_path=None, encoding=None):
    if encoding is None:
        data = write_xlsx(tmp_path / name, rows).read_bytes()
    else:
        data = csv_bytes(rows, encoding=encoding, bom=encoding == "utf-8")
    return imports.job_preview(imports.job_create(actor=user, kind=kind, file_name=name, data=data))


def errors(job):
    return [(p["row"], p["column"], p["reason"]) for p in job.problems if p["level"] == "error"]


def sheet(response):
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


# ---------------------------------------------------------------------------------------------
# 学历提升台账


def up(cadres, who="甲书记", **over):
    p, number = cadres[who]
    unit = {"甲书记": EAST, "乙书记": WEST, "丙书记": SOUTH}[who]
    return {
        CODE: unit,
        NAME: "",
        "姓名": p.name,
        ID: number,
        "学历项目": "开放大学大专",
        "入学日期": "2025-09-01",
        "毕业日期": "",
    } | over


def test_upgrades_import_all_or_nothing_then_completed_from_a_gbk_csv(cast, camp, clock, cadres, tmp_path):
    town = cast["town_operator"]
    bad = run(
        town,
        "oversight_upgrades",
        table(
            UPGRADES,
            [
                up(cadres),
                up(cadres, "丙书记"),  # 南村: another town's
                up(cadres, "乙书记", **{ID: cadres["甲书记"][1]}),  # 甲 does not sit in 西村
                up(cadres, "乙书记", **{"姓名": "错名"}),
                up(cadres, "乙书记", **{"学历项目": "函授", "毕业日期": "2026-04-01"}),
                up(
                    cadres,
                    "乙书记",
                    **{"学历项目": "本科", "入学日期": "2026-01-01", "毕业日期": "2025-01-01"},
                ),
            ],
        ),
        tmp_path=tmp_path,
    )
    reasons = errors(bad)
    assert (3, CODE, OUTSIDE) in reasons
    assert (4, ID, "此人不是该村（社区）的在任“两委”成员") in reasons
    assert (5, "姓名", "与身份证号登记的姓名“乙书记”不同") in reasons
    assert (6, "毕业日期", "毕业日期不能晚于今天") in reasons
    assert (7, "毕业日期", "毕业日期不能早于入学日期") in reasons  # the service's own rule
    assert bad.status != Status.READY and not EducationUpgrade.objects.exists()

    job = run(
        town, "oversight_upgrades", table(UPGRADES, [up(cadres), up(cadres, "乙书记")]), tmp_path=tmp_path
    )
    assert job.status == Status.READY, job.problems
    assert imports.job_commit(job).status == Status.DONE
    assert EducationUpgrade.objects.filter(completed_on__isnull=True).count() == 2
    assert AuditEvent.objects.filter(action="create", model="oversight.EducationUpgrade").count() == 2

    done = run(
        town,
        "oversight_upgrades",
        table(UPGRADES, [up(cadres, **{"毕业日期": "2026-03-01"})]),
        name="u.csv",
        encoding="gbk",
    )
    assert done.status == Status.READY, done.problems
    assert any("更新：登记毕业" in line for line in done.preview["summary"])
    assert imports.job_commit(done).status == Status.DONE
    assert EducationUpgrade.objects.get(person=cadres["甲书记"][0]).completed_on == dt.date(2026, 3, 1)
    moved = run(
        town, "oversight_upgrades", table(UPGRADES, [up(cadres, **{"入学日期": "2025-10-01"})]),
        name="u.csv", encoding="gbk",
    )  # fmt: skip
    assert (2, "入学日期", "该学历项目已登记，入学日期为 2025-09-01，不能通过导入修改") in errors(moved)


# ---------------------------------------------------------------------------------------------
# 三项机制决定台账


def dec(cadres, who="甲书记", **over):
    p, number = cadres[who]
    return {
        CODE: {"甲书记": EAST, "乙书记": WEST, "丙书记": SOUTH}[who],
        "姓名": p.name,
        ID: number,
        "机制": "容错纠错",
        "决定内容": "免予追责",
        "决定机关": "中共青山县委",
        "文号": "青委〔2026〕3号",
        "决定日期": "2026-02-10",
    } | over


def test_decisions_import_refuses_bad_rows_and_never_registers_twice(cast, camp, clock, cadres, tmp_path):
    town = cast["town_operator"]
    bad = run(
        town,
        "oversight_mechanism_decisions",
        table(
            DECISIONS,
            [
                dec(cadres),
                dec(cadres, "乙书记", **{"机制": "表扬"}),
                dec(cadres, "乙书记", **{"决定日期": "2026-03-05"}),
                dec(cadres, "丙书记"),
                dec(cadres, **{"决定内容": "重复"}),  # same person, mechanism and document number
            ],
        ),
        tmp_path=tmp_path,
    )
    reasons = errors(bad)
    assert any(r[0] == 3 and r[1] == "机制" for r in reasons)
    assert (4, "决定日期", "决定日期不能晚于今天") in reasons
    assert (5, CODE, OUTSIDE) in reasons
    assert any(r[0] == 6 and "与第 2 行重复" in r[2] for r in reasons)
    assert not MechanismDecision.objects.exists()
    rows = table(
        DECISIONS, [dec(cadres), dec(cadres, "乙书记", **{"机制": "激励", "文号": "青委〔2026〕4号"})]
    )
    job = run(town, "oversight_mechanism_decisions", rows, tmp_path=tmp_path)
    assert job.status == Status.READY, job.problems
    assert imports.job_commit(job).status == Status.DONE
    assert sorted(MechanismDecision.objects.values_list("mechanism", flat=True)) == ["incentive", "tolerance"]
    again = run(town, "oversight_mechanism_decisions", rows, tmp_path=tmp_path)
    assert again.status == Status.READY and imports.job_commit(again).status == Status.DONE
    assert MechanismDecision.objects.count() == 2


# ---------------------------------------------------------------------------------------------
# 培训签到台账


def test_attendance_import_registers_the_session_once_and_its_attendees(cast, camp, clock, cadres, tmp_path):
    town = cast["town_operator"]
    training_services.official_add(actor=town, campaign=camp, town=cast.town, name="孙某", post="组织委员")
    base = {CODE: TOWN, "培训主题": "换届业务培训", "培训日期": "2026-02-20", "地点": "镇会议室"}
    number = cadres["甲书记"][1]
    official = base | {"姓名": "孙某", ID: "", "所在单位区划代码": TOWN}
    cadre = base | {"姓名": "甲书记", ID: number, "所在单位区划代码": ""}
    bad = run(
        town,
        "oversight_training_attendance",
        table(
            ATTEND,
            [
                official,
                cadre,
                base | {"姓名": "周某", ID: "", "所在单位区划代码": TOWN},
                base | {"姓名": "孙某", ID: "", "所在单位区划代码": ""},
                official | {"培训日期": "2026-03-09"},
                cadre | {ID: cadres["丙书记"][1], "姓名": "丙书记"},  # 白沙镇's secretary
            ],
        ),
        tmp_path=tmp_path,
    )
    reasons = errors(bad)
    assert (4, "姓名", "该乡镇的镇换届工作人员名册中没有此人，请先导入名册") in reasons
    assert (5, "所在单位区划代码", "镇换届工作人员须填写所在乡镇的区划代码") in reasons
    assert (6, "培训日期", "培训日期不能晚于今天（签到台账登记已举办的培训）") in reasons
    assert (7, ID, "此人不是您管辖范围内的在任“两委”成员") in reasons
    assert not TrainingSession.objects.exists() and not TrainingAttendance.objects.exists()
    job = run(town, "oversight_training_attendance", table(ATTEND, [official, cadre]), tmp_path=tmp_path)
    assert job.status == Status.READY, job.problems
    assert imports.job_commit(job).status == Status.DONE
    s = TrainingSession.objects.get()
    assert (s.unit, s.level, s.place) == (cast.town, "town", "镇会议室")
    assert sorted(str(a) for a in TrainingAttendance.objects.filter(session=s)) == ["孙某", "甲书记"]


def test_attendance_export_reimports_unchanged_and_is_scoped(cast, camp, clock, client, tmp_path):
    town = cast["town_operator"]
    o = training_services.official_add(actor=town, campaign=camp, town=cast.town, name="孙某")
    s = training_services.session_create(
        actor=town, campaign=camp, unit=cast.town, title="镇级培训", held_on=dt.date(2026, 2, 25)
    )
    training_services.attendance_add(actor=town, session=s, official=o)
    client.force_login(town)
    url = reverse("oversight_training:attendance_export")
    response = client.get(url + f"?session={s.pk}")
    data = b"".join(response.streaming_content)
    rows = [list(r) for r in openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)]
    assert rows[1][0].startswith("筛选条件：") and "镇级培训" in rows[1][0]
    assert [(r[1], r[3], r[9]) for r in rows[3:]] == [(TOWN, "镇级培训", "孙某")]
    back = imports.job_preview(
        imports.job_create(actor=town, kind="oversight_training_attendance", file_name="x.xlsx", data=data)
    )
    assert back.status == Status.READY, back.problems
    assert any("无变化" in line for line in back.preview["summary"])
    # the print view of the session's attendees
    body = client.get(reverse("oversight_training:session", args=[s.pk]) + "?print=1").content.decode()
    assert "孙某" in body and "data-hj-print" in body
    # outside the jurisdiction: the session is not found, the register is empty
    client.force_login(cast["other_town_operator"])
    assert client.get(url + f"?session={s.pk}").status_code == 404
    assert client.get(url + "?session=x").status_code == 404
    assert sheet(client.get(url))[3:] == []


# ---------------------------------------------------------------------------------------------
# Upgrades' and decisions' lists: filters, print, export, scope


def test_upgrades_and_decisions_filter_print_export_and_stay_in_scope(cast, camp, clock, cadres, client):
    town = cast["town_operator"]
    other = cast["other_town_operator"]
    for who, actor in (("甲书记", town), ("丙书记", other)):
        p = cadres[who][0]
        training_services.upgrade_create(
            actor=actor, campaign=camp, person=p, programme=f"{who}大专", enrolled_on=dt.date(2025, 9, 1),
            completed_on=dt.date(2026, 1, 10) if who == "甲书记" else None,
        )  # fmt: skip
        training_services.decision_create(
            actor=actor, campaign=camp, person=p, mechanism="incentive" if who == "甲书记" else "up_down",
            decision=f"{who}决定", body="县委", document_no=f"{who}1号", decided_on=dt.date(2026, 2, 1),
        )  # fmt: skip
    client.force_login(cast["county_operator"])
    url = reverse("oversight_training:upgrades")
    body = client.get(url + "?state=studying&print=1").content.decode()
    assert "丙书记大专" in body and "甲书记大专" not in body and "data-hj-print" in body
    assert "筛选条件：状态=在读" in body
    body = client.get(url + f"?unit={cast.town.path}").content.decode()
    assert "甲书记大专" in body and "丙书记大专" not in body
    rows = sheet(client.get(reverse("oversight_training:upgrades_export") + "?state=completed"))
    assert [(r[1], r[3], r[7]) for r in rows[3:]] == [(EAST, "甲书记", "已毕业")]
    url = reverse("oversight_training:decisions")
    body = client.get(url + "?mechanism=up_down&print=1").content.decode()
    assert "丙书记决定" in body and "甲书记决定" not in body and "data-hj-print" in body
    rows = sheet(client.get(reverse("oversight_training:decisions_export") + f"?unit={cast.town_b.path}"))
    assert [(r[3], r[4]) for r in rows[3:]] == [("丙书记", "能上能下")]
    assert AuditEvent.objects.filter(action="export", object_repr="三项机制决定台账").count() == 1
    # a town sees only its own: the other town's rows are not in its list or its Excel
    client.force_login(town)
    assert "丙书记" not in client.get(url).content.decode()
    assert [r[3] for r in sheet(client.get(reverse("oversight_training:upgrades_export")))[3:]] == ["甲书记"]
    assert [r[3] for r in sheet(client.get(reverse("oversight_training:decisions_export")))[3:]] == ["甲书记"]
    # a unit outside the jurisdiction is not a filter choice: the filter is ignored, not widened
    rows = sheet(client.get(reverse("oversight_training:decisions_export") + f"?unit={cast.town_b.path}"))
    assert [r[3] for r in rows[3:]] == ["甲书记"]
