"""The petitions register (信访, issue 14 req. 1): petitions with their legal clock, handling steps,
result and reply, and each campaign's deadlines as data (《信访工作条例》)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from huanjie.core.models import WorkflowRecord
from huanjie.core.scoping import ScopedManager
from huanjie.oversight.petitions_choices import Category, Channel, Finding
from huanjie.oversight.petitions_workflows import PETITION_SPEC

# 《信访工作条例》(中共中央、国务院, 2022-02-25 发布, 2022-05-01 施行). Its text is not in
# shared/reference; the article numbers are cited from secondary sources [S] and are data a city
# corrects on its settings page.
CITE_ACCEPT = "《信访工作条例》(2022)第二十四条：收到信访事项之日起15日内决定是否受理并告知信访人 [S]"
CITE_CONCLUDE = "《信访工作条例》(2022)第三十五条：信访事项应当自受理之日起60日内办结 [S]"
CITE_EXTEND = (
    "《信访工作条例》(2022)第三十五条：情况复杂的，经本机关、单位负责人批准，可以适当延长办理期限，"
    "但延长期限不得超过30日，并告知信访人延期理由 [S]"
)


class PetitionSettings(models.Model):
    """A campaign's legal clock for petitions: days to decide on acceptance (受理), to conclude (办结)
    and the longest extension, each with the article it rests on (defaults: 《信访工作条例》2022,
    15/60/30 days). One row per campaign; a campaign without one uses the defaults."""

    campaign = models.OneToOneField(
        "planning.Campaign", on_delete=models.CASCADE, related_name="+", verbose_name="换届工作"
    )
    accept_days = models.PositiveSmallIntegerField("受理告知时限（天）", default=15)
    accept_citation = models.CharField("受理时限依据", max_length=300, default=CITE_ACCEPT)
    conclude_days = models.PositiveSmallIntegerField("办结时限（天）", default=60)
    conclude_citation = models.CharField("办结时限依据", max_length=300, default=CITE_CONCLUDE)
    extension_days = models.PositiveSmallIntegerField("最长延期（天）", default=30)
    extension_citation = models.CharField("延期依据", max_length=300, default=CITE_EXTEND)

    objects = ScopedManager()
    scope_path_field = "campaign__city__path"
    scope_domain = "oversight"

    class Meta:
        verbose_name = "信访办理时限"

    def __str__(self) -> str:
        return f"{self.campaign}信访办理时限"

    @property
    def audit_org_path(self) -> str:
        return str(self.campaign.city.path)


class Petition(WorkflowRecord):
    """A petition (信访件) about a village's or community's transition: channel, category, what it
    reports, the person it is about (a person of the register or a candidate), and its handling.

    The petitioner's identity (name, ID number, phone) is stored SM4-GCM encrypted and read only by
    handlers (``oversight.petition_handle``), each reading audited; ``petitioner_index`` is a blind
    index (HMAC-SM3 of the ID number, or of name and phone) that finds repeat petitions without
    decrypting anything. ``accept_due`` and ``conclude_due`` are the legal clock computed from the
    campaign's ``PetitionSettings`` when received and accepted."""

    campaign = models.ForeignKey("planning.Campaign", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="所涉村（社区）"
    )
    channel = models.CharField("来源渠道", max_length=16, choices=Channel.choices)
    category = models.CharField("问题类别", max_length=16, choices=Category.choices)
    received_on = models.DateField("收到日期", db_index=True)
    summary = models.TextField("反映内容", max_length=2000)
    subject_person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="被反映人",
    )
    subject_candidate = models.ForeignKey(
        "vetting.Candidate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="被反映的候选人",
    )
    anonymous = models.BooleanField("匿名", default=False)
    petitioner_name_cipher = models.TextField("信访人姓名（密文）", blank=True)
    petitioner_id_cipher = models.TextField("信访人身份证号（密文）", blank=True)
    petitioner_phone_cipher = models.TextField("信访人电话（密文）", blank=True)
    petitioner_index = models.CharField("信访人索引", max_length=64, blank=True, db_index=True)
    handler_unit = models.ForeignKey(
        "org.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="承办单位",
    )
    handler_name = models.CharField("承办人", max_length=50, blank=True)
    accept_due = models.DateField("受理告知期限")
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    conclude_due = models.DateField("办结期限", null=True, blank=True, db_index=True)
    extended_days = models.PositiveSmallIntegerField("延期天数", default=0)
    extension_reason = models.CharField("延期理由", max_length=300, blank=True)
    concluded_on = models.DateField("办结日期", null=True, blank=True)
    finding = models.CharField("核查结论", max_length=16, choices=Finding.choices, blank=True)
    item_code = models.CharField("对应负面清单编号", max_length=10, blank=True)
    result = models.TextField("办理结果", max_length=2000, blank=True)
    reply = models.TextField("答复意见", max_length=2000, blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    registered_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedManager()
    workflow_spec = PETITION_SPEC
    scope_path_field = "unit__path"
    scope_domain = "oversight"
    audit_exclude = (
        "petitioner_name_cipher",
        "petitioner_id_cipher",
        "petitioner_phone_cipher",
        "petitioner_index",
    )

    class Meta:
        verbose_name = "信访件"
        ordering = ["-received_on", "-pk"]
        indexes = [
            # the list's order within a campaign (read backwards: the newest first)
            models.Index(fields=["campaign", "received_on", "id"], name="oversight_petition_received"),
            # the overdue filter and the open counts (state_due read from the index)
            models.Index(fields=["campaign", "state", "state_due"], name="oversight_petition_open"),
            models.Index(fields=["campaign", "category"], name="oversight_petition_category"),
            models.Index(fields=["subject_person"], name="oversight_petition_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.received_on:%Y-%m-%d} {self.get_category_display()}"

    def get_absolute_url(self) -> str:
        return reverse("oversight_petitions:petition", args=[self.pk])

    @property
    def audit_org_path(self) -> str:
        return str(self.unit.path)


class PetitionStep(models.Model):
    """One handling step of a petition (调查核实、约谈、转办…): when, what was done, by whom."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="steps")
    on = models.DateField("日期")
    note = models.TextField("办理情况", max_length=1000)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name="记录人"
    )
    actor_name = models.CharField("记录人", max_length=150)

    objects = ScopedManager()
    scope_path_field = "petition__unit__path"
    scope_domain = "oversight"

    class Meta:
        verbose_name = "信访办理步骤"
        ordering = ["petition_id", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.petition} {self.on:%Y-%m-%d}"

    @property
    def audit_org_path(self) -> str:
        return str(self.petition.unit.path)
