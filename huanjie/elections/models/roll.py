"""Voter rolls (选民名单, issue 12 req. 4): one roll per village or community and voting day.

A roll is made for an election's day; a later voting day (另行选举, or a re-run on another day) gets an
updated copy of the roll to that day (``previous`` names the roll it was copied from, and the earlier
roll is marked superseded). Entries hold the person (people.Person when registered, otherwise the
name and the ID number encrypted as people does: SM4-GCM ``id_cipher``, HMAC-SM3 ``id_index``,
``id_masked``), the villager group, the registration category of the law in force on the
registration day (村民委员会组织法(2018) 第十三条 / (2025) 第十六条;
城市居民委员会组织法(2025) 第十六条) and the
eligibility on the voting day. A removed entry stays with its reason (四减, conflicts, objections).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse

from huanjie.core.indexes import EqualityIndex
from huanjie.core.scoping import ScopedManager


class RollMode(models.TextChoices):
    """Who the roll lists (community modes: 城市居民委员会组织法(2025) 第十四条, 第十九条)."""

    ALL = "all", "全体选民"
    HOUSEHOLD = "household", "户代表"
    REPRESENTATIVES = "representatives", "居民代表"


class RollState(models.TextChoices):
    DRAFT = "draft", "登记中"
    PUBLISHED = "published", "已公布"
    LOCKED = "locked", "已锁定（最终名单）"


class EntryStatus(models.TextChoices):
    ACTIVE = "active", "在册"
    REMOVED = "removed", "已移出"


class AddReason(models.TextChoices):
    """四增: why a person is on this roll and not on the previous one."""

    NEW_ADULT = "new_adult", "新满十八周岁"
    MOVED_IN = "moved_in", "迁入"
    RESTORED = "restored", "恢复政治权利"
    OTHER = "other", "其他新增"


class RemoveReason(models.TextChoices):
    """四减: why a person left the roll."""

    DIED = "died", "死亡"
    MOVED_OUT = "moved_out", "迁出"
    DEPRIVED = "deprived", "被剥夺政治权利"
    ELSEWHERE = "elsewhere", "在其他地方登记"
    OBJECTION = "objection", "申诉成立移出"
    OTHER = "other", "其他"


class ConflictState(models.TextChoices):
    OPEN = "open", "待本人选择"
    RESOLVED = "resolved", "已解决"


class ObjectionKind(models.TextChoices):
    OMITTED = "omitted", "漏登（应登记而未登记）"
    WRONGLY_LISTED = "wrongly_listed", "错登（不应登记而登记）"
    CORRECTION = "correction", "信息有误"


class ObjectionDecision(models.TextChoices):
    PENDING = "", "待处理"
    UPHELD = "upheld", "申诉成立"
    REJECTED = "rejected", "申诉不成立"


class VoterRoll(models.Model):
    """The voter roll of one village or community for one voting day (and one community mode)."""

    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="村（社区）"
    )
    campaign = models.ForeignKey(
        "planning.Campaign",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="换届工作",
    )
    election = models.ForeignKey(
        "elections.Election",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="选举",
    )
    profile_code = models.CharField("省级配置", max_length=32, default="national")
    voting_day = models.DateField("投票日")
    mode = models.CharField("名单类型", max_length=20, choices=RollMode.choices, default=RollMode.ALL)
    state = models.CharField("状态", max_length=20, choices=RollState.choices, default=RollState.DRAFT)
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="上一份名单"
    )
    superseded = models.BooleanField("已被后续投票日名单取代", default=False)
    published_on = models.DateField("公布日期", null=True, blank=True)
    publish_violations = models.JSONField("公布时限情况", default=list, blank=True)
    locked_on = models.DateField("锁定日期", null=True, blank=True)
    created_at = models.DateTimeField("建立时间", auto_now_add=True)

    objects = ScopedManager()
    scope_path_field = "unit__path"
    scope_domain = "elections"

    class Meta:
        verbose_name = "选民名单"
        ordering = ["unit_id", "-voting_day", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "voting_day", "mode"], name="elections_roll_one_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.unit.name}{self.voting_day.isoformat()}{self.get_mode_display()}名单"

    def get_absolute_url(self) -> str:
        return reverse("elections_roll:roll", args=[self.pk])

    @property
    def audit_org_path(self) -> str:
        return str(self.unit.path)


class RollEntry(models.Model):
    """One person on a roll: identity (registered person, or name + encrypted ID), villager group,
    registration category and what made them eligible; removed entries keep their reason."""

    # No index of its own: (roll, status) below leads with the roll. Every index costs the bulk
    # import of a city's rolls (docs/BENCHMARKS.md, voter rolls at city scale). No foreign-key
    # constraint in the database either: its check ran once per entry at the commit (8 s per
    # 1,000,000 entries). Every writer of entries holds the roll locked (SELECT … FOR UPDATE:
    # roll_services and the roll importer's commit), rolls are never deleted but by Django's
    # cascade (which this keeps), so an entry cannot lose its roll.
    roll = models.ForeignKey(
        VoterRoll,
        on_delete=models.CASCADE,
        related_name="entries",
        verbose_name="名单",
        db_index=False,
        db_constraint=False,
    )
    # Set for the few entries of registered persons: indexed only where set (Meta), not for every
    # entry of a city's rolls, and without a foreign-key constraint, whose deferred check was queued
    # for each entry written, set or not (together 1.5 s per 1,000,000 entries written with COPY).
    # Persons are never deleted by the application, and Django's PROTECT still refuses to delete
    # one that an entry names.
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="人员",
        db_index=False,
        db_constraint=False,
    )
    name = models.CharField("姓名", max_length=50)
    id_cipher = models.TextField("身份证号（密文）")
    # Indexed in Meta: looked up by equality only, so without the ``varchar_pattern_ops`` twin that
    # ``db_index=True`` adds on PostgreSQL (a second index on a random 64-character key).
    id_index = models.CharField("身份证号索引", max_length=64)
    id_masked = models.CharField("身份证号", max_length=18)
    sex = models.CharField("性别", max_length=1)
    birth_date = models.DateField("出生日期")
    group = models.CharField("村（居）民小组", max_length=50, blank=True)
    household = models.CharField("户号", max_length=30, blank=True)
    category = models.CharField("登记类别", max_length=40)
    applied = models.BooleanField("本人已表示或申请参加选举", default=False)
    approved = models.BooleanField("已经村民会议或村民代表会议同意", default=False)
    since = models.DateField("在本地居住或工作起始日期", null=True, blank=True)
    registered_on = models.DateField("登记日期")
    law_code = models.CharField("登记适用法律", max_length=40)
    add_reason = models.CharField("新增原因", max_length=20, choices=AddReason.choices, blank=True)
    status = models.CharField("状态", max_length=10, choices=EntryStatus.choices, default=EntryStatus.ACTIVE)
    remove_reason = models.CharField("移出原因", max_length=20, choices=RemoveReason.choices, blank=True)
    remove_note = models.CharField("移出说明", max_length=200, blank=True)

    objects = ScopedManager()
    scope_path_field = "roll__unit__path"
    scope_domain = "elections"
    audit_exclude = ("id_cipher", "id_index")

    class Meta:
        verbose_name = "选民登记"
        ordering = ["roll_id", "group", "pk"]
        indexes = [
            models.Index(fields=["roll", "status"], name="elections_roll_entry_status"),
            EqualityIndex(fields=["id_index"], name="elections_roll_entry_idx"),
            models.Index(
                fields=["person"], name="elections_roll_entry_person", condition=Q(person__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.id_masked}）"

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS.get(self.category, self.category)

    @property
    def audit_org_path(self) -> str:
        return str(self.roll.unit.path)


#: Short Chinese labels of the registration categories (rules.profiles codes) for lists.
CATEGORY_LABELS = {
    "hukou_resident": "户籍在本村并在本村居住",
    "hukou_absent": "户籍在本村、不在本村居住（本人表示参加）",
    "resident_non_hukou": "户籍不在本地、在本地居住（申请并经同意）",
    "village_work": "在本村从事村务工作（申请并经同意）",
    "resident": "本居住地区居民",
    "hukou": "户籍在本社区（本人表示参加）",
    "community_worker": "社区工作者（申请并确认）",
}


class RollConflict(models.Model):
    """A person on two villages' rolls of one campaign (same ID blind index): it waits in the queue of
    the lowest level holding both villages (town, county, city) until the person's choice is recorded:
    one entry is kept, the other removed with the reason (村民委员会组织法(2025) 第十六条:
    不得再参加其他地方)."""

    campaign = models.ForeignKey(
        "planning.Campaign",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="换届工作",
    )
    id_index = models.CharField("身份证号索引", max_length=64, db_index=True)
    entry_a = models.ForeignKey(RollEntry, on_delete=models.PROTECT, related_name="+", verbose_name="登记一")
    entry_b = models.ForeignKey(RollEntry, on_delete=models.PROTECT, related_name="+", verbose_name="登记二")
    level_path = models.CharField("决定层级", max_length=12)
    state = models.CharField("状态", max_length=10, choices=ConflictState.choices, default=ConflictState.OPEN)
    kept = models.ForeignKey(
        RollEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="保留的登记",
    )
    choice_note = models.CharField("本人选择情况", max_length=200, blank=True)
    decided_by = models.CharField("登记人", max_length=150, blank=True)
    decided_at = models.DateTimeField("登记时间", null=True, blank=True)
    created_at = models.DateTimeField("发现时间", auto_now_add=True)

    objects = ScopedManager()
    scope_path_field = "level_path"
    scope_domain = "elections"
    audit_exclude = ("id_index",)

    class Meta:
        verbose_name = "重复登记"
        ordering = ["state", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["entry_a", "entry_b"], name="elections_roll_conflict_pair")
        ]

    def __str__(self) -> str:
        return f"重复登记 {self.pk}"

    @property
    def audit_org_path(self) -> str:
        return self.level_path


class RollObjection(models.Model):
    """An objection to a published roll (申诉): filed within the period counted from the publication,
    decided within the decision period (legal-rules.md §4; rules.schedule objections steps)."""

    roll = models.ForeignKey(
        VoterRoll, on_delete=models.CASCADE, related_name="objections", verbose_name="名单"
    )
    entry = models.ForeignKey(
        RollEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="涉及的登记",
    )
    objector = models.CharField("申诉人", max_length=50)
    kind = models.CharField("申诉类型", max_length=20, choices=ObjectionKind.choices)
    content = models.TextField("申诉内容", max_length=1000)
    filed_on = models.DateField("申诉日期")
    decision = models.CharField(
        "处理结果",
        max_length=10,
        choices=ObjectionDecision.choices,
        default=ObjectionDecision.PENDING,
        blank=True,
    )
    decision_text = models.TextField("处理意见", max_length=1000, blank=True)
    decided_on = models.DateField("处理日期", null=True, blank=True)
    violations = models.JSONField("时限情况", default=list, blank=True)

    objects = ScopedManager()
    scope_path_field = "roll__unit__path"
    scope_domain = "elections"

    class Meta:
        verbose_name = "选民名单申诉"
        ordering = ["roll_id", "filed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.objector}的申诉"

    @property
    def audit_org_path(self) -> str:
        return str(self.roll.unit.path)
