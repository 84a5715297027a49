"""huanjie.rules.plan: seats against the decided 职数, a candidate domiciled elsewhere, and the
projection totals and figures, at their boundaries."""

from datetime import date
from fractions import Fraction

from huanjie.rules import citations
from huanjie.rules.campaign import TargetParams
from huanjie.rules.plan import Totals, figures, outside_registration, seats_over, totals
from huanjie.rules.structure import MemberInput


def m(key, born, sex="M", edu="大专", posts=(("committee", "委员"),)):
    return MemberInput(key, born, sex, edu, False, "", frozenset(posts))


def test_seats_exactly_the_decided_number_pass_one_more_blocks():
    assert seats_over("committee", 5, 5) == []
    assert seats_over("committee", 5, 0) == []
    [f] = seats_over("committee", 5, 6)
    assert f.code == "seats_over" and f.blocks and "拟任 6 人，超过确定的职数 5 人" in f.message
    citations.lookup(f.rule)


def test_no_decided_seats_blocks():
    [f] = seats_over("party", None, 0)
    assert f.code == "no_seats" and f.blocks and "尚未确定党组织委员职数" in f.message


def test_outside_registration_domiciled_here_is_fine():
    assert (
        outside_registration(
            name="甲", domiciled_here=True, kind="village", on=date(2026, 3, 1), one_shoulder=True
        )
        == []
    )


def test_outside_registration_under_2018_text_the_day_before_the_change():
    [f] = outside_registration(
        name="甲", domiciled_here=False, kind="village", on=date(2025, 12, 31), one_shoulder=True
    )
    assert f.severity == "warning" and f.rule == "村民委员会组织法(2018) 第十三条"
    assert "拟“一肩挑”" in f.message and "在本村居住一年以上" in f.message
    assert "村民会议或者村民代表会议同意" in f.message and "从事村务工作" not in f.message
    citations.lookup(f.rule)


def test_outside_registration_under_2025_text_from_its_first_day():
    [f] = outside_registration(
        name="乙", domiciled_here=False, kind="village", on=date(2026, 1, 1), one_shoulder=False
    )
    assert f.rule == "村民委员会组织法(2025) 第十六条"
    assert f.message.startswith("乙拟任村（居）民委员会成员，户籍不在本村")
    assert "在本村从事村务工作一年以上" in f.message
    citations.lookup(f.rule)


def test_outside_registration_without_listed_categories_and_before_any_text():
    [f] = outside_registration(
        name="丙", domiciled_here=False, kind="community", on=date(2025, 6, 1), one_shoulder=False
    )
    assert "须先依法在本社区参加选民登记" in f.message
    assert (
        outside_registration(
            name="丁", domiciled_here=False, kind="village", on=date(1980, 1, 1), one_shoulder=False
        )
        == []
    )


def test_totals_count_persons_once_with_one_shoulder_and_cross_serving():
    on = date(2026, 6, 30)
    members = [
        m("1", date(1980, 6, 30), posts=(("party", "书记"),)),
        m("1", date(1980, 6, 30), posts=(("committee", "主任"),)),
        m("2", date(1990, 7, 1), sex="F", edu="中专或高中"),
        m("3", date(1996, 6, 30), sex="F", edu="大学本科", posts=(("party", "委员"),)),
    ]
    baseline = [m("9", date(1970, 1, 1)), m("8", date(1960, 1, 1))]
    t = totals(
        kind="village",
        members=members,
        new_keys={"2", "3"},
        on=on,
        baseline=baseline,
        baseline_on=date(2025, 12, 1),
    )
    assert t == Totals(
        units=1,
        villages=1,
        villages_one_shoulder=1,
        members=3,
        women=2,
        college=2,
        new_members=2,
        new_college=1,
        cross=1,
        age_sum=46 + 35 + 30,
        baseline_members=2,
        baseline_age_sum=55 + 65,
    )
    c = totals(kind="community", members=[], new_keys=(), on=on, baseline=[], baseline_on=on)
    assert (c.communities, c.communities_one_shoulder, c.villages) == (1, 0, 0)
    assert (t + c).units == 2 and (t + c).members == 3


def test_figures_against_targets_both_ends_met():
    t = Totals(
        units=2,
        villages=2,
        villages_one_shoulder=1,
        members=4,
        women=1,
        college=2,
        new_members=0,
        cross=1,
        age_sum=160,
        baseline_members=2,
        baseline_age_sum=90,
    )
    targets = {
        "average_age": TargetParams(low=Fraction(3), high=Fraction(5)),
        "college": TargetParams(low=Fraction(50)),
        "college_new": TargetParams(low=Fraction(50)),
        "one_shoulder_village": TargetParams(low=Fraction(51)),
        "one_shoulder_community": TargetParams(low=Fraction(50)),
        "cross_serving": TargetParams(low=Fraction(20), high=Fraction(24)),
        "women": TargetParams(low=Fraction(25)),
    }
    got = {f.code: (f.value, f.verdict) for f in figures(t, targets)}
    assert got == {
        "average_age": (Fraction(5), "met"),
        "college": (Fraction(50), "met"),
        "college_new": (None, "unknown"),
        "one_shoulder_village": (Fraction(50), "below"),
        "one_shoulder_community": (None, "unknown"),
        "cross_serving": (Fraction(25), "above"),
        "women": (Fraction(25), "met"),
    }
    assert [f.code for f in figures(t, {"women": targets["women"]})] == ["women"]
    assert figures(Totals(members=2), {"average_age": targets["average_age"]})[0].value is None
