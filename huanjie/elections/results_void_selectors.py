"""Reads of voiding (issue 13 req. 8): the profile and law a declaration is judged by, the winners
still in office, and the notes the public receipt check shows (已宣告无效)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q

from huanjie.core.scoping import get_scoped_or_404
from huanjie.elections import procedure_adapters as ad
from huanjie.elections.models import (
    Election,
    PartyMeeting,
    ResultRound,
    VoidDecision,
    VoidReferral,
    VoidScope,
)
from huanjie.rules.profiles import Law, Profile, get_profile, law_in_force


def law_and_profile(e: Election, day: dt.date) -> tuple[Law, Profile]:
    return law_in_force(ad.law_kind(e), day), get_profile(e.campaign.profile_code)


def winners(e: Election) -> dict[str, str]:
    """Everyone announced elected in ``e`` (results rounds and Party meetings): name → post."""
    out: dict[str, str] = {}
    for r in ResultRound.objects.filter(election=e).order_by("number"):
        for post, names in r.announced.items():
            out.update(dict.fromkeys(names, post))
    for m in PartyMeeting.objects.filter(election=e).order_by("held_on", "pk"):
        for post, names in m.announced.items():
            out.update(dict.fromkeys(names, post))
    return out


def voided_people(e: Election) -> set[str]:
    return set(
        VoidDecision.objects.filter(election=e, scope=VoidScope.WINNER).values_list("person", flat=True)
    )


def election_voided(e: Election) -> bool:
    return VoidDecision.objects.filter(election=e, scope=VoidScope.ELECTION).exists()


def decisions(e: Election) -> list[VoidDecision]:
    return list(VoidDecision.objects.filter(election=e).order_by("decided_on", "pk"))


def referrals(e: Election) -> list[VoidReferral]:
    return list(VoidReferral.objects.filter(election=e).order_by("found_on", "pk"))


def public_notes(r: ResultRound) -> tuple[str, ...]:
    """What the public receipt check adds after a declaration: “已宣告无效” with the body, document
    number and date (the public page shows only what the code certifies and what became of it)."""
    found = VoidDecision.objects.filter(
        Q(round=r, scope=VoidScope.WINNER) | Q(election_id=r.election_id, scope=VoidScope.ELECTION)
    ).order_by("decided_on", "pk")
    out = []
    for d in found:
        what = f"{d.person}（{d.post}）当选无效" if d.scope == VoidScope.WINNER else "本次选举无效"
        out.append(f"已宣告无效：{what}，{d.body_label} {d.document_no}，{d.decided_on:%Y-%m-%d}")
    return tuple(out)


def election_page(user: Any, pk: int) -> dict[str, Any]:
    e = get_scoped_or_404(Election.objects.select_related("unit", "campaign"), user, "view", pk=pk)
    return {"election": e, "decisions": decisions(e), "referrals": referrals(e)}


def target_of(e: Election, person: str) -> ResultRound | PartyMeeting | None:
    """The last results round or Party meeting that announced ``person`` elected."""
    for r in ResultRound.objects.filter(election=e).order_by("-number"):
        if any(person in names for names in r.announced.values()):
            return r
    for m in PartyMeeting.objects.filter(election=e).order_by("-held_on", "-pk"):
        if any(person in names for names in m.announced.values()):
            return m
    return None


def page_for(user: Any, pk: int) -> dict[str, Any]:
    """The voiding page: the record, the winners still to void, and whether the user may record."""
    from huanjie.elections.results_void_services import reach_levels

    ctx = election_page(user, pk)
    e = ctx["election"]
    gone = voided_people(e)
    ctx["winners"] = {n: p for n, p in winners(e).items() if n not in gone}
    ctx["voided"] = election_voided(e)
    ctx["can_record"] = bool(reach_levels(user, e))
    return ctx
