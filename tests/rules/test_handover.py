"""rules.handover at its boundaries: the ten days of 工作移交 and the ballots' retention per province."""

from __future__ import annotations

from datetime import date

from huanjie.rules import handover as rules

PRODUCED = date(2026, 3, 20)


def test_ten_days_from_the_day_after_the_new_committee_is_produced():
    assert rules.handover_period(PRODUCED).end == date(2026, 3, 30)
    assert rules.handover_on_time(PRODUCED, date(2026, 3, 30))
    assert not rules.handover_on_time(PRODUCED, date(2026, 3, 31))
    assert rules.handover_on_time(PRODUCED, date(2026, 3, 27), days=7)
    assert not rules.handover_on_time(PRODUCED, date(2026, 3, 28), days=7)


def test_the_items_of_the_list():
    assert [label for _, label in rules.HANDOVER_ITEMS] == [
        "印章",
        "档案资料",
        "财务账目",
        "集体资产",
        "债权债务",
    ]


def test_henan_keeps_the_ballots_three_years():
    r = rules.retention("henan", PRODUCED)
    assert r.until == date(2029, 3, 20) and "三年" in r.text and r.rule == rules.CITE_RETENTION_HENAN


def test_shanghai_keeps_them_until_the_next_election():
    r = rules.retention("shanghai", PRODUCED)
    assert r.until == date(2031, 3, 20) and "下一届" in r.text and r.rule == rules.CITE_RETENTION_SHANGHAI


def test_elsewhere_the_judgement_of_five_years_and_29_february():
    r = rules.retention("jiangsu", date(2028, 2, 29))
    assert r.until == date(2033, 2, 28) and r.rule == rules.JUDGEMENT_RETENTION and "[M]" in r.rule
