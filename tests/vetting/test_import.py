"""The 人选 register filled from its template through the import kit (issue 11 req. 11): the same
service as the page (lawful channels per committee, the village's own registry), all or nothing,
xlsx and GBK csv."""

from __future__ import annotations

import datetime as dt

import pytest

from huanjie.core import crypto, imports
from huanjie.core.models import ImportJob
from huanjie.planning.models import Campaign
from huanjie.vetting.models import Candidate
from tests.factories import PersonFactory
from tests.importfiles import csv_bytes, table, write_xlsx

pytestmark = pytest.mark.django_db
Status = ImportJob.Status
HEADER = [
    "村（社区）区划代码",
    "村（社区）名称",
    "姓名",
    "身份证号",
    "班子",
    "职务",
    "来源",
    "产生方式",
    "党员推荐票",
    "群众推荐票",
    "提名票数",
]


@pytest.fixture
def campaign(cast):
    return Campaign.objects.create(
        city=cast.city,
        name="换届",
        profile_code="zhejiang",
        window_start=dt.date(2025, 12, 1),
        window_end=dt.date(2026, 6, 30),
        state="published",
    )


def _row(person, **over):
    return {
        "村（社区）区划代码": person.domicile_unit.code,
        "村（社区）名称": person.domicile_unit.name,
        "姓名": person.name,
        "身份证号": crypto.decrypt(person.id_cipher),
        "班子": "党组织",
        "职务": "书记",
        "来源": "现任",
        "产生方式": "两推一选",
        "党员推荐票": 41,
        "群众推荐票": 260,
        "提名票数": "",
    } | over


def _run(user, data, name="人选.xlsx"):
    return imports.job_preview(
        imports.job_create(actor=user, kind="vetting_candidates", file_name=name, data=data)
    )


def _errors(job):
    return [(p["row"], p["column"], p["reason"]) for p in job.problems if p["level"] == "error"]


def test_xlsx_registers_through_the_service(cast, campaign, tmp_path):
    a, b = PersonFactory(domicile_unit=cast.village), PersonFactory(domicile_unit=cast.village2)
    rows = [_row(a), _row(b, 职务="党组织委员", 党员推荐票=30, 群众推荐票=190)]
    data = write_xlsx(tmp_path / "in.xlsx", table(HEADER, rows)).read_bytes()
    job = _run(cast["town_operator"], data)
    assert job.status == Status.READY, job.problems
    assert imports.job_commit(job).status == Status.DONE
    got = sorted(Candidate.objects.values_list("person__name", "side", "post", "channel", "nomination_votes"))
    assert got == sorted(
        [
            (a.name, "party", "secretary", "two_recommendations", None),
            (b.name, "party", "party_member", "two_recommendations", None),
        ]
    )
    # a second import of the same rows changes nothing (a nominee changes only through the lawful channel)
    job = _run(cast["town_operator"], data)
    assert imports.job_commit(job).status == Status.DONE
    assert Candidate.objects.count() == 2


def test_one_unlawful_row_writes_nothing(cast, campaign):
    a, b = PersonFactory(domicile_unit=cast.village), PersonFactory(domicile_unit=cast.village)
    rows = [_row(a), _row(b, 班子="村（居）民委员会", 职务="主任", 产生方式="选民提名", 提名票数=300)]
    job = _run(cast["town_operator"], csv_bytes(table(HEADER, rows), encoding="gbk"), "人选.csv")
    assert job.status == Status.INVALID
    assert [(r, c) for r, c, _ in _errors(job)] == [(3, "班子")]
    assert "只能经依法提名产生" in _errors(job)[0][2]
    assert not Candidate.objects.exists()


def test_outside_the_jurisdiction_and_other_villages_people_refused(cast, campaign, tmp_path):
    south = PersonFactory(domicile_unit=cast.village_b)
    stranger = PersonFactory(domicile_unit=cast.village2)
    rows = [
        _row(south),
        _row(stranger, **{"村（社区）区划代码": cast.village.code, "村（社区）名称": "东村"}),
    ]
    data = write_xlsx(tmp_path / "in.xlsx", table(HEADER, rows)).read_bytes()
    job = _run(cast["town_operator"], data)
    problems = _errors(job)
    assert problems[0][:2] == (2, "村（社区）区划代码") and "管辖范围" in problems[0][2]
    assert problems[1][:2] == (3, "身份证号") and "户籍在本村" in problems[1][2]
    assert not Candidate.objects.exists()
