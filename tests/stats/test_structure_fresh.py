"""The structure figures are never stale after a certified result (issue 15 req. 8): certifying a
村委会 result (results become tenures) and reading the figures shows the new committee at once, and
the commit itself recomputes the village's summary rows."""

from __future__ import annotations

import pytest

from huanjie.elections import results_services as svc
from huanjie.elections.models import Election
from huanjie.people.models import Tenure
from huanjie.stats import structure_selectors as sel
from huanjie.stats.models import StructureSummary
from tests.elections.test_results import announce, enter, open_round, results_election
from tests.factories import PersonFactory, seat, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def e(cast) -> Election:
    return results_election(cast)


@pytest.fixture
def outgoing(cast):
    chair = PersonFactory(name="老主任", domicile_unit=cast.village)
    member = PersonFactory(name="老委员", domicile_unit=cast.village, sex="F")
    return [
        seat(chair, cast.village, "villagers_committee", "chair"),
        seat(member, cast.village, "villagers_committee", "member"),
    ]


def _certify(cast, e):
    second = user_with_role("village_op2", "village_operator", cast.village)
    r = open_round(cast, e)
    s = enter(cast["village_operator"], r)
    svc.sheet_verify(actor=second, sheet=s)
    r = announce(cast, r)
    svc.certify(actor=cast["village_operator"], round=r)


def test_a_certified_result_shows_in_the_figures_at_once(cast, e, outgoing):
    leader = cast["leader"]
    before = sel.figures(leader, e.campaign, cast.town, basis="after")  # builds the summary
    assert before.counts.members == 0 and before.values["reporting"].count == 0
    _certify(cast, e)
    after = sel.figures(leader, e.campaign, cast.town, basis="after")
    assert after.values["reporting"].count == 1
    assert after.counts.members == 3  # 甲主任, 委员丙, 委员丁 (all men)
    assert after.counts.villagers_without_woman == 1
    assert after.counts.new_members == 3 and after.counts.reelected == 0
    city = sel.figures(leader, e.campaign, None, basis="after")
    assert city.counts.members == 3


def test_the_commit_recomputes_the_village_rows(cast, e, outgoing, django_capture_on_commit_callbacks):
    leader = cast["leader"]
    sel.figures(leader, e.campaign, cast.town, basis="after")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _certify(cast, e)
    assert callbacks
    row = StructureSummary.objects.get(campaign=e.campaign, unit=cast.village, basis="after")
    assert not row.stale and row.members == 3
    assert not StructureSummary.objects.filter(stale=True).exists()


def test_a_write_marks_the_row_stale_inside_the_transaction(cast, e, outgoing):
    sel.figures(cast["leader"], e.campaign, cast.town, basis="before")
    t = Tenure.objects.get(pk=outgoing[1].pk)
    t.post = "vice_chair"
    t.save()
    assert set(StructureSummary.objects.filter(unit=cast.village).values_list("stale", flat=True)) == {True}
    assert sel.figures(cast["leader"], e.campaign, cast.village, basis="before").counts.members == 2
    assert not StructureSummary.objects.filter(stale=True).exists()


def test_a_certified_result_shows_on_the_dashboard_at_once(cast, e, outgoing, client):
    """Issue 15 req. 8: the leader reads the city's dashboard (building the summary), a town certifies
    a 村委会 result through the real service, and the next read of the dashboard — the page and the API
    — already counts the village as elected and its new committee in the structure panel."""
    import json
    import re
    from decimal import Decimal

    from huanjie.planning.models import StructureTarget

    StructureTarget.objects.create(campaign=e.campaign, code="women", label="女性", low=Decimal(30))
    client.force_login(cast["leader"])
    url = f"/stats/dash/{cast.city.code}/"

    def board() -> dict:
        r = client.get(url)
        assert r.status_code == 200
        m = re.search(
            r'<script id="stats-dash-data" type="application/json">(.*?)</script>', r.content.decode(), re.S
        )
        assert m
        return json.loads(m.group(1))

    def elected(figs: dict) -> int:
        return sum(next(s for s in figs["stages"]["series"] if s["key"] == "elected")["data"])

    before = board()
    assert elected(before) == 0
    assert all(v is None for s in before["structure"]["series"] for v in s["data"])
    _certify(cast, e)  # on_commit callbacks do not run in this test: the reader's refresh must serve
    after = board()
    assert elected(after) == 1
    women = next(s for s in after["structure"]["series"] if s["key"] == "women")
    county = after["structure"]["keys"].index(cast.county.code)
    assert women["data"][county] == 0.0  # 甲主任, 委员丙, 委员丁: a committee of three men
    from tests.apiclient import api_get, bearer

    api = api_get(client, f"/api/stats/dash/{cast.city.code}/figures/stages", bearer(cast["leader"]))
    assert api.status_code == 200, api.content.decode()
    assert sum(next(s for s in api.json()["series"] if s["key"] == "elected")["data"]) == 1
