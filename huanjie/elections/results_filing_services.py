"""Filing (备案) of a certified 村（居）民委员会 result with the township and the county (issue 13 req. 4).

A record, not an approval (北京市村民委员会选举办法 第三十一条 “确认选举有效后，当场公布选举结果，并报乡、
民族乡、镇人民政府备案”; 上海市村民委员会选举办法 第八条（七）; 河南省实施《村民委员会组织法》办法 第三十七条
“选举结果应当及时报乡、民族乡、镇的人民政府备案”; huanjie.rules.result_filing): the village or the town's
operator files the certified record (its receipt) once; the township or the county acknowledges receipt
(签收), which changes nothing in the result. A correction certifies anew and is filed again. Party
results are reported for approval instead (results_party_services), not filed here.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from huanjie.core import audit
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import can
from huanjie.elections import results_void_selectors as vsel
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.choices import Body
from huanjie.elections.models import ResultFiling, ResultReceipt, ResultRound
from huanjie.elections.results_void_services import reach_levels
from huanjie.rules.result_filing import filing_for


@transaction.atomic(durable=True)
def file_result(*, actor: Any, round: ResultRound) -> ResultFiling:
    """File the round's current certified record with the township and the county."""
    r = (
        ResultRound.objects.select_for_update(of=("self",))
        .select_related("election__unit", "election__campaign")
        .get(pk=round.pk)
    )
    e = r.election
    if not can(actor, ElectionsCap.EDIT, e.unit.path):
        raise PermissionDenied("只有该村（社区）或其所属乡镇（街道）经办人员可以报送备案")
    if e.body != Body.COMMITTEE:
        raise ValidationError(
            "只有村（居）民委员会的选举结果报乡镇备案；党组织的选举结果报乡镇党（工）委审批"
        )
    if r.state != "certified":
        raise ValidationError("选举结果确认为正式结果（锁定）后才能报送备案")
    receipt = ResultReceipt.objects.filter(round=r, superseded_at__isnull=True).order_by("-pk").first()
    if receipt is None:
        raise ValidationError("该轮没有有效的核验码，无法备案")
    if ResultFiling.objects.filter(receipt=receipt).exists():
        raise ValidationError("该轮已确认的结果已经报送备案")
    law, profile = vsel.law_and_profile(e, r.voting_day)
    rule = filing_for(profile, law)
    f = ResultFiling.objects.create(
        receipt=receipt,
        filed_with=rule.filed_with,
        citation=rule.citation,
        filed_by=str(actor),
        filed_at=timezone.now(),
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=f, after=audit.snapshot(f))
    return f


@transaction.atomic(durable=True)
def receive_filing(*, actor: Any, filing: ResultFiling) -> ResultFiling:
    """The township or the county acknowledges receipt of a filing (签收): no approval."""
    f = (
        ResultFiling.objects.select_for_update(of=("self",))
        .select_related("receipt__round__election__unit")
        .get(pk=filing.pk)
    )
    levels = reach_levels(actor, f.receipt.round.election)
    if not levels or levels <= {"village"}:
        raise PermissionDenied("只有乡镇（街道）或县（市、区）可以签收备案")
    if f.received_at is not None:
        at = timezone.localtime(f.received_at)
        raise ValidationError(f"该备案已于 {at:%Y-%m-%d %H:%M} 由{f.received_by}签收")
    before = audit.snapshot(f)
    f.received_by, f.received_at = str(actor), timezone.now()
    f.save(update_fields=["received_by", "received_at"])
    audit.record(AuditAction.UPDATE, actor=actor, instance=f, before=before, after=audit.snapshot(f))
    return f
