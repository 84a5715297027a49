"""`huanjie screen` (issue 11 reqs. 3 and 13): every candidate of a campaign screened in chunks, each
one's effect stored, counts printed in Chinese; idempotent; a fixed number of queries per chunk."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from huanjie.core.audit import AuditEvent
from huanjie.vetting import party_services, screening, services
from huanjie.vetting.models import Candidate, Finding, Pledge
from tests.factories import PersonFactory
from tests.vetting.helpers import campaign_with_negative_list, nominated

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 3, 1)
INSPECTION = {
    "rating_de": "excellent",
    "rating_neng": "competent",
    "rating_qin": "competent",
    "rating_ji": "excellent",
    "rating_lian": "excellent",
    "narrative": "政治立场坚定，群众基础好，带富能力强。",
    "poll_satisfied": 40,
    "poll_basic": 5,
    "poll_unsatisfied": 1,
    "inspectors": "王考察、李组织",
    "inspected_on": dt.date(2026, 2, 20),
    "strength_political": "excellent",
    "strength_coverage": "competent",
    "strength_cohesion": "excellent",
    "strength_appeal": "competent",
    "strength_development": "excellent",
}


@pytest.fixture
def campaign(cast):
    return campaign_with_negative_list(cast.city)


def _candidate(cast, campaign, *, side="party", post="secretary", inspect=True, pledge=True):
    person = PersonFactory(domicile_unit=cast.village, birth_date=dt.date(1980, 5, 1))
    if side == "party":
        c = services.candidate_register(
            actor=cast["town_operator"],
            campaign=campaign,
            unit=cast.village,
            person=person,
            side=side,
            post=post,
            source="sitting",
            channel="two_recommendations",
            votes_members=40,
            votes_public=300,
        )
    else:
        c = nominated(campaign, cast.village, person, side=side, post="member")
    if inspect and side == "party":
        party_services.inspection_save(actor=cast["town_operator"], candidate=c, **INSPECTION)
    if pledge:
        Pledge.objects.create(
            campaign=campaign,
            unit=cast.village,
            kind="commitment",
            person=person,
            signer_name=person.name,
            signed_on=dt.date(2026, 2, 1),
            file_name="承诺书.pdf",
            content_type="application/pdf",
            size=1,
            digest="0" * 64,
            stored=f"p{person.pk}",
            recorded_at=timezone.now(),
            recorded_by="town_op",
        )
    return c


def _finding(c, *, status="substantiated", item="N1"):
    Finding.objects.create(
        candidate=c,
        source="joint_review",
        reporter="县纪委",
        item_code=item,
        found_on=dt.date(2025, 6, 1),
        status=status,
        note="2025年受党内警告处分",
    )


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("screen", "--on", ON.isoformat(), *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    "chunk",
    [
        [],  # one chunk: judged in this process
        ["--chunk", "2"],  # four chunks: judged by the helper process beside the reads and writes
    ],
)
def test_each_candidate_gets_its_effect(cast, campaign, chunk, monkeypatch):
    from huanjie.vetting import screening_worker

    helpers = []
    real_helper = screening_worker.Helper
    monkeypatch.setattr(screening_worker, "Helper", lambda: helpers.append(real_helper()) or helpers[-1])
    clean = _candidate(cast, campaign)
    no_pledge = _candidate(cast, campaign, post="deputy_secretary", pledge=False)
    not_inspected = _candidate(cast, campaign, post="party_member", inspect=False)
    barred = _candidate(cast, campaign, post="party_member")
    _finding(barred)  # substantiated 不能 item, within its 3 years: blocks a party 预备人选
    pending = _candidate(cast, campaign, post="party_member")
    _finding(pending, status="unverified")  # the 镇党委 waits for the verification
    unfounded = _candidate(cast, campaign, post="party_member")
    _finding(unfounded, status="unfounded")  # no finding at all
    committee = _candidate(cast, campaign, side="committee")
    _finding(committee)  # never blocks a 村委会 candidate
    unscreened_before = set(Candidate.objects.values_list("screening_effect", flat=True))
    assert unscreened_before == {""}

    out = _run(*chunk)
    assert len(helpers) == (1 if chunk else 0)

    got = dict(Candidate.objects.values_list("pk", "screening_effect"))
    assert got[clean.pk] == "pass"
    assert got[no_pledge.pk] == "warn"
    assert got[not_inspected.pk] == "block"
    assert got[barred.pk] == "block"
    assert got[pending.pk] == "block"
    assert got[unfounded.pk] == "pass"
    assert got[committee.pk] != "block"
    # The stored effect is the screening's own, candidate by candidate.
    for c in Candidate.objects.select_related("unit", "person", "campaign"):
        assert c.screening_effect == screening.screen(c, on=ON).effect
        assert c.screened_on == ON
    blocks = sum(1 for e in got.values() if e == "block")
    assert "审查人选 7 名" in out
    assert f"不能通过：{blocks} 名" in out
    event = AuditEvent.objects.filter(model="vetting.Candidate").latest("seq")
    assert event.after["block"] == blocks


def test_idempotent(cast, campaign):
    a = _candidate(cast, campaign)
    b = _candidate(cast, campaign, post="party_member", inspect=False)
    first = _run()
    before = dict(Candidate.objects.values_list("pk", "screening_effect"))
    second = _run()
    assert dict(Candidate.objects.values_list("pk", "screening_effect")) == before
    assert before == {a.pk: "pass", b.pk: "block"}
    assert first.splitlines()[1:] == second.splitlines()[1:]


def _queries(chunk: int) -> int:
    with CaptureQueriesContext(connection) as ctx:
        _run("--chunk", str(chunk))
    return len(ctx.captured_queries)


def test_query_count_flat_in_the_number_of_candidates(cast, campaign):
    for _ in range(2):
        _finding(_candidate(cast, campaign, post="party_member"), status="unverified")
        _candidate(cast, campaign, side="committee")
    small = _queries(100)
    for _ in range(6):
        _finding(_candidate(cast, campaign, post="party_member"), status="unverified")
        _candidate(cast, campaign, side="committee")
    assert _queries(100) == small  # 4 candidates or 16: one chunk, the same queries
    # By chunks: a fixed number per chunk (candidates, findings, 考察, one UPDATE). The near
    # relatives among each village's candidates and the county's exceptions are read once per run,
    # and so are what
    # the other apps' checks read (core.plugins.screening_runs): oversight's petitions and decided
    # violation cases (none per chunk; the nomination rounds and petition settings only for a chunk
    # with a petition about one of its candidates), the elections app's voter rolls and election
    # committees (per chunk, only for one with a village that has a roll, resp. a committee: the
    # entries of its candidates, resp. its members' relations — none here).
    assert _queries(16) == small
    assert _queries(8) - _queries(16) == 4


def test_unknown_campaign_is_refused(cast, campaign):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="没有编号为"):
        _run("--campaign", "999999")
