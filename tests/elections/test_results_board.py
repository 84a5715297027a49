"""The results board of a jurisdiction (issue 13 req. 10): the city and the county see rounds and
tally sheets counted over their villages; a verified sheet shows at the next read (nothing cached);
the board makes the same number of queries whatever the number of villages and sheets."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from huanjie.elections import results_selectors as sel
from huanjie.elections import results_services as svc
from tests.elections.test_results import announce, enter, open_round, results_election
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
