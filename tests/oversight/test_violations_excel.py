"""Issue 14 req. 9 for the violations register (三个一律): its case register imports from the 台账
template (xlsx and GBK csv; all or nothing; Chinese reasons on their rows) through the same 立案
service as the page — and only registers cases: no conclusion, no decision, no consequence, as
the template's instructions say."""

from __future__ import annotations

import io

import openpyxl
import pytest

from huanjie.core import imports
from huanjie.core.models import ImportJob
from huanjie.oversight.models import ViolationCase, ViolationConsequence, ViolationParty
from tests.importfiles import csv_bytes, table, write_xlsx
from tests.oversight.kit import Clock, campaign

pytestmark = pytest.mark.django_db
Status = ImportJob.Status
CODE = "单位区划代码"
EAST, SOUTH = "329901001201", "329901002201"
OUTSIDE = "该区划代码不在您的管辖范围内（或不是本台账可填报的单位层级）"
CASES = [
    CODE,
    "违纪违规类型",
    "涉案人员姓名",
    "涉案人员身份",
    "案情及证据摘要",
    "调查机关",
    "立案日期",
    "办结期限",
]


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def camp(cast):
    return campaign(cast.city)


def run(user, kind, rows, *, name="in.xlsx", tmp_path=None, encoding=None):
    if encoding is None:
        data = write_xlsx(tmp_path / name, rows).read_bytes()
    else:
        data = csv_bytes(rows, encoding=encoding, bom=encoding == "utf-8")
    return imports.job_preview(imports.job_create(actor=user, kind=kind, file_name=name, data=data))


def errors(job):
    return [(p["row"], p["column"], p["reason"]) for p in job.problems if p["level"] == "error"]


def case(**over):
    return {
        CODE: EAST,
        "违纪违规类型": "拉票",
        "涉案人员姓名": "赵某",
        "涉案人员身份": "候选人或预备人选",
        "案情及证据摘要": "群众举报赵某宴请拉票，附照片两张",
        "调查机关": "乡、镇人民政府（街道办事处）",
        "立案日期": "2026-03-01",
        "办结期限": "2026-03-31",
    } | over


def test_violations_import_only_registers_cases(cast, camp, clock, tmp_path):
    town = cast["town_operator"]
    data = imports.template_workbook("oversight_violations", town)[1]
    book = openpyxl.load_workbook(io.BytesIO(data))
    notes = " ".join(str(c) for ws in book.worksheets for r in ws.iter_rows(values_only=True) for c in r if c)
    assert "导入不会作出任何决定，也不会执行任何后果" in notes
    bad = run(
        town,
        "oversight_violations",
        table(
            CASES,
            [
                case(),
                case(**{CODE: SOUTH}),
                case(**{"违纪违规类型": "打架"}),
                case(**{"立案日期": "2026-03-05"}),
                case(**{"案情及证据摘要": "另一案", "办结期限": "2026-02-01"}),
            ],
        ),
        tmp_path=tmp_path,
    )
    reasons = errors(bad)
    assert (3, CODE, OUTSIDE) in reasons
    assert any(r[0] == 4 and r[1] == "违纪违规类型" for r in reasons)
    assert (5, "立案日期", "立案日期不能晚于今天") in reasons  # the service's rules, on their columns
    assert (6, "办结期限", "办结期限不能早于立案日期") in reasons
    assert not ViolationCase.objects.exists()
    rows = table(
        CASES,
        [
            case(),
            case(
                **{"涉案人员姓名": "", "案情及证据摘要": "宗族势力干预", "违纪违规类型": "宗族、黑恶势力干预"}
            ),
        ],
    )
    job = run(town, "oversight_violations", rows, name="c.csv", encoding="gbk")
    assert job.status == Status.READY, job.problems
    assert imports.job_commit(job).status == Status.DONE
    c = ViolationCase.objects.get(kind="canvassing")
    assert (c.unit, c.investigating_body, c.conclusion, c.decided_on) == (
        cast.village,
        "township_government",
        "",
        None,
    )
    assert list(ViolationParty.objects.values_list("name", "role")) == [("赵某", "candidate")]
    assert not ViolationConsequence.objects.exists()  # nothing decided, nothing carried out
    again = run(town, "oversight_violations", rows, name="c.csv", encoding="gbk")
    assert any("无变化" in line for line in again.preview["summary"])
    assert imports.job_commit(again).status == Status.DONE and ViolationCase.objects.count() == 2
