"""The person registry, near-relative relations, committees and tenures."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from huanjie.core.models import WorkflowRecord
from huanjie.core.scoping import ScopedManager
from huanjie.core.versioning import Versioned
from huanjie.org.models import OrgUnit
from huanjie.people.choices import (
    BODY_CHOICES,
    CAUSE_CHOICES,
    ETHNICITY_CHOICES,
    ChangeAction,
    CommitteeKind,
    ConflictKind,
    ConflictStatus,
    Education,
    EndReason,
    PartyOrgForm,
    PoliticalStatus,
    Post,
    RelationKind,
    Sex,
    Source,
)
from huanjie.people.workflows import CHANGE_SPEC
from huanjie.rules import registry


class Person(Versioned):
    """A citizen, one record per citizen ID across the deployment.

    The ID is stored SM4-GCM encrypted (``id_cipher``); ``id_index`` is its HMAC-SM3 blind index
    (unique: one person, one record); ``id_masked`` is what most roles see. Birth date and sex are
    derived from the ID (GB 11643-1999) and never typed in separately.
    """

    id_cipher = models.TextField("身份证号（密文）")
    id_index = models.CharField("身份证号索引", max_length=64, unique=True)
    id_masked = models.CharField("身份证号", max_length=18)
    name = models.CharField("姓名", max_length=50, db_index=True)
    sex = models.CharField("性别", max_length=1, choices=Sex.choices)
    birth_date = models.DateField("出生日期")
    ethnicity = models.CharField("民族", max_length=10, choices=ETHNICITY_CHOICES, default="汉族")
    political_status = models.CharField(
        "政治面貌", max_length=20, choices=PoliticalStatus.choices, default=PoliticalStatus.MASSES
    )
    party_join_date = models.DateField("入党时间", null=True, blank=True)
    education = models.CharField("全日制学历", max_length=20, choices=Education.choices, blank=True)
    education_in_service = models.CharField("在职学历", max_length=20, choices=Education.choices, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    domicile_unit = models.ForeignKey(
        OrgUnit, verbose_name="户籍所在单位", on_delete=models.PROTECT, related_name="residents"
    )
    occupation = models.CharField("职业", max_length=50, blank=True)
    is_veteran = models.BooleanField("退役军人", default=False)
    is_returning_graduate = models.BooleanField("返乡大学生", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope_path_field = "domicile_unit__path"
    scope_domain = "people"
    audit_exclude = ("id_cipher", "id_index", "created_at", "updated_at", "version")

    class Meta:
        ordering = ["domicile_unit__code", "name", "id"]
        verbose_name = "人员"

    def __str__(self) -> str:
        return self.name

    @property
    def audit_org_path(self) -> str:
        return self.domicile_unit.path

    @property
    def highest_education(self) -> str:
        """The higher of full-time and in-service education (statistics count the highest)."""
        return registry.highest_education((self.education, self.education_in_service))


class Relation(models.Model):
    """A near-relative link (近亲属, 民法典 第一千零四十五条), stored once and read both ways:
    ``person_a`` is ``kind`` of ``person_b`` (e.g. parent of); symmetric kinds keep a < b.
    """

    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relations_as_a")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relations_as_b")
    kind = models.CharField("关系", max_length=24, choices=RelationKind.choices)

    objects = ScopedManager()
    scope_path_field = "person_a__domicile_unit__path"
    scope_domain = "people"

    class Meta:
        verbose_name = "近亲属关系"
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="uniq_relation_pair"),
            models.CheckConstraint(
                condition=~models.Q(person_a=models.F("person_b")), name="relation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_a} 是 {self.person_b} 的{self.get_kind_display()}"

    @property
    def audit_org_path(self) -> str:
        return self.person_a.domicile_unit.path


class Committee(Versioned):
    """One of a village's or community's committees (党组织, 村/居委会, 监委会)."""

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name="村（社区）", on_delete=models.PROTECT, related_name="committees"
    )
    kind = models.CharField("班子", max_length=24, choices=CommitteeKind.choices)
    party_org_form = models.CharField("党组织形式", max_length=20, choices=PartyOrgForm.choices, blank=True)

    objects = ScopedManager()
    scope_path_field = "org_unit__path"
    scope_domain = "people"

    class Meta:
        ordering = ["org_unit__code", "kind"]
        verbose_name = "班子"
        constraints = [models.UniqueConstraint(fields=["org_unit", "kind"], name="uniq_committee_kind")]

    def __str__(self) -> str:
        label = (
            self.get_party_org_form_display()
            if self.kind == CommitteeKind.PARTY_ORG and self.party_org_form
            else self.get_kind_display()
        )
        return f"{self.org_unit.name}{label}"

    @property
    def audit_org_path(self) -> str:
        return self.org_unit.path


class Tenure(Versioned):
    """A person holding a post on a committee for a term (届次). Sitting = no end date.

    一肩挑 and 交叉任职 are derived from sitting tenures, never stored.
    """

    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.PROTECT, related_name="tenures")
    committee = models.ForeignKey(
        Committee, verbose_name="班子", on_delete=models.PROTECT, related_name="tenures"
    )
    post = models.CharField("职务", max_length=24, choices=Post.choices)
    term_number = models.PositiveSmallIntegerField("届次")
    start_date = models.DateField("任职日期")
    end_date = models.DateField("离任日期", null=True, blank=True, db_index=True)
    end_reason = models.CharField("离任原因", max_length=20, choices=EndReason.choices, blank=True)
    source = models.CharField("来源", max_length=20, choices=Source.choices, blank=True)

    objects = ScopedManager()
    scope_path_field = "committee__org_unit__path"
    scope_domain = "people"

    class Meta:
        ordering = ["committee__org_unit__code", "committee__kind", "post", "id"]
        verbose_name = "任职"
        indexes = [models.Index(fields=["committee", "end_date"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.committee} · {self.get_post_display()}"

    @property
    def audit_org_path(self) -> str:
        return self.committee.org_unit.path


class RegistrationConflict(models.Model):
    """A roster row that named a person registered (domiciled or sitting) outside the uploader's
    jurisdiction (hardening issue 7). The import neither names nor seats the person: the row waits
    here for the lowest level holding both places (``level_path``, a code-prefix path), which decides
    — a move to ``unit``, a second seat the law allows, or a refusal (people.conflicts).

    ``unit`` is where the uploader wanted the seat; ``other_unit`` where the person is registered.
    The seat asked for is kept (committee, post, term, start, source) so a decision can make it."""

    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        OrgUnit, verbose_name="拟任职村（社区）", on_delete=models.PROTECT, related_name="+"
    )
    other_unit = models.ForeignKey(
        OrgUnit, verbose_name="已登记单位", on_delete=models.PROTECT, related_name="+"
    )
    other_is_seat = models.BooleanField("已在该单位任职", default=False)
    level_path = models.CharField("决定层级", max_length=12, db_index=True, blank=True)
    # A registration (登记人员 page) asks for no seat: its seat fields stay empty.
    kind = models.CharField(
        "冲突类型", max_length=20, choices=ConflictKind.choices, default=ConflictKind.SEAT
    )
    requested_name = models.CharField("申请登记的姓名", max_length=50, blank=True)
    committee_kind = models.CharField("班子", max_length=24, choices=CommitteeKind.choices, blank=True)
    party_org_form = models.CharField("党组织形式", max_length=20, choices=PartyOrgForm.choices, blank=True)
    post = models.CharField("职务", max_length=24, choices=Post.choices, blank=True)
    term_number = models.PositiveSmallIntegerField("届次", null=True, blank=True)
    start_date = models.DateField("任职日期", null=True, blank=True)
    source = models.CharField("来源", max_length=20, choices=Source.choices, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=ConflictStatus.choices, default=ConflictStatus.OPEN, db_index=True
    )
    raised_by = models.ForeignKey(
        "accounts.User", verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    import_job = models.PositiveIntegerField("导入任务", null=True, blank=True)
    raised_at = models.DateTimeField("提出时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name="决定人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    reason = models.TextField("理由", blank=True)

    objects = ScopedManager()
    scope_path_field = "level_path"
    scope_domain = "people"

    class Meta:
        ordering = ["status", "-raised_at", "id"]
        verbose_name = "登记冲突"

    def __str__(self) -> str:
        return f"{self.person} · {self.unit.name}"

    @property
    def is_registration(self) -> bool:
        return self.kind == ConflictKind.REGISTRATION

    @property
    def status_label(self) -> str:
        """The status as the list shows it: a registration asks for no seat (迁入, 不予登记)."""
        if self.is_registration and self.status == ConflictStatus.MOVED:
            return "迁入（户籍改为申请登记的村（社区））"
        if self.is_registration and self.status == ConflictStatus.REFUSED:
            return "不予登记"
        return self.get_status_display()

    @property
    def audit_org_path(self) -> str:
        return self.level_path


class CommitteeChange(WorkflowRecord):
    """A change set of one village's (community's) committees (班子成员变动, issue 9 reqs. 2 and 11):
    members leaving and joining together on ``change_date``, each line with its legal cause,
    deciding body and evidence (``items``). Proposed by the village and confirmed by the town, or
    made by the town directly; applied in one transaction (people.services.change_set_*)."""

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name="村（社区）", on_delete=models.PROTECT, related_name="committee_changes"
    )
    change_date = models.DateField("变动日期")
    note = models.TextField("说明", blank=True)
    proposed_by = models.ForeignKey(
        "accounts.User", verbose_name="提出人", on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField("提出时间", auto_now_add=True)

    objects = ScopedManager()
    scope_path_field = "org_unit__path"
    scope_domain = "people"
    workflow_spec = CHANGE_SPEC

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = "班子成员变动"

    def __str__(self) -> str:
        return f"{self.org_unit.name} {self.change_date.isoformat()}"

    def get_absolute_url(self) -> str:
        return reverse("people:change_detail", args=[self.pk])

    @property
    def audit_org_path(self) -> str:
        return self.org_unit.path


class CommitteeChangeItem(models.Model):
    """One line of a change set: ``tenure`` ends, or ``person`` takes ``post`` on the committee of
    ``committee_kind`` (``tenure`` is then the tenure created when the change set is applied)."""

    change = models.ForeignKey(CommitteeChange, on_delete=models.CASCADE, related_name="items")
    action = models.CharField("变动", max_length=8, choices=ChangeAction.choices)
    committee_kind = models.CharField("班子", max_length=24, choices=CommitteeKind.choices)
    post = models.CharField("职务", max_length=24, choices=Post.choices)
    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.PROTECT, related_name="+")
    tenure = models.ForeignKey(
        Tenure, verbose_name="任职", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    tenure_version = models.PositiveIntegerField("任职版本", null=True, blank=True)
    """The ending tenure's version when the line was written: a tenure edited since is refused."""
    term_number = models.PositiveSmallIntegerField("届次", null=True, blank=True)
    cause = models.CharField("原因", max_length=24, choices=CAUSE_CHOICES)
    body = models.CharField("决定机关", max_length=32, choices=BODY_CHOICES)
    document_number = models.CharField("文件（文书）编号", max_length=100, blank=True)
    document_date = models.DateField("文件日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    objects = ScopedManager()
    scope_path_field = "change__org_unit__path"
    scope_domain = "people"

    class Meta:
        ordering = ["change", "action", "id"]
        verbose_name = "班子成员变动明细"

    def __str__(self) -> str:
        return f"{self.get_action_display()}：{self.person} {self.get_post_display()}"
