"""The town pre-check (镇级初审, issue 11 req. 4) and the county joint review (县级联审, req. 5).

A town lists the offices that answer its pre-check (派出所, 司法所 …); each answers per candidate 无异常
or with a finding (a :class:`~huanjie.vetting.models.Finding` of source 镇级初审). A candidate whose
every listed office has answered may be sent by the county in a :class:`ReviewBatch`; each candidate
is one :class:`ReviewEntry`, answered in parallel by the campaign's departments (core's sign-off).
All of it is confidential (只做不说): read only through the selectors.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from huanjie.core.models import WorkflowRecord
from huanjie.core.scoping import ScopedManager
from huanjie.vetting.models.candidates import Candidate, Finding
from huanjie.vetting.review_choices import AnswerResult, PrecheckOffice
from huanjie.vetting.review_workflows import REVIEW_ENTRY_SPEC


class PrecheckOfficeListing(models.Model):
    """One office a town lists for its pre-check in a campaign: every listed office must answer for
    a candidate before the candidate can go to the county's joint review."""

    campaign = models.ForeignKey(
        "planning.Campaign", on_delete=models.PROTECT, related_name="+", verbose_name="换届工作"
    )
    town = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="乡镇（街道）"
    )
    office = models.CharField("初审单位", max_length=24, choices=PrecheckOffice.choices)

    objects = ScopedManager()
    scope_path_field = "town__path"
    scope_domain = "vetting"

    class Meta:
        verbose_name = "镇级初审单位"
        ordering = ["town_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "town", "office"], name="vetting_precheck_office_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.town}：{self.get_office_display()}"

    @property
    def audit_org_path(self) -> str:
        return str(self.town.path)


class PrecheckAnswer(models.Model):
    """An office's pre-check answer about one candidate: 无异常, or a finding (recorded as a Finding of
    source 镇级初审). Answered once; a correction is a new finding, never an edit."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="precheck_answers", verbose_name="人选"
    )
    office = models.CharField("初审单位", max_length=24, choices=PrecheckOffice.choices)
    result = models.CharField("初审结论", max_length=10, choices=AnswerResult.choices)
    answered_on = models.DateField("答复日期")
    finding = models.ForeignKey(
        Finding, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="问题"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedManager()
    scope_path_field = "candidate__unit__path"
    scope_domain = "vetting"

    class Meta:
        verbose_name = "镇级初审意见"
        ordering = ["candidate_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "office"], name="vetting_precheck_answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.candidate}：{self.get_office_display()}{self.get_result_display()}"

    @property
    def audit_org_path(self) -> str:
        return str(self.candidate.unit.path)


class ReviewBatch(models.Model):
    """A batch of candidates the county sends to the joint review (县级联审) on a date: each
    department's answer is due ``ReviewDepartment.days`` after ``sent_on``."""

    county = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="县（市、区）"
    )
    campaign = models.ForeignKey(
        "planning.Campaign", on_delete=models.PROTECT, related_name="+", verbose_name="换届工作"
    )
    name = models.CharField("批次名称", max_length=100)
    sent_on = models.DateField("送审日期")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ScopedManager()
    scope_path_field = "county__path"
    scope_domain = "vetting"

    class Meta:
        verbose_name = "联审批次"
        ordering = ["-sent_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "county", "name"], name="vetting_review_batch_once")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("vetting:review_batch", args=[self.pk])

    @property
    def audit_org_path(self) -> str:
        return str(self.county.path)


class ReviewEntry(WorkflowRecord):
    """One candidate in a joint-review batch: the departments' parallel answers (core's sign-off,
    parties: the departments the batch's campaign names), then the county's ruling (state and note)."""

    batch = models.ForeignKey(
        ReviewBatch, on_delete=models.PROTECT, related_name="entries", verbose_name="联审批次"
    )
    candidate = models.OneToOneField(
        Candidate, on_delete=models.PROTECT, related_name="review_entry", verbose_name="人选"
    )
    # The candidate's unit path, kept on the entry so that scoping and the workflow's to-do lists
    # read it without a join or a query per record (a candidate never changes its unit).
    unit_path = models.CharField("所属单位路径", max_length=12, db_index=True)
    # The departments the entry was sent to (codes, comma-separated): the campaign's at sending time.
    parties = models.CharField("联审部门", max_length=400)
    ruling_note = models.TextField("县级意见说明", max_length=1000, blank=True)
    ruled_on = models.DateField("县级意见日期", null=True, blank=True)

    objects = ScopedManager()
    workflow_spec = REVIEW_ENTRY_SPEC
    scope_path_field = "unit_path"
    scope_domain = "vetting"

    class Meta:
        verbose_name = "联审人选"
        ordering = ["batch_id", "candidate__unit__path", "pk"]

    def __str__(self) -> str:
        return str(self.candidate)

    def get_absolute_url(self) -> str:
        return reverse("vetting:review_batch", args=[self.batch_id])

    @property
    def audit_org_path(self) -> str:
        return self.unit_path

    def signoff_parties(self) -> tuple[str, ...]:
        """The departments that answer this entry: those the batch's campaign named when it was sent
        (planning.ReviewDepartment.department), kept on the entry (no query per record)."""
        return tuple(p for p in self.parties.split(",") if p)
