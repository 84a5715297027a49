"""What the elections app contributes to a candidate's screening (issue 11 req. 3, through
core.plugins.screening_items): registration on the village's voter roll for the campaign (not on it:
the 选举委员会 decides; no roll yet: the screening's own “未核对” warning) and an election-committee
member's withdrawal when the member or (2025 texts from 2026-01-01; before, only where the measure
says so) a near relative is nominated — a flag to the 选举委员会, never an effect on the candidate.
Both answer a whole batch in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from huanjie.core import plugins
from huanjie.elections.models import CommitteeSeat, ElectionCommittee, RollEntry, VoterRoll
from huanjie.vetting import screening
from huanjie.vetting.models import Candidate
from tests.elections.conftest import E_DAY, make_campaign, nominate, relate, villager
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 3, 1)


def _roll(campaign, unit, *, day=E_DAY, superseded=False, state="published"):
    return VoterRoll.objects.create(
        unit=unit,
        campaign=campaign,
        voting_day=day,
        superseded=superseded,
        state=state,
        profile_code="zhejiang",
    )


def _enter(roll, person, status="active"):
    return RollEntry.objects.create(
        roll=roll,
        person=person,
        name=person.name,
        id_cipher=person.id_cipher,
        id_index=person.id_index,
        id_masked="329901********0000",
        sex=person.sex,
        birth_date=person.birth_date,
        category="hukou_resident",
        registered_on=dt.date(2026, 2, 1),
        law_code="village_2025",
        status=status,
    )


def _checks(c, rule, on=ON):
    row = Candidate.objects.select_related("unit", "person", "campaign").get(pk=c.pk)
    # A whole-campaign run (``huanjie screen``) asks each provider's run reader: the same answers.
    for key, provider in plugins.screening_items.items():
        run = plugins.screening_runs.get(key)
        if run is not None:
            assert run(row.campaign, on=on)([row]) == provider(row.campaign, [row], on=on), key
    s = screening.screen(row, on=on)
    return [(x.result, x.text, x.citation) for x in s.checks if x.rule == rule]


def test_both_providers_are_registered():
    keys = dict(plugins.screening_items.items())
    assert {"elections.voter_registration", "elections.election_committee"} <= set(keys)
    runs = dict(plugins.screening_runs.items())
    assert {"elections.voter_registration", "elections.election_committee"} <= set(runs)


# --- registration as a voter ------------------------------------------------------------------


def test_a_candidate_on_the_village_roll_passes(cast, campaign):
    p = villager(cast)
    c = nominate(campaign, cast.village, p)
    _enter(_roll(campaign, cast.village), p)
    [(result, text, cite)] = _checks(c, "registration")
    assert result == "pass"
    assert "已列入本村2026-03-20投票日的选民名单（已公布）" in text
    assert "村民委员会组织法(2025) 第十六条" in cite and "第十八条" in cite


@pytest.mark.parametrize("status", ["removed", None])
def test_a_candidate_not_on_the_roll_goes_to_the_election_committee(cast, campaign, status):
    p = villager(cast)
    c = nominate(campaign, cast.village, p)
    roll = _roll(campaign, cast.village)
    if status:
        _enter(roll, p, status=status)  # removed from the roll: no longer registered
    [(result, text, _)] = _checks(c, "registration")
    assert result == "decide" and "未列入本村本次换届的选民名单" in text and "提请选举委员会依法决定" in text
    s = screening.screen(Candidate.objects.select_related("unit", "person", "campaign").get(pk=c.pk), on=ON)
    assert s.effect == "decide"  # the 选举委员会 decides; nobody strikes the nominee


def test_without_a_roll_the_registration_stays_unchecked(cast, campaign):
    c = nominate(campaign, cast.village, villager(cast))
    other = make_campaign(cast)  # another campaign's roll, and a superseded one, do not count
    _enter(_roll(other, cast.village), c.person)
    _enter(_roll(campaign, cast.village, superseded=True, day=dt.date(2026, 3, 10)), c.person)
    [(result, text, _)] = _checks(c, "registration")
    assert result == "warn" and "未核对" in text


def test_the_2018_articles_before_2026(cast, campaign):
    p = villager(cast)
    c = nominate(campaign, cast.village, p)
    _enter(_roll(campaign, cast.village), p)
    [(_, _, cite)] = _checks(c, "registration", on=dt.date(2025, 12, 31))
    assert "村民委员会组织法(2018) 第十三条" in cite and "第十五条" in cite


def test_party_candidates_are_not_checked_against_the_roll(cast, campaign):
    p = villager(cast)
    c = Candidate.objects.create(
        campaign=campaign,
        unit=cast.village,
        person=p,
        side="party",
        post="secretary",
        source="sitting",
        channel="two_recommendations",
    )
    _roll(campaign, cast.village)
    assert _checks(c, "registration") == []


# --- election-committee members ---------------------------------------------------------------


def _committee(campaign, unit, *members):
    ec = ElectionCommittee.objects.create(
        campaign=campaign, unit=unit, chosen_by="villagers_meeting", chosen_on=dt.date(2026, 1, 10)
    )
    for i, (person, role) in enumerate(members):
        left = dt.date(2026, 2, 1) if role == "left" else None
        CommitteeSeat.objects.create(
            committee=ec,
            person=person,
            role="member" if role == "left" else role,
            votes=100 - i,
            left_on=left,
        )
    return ec


def test_a_nominated_member_must_withdraw_flagged_not_blocked(cast, campaign):
    member = villager(cast, "张委员")
    c = nominate(campaign, cast.village, member)
    before = screening.screen(
        Candidate.objects.select_related("unit", "person", "campaign").get(pk=c.pk), on=ON
    )
    _committee(campaign, cast.village, (member, "chair"))
    after = screening.screen(
        Candidate.objects.select_related("unit", "person", "campaign").get(pk=c.pk), on=ON
    )
    [(result, text, _)] = _checks(c, "election_committee")
    assert result == "flag_election_committee"
    assert "张委员是村民选举委员会主任" in text and "应当退出村民选举委员会" in text
    assert "不影响本人的候选人资格" in text
    assert after.effect == before.effect  # a flag to the 选举委员会, never an effect on the candidate


@pytest.mark.parametrize(
    ("on", "required"),
    [(dt.date(2025, 12, 31), False), (dt.date(2026, 1, 1), True)],
)
def test_a_relatives_nomination_by_the_text_in_force(cast, on, required):
    campaign = make_campaign(cast, profile="national")
    member, son = villager(cast, "李委员"), villager(cast, "李子")
    relate(member, son, "parent")
    c = nominate(campaign, cast.village, son)
    _committee(campaign, cast.village, (member, "member"))
    [(result, text, cite)] = _checks(c, "election_committee", on=on)
    assert result == "flag_election_committee" and "李委员（村民选举委员会成员）的子女李子被提名" in text
    if required:
        assert "李委员应当退出村民选举委员会" in text and "(2025) 第十五条" in cite
    else:
        assert "不要求退出" in text and "(2018) 第十二条" in cite


def test_zhejiang_requires_a_relatives_withdrawal_before_2026(cast, campaign):
    member, wife = villager(cast, "王委员"), villager(cast, "王妻")
    relate(member, wife, "spouse") if member.pk < wife.pk else relate(wife, member, "spouse")
    c = nominate(campaign, cast.village, wife)
    _committee(campaign, cast.village, (member, "member"))
    [(_, text, _)] = _checks(c, "election_committee", on=dt.date(2025, 12, 31))
    assert "依照本省办法王委员应当退出村民选举委员会" in text


def test_members_who_left_reserves_and_strangers_are_not_flagged(cast, campaign):
    left, reserve, stranger = villager(cast), villager(cast), villager(cast)
    c1 = nominate(campaign, cast.village, left)
    c2 = nominate(campaign, cast.village, reserve, post="member")
    c3 = nominate(campaign, cast.village, villager(cast), post="member")
    _committee(campaign, cast.village, (left, "left"), (reserve, "reserve"), (stranger, "member"))
    for c in (c1, c2, c3):
        assert _checks(c, "election_committee") == []
    # a committee of another village says nothing about this one
    _committee(campaign, cast.village2, (c3.person, "member"))
    assert _checks(c3, "election_committee") == []


# --- a batch in a fixed number of queries -----------------------------------------------------


def _batch(cast, campaign, n):
    rows = []
    for unit in (cast.village, cast.village2):
        roll = _roll(campaign, unit) if not VoterRoll.objects.filter(unit=unit).exists() else None
        roll = roll or VoterRoll.objects.get(unit=unit)
        ec = ElectionCommittee.objects.filter(unit=unit).first() or _committee(campaign, unit)
        for i in range(n):
            p = PersonFactory(domicile_unit=unit)
            if i % 2:
                _enter(roll, p)
            c = nominate(campaign, unit, p, post="member")
            if i % 3 == 0:
                member = PersonFactory(domicile_unit=unit)
                CommitteeSeat.objects.create(committee=ec, person=member, role="member")
                relate(member, p, "parent")
            rows.append(c)
    return rows


def _screen_queries(campaign):
    rows = list(Candidate.objects.filter(campaign=campaign).select_related("unit", "person", "campaign"))
    with CaptureQueriesContext(connection) as ctx:
        results = screening.screen_all(rows, on=ON)
    return len(ctx.captured_queries), results


def test_screen_all_asks_each_provider_once_per_batch(cast, campaign):
    _batch(cast, campaign, 3)
    small, results = _screen_queries(campaign)
    flagged = sum(1 for s in results.values() for x in s.checks if x.rule == "election_committee")
    assert flagged == 2  # i = 0 in each village
    _batch(cast, campaign, 9)
    large, results = _screen_queries(campaign)
    assert large == small  # 6 candidates or 24: the same queries
    registered = [x.result for s in results.values() for x in s.checks if x.rule == "registration"]
    assert registered.count("pass") == 2 + 8 and registered.count("decide") == 4 + 10
    flagged = sum(1 for s in results.values() for x in s.checks if x.rule == "election_committee")
    assert flagged == 2 + 6


def test_a_whole_campaign_run_stores_what_screen_all_finds(cast, campaign):
    """``huanjie screen`` asks the providers' run readers (rolls and committees read once per run):
    chunk by chunk, the same effects as the screening of the batch."""
    _batch(cast, campaign, 3)
    _, results = _screen_queries(campaign)
    assert "decide" in {s.effect for s in results.values()}
    screening.screen_campaign(actor=None, campaign=campaign, on=ON, chunk_size=4)
    got = dict(Candidate.objects.filter(campaign=campaign).values_list("pk", "screening_effect"))
    assert got == {pk: s.effect for pk, s in results.items()}
