"""Writes of the policy Q&A (issue 14 req. 6): a town asks, the county or city answers (and may
publish the answer to the FAQ). Audited, jurisdiction re-checked in the transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from huanjie.core import audit
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import ensure_path_in_scope
from huanjie.core.versioning import bump, check_version
from huanjie.org.models import OrgUnit
from huanjie.oversight import qa_selectors as sel
from huanjie.oversight import training_selectors, training_services
from huanjie.oversight.capabilities import OversightCap
from huanjie.oversight.models import OversightSetting, PolicyQuestion
from huanjie.planning.models import Campaign


@transaction.atomic
def question_ask(*, actor: Any, campaign: Campaign, town: OrgUnit, topic: str, text: str) -> PolicyQuestion:
    """A town asks a policy question."""
    if town.level != "town":
        raise ValidationError({"town": "提问单位应为乡镇（街道）"})
    if not town.path.startswith(campaign.city.path):
        raise ValidationError({"town": "该乡镇不属于本次换届工作所在的市"})
    if not text.strip():
        raise ValidationError({"text": "请填写问题"})
    ensure_path_in_scope(actor, town.path, OversightCap.EDIT)
    q = PolicyQuestion.objects.create(
        campaign=campaign, town=town, topic=topic, text=text.strip(), asked_by=actor.username
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=q, after=audit.snapshot(q))
    return q


@transaction.atomic
def question_answer(
    *, actor: Any, question: PolicyQuestion, answer: str, published: bool, version: Any, seen: Any = None
) -> PolicyQuestion:
    """The county or the city answers (or corrects its answer); ``published`` puts it in the FAQ."""
    current = PolicyQuestion.objects.select_for_update().select_related("town").get(pk=question.pk)
    ensure_path_in_scope(actor, current.town.path, OversightCap.VIEW)
    unit_path = sel.answer_unit_path(actor, current)
    if not unit_path:
        raise PermissionDenied("只有县（区）或市可以答复政策咨询")
    check_version(current, version, seen=seen, fields=("answer", "published"))
    if not answer.strip():
        raise ValidationError({"answer": "请填写答复"})
    before = audit.snapshot(current)
    current.answer = answer.strip()
    current.published = published
    current.answered_by = actor.username
    current.answer_unit = OrgUnit.objects.get(path=unit_path)
    current.answered_at = timezone.now()
    bump(current)
    current.save()
    audit.record(
        AuditAction.UPDATE, actor=actor, instance=current, before=before, after=audit.snapshot(current)
    )
    return current


@transaction.atomic
def answer_days_save(*, actor: Any, campaign: Campaign, qa_answer_days: int) -> OversightSetting:
    """Set the campaign's answer deadline of policy questions (the campaign's city only); the
    citation stays the campaign's own rule ([M]): no law sets this deadline."""
    if not training_selectors.manages(actor, campaign):
        raise PermissionDenied("只有本次换届工作所属的市可以修改监督设置")
    if not 1 <= qa_answer_days <= 60:
        raise ValidationError({"qa_answer_days": "答复时限应在 1 至 60 天之间"})
    return training_services.settings_update(actor=actor, campaign=campaign, qa_answer_days=qa_answer_days)
