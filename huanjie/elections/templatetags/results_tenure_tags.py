"""``{% ballot_retention round as kept %}``: the ballots' retention of a round (rules.handover.retention,
by the campaign's province) for the result page."""

from __future__ import annotations

from django import template

from huanjie.elections.models import ResultRound
from huanjie.rules.handover import Retention, retention

register = template.Library()


@register.simple_tag
def ballot_retention(r: ResultRound) -> Retention:
    return retention(r.election.campaign.profile_code, r.voting_day)
