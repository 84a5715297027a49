"""The results board of a jurisdiction (issue 13 req. 10): the city and the county see rounds and
tally sheets counted over their villages; a verified sheet shows at the next read (nothing cached);
the board makes the same number of queries whatever the number of villages and sheets."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from huanjie.core import audit
from huanjie.core.models import AuditEvent
from huanjie.elections import results_selectors as sel
from huanjie.elections import results_services as svc
from tests.elections.test_results import ANNOUNCED_AT, DAY, announce, enter, open_round, results_election
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(cast):
    return user_with_role("village_op2", "village_operator", cast.village)


def board_of(client) -> dict[str, int]:
    html = client.get(reverse("elections_results:index")).content.decode()
    return {k: int(v) for k, v in re.findall(r'data-hj-board="(\w+)">(\d+)<', html)}


def test_the_board_counts_the_jurisdictions_sheets_and_shows_a_verification_at_the_next_read(
    cast, second, client
):
    e = results_election(cast)
    r = open_round(cast, e)
    s = enter(cast["village_operator"], r)
    client.force_login(cast["city_operator"])
    assert board_of(client) == {"rounds": 1, "certified": 0, "sheets": 1, "verified": 0, "differs": 0}
    svc.sheet_verify(actor=second, sheet=s)
    assert board_of(client)["verified"] == 1
    html = client.get(reverse("elections_results:index")).content.decode()
    assert "1 / 1" in html  # the election's row: sheets verified / entered
    announce(cast, r)
    r.refresh_from_db()
    svc.certify(actor=cast["village_operator"], round=r)
    assert board_of(client) == {"rounds": 1, "certified": 1, "sheets": 1, "verified": 1, "differs": 0}
    # another town's operator sees none of it
    client.force_login(cast["other_town_operator"])
    assert board_of(client) == {"rounds": 0, "certified": 0, "sheets": 0, "verified": 0, "differs": 0}


def test_the_board_selector_counts_exactly_by_state(cast, second):
    e = results_election(cast)
    r = open_round(cast, e)
    a = enter(cast["village_operator"], r, box="一号箱")
    enter(cast["village_operator"], r, box="二号箱")
    svc.sheet_verify(actor=second, sheet=a)
    assert sel.board(cast["county_operator"]) == sel.Board(
        rounds=1, certified=0, differs=0, sheets=2, verified=1
    )
    assert sel.board(cast["supervisor"]) == sel.Board(rounds=0, certified=0, differs=0, sheets=0, verified=0)


def _index_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(reverse("elections_results:index"))
    assert resp.status_code == 200
    return len(ctx.captured_queries)


def test_the_board_page_makes_the_same_number_of_queries_for_one_and_for_three_villages(cast, second, client):
    client.force_login(cast["city_operator"])
    e = results_election(cast)
    r = open_round(cast, e)
    svc.sheet_verify(actor=second, sheet=enter(cast["village_operator"], r))
    _index_queries(client)  # warm: session and the first read of the user's roles
    one = _index_queries(client)
    for unit in (cast.village2, cast.village_b):
        other = results_election(cast, unit=unit)
        town_op = cast["town_operator"] if unit == cast.village2 else cast["other_town_operator"]
        rr = svc.round_create(
            actor=town_op, election=other, kind="first", voting_day=r.voting_day, registered=1000
        )
        for box in ("一号箱", "二号箱", "三号箱"):
            enter(town_op, rr, box=box)
    assert _index_queries(client) == one
    html = client.get(reverse("elections_results:index")).content.decode()
    assert "0 / 3" in html and "1 / 1" in html


# --- the certification's tenures in a fixed number of queries (found by bench/bench_results.py) ---


def test_the_elected_are_looked_up_in_three_queries_whatever_their_number(cast, django_assert_num_queries):
    from huanjie.elections import results_tenure_services as ts
    from tests.factories import PersonFactory

    e = results_election(cast)  # candidates 甲主任, 乙主任, 委员丙, 委员丁, 委员戊
    PersonFactory(name="重名", domicile_unit=cast.village)
    PersonFactory(name="重名", domicile_unit=cast.village)
    villager = PersonFactory(name="村民甲", domicile_unit=cast.village)
    PersonFactory(name="外村人", domicile_unit=cast.village_b)
    names = ["甲主任", "委员丙", "委员丁", "重名", "村民甲", "外村人", "张三"]
    with django_assert_num_queries(3):
        found = ts.persons_for(e, names)
    assert {n: p.name if p else None for n, p in found.items()} == {
        "甲主任": "甲主任",
        "委员丙": "委员丙",
        "委员丁": "委员丁",
        "重名": None,  # namesakes are not guessed
        "村民甲": "村民甲",
        "外村人": None,  # not of this village
        "张三": None,  # a write-in without a registered person
    }
    assert found["村民甲"] == villager
    with django_assert_num_queries(2):  # a candidate: no villager to look for
        assert ts.persons_for(e, ["甲主任"])["甲主任"].name == "甲主任"
    for n in names:  # the one-name form agrees
        assert ts.person_for(e, n) == found[n]


def _certify_queries(enterer, verifier, e, winners) -> int:
    r = svc.round_create(actor=enterer, election=e, kind="first", voting_day=DAY, registered=1000)
    svc.sheet_verify(actor=verifier, sheet=enter(enterer, r))
    r.refresh_from_db()
    svc.announce(
        actor=enterer, round=r, announced_by="王总监票人", announced_at=ANNOUNCED_AT, winners=winners
    )
    with CaptureQueriesContext(connection) as ctx:
        svc.certify(actor=enterer, round=r)
    # left out: the audit trail's own writes (one entry per change, and its periodic checkpoint) and
    # the process-wide content-type cache filled by the first certification
    return sum(
        1
        for q in ctx.captured_queries
        if "core_audit" not in q["sql"] and "django_content_type" not in q["sql"]
    )


def test_certification_seats_each_elected_person_without_looking_them_up_one_by_one(cast, second):
    """Seating one more person costs its own writes (the tenure, its audit entry and link, the
    committee checks) but no lookup of its own: exactly the queries of one more seat."""
    one = _certify_queries(cast["village_operator"], second, results_election(cast), {"主任": ["甲主任"]})
    two = _certify_queries(
        cast["town_operator"],
        user_with_role("town_op2", "town_operator", cast.town),
        results_election(cast, unit=cast.village2),
        {"主任": ["甲主任"], "委员": ["委员丙"]},
    )
    three = _certify_queries(
        cast["other_town_operator"],
        user_with_role("town_b_op2", "town_operator", cast.town_b),
        results_election(cast, unit=cast.village_b),
        {"主任": ["甲主任"], "委员": ["委员丙", "委员丁"]},
    )
    assert three - two == two - one
    # one seat: its committee checks (3), the tenure's validation (2) and insert (1; its audit
    # entry joins the certification's one append, audit.batch, without a savepoint of its own), its
    # link (1) — no lookup of the person (they were 3 more a seat, one name at a time) — and the
    # village's structure summary marked stale for the statistics (huanjie.stats.structure_services:
    # one UPDATE where the village has summary rows; here it has none yet, so the rows are looked
    # for and the campaigns' summaries read to create them: 4)
    assert two - one <= 10


def test_the_certification_appends_its_audit_entries_at_once(cast, second):
    """The transition, the receipt, the committee, each tenure and the handover: one append to the
    audit trail (the head read once, the entries inserted together, the head moved once)."""
    enterer = cast["village_operator"]
    r = svc.round_create(
        actor=enterer, election=results_election(cast), kind="first", voting_day=DAY, registered=1000
    )
    svc.sheet_verify(actor=second, sheet=enter(enterer, r))
    r.refresh_from_db()
    winners = {"主任": ["甲主任"], "委员": ["委员丙", "委员丁"]}
    svc.announce(
        actor=enterer, round=r, announced_by="王总监票人", announced_at=ANNOUNCED_AT, winners=winners
    )
    before = AuditEvent.objects.count()
    with CaptureQueriesContext(connection) as ctx:
        svc.certify(actor=enterer, round=r)
    assert AuditEvent.objects.count() - before >= 6
    assert sum(1 for q in ctx.captured_queries if "core_audit" in q["sql"]) == 3
    assert audit.verify_chain() is None
