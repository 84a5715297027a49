"""Issue 14 req. 9 for petitions and risks: both registers import from their templates through the
import kit (all-or-nothing, the same services as the forms: scope, locks, audit) and export."""

from __future__ import annotations

import datetime as dt

import pytest

from huanjie.core import crypto, imports
from huanjie.core.models import AuditEvent, ImportJob
from huanjie.oversight import risks_services
from huanjie.oversight.models import Petition, Risk
from huanjie.planning.models import Campaign
from tests.importfiles import table, write_xlsx

pytestmark = pytest.mark.django_db
Status = ImportJob.Status
EAST, WEST, SOUTH = "329901001201", "329901001202", "329901002201"  # 南村 is in the other town
UNIT = "村（社区）区划代码"
PETITIONS = [
    UNIT,
    "来源渠道",
    "问题类别",
    "收到日期",
    "反映内容",
    "信访人姓名",
    "信访人身份证号",
    "信访人联系电话",
]
RISKS = [UNIT, "类型", "风险事项", "风险等级", "风险成因", "责任人", "化解措施", "应急预案"]


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("huanjie.core.workflow.today", lambda: dt.date(2026, 3, 10))


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


def run(user, kind, tmp_path, header, rows):
    data = write_xlsx(tmp_path / "in.xlsx", table(header, rows)).read_bytes()
    return imports.job_preview(imports.job_create(actor=user, kind=kind, file_name="in.xlsx", data=data))


def errors(job):
    return [(p["row"], p["column"], p["reason"]) for p in job.problems if p["level"] == "error"]


def petition_row(**over):
    return {
        UNIT: EAST,
        "来源渠道": "来访",
        "问题类别": "贿选拉票",
        "收到日期": "2026-03-01",
        "反映内容": "反映请客拉票",
        "信访人姓名": "赵某",
        "信访人身份证号": "110101199003074514",
        "信访人联系电话": "",
    } | over


def test_petitions_import_all_or_nothing_through_the_service(cast, campaign, tmp_path):
    town = cast["town_operator"]
    bad = run(
        town,
        "oversight_petitions",
        tmp_path,
        PETITIONS,
        [
            petition_row(),
            petition_row(**{UNIT: SOUTH}),
            petition_row(**{"收到日期": "2026-03-11", "反映内容": "x"}),
        ],
    )
    assert bad.status == Status.FAILED or errors(bad)
    reasons = errors(bad)
    assert any(r[0] == 3 and r[1] == UNIT for r in reasons)
    assert any(r[0] == 4 and "收到日期不能晚于今天" in r[2] for r in reasons)
    assert not Petition.objects.exists()
    job = run(
        town,
        "oversight_petitions",
        tmp_path,
        PETITIONS,
        [petition_row(), petition_row(**{UNIT: WEST, "信访人姓名": "", "信访人身份证号": ""})],
    )
    assert job.status == Status.READY, job.problems
    assert imports.job_commit(job).status == Status.DONE
    east, west = Petition.objects.order_by("unit__code")
    assert east.accept_due == dt.date(2026, 3, 16) and crypto.decrypt(east.petitioner_name_cipher) == "赵某"
    assert west.anonymous and west.petitioner_index == ""
    assert AuditEvent.objects.filter(action="create", model="oversight.Petition").count() == 2


def test_risks_import_creates_updates_and_respects_the_lock(cast, campaign, tmp_path):
    town = cast["town_operator"]
    row = {
        UNIT: EAST,
        "类型": "重点村（社区）",
        "风险事项": "宗族矛盾",
        "风险等级": "高",
        "风险成因": "争位",
        "责任人": "钱镇长",
        "化解措施": "谈心",
        "应急预案": "驻点",
    }
    job = run(town, "oversight_risks", tmp_path, RISKS, [row])
    assert job.status == Status.READY, job.problems
    assert imports.job_commit(job).status == Status.DONE
    r = Risk.objects.get()
    assert (r.level, r.plan, r.state) == ("high", "驻点", "draft")
    job = run(town, "oversight_risks", tmp_path, RISKS, [row | {"应急预案": "驻点并备用投票站"}])
    assert any("更新：应急预案" in s for s in job.preview["summary"])
    assert imports.job_commit(job).status == Status.DONE
    assert Risk.objects.get().plan == "驻点并备用投票站"
    risks_services.risk_act(actor=town, risk=Risk.objects.get(), name="submit")
    locked = run(town, "oversight_risks", tmp_path, RISKS, [row | {"应急预案": "再改"}])
    assert any("锁定" in reason for _, _, reason in errors(locked))


@pytest.mark.parametrize("kind", ["oversight_petitions", "oversight_risks"])
def test_template_examples_pass_for_the_user(cast, campaign, kind):
    user = cast["town_operator"]
    name, data = imports.template_workbook(kind, user)
    outcome = imports.process(data, name, kind=kind, actor=user)
    assert outcome.rows == 1
    assert outcome.report.errors == 0, [(p.row, p.column, p.reason) for p in outcome.report.problems]
