"""Candidates (人选) of a campaign, the Party branch's 请示 on its 预备人选, and findings about a
candidate from any source (town pre-check, joint review, inspection, petitions).

Screening results, findings and everything about a candidate beyond name, post and channel are
confidential (只做不说): read only through the selectors with ``vetting.confidential``.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from huanjie.core.models import WorkflowRecord
from huanjie.core.scoping import ScopedManager
from huanjie.core.versioning import Versioned
from huanjie.vetting.choices import (
    Channel,
    FindingSource,
    FindingStatus,
    Post,
    Qualification,
    ScreeningEffect,
    Side,
    Source,
)
from huanjie.vetting.workflows import PARTY_REQUEST_SPEC


class PartyRequest(WorkflowRecord):
    """A Party branch's 请示 on its 预备人选 for the campaign and the 乡镇党委's 批复 (两推一选), with
    the 公示 of the approved 预备人选 and the objections received."""

    campaign = models.ForeignKey("planning.Campaign", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="村（社区）"
    )
    request_no = models.CharField("请示文号", max_length=64, blank=True)
    request_date = models.DateField("请示日期", null=True, blank=True)
    approval_no = models.CharField("批复文号", max_length=64, blank=True)
    approval_date = models.DateField("批复日期", null=True, blank=True)
    publicity_start = models.DateField("公示开始日期", null=True, blank=True)
    publicity_end = models.DateField("公示结束日期", null=True, blank=True)
    objections = models.TextField("公示期间反映的问题", max_length=2000, blank=True)

    objects = ScopedManager()
    workflow_spec = PARTY_REQUEST_SPEC
    scope_path_field = "unit__path"
    scope_domain = "vetting"

    class Meta:
        verbose_name = "预备人选请示"
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.unit}党组织预备人选请示"

    def get_absolute_url(self) -> str:
        return reverse("vetting:party_request", args=[self.pk])

    @property
    def audit_org_path(self) -> str:
        return str(self.unit.path)


class Candidate(Versioned):
    """A person put forward for a post of a village's or community's committee in a campaign.

    Party 预备人选 belong to a :class:`PartyRequest` once the branch asks for them; a 村委会 candidate
    carries the 选举委员会's qualification decision with its legal basis and leaves the list only
    through the lawful channel (written withdrawal, ``withdrawn_on``) — nobody strikes it by hand.
    """

    campaign = models.ForeignKey("planning.Campaign", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="村（社区）"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name="人员"
    )
    side = models.CharField("班子", max_length=12, choices=Side.choices)
    post = models.CharField("职务", max_length=20, choices=Post.choices)
    source = models.CharField("来源", max_length=20, choices=Source.choices)
    channel = models.CharField("产生方式", max_length=24, choices=Channel.choices)
    votes_members = models.PositiveIntegerField("党员推荐票", null=True, blank=True)
    votes_public = models.PositiveIntegerField("群众推荐票", null=True, blank=True)
    nomination_votes = models.PositiveIntegerField("提名票数", null=True, blank=True)
    request = models.ForeignKey(
        PartyRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidates",
        verbose_name="预备人选请示",
    )
    qualification = models.CharField(
        "资格确认", max_length=16, choices=Qualification.choices, default=Qualification.PENDING
    )
    qualification_basis = models.CharField("资格确认依据", max_length=300, blank=True)
    qualification_date = models.DateField("资格确认日期", null=True, blank=True)
    list_order = models.PositiveSmallIntegerField("名单顺序", null=True, blank=True)
    withdrawn_on = models.DateField("退出日期", null=True, blank=True)
    withdrawal_reason = models.CharField("退出情况", max_length=300, blank=True)
    registered_at = models.DateTimeField("登记时间", auto_now_add=True)
    # The last run of `huanjie screen` (a cache of screening.screen on ``screened_on``; the candidate's
    # page screens afresh): blank = not screened yet.
    screening_effect = models.CharField(
        "审查结论", max_length=8, choices=ScreeningEffect.choices, blank=True, default=""
    )
    screened_on = models.DateField("审查日期", null=True, blank=True)

    objects = ScopedManager()
    scope_path_field = "unit__path"
    scope_domain = "vetting"
    audit_exclude = ("version", "screening_effect", "screened_on")

    class Meta:
        verbose_name = "人选"
        ordering = ["unit_id", "side", "post", "list_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit", "side", "post", "person"], name="vetting_candidate_once"
            )
        ]
        indexes = [models.Index(fields=["campaign", "side"], name="vetting_candidate_side")]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.get_side_display()}{self.get_post_display()}）"

    def get_absolute_url(self) -> str:
        return reverse("vetting:candidate", args=[self.pk])

    @property
    def audit_org_path(self) -> str:
        return str(self.unit.path)


class Finding(Versioned):
    """A dated fact about a candidate reported by a source (town pre-check office, joint-review
    department, inspection, a petition): mapped to a negative-list item's code where it is one, with
    its document reference and whether it is substantiated (查实). Only substantiated findings can
    block, and only party 预备人选 (issue 11 req. 3)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="findings")
    source = models.CharField("来源", max_length=16, choices=FindingSource.choices)
    reporter = models.CharField("报告单位", max_length=50)
    item_code = models.CharField("负面清单编号", max_length=10, blank=True)
    statutory_code = models.CharField("法定情形核查结论", max_length=64, blank=True)
    found_on = models.DateField("事实发生日期")
    document_ref = models.CharField("依据文书", max_length=100, blank=True)
    status = models.CharField(
        "核实情况", max_length=16, choices=FindingStatus.choices, default=FindingStatus.UNVERIFIED
    )
    verify_by = models.DateField("核实期限", null=True, blank=True)
    note = models.TextField("情况说明", max_length=1000)
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedManager()
    scope_path_field = "candidate__unit__path"
    scope_domain = "vetting"

    class Meta:
        verbose_name = "核查发现"
        ordering = ["candidate_id", "found_on", "pk"]

    def __str__(self) -> str:
        return f"{self.candidate}：{self.get_source_display()}发现"

    @property
    def audit_org_path(self) -> str:
        return str(self.candidate.unit.path)
