"""Training (培训), education upgrading (学历提升), the three mechanisms (三项机制) and the policy Q&A
(政策咨询) of a campaign (issue 14 req. 6), with the oversight app's per-campaign settings.

The speech: “市县镇分层分级开展培训，使全体换届工作人员成为政策通、业务通”; “加强对留任干部的学历培养”;
“对现任‘两委’干部，要注重用好‘三项机制’”; “有关部门之间建立政策问题会商机制”."""

from __future__ import annotations

from django.db import models

from huanjie.core.scoping import ScopedManager
from huanjie.core.versioning import Versioned

QA_ANSWER_DAYS = 5
# [M]: no law sets an answer deadline for policy questions; the campaign sets its own.
CITE_QA_ANSWER = "本次换届工作自定的答复时限（法律法规未规定政策咨询的答复期限），自提问之日起计算"


class TrainingLevel(models.TextChoices):
    CITY = "city", "市级"
    COUNTY = "county", "县级"
    TOWN = "town", "镇级"


class Mechanism(models.TextChoices):
    INCENTIVE = "incentive", "激励"
    TOLERANCE = "tolerance", "容错纠错"
    UP_DOWN = "up_down", "能上能下"


class QuestionTopic(models.TextChoices):
    PROCEDURE = "procedure", "选举程序"
    ELIGIBILITY = "eligibility", "任职资格"
    STRUCTURE = "structure", "班子结构"
    VOTERS = "voters", "选民登记"
    DISCIPLINE = "discipline", "换届纪律"
    OTHER = "other", "其他"


class OversightSetting(Versioned):
    """The oversight app's settings of one campaign (kept as data, edited by the campaign's city):
    the training coverage target in percent of the village Party secretaries and town officials, and
    the days the county or city has to answer a town's policy question (issue 14 req. 9: the Q&A
    list's overdue filter; no law sets it, so it is the campaign's own rule, cited as such)."""

    campaign = models.OneToOneField("planning.Campaign", on_delete=models.CASCADE, related_name="+")
    training_target_percent = models.PositiveSmallIntegerField("培训覆盖目标（百分比）", default=100)
    qa_answer_days = models.PositiveSmallIntegerField("政策咨询答复时限（天）", default=QA_ANSWER_DAYS)
    qa_answer_citation = models.CharField("答复时限依据", max_length=300, default=CITE_QA_ANSWER)

    objects = ScopedManager()
    scope_path_field = "campaign__city__path"
    scope_domain = "oversight"

    class Meta:
        verbose_name = "监督设置"

    def __str__(self) -> str:
        return f"{self.campaign}监督设置"

    @property
    def audit_org_path(self) -> str:
        return str(self.campaign.city.path)


class TrainingSession(Versioned):
    """One training session held by a city, county or town (``unit``) in a campaign."""

    campaign = models.ForeignKey("planning.Campaign", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="举办单位"
    )
    level = models.CharField("层级", max_length=10, choices=TrainingLevel.choices)
    title = models.CharField("培训主题", max_length=200)
    held_on = models.DateField("培训日期")
    place = models.CharField("地点", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedManager()
    scope_path_field = "unit__path"
    scope_domain = "oversight"

    class Meta:
        verbose_name = "培训"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["campaign", "held_on"], name="oversight_training_day")]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_org_path(self) -> str:
        return str(self.unit.path)


class TrainingOfficial(Versioned):
    """A town official to be trained (镇换届工作人员), named on the town's roster: the denominator of
    the town officials' coverage."""

    campaign = models.ForeignKey("planning.Campaign", on_delete=models.PROTECT, related_name="+")
    town = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="乡镇（街道）"
    )
    name = models.CharField("姓名", max_length=50)
    post = models.CharField("职务", max_length=100, blank=True)

    objects = ScopedManager()
    scope_path_field = "town__path"
    scope_domain = "oversight"

    class Meta:
        verbose_name = "镇换届工作人员"
        ordering = ["town_id", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_org_path(self) -> str:
        return str(self.town.path)


class TrainingAttendance(models.Model):
    """One attendee of a session: a person of the people registry or a town official of the roster.
    ``unit`` is where the attendee belongs (the person's village, the official's town): coverage and
    scoping count by it."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="人员",
    )
    official = models.ForeignKey(
        TrainingOfficial,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendances",
        verbose_name="镇换届工作人员",
    )
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="所在单位"
    )

    objects = ScopedManager()
    scope_path_field = "unit__path"
    scope_domain = "oversight"

    class Meta:
        verbose_name = "参训人员"
        ordering = ["session_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="oversight_attend_person_once"),
            models.UniqueConstraint(fields=["session", "official"], name="oversight_attend_official_once"),
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, official__isnull=True)
                | models.Q(person__isnull=True, official__isnull=False),
                name="oversight_attend_one_kind",
            ),
        ]

    def __str__(self) -> str:
        return str(self.person or self.official)

    @property
    def audit_org_path(self) -> str:
        return str(self.unit.path)


class EducationUpgrade(Versioned):
    """A sitting cadre's education upgrading (学历提升): the programme, enrolled and completed."""

    campaign = models.ForeignKey("planning.Campaign", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name="人员"
    )
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="村（社区）"
    )
    programme = models.CharField("学历项目", max_length=200)
    enrolled_on = models.DateField("入学日期")
    completed_on = models.DateField("毕业日期", null=True, blank=True)

    objects = ScopedManager()
    scope_path_field = "unit__path"
    scope_domain = "oversight"

    class Meta:
        verbose_name = "学历提升"
        ordering = ["-enrolled_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.person}：{self.programme}"

    @property
    def audit_org_path(self) -> str:
        return str(self.unit.path)


class MechanismDecision(Versioned):
    """A decision under one of the three mechanisms (激励, 容错纠错, 能上能下) about a sitting cadre,
    by the body that made it, with its document number."""

    campaign = models.ForeignKey("planning.Campaign", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name="人员"
    )
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="村（社区）"
    )
    mechanism = models.CharField("机制", max_length=12, choices=Mechanism.choices)
    decision = models.CharField("决定内容", max_length=500)
    body = models.CharField("决定机关", max_length=100)
    document_no = models.CharField("文号", max_length=100)
    decided_on = models.DateField("决定日期")

    objects = ScopedManager()
    scope_path_field = "unit__path"
    scope_domain = "oversight"

    class Meta:
        verbose_name = "三项机制决定"
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.person}：{self.get_mechanism_display()}"

    @property
    def audit_org_path(self) -> str:
        return str(self.unit.path)


class PolicyQuestion(Versioned):
    """A policy question (政策咨询) from a town, answered by the county or the city and, once
    published, part of the campaign's FAQ by topic."""

    campaign = models.ForeignKey("planning.Campaign", on_delete=models.PROTECT, related_name="+")
    town = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="提问单位"
    )
    topic = models.CharField("类别", max_length=16, choices=QuestionTopic.choices)
    text = models.TextField("问题", max_length=2000)
    asked_by = models.CharField("提问人", max_length=150)
    asked_at = models.DateTimeField("提问时间", auto_now_add=True)
    answer = models.TextField("答复", max_length=4000, blank=True)
    answered_by = models.CharField("答复人", max_length=150, blank=True)
    answer_unit = models.ForeignKey(
        "org.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="答复单位",
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    published = models.BooleanField("公开到常见问题", default=False)

    objects = ScopedManager()
    scope_path_field = "town__path"
    scope_domain = "oversight"

    class Meta:
        verbose_name = "政策咨询"
        ordering = ["-asked_at", "-pk"]
        indexes = [models.Index(fields=["campaign", "published", "topic"], name="oversight_faq")]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def audit_org_path(self) -> str:
        return str(self.town.path)
