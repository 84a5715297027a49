from datetime import date

from huanjie.rules.planning import committee_seat_bounds, law_in_force, seat_count_problem


def test_the_text_in_force_changes_on_2026_01_01():
    assert law_in_force("village", date(2025, 12, 31)).code == "village-2018"
    assert law_in_force("village", date(2026, 1, 1)).code == "village-2025"
    assert law_in_force("community", date(2026, 3, 1)).code == "community-2025"
    assert law_in_force("village", date(2018, 12, 28)) is None


def test_seat_bounds_cite_the_article_in_force():
    b = committee_seat_bounds("village", date(2025, 12, 1))
    assert (b.minimum, b.maximum) == (3, 7) and "第六条" in b.citation
    b = committee_seat_bounds("village", date(2026, 2, 1))
    assert "(2025) 第八条" in b.citation
    assert committee_seat_bounds("community", date(2026, 2, 1)).minimum == 5
    assert committee_seat_bounds("village", date(2000, 1, 1)) is None


def test_seat_count_problem():
    assert seat_count_problem("village", date(2026, 2, 1), 5) is None
    assert "3 至 7" in seat_count_problem("village", date(2026, 2, 1), 8)
    assert "5 至 9" in seat_count_problem("community", date(2026, 2, 1), 3)
    assert "尚无适用" in seat_count_problem("village", date(2000, 1, 1), 5)
