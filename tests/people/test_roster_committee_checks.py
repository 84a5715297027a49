"""The roster preview runs the village page's committee checks (issue 9 req. 1) over the committees as
they will be after the import: sizes against the law (3–7), the decided 职数 and the province's usual
size, the Party organization's form against the unit's 党员数, supervision members, and the 一肩挑 /
交叉任职 the file states. Each finding is reported once per unit, under 村（社区）名称, with its rule and
how sure the rule is; a block stops the import, a warning does not."""

from __future__ import annotations

import datetime as dt

from huanjie.people.choices import CommitteeKind, Post
from huanjie.planning.models import Campaign, CommitteeSeats
from tests.factories import PersonFactory, seat
from tests.importfiles import ROSTER_HEADER, citizen, roster_row, table, write_xlsx
from tests.people.test_roster_import import errors, preview, problems

HEADER = [*ROSTER_HEADER, "兼任情况"]


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
    return write_xlsx(tmp_path / "roster.xlsx", table(HEADER, rows)).read_bytes()


def unit_findings(job, level=None):
    return [p for p in problems(job) if p[1] == "村（社区）名称" and (level is None or p[4] == level)]


def test_four_hundred_members_on_one_committee_is_a_size_warning(cast, tmp_path):
    rows = [_member(i) for i in range(10, 410)]
    job = preview(cast["town_operator"], _xlsx(tmp_path, rows))
    assert errors(job) == []
    (warning,) = [p for p in unit_findings(job, "warning") if "法定" in p[3]]
    row, _column, value, reason, _ = warning
    assert (row, value) == (2, "东村")
    assert "村民委员会在任 400 人，超过法定的 3 至 7 人" in reason
    assert "依据：村民委员会组织法(2018) 第六条" in reason and "已核实" in reason


def test_size_boundaries_in_the_preview_2_3_7_8(cast, tmp_path):
    def size_reasons(n):
        job = preview(cast["town_operator"], _xlsx(tmp_path, [_member(i) for i in range(10, 10 + n)]))
        return [p[3] for p in unit_findings(job) if "法定" in p[3]]

    assert len(size_reasons(2)) == 1 and "少于法定的 3 人" in size_reasons(2)[0]
    assert size_reasons(3) == []
    assert size_reasons(7) == []
    assert "超过法定的 3 至 7 人" in size_reasons(8)[0]


def test_sitting_members_count_with_the_file(cast, tmp_path):
    for _ in range(6):
        seat(PersonFactory(domicile_unit=cast.village), cast.village, CommitteeKind.VILLAGERS, Post.MEMBER)
    job = preview(cast["town_operator"], _xlsx(tmp_path, [_member(10), _member(11)]))
    (reason,) = [p[3] for p in unit_findings(job) if "法定" in p[3]]
    assert "在任 8 人" in reason


def _decide_seats(cast, members, profile="henan"):
    campaign = Campaign.objects.create(
        city=cast.city,
        name="2026年换届",
        profile_code=profile,
        window_start=dt.date(2026, 1, 1),
        window_end=dt.date(2026, 6, 30),
    )
    CommitteeSeats.objects.create(
        campaign=campaign,
        unit=cast.village,
        members=members,
        decided_by="assembly",
        decision_date=dt.date(2026, 1, 10),
        document_no="东村〔2026〕1号",
    )


def test_decided_seats_from_planning_are_the_measure(cast, tmp_path):
    _decide_seats(cast, 5)
    job = preview(cast["town_operator"], _xlsx(tmp_path, [_member(i) for i in range(10, 16)]))
    (reason,) = [p[3] for p in unit_findings(job)]
    assert "村民委员会在任 6 人，多于决定的职数 5 人" in reason
    # A village operator may not see planning: the law's bounds (6 is within 3–7) apply.
    job = preview(cast["village_operator"], _xlsx(tmp_path, [_member(i) for i in range(10, 16)]))
    assert unit_findings(job) == []


def test_henan_usual_size_without_decided_seats_is_not_applied_from_nothing(cast, tmp_path):
    # The profile comes with a campaign; with 职数 decided at 7 a large village may have 7.
    _decide_seats(cast, 7)
    job = preview(cast["town_operator"], _xlsx(tmp_path, [_member(i) for i in range(10, 17)]))
    assert unit_findings(job) == []


def _party(seq, post="委员", form="党支部"):
    return _member(seq, 政治面貌="中共党员", 入党时间="2000-07-01", 班子="党组织", 党组织形式=form, 职务=post)


def test_party_form_against_the_units_party_members_6_and_7(cast, tmp_path):
    rows = [_party(10, "书记"), _party(11), _party(12)]
    cast.village.party_members = 6
    cast.village.save()
    job = preview(cast["town_operator"], _xlsx(tmp_path, rows))
    (row, _, value, reason, level) = unit_findings(job)[0]
    assert (row, value, level) == (2, "东村", "warning")
    assert "党员 6 人（不足 7 人）的党支部不设支部委员会" in reason
    assert "中国共产党支部工作条例（试行）(2018)" in reason and "判断（法律未明确" in reason
    cast.village.party_members = 7
    cast.village.save()
    assert unit_findings(preview(cast["town_operator"], _xlsx(tmp_path, rows))) == []


def test_general_branch_below_its_threshold_warns(cast, tmp_path):
    cast.village.party_members = 40
    cast.village.save()
    job = preview(cast["town_operator"], _xlsx(tmp_path, [_party(10, "书记", form="党总支")]))
    (reason,) = [p[3] for p in unit_findings(job)]
    assert "设立党总支一般须党员 51 人以上" in reason


def test_same_person_on_committee_and_supervision_is_refused(cast, tmp_path):
    rows = [_member(10), _member(10, 班子="村务监督委员会", 职务="监委会委员")]
    job = preview(cast["town_operator"], _xlsx(tmp_path, rows))
    (error,) = [e for e in errors(job) if "不得担任监委会成员" in e[3]]
    assert error[1:3] == ("村（社区）名称", "东村") and "第三十二条" in error[3]


def test_dual_role_stated_and_borne_out_by_the_posts_passes(cast, tmp_path):
    rows = [
        _party(10, "书记", form="党支部") | {"兼任情况": "一肩挑"},
        _member(10, 政治面貌="中共党员", 入党时间="2000-07-01", 职务="主任") | {"兼任情况": "一肩挑"},
        _party(11) | {"兼任情况": "交叉任职"},
        _member(11, 政治面貌="中共党员", 入党时间="2000-07-01") | {"兼任情况": "交叉任职"},
        _member(12) | {"兼任情况": "无"},
    ]
    job = preview(cast["town_operator"], _xlsx(tmp_path, rows))
    assert errors(job) == []
    assert not any("兼任" in p[3] or "一肩挑" in p[3] for p in problems(job))


def test_dual_role_stated_without_the_tenures_is_refused(cast, tmp_path):
    rows = [_party(10, "书记") | {"兼任情况": "一肩挑"}, _member(11, 职务="主任"), _member(12), _member(13)]
    job = preview(cast["town_operator"], _xlsx(tmp_path, rows))
    (error,) = errors(job)
    assert error[:3] == (2, "村（社区）名称", "东村")
    assert "委员10标注为“一肩挑、交叉任职”，但按其任职应为“无兼任”" in error[3]
    assert "中国共产党农村基层组织工作条例(2019)" in error[3] and "二手来源（未见原文）" in error[3]
    # The 书记 and the 主任 are two people: a warning (Party policy), not a block.
    assert any("不是同一人" in p[3] for p in unit_findings(job, "warning"))


def test_a_sitting_chair_makes_the_stated_dual_role_true(cast, tmp_path):
    person = PersonFactory(domicile_unit=cast.village, name="张建国")
    seat(person, cast.village, CommitteeKind.VILLAGERS, Post.CHAIR)
    from huanjie.core import crypto

    number = crypto.decrypt(person.id_cipher)
    row = roster_row(身份证号=number, 姓名="张建国") | {"兼任情况": "一肩挑"}
    row["性别"], row["出生日期"] = "", ""
    job = preview(cast["town_operator"], _xlsx(tmp_path, [row]))
    assert errors(job) == [], problems(job)


def test_one_person_stated_two_ways_is_refused_on_the_second_row(cast, tmp_path):
    rows = [
        _party(10, "书记") | {"兼任情况": "一肩挑"},
        _member(10, 政治面貌="中共党员", 入党时间="2000-07-01", 职务="主任") | {"兼任情况": "交叉任职"},
    ]
    job = preview(cast["town_operator"], _xlsx(tmp_path, rows))
    reason = "与第 2 行填写的“一肩挑”不一致（同一人的兼任情况只有一种）"
    assert (3, "兼任情况", "交叉任职", reason) in errors(job)
