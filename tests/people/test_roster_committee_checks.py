"""The roster preview runs the committee checks (issue 9 req. 1): 400 委员 on one 村委会 is a size
warning citing the law, not a silent “检查通过”; a person on both the 村委会 and the supervision
committee is refused."""

from __future__ import annotations

import datetime as dt

from tests.importfiles import ROSTER_HEADER, citizen, roster_row, table, write_xlsx
from tests.people.test_roster_import import errors, preview, problems


def _member(seq: int, **over):
    row = {
        "姓名": f"委员{seq}",
        "身份证号": citizen(seq, birth=dt.date(1980, 1, 1) + dt.timedelta(days=seq)),
        "出生日期": (dt.date(1980, 1, 1) + dt.timedelta(days=seq)).isoformat(),
        "政治面貌": "群众",
        "入党时间": "",
        "班子": "村民委员会",
        "党组织形式": "",
        "职务": "委员",
    }
    row.update(over)
    return roster_row(**row)


def _xlsx(tmp_path, rows):
    return write_xlsx(tmp_path / "roster.xlsx", table(ROSTER_HEADER, rows)).read_bytes()


def test_four_hundred_members_on_one_committee_is_a_size_warning(cast, tmp_path):
    rows = [_member(i) for i in range(10, 410)]
    job = preview(cast["town_operator"], _xlsx(tmp_path, rows))
    assert errors(job) == []
    warnings = [p for p in problems(job) if p[4] == "warning" and p[1] == "班子"]
    assert len(warnings) == 1
    row, _column, value, reason, _ = warnings[0]
    assert (row, value) == (2, "村民委员会")
    assert "在任 400 人，超过法定的 3 至 7 人" in reason and "村民委员会组织法" in reason


def test_seven_members_pass_without_a_size_warning(cast, tmp_path):
    job = preview(cast["town_operator"], _xlsx(tmp_path, [_member(i) for i in range(10, 17)]))
    assert [p for p in problems(job) if p[1] == "班子"] == []


def test_same_person_on_committee_and_supervision_is_refused(cast, tmp_path):
    rows = [_member(10), _member(10, 班子="村务监督委员会", 职务="监委会委员")]
    job = preview(cast["town_operator"], _xlsx(tmp_path, rows))
    assert any("不得担任监委会成员" in reason for _, _, _, reason in errors(job)), problems(job)
