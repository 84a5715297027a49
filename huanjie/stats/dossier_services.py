"""The village dossiers as PDFs (issue 15 req. 5): one village's dossier at once; a town's,
county's or city's dossiers — one PDF per village — typeset by the task worker with its progress
shown, delivered as one ZIP file.

Printing a dossier is an export of personal data (names, ages, posts): each download is audited
(core.audit EXPORT), the ZIP is kept encrypted (core.crypto) and only its requester may fetch it.
Every job ends: a failure marks it failed with a Chinese reason, and its file is never half-written
(the ZIP is stored once, complete)."""

from __future__ import annotations

import io
import logging
import zipfile
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from huanjie.core import audit, crypto, pdf
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import can
from huanjie.org.choices import LEAF_LEVELS
from huanjie.org.models import OrgUnit
from huanjie.stats import dossier_selectors as sel
from huanjie.stats.capabilities import StatsCap
from huanjie.stats.models import ReportJob

logger = logging.getLogger(__name__)

TEMPLATE = "stats/reports/dossier.typ"
TITLE = "村级换届档案"
PROGRESS_EVERY = 50  # villages between two progress reports
FAILED = "生成失败，请稍后重试；如仍失败请联系系统管理员"


def inline_max() -> int:
    """Up to this many villages the ZIP is made at once (a town); more go to the task worker."""
    return int(getattr(settings, "HUANJIE_DOSSIER_INLINE_MAX", 60))


def _meta(village: dict[str, Any], actor: Any) -> pdf.DocumentMeta:
    return pdf.DocumentMeta(
        title=TITLE,
        subtitle=f"{village['county']}{village['town']}{village['name']}",
        secrecy="内部资料　注意保密",
        date=timezone.localdate(),
        footer_note=f"由 {getattr(actor, 'username', '')} 于 {timezone.localtime():%Y-%m-%d %H:%M} 打印",
    )


def _typeset(village: dict[str, Any], actor: Any) -> bytes:
    return pdf.render(TEMPLATE, {"village": village}, meta=_meta(village, actor))


def _file_name(village: dict[str, Any]) -> str:
    return f"{village['code']}_{village['name']}.pdf"


def village_pdf(*, actor: Any, unit: OrgUnit) -> tuple[bytes, str]:
    """One village's (or community's) dossier, audited as an export."""
    if unit.level not in LEAF_LEVELS:
        raise ValidationError("请选择村（社区）")
    if not can(actor, StatsCap.EXPORT, unit.path):
        raise PermissionDenied(sel.NOT_FOUND)
    campaign = sel.campaign_for(unit)
    if campaign is None:
        raise ValidationError("本市尚无已发布的换届工作")
    village = next(sel.dossiers([unit], campaign, on=timezone.localdate()))
    content = _typeset(village, actor)
    with transaction.atomic():
        audit.record(AuditAction.EXPORT, actor=actor, instance=unit, after={"report": TITLE, "villages": 1})
    return content, _file_name(village)


def campaign_report(*, actor: Any, unit: OrgUnit) -> tuple[bytes, str]:
    """The campaign report of a town, county or city (figures only, no person): typeset at once."""
    from huanjie.stats import report_selectors as report

    if unit.level in LEAF_LEVELS:
        raise ValidationError("换届工作报告按乡镇（街道）、县（市、区）或市生成，村（社区）请下载村级档案")
    campaign = sel.campaign_for(unit)
    if campaign is None:
        raise ValidationError("本市尚无已发布的换届工作")
    data = report.report_data(actor, campaign, unit)
    meta = pdf.DocumentMeta(
        title=f"{unit.name}{report.TITLE}",
        subtitle=campaign.name,
        date=timezone.localdate(),
        footer_note=f"由 {getattr(actor, 'username', '')} 于 {timezone.localtime():%Y-%m-%d %H:%M} 生成；"
        "数据截至生成时",
    )
    return pdf.render("stats/reports/campaign_report.typ", data, meta=meta), f"{unit.name}{report.TITLE}.pdf"


def dossiers_start(*, actor: Any, unit: OrgUnit) -> ReportJob:
    """Start the dossiers of every village under ``unit``: made at once for a few villages, by the
    task worker for more (the job page shows its progress)."""
    if not can(actor, StatsCap.EXPORT, unit.path):
        raise PermissionDenied(sel.NOT_FOUND)
    campaign = sel.campaign_for(unit)
    if campaign is None:
        raise ValidationError("本市尚无已发布的换届工作")
    total = OrgUnit.objects.filter(path__startswith=unit.path, level__in=LEAF_LEVELS, is_active=True).count()
    if total == 0:
        raise ValidationError("该单位下没有村（社区）")
    with transaction.atomic():
        job = ReportJob.objects.create(unit=unit, campaign=campaign, actor=actor, total=total)
        audit.record(
            AuditAction.EXPORT, actor=actor, instance=job, after={"report": TITLE, "villages": total}
        )
    if total <= inline_max():
        build(job.pk)
        job.refresh_from_db()
    else:
        transaction.on_commit(lambda: run_report_job.enqueue(job.pk))
    return job


def build(job_id: int) -> None:
    """Typeset every village of the job into one ZIP, reporting progress; store it encrypted."""
    job = ReportJob.objects.select_related("unit", "campaign", "actor").get(pk=job_id)
    if job.status not in (ReportJob.Status.QUEUED, ReportJob.Status.RUNNING):
        return
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.RUNNING, done=0)
    try:
        buffer = io.BytesIO()
        done = 0
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            villages = sel.villages_under(job.unit)
            for village in sel.dossiers(villages, job.campaign, on=timezone.localdate()):
                folder = f"{village['county']}/{village['town']}/"
                archive.writestr(folder + _file_name(village), _typeset(village, job.actor))
                done += 1
                if done % PROGRESS_EVERY == 0:
                    ReportJob.objects.filter(pk=job.pk).update(done=done)
        data = buffer.getvalue()
        ReportJob.objects.filter(pk=job.pk).update(
            status=ReportJob.Status.DONE,
            done=done,
            total=done,
            file_name=f"{job.unit.name}_{TITLE}.zip",
            file_data=crypto.encrypt_bytes(data),
            file_size=len(data),
            finished_at=timezone.now(),
        )
    except Exception:
        logger.exception("report job %s failed", job.pk)
        ReportJob.objects.filter(pk=job.pk).update(
            status=ReportJob.Status.FAILED, error=FAILED, finished_at=timezone.now()
        )


@task()
def run_report_job(job_id: int) -> None:
    build(job_id)


def job_file(*, actor: Any, job: ReportJob) -> tuple[bytes, str]:
    """The finished ZIP, for its requester only (still inside his jurisdiction); audited."""
    if job.actor_id != actor.pk or not can(actor, StatsCap.EXPORT, job.unit.path):
        raise PermissionDenied(sel.NOT_FOUND)
    if job.status != ReportJob.Status.DONE:
        raise ValidationError("文件尚未生成完成")
    with transaction.atomic():
        audit.record(
            AuditAction.EXPORT, actor=actor, instance=job, after={"report": TITLE, "download": job.file_name}
        )
    return crypto.decrypt_bytes(bytes(job.file_data)), job.file_name
