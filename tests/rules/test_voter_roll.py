"""四增四减 (huanjie.rules.voter_roll): exact additions and removals with their reasons."""

from datetime import date

from huanjie.rules.voter_roll import RollPerson, roll_changes

PREV, DAY = date(2023, 3, 20), date(2026, 3, 20)


def p(key: str, born: date = date(1970, 1, 1), reason: str = "") -> RollPerson:
    return RollPerson(key, born, reason)


def test_additions_and_removals_exact():
    previous = {k: p(k) for k in ("stay", "died", "gone", "absent", "odd")}
    current = {
        "stay": p("stay"),
        "adult": p("adult", date(2008, 3, 20)),  # eighteen exactly on the voting day
        "adult_before": p("adult_before", date(2005, 3, 20), "moved_in"),  # 18 on the previous day
        "restored": p("restored", reason="restored"),
        "plain": p("plain"),
        "weird": p("weird", reason="bogus"),
    }
    removed = {
        "died": p("died", reason="died"),
        "gone": p("gone", reason="moved_out"),
        "odd": p("odd", reason="bogus"),
    }
    changes = roll_changes(previous, current, removed, previous_day=PREV, voting_day=DAY)
    assert [(c.key, c.code) for c in changes.additions] == [
        ("adult", "new_adult"),
        ("adult_before", "moved_in"),
        ("plain", "other"),
        ("restored", "restored"),
        ("weird", "other"),
    ]
    assert [(c.key, c.code) for c in changes.removals] == [
        ("absent", "unstated"),
        ("died", "died"),
        ("gone", "moved_out"),
        ("odd", "unstated"),
    ]
    assert changes.counts() == {
        "new_adult": 1,
        "moved_in": 1,
        "other": 2,
        "restored": 1,
        "unstated": 2,
        "died": 1,
        "moved_out": 1,
    }
    assert changes.additions[0].label == "新满十八周岁"
    assert "2026-03-20 年满十八周岁" in changes.additions[0].explanation
