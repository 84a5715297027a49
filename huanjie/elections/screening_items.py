"""What the elections app contributes to a candidate's screening (``core.plugins.screening_items``,
issue 11 req. 3), answered for a whole batch of a campaign's candidates at once:

* :func:`voter_registration` — whether a 村（居）民委员会 or 监督委员会 candidate is on the voter roll of
  the village for the campaign's election: “由登记参加选举的村民直接提名候选人” (村民委员会组织法(2018)
  第十三条、第十五条 / (2025) 第十六条、第十八条 [V]; 城市居民委员会组织法(2025) 第十六条、第十八条). Not
  on a roll the village has made: a condition the 选举委员会 decides (its decision, never a removal
  by anyone else); on it: passes. Without a roll yet nothing is contributed (the screening keeps its
  “未核对” warning). One query per batch.
* :func:`election_committee_withdrawal` — a member of the village's 选举委员会 who is nominated, or
  (2025 texts, or where the provincial measure says so) whose near relative is nominated, must
  withdraw (2018 第十二条 / 2025 第十五条 [V]; the judgement is
  :func:`huanjie.rules.election_committee.withdrawals`): flagged to the 选举委员会, never an effect on
  the candidate. One query per batch (two when the villages have committees).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Literal

from django.db.models import IntegerField, Q, Value

from huanjie.core.plugins import ScreeningItem
from huanjie.elections.models import CommitteeSeat, RollEntry, VoterRoll
from huanjie.elections.models.committee import SeatRole
from huanjie.elections.models.roll import EntryStatus, RollState
from huanjie.people.choices import INVERSE, RelationKind
from huanjie.people.models import Relation
from huanjie.rules import election_committee as ec_rules
from huanjie.rules.citations import JUDGEMENT_CANDIDATE_REGISTERED
from huanjie.rules.profiles import law_in_force

__all__ = [
    "election_committee_run",
    "election_committee_withdrawal",
    "voter_registration",
    "voter_registration_run",
]

_ROLL_SIDES = frozenset({"committee", "supervision"})
_STATE_LABEL = dict(RollState.choices)


def _kind(level: str) -> Literal["village", "community"]:
    return "community" if level == "community" else "village"


def _registration_cite(kind: Literal["village", "community"], on: dt.date) -> tuple[str, str]:
    law = law_in_force(kind, on)
    assert law.eligibility is not None
    data = law.eligibility
    articles = f"{law.cite(data.registration_article)}；{law.cite(data.candidate_article)}"
    return f"{articles}；{JUDGEMENT_CANDIDATE_REGISTERED}", data.place


def voter_registration(
    campaign: Any, candidates: Iterable[Any], *, on: dt.date
) -> dict[int, list[ScreeningItem]]:
    """Each 村（居）委会 or 监督委员会 candidate against the voter rolls (not superseded) of its village
    for ``campaign``: the rolls and the candidates' entries in one query (a UNION)."""
    rows = [c for c in candidates if c.side in _ROLL_SIDES]
    if not rows:
        return {}
    units = {c.unit_id for c in rows}
    rolls = (
        VoterRoll.objects.filter(campaign_id=campaign.pk, unit_id__in=units, superseded=False)
        .order_by()
        .values_list(
            "unit_id", "unit__level", "voting_day", "state", Value(None, output_field=IntegerField())
        )
    )
    made: dict[int, tuple[str, list[tuple[dt.date, str]]]] = {}
    on_roll: dict[tuple[int, int], tuple[dt.date, str]] = {}
    for unit_id, level, day, state, person_id in rolls.union(_entries(campaign, rows), all=True):
        if person_id is None:
            made.setdefault(unit_id, (level, []))[1].append((day, state))
        else:
            on_roll[(unit_id, person_id)] = (day, state)
    return _registration(rows, made, on_roll, on=on)


def voter_registration_run(campaign: Any, *, on: dt.date) -> Any:
    """core.plugins.screening_runs: :func:`voter_registration` for a run over every candidate of
    ``campaign``: the campaign's rolls (not superseded) read once; a batch then reads only the entries
    of its candidates of villages with a roll (no query when none has one)."""
    made: dict[int, tuple[str, list[tuple[dt.date, str]]]] = {}
    for unit_id, level, day, state in (
        VoterRoll.objects.filter(campaign_id=campaign.pk, superseded=False)
        .order_by()
        .values_list("unit_id", "unit__level", "voting_day", "state")
    ):
        made.setdefault(unit_id, (level, []))[1].append((day, state))

    def batch(candidates: Iterable[Any]) -> dict[int, list[ScreeningItem]]:
        rows = [c for c in candidates if c.side in _ROLL_SIDES and c.unit_id in made]
        if not rows:
            return {}
        on_roll = {
            (unit_id, person_id): (day, state)
            for unit_id, _, day, state, person_id in _entries(campaign, rows)
        }
        return _registration(rows, made, on_roll, on=on)

    return batch


def _entries(campaign: Any, rows: list[Any]) -> Any:
    """The active entries of ``rows``' people on the rolls (not superseded) of their villages."""
    return (
        RollEntry.objects.filter(
            roll__campaign_id=campaign.pk,
            roll__unit_id__in={c.unit_id for c in rows},
            roll__superseded=False,
            status=EntryStatus.ACTIVE,
            person_id__in={c.person_id for c in rows},
        )
        .order_by()
        .values_list("roll__unit_id", "roll__unit__level", "roll__voting_day", "roll__state", "person_id")
    )


def _registration(
    rows: list[Any],
    made: dict[int, tuple[str, list[tuple[dt.date, str]]]],
    on_roll: dict[tuple[int, int], tuple[dt.date, str]],
    *,
    on: dt.date,
) -> dict[int, list[ScreeningItem]]:
    """The registration item of each of ``rows`` whose village has made a roll (``made``)."""
    cites = {kind: _registration_cite(kind, on) for kind in {_kind(level) for level, _ in made.values()}}
    # The same few items for every candidate of a village (a batch holds thousands): made once.
    passed: dict[tuple[int, dt.date, str], list[ScreeningItem]] = {}
    missing: dict[int, list[ScreeningItem]] = {}
    out: dict[int, list[ScreeningItem]] = {}
    for c in rows:
        if c.unit_id not in made:
            continue
        found = on_roll.get((c.unit_id, c.person_id))
        key = (c.unit_id, *found) if found is not None else None
        if key is not None and key in passed:
            out[c.pk] = passed[key]
            continue
        if key is None and c.unit_id in missing:
            out[c.pk] = missing[c.unit_id]
            continue
        level, days = made[c.unit_id]
        cite, place = cites[_kind(level)]
        if found is not None:
            day, state = found
            text = (
                f"已列入{place}{day:%Y-%m-%d}投票日的选民名单（{_STATE_LABEL.get(state, state)}），"
                f"已在{place}登记参加选举"
            )
            out[c.pk] = passed[(c.unit_id, day, state)] = [
                ScreeningItem("registration", "选民登记", "pass", text, cite)
            ]
        else:
            listed = "、".join(f"{d:%Y-%m-%d}（{_STATE_LABEL.get(s, s)}）" for d, s in sorted(days))
            text = f"未列入{place}本次换届的选民名单（投票日 {listed}），未在{place}登记参加选举"
            out[c.pk] = missing[c.unit_id] = [
                ScreeningItem("registration", "选民登记", "condition", text, cite)
            ]
    return out


def _relations(members: set[int], persons: set[int]) -> dict[tuple[str, str], str]:
    """``{(a, b): label}`` (``a`` is ``b``'s label) between the members and the candidates' people,
    both ways: the query names the members only (a few per village), the other side is kept here."""
    to: dict[tuple[str, str], str] = {}
    query = Q(person_a_id__in=members) | Q(person_b_id__in=members)
    for a, b, kind in Relation.objects.filter(query).values_list("person_a_id", "person_b_id", "kind"):
        if not ((a in members and b in persons) or (b in members and a in persons)):
            continue
        to[(str(a), str(b))] = RelationKind(kind).label
        to[(str(b), str(a))] = RelationKind(INVERSE[RelationKind(kind)]).label
    return to


def election_committee_withdrawal(
    campaign: Any, candidates: Iterable[Any], *, on: dt.date
) -> dict[int, list[ScreeningItem]]:
    """Each 村（居）委会 candidate against the sitting members of its village's 选举委员会 for
    ``campaign``: the member nominated, or a member's near relative nominated (judged on ``on`` by the
    text in force and the measure) — a flag to the 选举委员会 on the candidate's screening."""
    rows = [c for c in candidates if c.side == "committee"]
    if not rows:
        return {}
    seats = _seats(campaign, {c.unit_id for c in rows})
    return _withdrawals(campaign, rows, seats, on=on)


def election_committee_run(campaign: Any, *, on: dt.date) -> Any:
    """core.plugins.screening_runs: :func:`election_committee_withdrawal` for a run over every
    candidate of ``campaign``: the sitting members of the campaign's 选举委员会 read once; a batch then
    reads only the relations of the members of its villages (no query when none has a committee)."""
    seats = _seats(campaign, None)

    def batch(candidates: Iterable[Any]) -> dict[int, list[ScreeningItem]]:
        rows = [c for c in candidates if c.side == "committee" and c.unit_id in seats]
        if not rows:
            return {}
        return _withdrawals(campaign, rows, {c.unit_id: seats[c.unit_id] for c in rows}, on=on)

    return batch


def _seats(campaign: Any, units: set[int] | None) -> dict[int, tuple[str, list[ec_rules.Member]]]:
    """The sitting members (not reserves) of the 选举委员会 of ``units`` (``None``: every village) for
    ``campaign``, by village, with the village's level."""
    qs = CommitteeSeat.objects.filter(committee__campaign_id=campaign.pk, left_on__isnull=True)
    if units is not None:
        qs = qs.filter(committee__unit_id__in=units)
    seats: dict[int, tuple[str, list[ec_rules.Member]]] = {}
    for unit_id, level, person_id, name, role in (
        qs.exclude(role=SeatRole.RESERVE)
        .order_by()
        .values_list("committee__unit_id", "committee__unit__level", "person_id", "person__name", "role")
    ):
        member = ec_rules.Member(str(person_id), name, chair=role == SeatRole.CHAIR)
        seats.setdefault(unit_id, (level, []))[1].append(member)
    return seats


def _withdrawals(
    campaign: Any, rows: list[Any], seats: dict[int, tuple[str, list[ec_rules.Member]]], *, on: dt.date
) -> dict[int, list[ScreeningItem]]:
    """The withdrawal flags of ``rows`` (村（居）委会 candidates) against ``seats`` of their villages."""
    if not seats:
        return {}
    members = {int(m.person) for _, ms in seats.values() for m in ms}
    relations = _relations(members, {c.person_id for c in rows if c.unit_id in seats})
    related = {a for a, _ in relations}
    out: dict[int, list[ScreeningItem]] = {}
    for c in rows:
        # only a member or a member's relative can be concerned: nobody else is judged at all
        if c.unit_id not in seats or (c.person_id not in members and str(c.person_id) not in related):
            continue
        level, ms = seats[c.unit_id]
        nominee = ec_rules.Nominee(str(c.person_id), c.person.name, c.get_post_display())
        found = ec_rules.withdrawals(
            ms, [nominee], relations, kind=_kind(level), profile=campaign.profile_code, day=on
        )
        if found:
            out[c.pk] = [
                ScreeningItem("election_committee", "选举委员会成员回避", "flag", w.text, w.citation)
                for w in found
            ]
    return out
