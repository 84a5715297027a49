"""Writes of the vetting app: each validates, re-checks scope inside its transaction and audits."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from huanjie.core import audit
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import can
from huanjie.org.models import OrgUnit
from huanjie.people.models import Person
from huanjie.planning.models import Campaign
from huanjie.vetting import pledge_tally
from huanjie.vetting.capabilities import VettingCap
from huanjie.vetting.choices import POSTS_OF_SIDE, Channel, Side, Source
from huanjie.vetting.models import Candidate

# Channels lawful for each committee: 两推一选 for the Party organization (《中国共产党农村基层组织工作
# 条例》第二十二条 [S]); nomination by voters, the Party organization (2025 texts) or 自荐 for the
# committees elected by villagers (the nomination rules in huanjie.rules judge each nomination).
CHANNELS_OF_SIDE: dict[str, frozenset[str]] = {
    Side.PARTY: frozenset({Channel.TWO_RECOMMENDATIONS}),
    Side.COMMITTEE: frozenset({Channel.VOTERS, Channel.VOTERS_JOINT, Channel.PARTY_ORG, Channel.SELF}),
    Side.SUPERVISION: frozenset({Channel.VOTERS, Channel.VOTERS_JOINT, Channel.PARTY_ORG, Channel.SELF}),
}


def _ensure_editor(actor: Any, unit: OrgUnit) -> None:
    if not can(actor, VettingCap.EDIT, unit.path):
        raise PermissionDenied("只有该村（社区）或其所属乡镇（街道）可以登记人选")


@transaction.atomic(durable=True)
def candidate_register(
    *,
    actor: Any,
    campaign: Campaign,
    unit: OrgUnit,
    person: Person,
    side: str,
    post: str,
    source: str,
    channel: str,
    votes_members: int | None = None,
    votes_public: int | None = None,
    nomination_votes: int | None = None,
) -> Candidate:
    """Register one person put forward for a post (issue 11 reqs. 1, 2)."""
    _ensure_editor(actor, unit)
    errors: dict[str, str] = {}
    if campaign.state != "published" or campaign.city.path != unit.path[:4]:
        errors["campaign"] = "该村（社区）所属市没有已发布的换届工作"
    if person.domicile_unit_id != unit.pk:
        errors["person"] = "只能选择户籍在本村（社区）的已登记人员"
    if side not in POSTS_OF_SIDE:
        errors["side"] = "请选择班子"
    elif post not in POSTS_OF_SIDE[side]:
        errors["post"] = "该职务不属于所选班子"
    if source not in Source.values:
        errors["source"] = "请选择来源"
    if side in (Side.COMMITTEE, Side.SUPERVISION):
        # 村（居）民委员会 and supervision committee candidates come only from a nomination counted by the
        # rules (nomination_services.round_confirm) or a 自荐 registration: never typed in here.
        errors["side"] = (
            "村（居）民委员会、监督委员会的候选人只能经依法提名产生，请在本村（社区）的“候选人提名”中登记提名并确定正式候选人"
        )
    elif side in CHANNELS_OF_SIDE and channel not in CHANNELS_OF_SIDE[side]:
        errors["channel"] = (
            "党组织预备人选须经“两推一选”产生"
            if side == Side.PARTY
            else "村（居）民委员会候选人只能依法由选民或者党组织提名、或者自荐产生"
        )
    if side == Side.PARTY and (votes_members is None or votes_public is None):
        errors["votes_members"] = "请填写党员推荐票和群众推荐票"
    if errors:
        raise ValidationError(errors)
    if Candidate.objects.filter(campaign=campaign, unit=unit, side=side, post=post, person=person).exists():
        raise ValidationError({"person": "此人已登记为该职务的人选"})
    row = Candidate.objects.create(
        campaign=campaign,
        unit=unit,
        person=person,
        side=side,
        post=post,
        source=source,
        channel=channel,
        votes_members=votes_members,
        votes_public=votes_public,
        nomination_votes=nomination_votes,
    )
    pledge_tally.refresh_candidate(row)
    audit.record(AuditAction.CREATE, actor=actor, instance=row, after=audit.snapshot(row))
    return row
