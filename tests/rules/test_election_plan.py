"""rules.election_plan: order and dependencies, the window and batch at their exact ends, an approved
postponement, the boundary-change deadline (江苏 第四条: six months, month ends) and conflicts."""

from datetime import date

from huanjie.rules import election_plan as ep
from huanjie.rules.citations import lookup

WINDOW = (date(2025, 12, 1), date(2026, 6, 30))
BATCH = ("第一批", date(2026, 1, 1), date(2026, 3, 31))


def test_party_first_by_default_and_party_depends_on_nothing():
    assert ep.default_dependencies("party", ["p1"]) == ()
    assert ep.default_dependencies("committee", ["p1", "p2"]) == ("p1", "p2")
    assert ep.default_dependencies("representatives", []) == ()


def test_dependency_held_on_the_same_day_or_before_and_refused_otherwise():
    party = ep.Planned("p", "party", date(2026, 1, 10), label="党组织")
    com = ep.Planned("c", "committee", None, ("p", "gone"), label="村委会")
    assert ep.dependency_problems(com, date(2026, 1, 10), [party]) == []
    assert ep.dependency_problems(com, date(2026, 1, 11), [party]) == []
    late = ep.dependency_problems(com, date(2026, 1, 9), [party])
    assert len(late) == 1 and "晚于本次拟定的 2026-01-09" in late[0] and "先党组织" in late[0]
    undated = ep.dependency_problems(com, date(2026, 1, 9), [ep.Planned("p", "party", None, label="党组织")])
    assert "须先确定“党组织”的选举日" in undated[0]


def test_moving_a_dependency_after_its_dependent_is_refused():
    party = ep.Planned("p", "party", None, label="党组织")
    com = ep.Planned("c", "committee", date(2026, 1, 10), ("p",), label="村委会")
    sup = ep.Planned("s", "supervision", None, ("p",), label="监委会")
    assert ep.dependency_problems(party, date(2026, 1, 10), [com, sup]) == []
    out = ep.dependency_problems(party, date(2026, 1, 11), [com, sup])
    assert len(out) == 1 and "“村委会”依赖本选举先行" in out[0]


def test_window_and_batch_include_both_ends():
    for day in (date(2026, 1, 1), date(2026, 3, 31)):
        assert ep.check_day(day, window=WINDOW, batch=BATCH, postponed_to=None).ok
    before = ep.check_day(date(2025, 12, 31), window=WINDOW, batch=BATCH, postponed_to=None)
    assert not before.ok and before.reasons == (
        "选举日须在所属批次“第一批”的日期内（2026-01-01 至 2026-03-31）",
    )
    assert ep.check_day(date(2025, 12, 1), window=WINDOW, batch=None, postponed_to=None).ok
    assert ep.check_day(date(2026, 6, 30), window=WINDOW, batch=None, postponed_to=None).ok
    out = ep.check_day(date(2026, 7, 1), window=WINDOW, batch=BATCH, postponed_to=None)
    assert len(out.reasons) == 2 and "延期换届审批" in out.reasons[0]
    assert not ep.check_day(date(2025, 11, 30), window=WINDOW, batch=None, postponed_to=None).ok


def test_an_approved_postponement_moves_the_day_up_to_its_new_date():
    moved = ep.check_day(date(2026, 9, 30), window=WINDOW, batch=BATCH, postponed_to=date(2026, 9, 30))
    assert moved.ok and "已经批准延期至 2026-09-30" in moved.notes[0]
    beyond = ep.check_day(date(2026, 10, 1), window=WINDOW, batch=BATCH, postponed_to=date(2026, 9, 30))
    assert beyond.reasons == ("选举日晚于经批准的延期日期 2026-09-30",)
    early = ep.check_day(date(2025, 11, 30), window=WINDOW, batch=BATCH, postponed_to=date(2026, 9, 30))
    assert early.reasons == ("选举日早于换届工作开始日期 2025-12-01",)


def test_months_end_on_the_corresponding_day_or_the_month_end():
    assert ep.add_months(date(2026, 1, 15), 6) == date(2026, 7, 15)
    assert ep.add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert ep.add_months(date(2026, 7, 31), 6) == date(2027, 1, 31)


def test_boundary_deadline_only_where_the_measure_sets_one():
    js = ep.boundary_deadline("jiangsu", date(2026, 1, 15))
    assert js.deadline == date(2026, 7, 15) and "六" not in js.text and "6个月" in js.text
    assert lookup(js.citation)[0].quote.endswith("应当自区划批复之日起六个月内进行选举。")
    pending = ep.boundary_deadline("jiangsu", None)
    assert pending.deadline is None and "须先登记区划批复日期" in pending.text
    zj = ep.boundary_deadline("zhejiang", date(2026, 1, 15))
    assert zj.deadline is None and zj.citation == "" and "未核实" in zj.text


def test_conflicts_same_body_same_day_and_broken_order():
    es = [
        ep.Planned("p", "party", date(2026, 1, 12), label="党组织"),
        ep.Planned("c", "committee", date(2026, 1, 10), ("p", "x"), label="村委会"),
        ep.Planned("c2", "committee", date(2026, 1, 10), ("p",), label="村委会补选"),
        ep.Planned("s", "supervision", date(2026, 1, 12), ("p",), label="监委会"),
        ep.Planned("x", "other", None, label="未定"),
    ]
    found = ep.conflicts(es)
    assert [(c.kind, c.first, c.second) for c in found] == [
        ("same_day", "c", "c2"),
        ("order", "p", "c"),
        ("order", "p", "c2"),
    ]
    assert "同一组织不能同日两次选举" in found[0].text
    assert ep.conflicts([]) == []
