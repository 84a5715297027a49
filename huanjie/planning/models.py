"""Planning records: the city's campaign (换届工作) with its milestones and batches, each village's
seats (职数) and its assessment (研判) with a view of each sitting member.

Assessments and member views are confidential (只做不说): they are read only through
``huanjie.planning.selectors``, scoped to the jurisdiction by ``planning.view``, which is never granted
to village operators, vetting departments or supervision groups.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from huanjie.accounts.roles import VETTING_DEPARTMENTS
from huanjie.core.models import WorkflowRecord
from huanjie.core.scoping import ScopedManager
from huanjie.core.versioning import Versioned
from huanjie.people.choices import PartyOrgForm
from huanjie.planning import choices as member_choices
from huanjie.planning.choices import (
    BodyKind,
    Grade,
    GuidanceSeverity,
    MemberView,
    NegativeTier,
    Problem,
    ResponsibilityRole,
    RiskFlag,
    SeatBody,
    VillageCategory,
)
from huanjie.planning.workflows import ASSESSMENT_SPEC, CAMPAIGN_SPEC
from huanjie.rules.profiles import PROFILES


def profile_choices() -> list[tuple[str, str]]:
    return [(code, p.name) for code, p in PROFILES.items()]


class Campaign(WorkflowRecord):
    """A city's 换届工作: its provincial profile, window, milestones and batches.

    Owned by the city (``city``); every holder of ``planning.view`` in that city sees it (selectors).
    A published campaign is locked: only the city unlocks it, with a reason (audited, flagged for its
    leader). The law version is not a setting: each step is judged by the text in force on its date
    (``huanjie.rules.planning.law_in_force``).
    """

    city = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="市")
    name = models.CharField("名称", max_length=100)
    profile_code = models.CharField("省级配置", max_length=32)
    window_start = models.DateField("换届开始日期")
    window_end = models.DateField("换届结束日期")
    pledge_blocks_party = models.BooleanField(
        "未签订换届纪律承诺书的党组织预备人选不得确定",
        default=False,
        help_text="勾选后，党组织预备人选未签订承诺书的，资格审查为“不能确定”，镇党委不得批准",
    )

    workflow_spec = CAMPAIGN_SPEC
    # The audit page's label of the profile code (accounts.console_selectors).
    audit_choices = {"profile_code": lambda: [(code, p.name) for code, p in PROFILES.items()]}
    scope_path_field = "city__path"

    class Meta:
        verbose_name = "换届工作"
        ordering = ["-window_start", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("planning:campaign", args=[self.pk])

    @property
    def audit_org_path(self) -> str:
        return str(self.city.path)

    @property
    def profile_name(self) -> str:
        profile = PROFILES.get(self.profile_code)
        return profile.name if profile else self.profile_code


class Milestone(models.Model):
    """A dated step of the campaign (e.g. 研判完成, 人事安排方案上报)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField("节点名称", max_length=100)
    date = models.DateField("日期")

    class Meta:
        verbose_name = "工作节点"
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return self.name


class Batch(models.Model):
    """A batch of the campaign (试点 first, then 分批推进) with its dates."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="batches")
    name = models.CharField("批次名称", max_length=50)
    start = models.DateField("开始日期")
    end = models.DateField("结束日期")

    class Meta:
        verbose_name = "批次"
        ordering = ["start", "pk"]

    def __str__(self) -> str:
        return self.name


class CommitteeSeats(models.Model):
    """The 村（居）民委员会's number of seats for the campaign, decided by the 村（居）民会议 or its 代表
    会议 within the law's bounds (村民委员会组织法(2018) 第六条 / (2025) 第八条: 三至七人; 城市居民委员会
    组织法(2018) 第七条 / (2025) 第八条: 五至九人), with the decision's date and document number."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="村（社区）"
    )
    members = models.PositiveSmallIntegerField("职数")
    decided_by = models.CharField("决定机构", max_length=20, choices=SeatBody.choices)
    decision_date = models.DateField("决定日期")
    document_no = models.CharField("文件编号", max_length=64)

    objects = ScopedManager()
    scope_path_field = "unit__path"
    scope_domain = "planning"

    class Meta:
        verbose_name = "村（居）民委员会职数"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="planning_committee_seats_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit}村（居）民委员会职数"

    @property
    def audit_org_path(self) -> str:
        return str(self.unit.path)


class PartySeats(models.Model):
    """The village party organization's number of committee members and its form (党委/党总支/党支部),
    as the branch asked in its 请示 and the 镇党委 approved in its 批复."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="村（社区）"
    )
    members = models.PositiveSmallIntegerField("委员职数")
    form = models.CharField("组织形式", max_length=20, choices=PartyOrgForm.choices)
    request_no = models.CharField("请示文号", max_length=64)
    request_date = models.DateField("请示日期")
    approval_no = models.CharField("批复文号", max_length=64)
    approval_date = models.DateField("批复日期")

    objects = ScopedManager()
    scope_path_field = "unit__path"
    scope_domain = "planning"

    class Meta:
        verbose_name = "党组织职数"
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="planning_party_seats_once")]

    def __str__(self) -> str:
        return f"{self.unit}党组织职数"

    @property
    def audit_org_path(self) -> str:
        return str(self.unit.path)


class Assessment(WorkflowRecord):
    """A village's 研判 for the campaign: prepared by its town, reviewed by the county (保密)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="村（社区）"
    )
    grade = models.CharField("班子总体评价", max_length=20, choices=Grade.choices, blank=True)
    category = models.CharField("村（社区）类别", max_length=20, choices=VillageCategory.choices, blank=True)
    problems = models.JSONField("存在问题", default=list, blank=True)
    risks = models.JSONField("风险点", default=list, blank=True)
    notes = models.TextField("研判意见", max_length=2000, blank=True)

    objects = ScopedManager()
    workflow_spec = ASSESSMENT_SPEC
    # The audit page's labels for the codes in the JSON lists (accounts.console_selectors).
    audit_choices = {"problems": Problem.choices, "risks": RiskFlag.choices}
    scope_path_field = "unit__path"
    scope_domain = "planning"

    class Meta:
        verbose_name = "研判"
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="planning_assessment_once")]

    def __str__(self) -> str:
        return f"{self.unit}研判"

    def get_absolute_url(self) -> str:
        return reverse("planning:assessment", args=[self.pk])

    @property
    def audit_org_path(self) -> str:
        return str(self.unit.path)


class MemberAssessment(models.Model):
    """The town's view of one sitting member in an assessment: 留任/调整/退出 with the reason (保密)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="members")
    tenure = models.ForeignKey("people.Tenure", on_delete=models.PROTECT, related_name="+")
    view = models.CharField("意见", max_length=10, choices=MemberView.choices)
    reason = models.CharField("理由", max_length=500)
    # 四低一缺 as the speech names them: 收入待遇偏低、能力本领偏低 (age and education come from the person).
    income = models.CharField("收入待遇", max_length=10, choices=member_choices.Income.choices, blank=True)
    ability = models.CharField("能力本领", max_length=10, choices=member_choices.Ability.choices, blank=True)

    objects = ScopedManager()
    scope_path_field = "assessment__unit__path"
    scope_domain = "planning"

    class Meta:
        verbose_name = "成员研判意见"
        constraints = [
            models.UniqueConstraint(fields=["assessment", "tenure"], name="planning_member_view_once")
        ]

    def __str__(self) -> str:
        return f"{self.tenure}：{self.get_view_display()}"

    @property
    def audit_org_path(self) -> str:
        return str(self.assessment.unit.path)


# ---------------------------------------------------------------------------------------------
# Campaign settings (issue 10 req. 1): the responsibility list, structure targets, the negative
# list, the age and education guidance and the joint-review departments. Each row belongs to a
# campaign and is written only while the campaign may be edited (a published campaign is locked;
# the city unlocks it with a reason: core.workflow). Not confidential: read by every role that
# holds ``planning.settings`` in the campaign's city.


class CampaignSetting(models.Model):
    """Base of a campaign's settings rows: the campaign and the city's audit path."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True

    @property
    def audit_org_path(self) -> str:
        return str(self.campaign.city.path)


class CampaignBody(CampaignSetting):
    """A body of the responsibility list: the 领导小组 (its 组长 and members), its office, a member
    unit (成员单位) or a task force (工作专班), with its duties."""

    kind = models.CharField("类别", max_length=20, choices=BodyKind.choices)
    name = models.CharField("名称", max_length=100)
    head = models.CharField("负责人", max_length=100, blank=True)
    members = models.CharField("组成人员", max_length=500, blank=True)
    duties = models.CharField("职责", max_length=500, blank=True)

    class Meta:
        verbose_name = "领导机构和工作机构"
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.name


class ResponsiblePerson(CampaignSetting):
    """The 第一责任人 or 直接责任人 of a level (the city, a county or a town of the campaign's city)."""

    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="单位")
    role = models.CharField("责任", max_length=10, choices=ResponsibilityRole.choices)
    name = models.CharField("姓名", max_length=50)
    position = models.CharField("职务", max_length=100)

    class Meta:
        verbose_name = "责任人"
        ordering = ["unit__path", "-role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit", "role"], name="planning_responsible_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit}{self.get_role_display()}：{self.name}"


class CampaignTask(CampaignSetting):
    """A task of the responsibility list with its owner (牵头单位) and deadline."""

    title = models.CharField("任务", max_length=200)
    owner = models.CharField("牵头单位", max_length=100)
    deadline = models.DateField("完成时限")

    class Meta:
        verbose_name = "责任清单任务"
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.title


class StructureTarget(CampaignSetting, Versioned):
    """A structure target of the campaign: one of huanjie.rules.campaign.DEFINITIONS (the code) with
    the campaign's label and parameters: the range aimed at, the baseline of the age target (the
    previous term at its start, or the members sitting on a stated date) and the listed fields of
    the professional-fit target."""

    code = models.CharField("目标", max_length=30)
    label = models.CharField("名称", max_length=100)
    low = models.DecimalField("目标下限", max_digits=6, decimal_places=2)
    high = models.DecimalField("目标上限", max_digits=6, decimal_places=2, null=True, blank=True)
    baseline = models.CharField("比较基准", max_length=20, blank=True)
    baseline_date = models.DateField("基准日期", null=True, blank=True)
    majors = models.CharField("对口专业", max_length=500, blank=True)

    class Meta:
        verbose_name = "结构目标"
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "code"], name="planning_target_once")]

    def __str__(self) -> str:
        return self.label


class NegativeItem(CampaignSetting):
    """One item of the negative list (十不选): its code, text, tier (不能/不宜), look-back years (how
    long ago a matter still counts; blank: no limit) and the joint-review department that supplies
    the evidence."""

    code = models.CharField("编号", max_length=10)
    text = models.CharField("内容", max_length=300)
    tier = models.CharField("类别", max_length=20, choices=NegativeTier.choices)
    lookback_years = models.PositiveSmallIntegerField("追溯年限", null=True, blank=True)
    department = models.CharField("提供部门", max_length=50)

    class Meta:
        verbose_name = "负面清单事项"
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "code"], name="planning_negative_once")]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class GuidanceRule(CampaignSetting):
    """A line of the age and education guidance (huanjie.rules.campaign.GuidanceRule): for holders
    of a post, the age reached by the cut-off date (men, women) and the minimum education, whether it
    blocks or warns, and the document it comes from."""

    post = models.CharField("适用职务", max_length=20)
    applies_to = models.CharField("适用人员", max_length=10)
    age_limit_male = models.PositiveSmallIntegerField("男性年满（周岁）", null=True, blank=True)
    age_limit_female = models.PositiveSmallIntegerField("女性年满（周岁）", null=True, blank=True)
    min_education = models.CharField("最低学历", max_length=20, blank=True)
    cutoff = models.DateField("年龄计算截止日期")
    severity = models.CharField("处理", max_length=10, choices=GuidanceSeverity.choices)
    citation = models.CharField("依据", max_length=200)

    class Meta:
        verbose_name = "年龄学历要求"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.post} {self.citation}"


class ReviewDepartment(CampaignSetting):
    """A joint-review department (联审部门): what it checks, in how many days it answers, and which
    department code of the accounts (``accounts.roles.VETTING_DEPARTMENTS``, the 联审部门 of a
    vetting role) answers for it: the campaign's departments are the parties of its joint review."""

    name = models.CharField("部门", max_length=50)
    department = models.CharField(
        "对应联审部门账号", max_length=32, choices=VETTING_DEPARTMENTS, blank=True, default=""
    )
    checks = models.CharField("审查内容", max_length=300)
    days = models.PositiveSmallIntegerField("办理时限（天）")

    class Meta:
        verbose_name = "联审部门"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="planning_review_dept_once"),
            models.UniqueConstraint(
                fields=["campaign", "department"],
                condition=~models.Q(department=""),
                name="planning_review_dept_code_once",
            ),
        ]

    def __str__(self) -> str:
        return self.name


# ---------------------------------------------------------------------------------------------
# Rectification (一村一策) with its tasks and evidence, postponements, economic audits and reserve
# cadres (issue 10 reqs. 4–6). Rectifications and audits are not personnel matters; reserve cadres
# are (保密, like the plans: read through the selectors, planning.view only).

from huanjie.planning.rectification_choices import (  # noqa: E402
    AuditOrganiser,
    PostponedBody,
    ReserveSource,
    Track,
)
from huanjie.planning.rectification_workflows import RECTIFICATION_SPEC  # noqa: E402


class Rectification(WorkflowRecord):
    """A weak or complex village's 整顿 for the campaign (一村一策): its measures and its tasks on the
    four tracks; the town works it, the county signs it off (验收销号). Until it is cleared the
    village's election cannot be scheduled (``scheduling_gates``)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="村（社区）"
    )
    category = models.CharField("村（社区）类别", max_length=20, choices=VillageCategory.choices)
    measures = models.TextField("整顿措施（一村一策）", max_length=2000, blank=True)

    objects = ScopedManager()
    workflow_spec = RECTIFICATION_SPEC
    scope_path_field = "unit__path"
    scope_domain = "planning"

    class Meta:
        verbose_name = "整顿（一村一策）"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="planning_rectification_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit}整顿"

    def get_absolute_url(self) -> str:
        return reverse("planning:rectification", args=[self.pk])

    @property
    def audit_org_path(self) -> str:
        return str(self.unit.path)


class RectificationTask(Versioned):
    """One task of a rectification on one track, with its owner, deadline and progress."""

    rectification = models.ForeignKey(Rectification, on_delete=models.CASCADE, related_name="tasks")
    track = models.CharField("整治方向", max_length=20, choices=Track.choices)
    title = models.CharField("任务", max_length=200)
    owner = models.CharField("责任人", max_length=50)
    deadline = models.DateField("完成时限")
    progress = models.PositiveSmallIntegerField("完成进度", default=0)
    progress_notes = models.TextField("进展情况", max_length=1000, blank=True)

    objects = ScopedManager()
    scope_path_field = "rectification__unit__path"
    scope_domain = "planning"

    class Meta:
        verbose_name = "整顿任务"
        ordering = ["track", "deadline", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("planning:rectification_task", args=[self.pk])

    @property
    def audit_org_path(self) -> str:
        return str(self.rectification.unit.path)


class EvidenceFile(models.Model):
    """A file proving a task's progress: stored encrypted under the var directory (never under the
    web root), served only to users who see the task."""

    task = models.ForeignKey(RectificationTask, on_delete=models.CASCADE, related_name="evidence")
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    digest = models.CharField("摘要", max_length=64)
    stored = models.CharField("存储文件名", max_length=64, unique=True)
    uploaded_at = models.DateTimeField("上传时间")
    uploaded_by = models.CharField("上传人", max_length=150)

    objects = ScopedManager()
    scope_path_field = "task__rectification__unit__path"
    scope_domain = "planning"

    class Meta:
        verbose_name = "佐证材料"
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_org_path(self) -> str:
        return str(self.task.rectification.unit.path)


class Postponement(Versioned):
    """A request to postpone a village's election (延期换届), with the approval chain, limit and
    softness of the profile (or the Party regulation) copied when it was made, and its citation."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="村（社区）"
    )
    body = models.CharField("延期对象", max_length=20, choices=PostponedBody.choices)
    due_date = models.DateField("原定（届满）日期")
    new_date = models.DateField("延期至")
    reason = models.TextField("延期理由", max_length=1000)
    applicant = models.CharField("申请主体", max_length=100)
    chain = models.JSONField("审批程序", default=list)
    limit_months = models.PositiveSmallIntegerField("延期期限（月）", null=True, blank=True)
    limit_soft = models.BooleanField("期限为“一般”规定", default=False)
    citation = models.CharField("依据", max_length=200)
    created_at = models.DateTimeField("登记时间")

    objects = ScopedManager()
    scope_path_field = "unit__path"
    scope_domain = "planning"

    class Meta:
        verbose_name = "延期换届申请"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit", "body"], name="planning_postponement_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit}{self.get_body_display()}延期换届申请"

    def get_absolute_url(self) -> str:
        return reverse("planning:postponement", args=[self.pk])

    @property
    def audit_org_path(self) -> str:
        return str(self.unit.path)


class PostponementApproval(models.Model):
    """One recorded step of a postponement's chain (an approval or the filing), in order."""

    postponement = models.ForeignKey(Postponement, on_delete=models.CASCADE, related_name="approvals")
    step = models.PositiveSmallIntegerField("步骤")
    body = models.CharField("审批事项", max_length=100)
    document_no = models.CharField("文件编号", max_length=64)
    date = models.DateField("日期")

    class Meta:
        verbose_name = "延期审批记录"
        ordering = ["step"]
        constraints = [
            models.UniqueConstraint(fields=["postponement", "step"], name="planning_postponement_step_once")
        ]

    def __str__(self) -> str:
        return self.body


class EconomicAudit(Versioned):
    """The 任期和离任经济责任审计 of a village's whole sitting 村民委员会 for the campaign (who leaves is not
    known before the vote): organiser, auditor, the statutory items covered, findings and the date the
    results were published (before the election: 2018 第三十五条 / 2025 第四十条)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="村")
    organiser = models.CharField("组织单位", max_length=20, choices=AuditOrganiser.choices)
    auditor = models.CharField("审计实施单位", max_length=100)
    started_on = models.DateField("审计开始日期")
    items = models.JSONField("审计事项", default=list)
    villagers_requested = models.TextField("村民要求审计的其他事项", max_length=1000, blank=True)
    findings = models.TextField("审计发现", max_length=2000, blank=True)
    published_on = models.DateField("结果公布日期", null=True, blank=True)

    objects = ScopedManager()
    scope_path_field = "unit__path"
    scope_domain = "planning"

    class Meta:
        verbose_name = "经济责任审计"
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="planning_econ_audit_once")]

    def __str__(self) -> str:
        return f"{self.unit}经济责任审计"

    def get_absolute_url(self) -> str:
        return reverse("planning:econ_audit", args=[self.pk])

    @property
    def audit_org_path(self) -> str:
        return str(self.unit.path)


class ReserveCadre(Versioned):
    """A village's reserve cadre (后备干部): a registered person, where they come from and how they are
    being developed. A personnel matter (保密): never seen by village operators, vetting or supervision."""

    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="村（社区）"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name="人员"
    )
    source = models.CharField("来源", max_length=20, choices=ReserveSource.choices)
    notes = models.TextField("培养情况", max_length=1000, blank=True)
    added_on = models.DateField("纳入日期")
    active = models.BooleanField("在库", default=True)

    objects = ScopedManager()
    scope_path_field = "unit__path"
    scope_domain = "planning"

    class Meta:
        verbose_name = "后备干部"
        ordering = ["-active", "added_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["unit", "person"], name="planning_reserve_once")]

    def __str__(self) -> str:
        return f"{self.unit}后备干部"

    def get_absolute_url(self) -> str:
        return reverse("planning:reserve", args=[self.pk])

    @property
    def audit_org_path(self) -> str:
        return str(self.unit.path)


# ---------------------------------------------------------------------------------------------
# Personnel plans (人事安排初步方案, issue 10 req. 7): one per village and campaign, prepared by the
# town and decided by the county (a workflow record), its seats and its cached projection (a row of
# whole-number totals updated by every change of the plan, summed by SQL for towns, counties and the
# city). Confidential (只做不说) like the assessments: read only through planning.plan_selectors.

from huanjie.planning.plan_workflow import PLAN_SPEC, Decision, SeatPost, SeatSide  # noqa: E402


class PersonnelPlan(WorkflowRecord):
    """A village's 人事安排初步方案 for the campaign: prepared by its town, reviewed by the county (保密)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="村（社区）"
    )
    notes = models.TextField("说明", max_length=2000, blank=True)

    objects = ScopedManager()
    workflow_spec = PLAN_SPEC
    scope_path_field = "unit__path"
    scope_domain = "planning"

    class Meta:
        verbose_name = "人事安排初步方案"
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="planning_plan_once")]

    def __str__(self) -> str:
        return f"{self.unit}人事安排初步方案"

    def get_absolute_url(self) -> str:
        return reverse("planning:plan", args=[self.pk])

    @property
    def audit_org_path(self) -> str:
        return str(self.unit.path)


class PlanSeat(models.Model):
    """One line of a plan: a seat of the Party organization or the 村（居）民委员会 with its decision
    (进/留/转; a 退 line names a sitting member who leaves and holds no seat) and the person."""

    plan = models.ForeignKey(PersonnelPlan, on_delete=models.CASCADE, related_name="seats")
    side = models.CharField("班子", max_length=10, choices=SeatSide.choices)
    post = models.CharField("职务", max_length=20, choices=SeatPost.choices)
    decision = models.CharField("安排", max_length=10, choices=Decision.choices)
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name="人选"
    )
    note = models.CharField("备注", max_length=200, blank=True)

    objects = ScopedManager()
    scope_path_field = "plan__unit__path"
    scope_domain = "planning"

    class Meta:
        verbose_name = "人事安排席位"
        ordering = ["side", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "side", "person"], name="planning_plan_seat_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_side_display()}{self.get_post_display()}：{self.get_decision_display()}"

    @property
    def audit_org_path(self) -> str:
        return str(self.plan.unit.path)


class PlanProjection(models.Model):
    """The projected structure of a plan's village as whole numbers that add up
    (huanjie.rules.plan.Totals), rewritten in the same transaction as every change of the plan; the
    town, county and city figures are SQL sums over ``town_path``/``county_path``/``city_path``."""

    plan = models.OneToOneField(PersonnelPlan, on_delete=models.CASCADE, related_name="projection")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    city_path = models.CharField("市级编码", max_length=4, db_index=True)
    county_path = models.CharField("县级编码", max_length=6, db_index=True)
    town_path = models.CharField("乡镇编码", max_length=9, db_index=True)
    state = models.CharField("状态", max_length=32)
    units = models.PositiveIntegerField("单位数", default=1)
    villages = models.PositiveIntegerField("村数", default=0)
    villages_one_shoulder = models.PositiveIntegerField("村“一肩挑”数", default=0)
    communities = models.PositiveIntegerField("社区数", default=0)
    communities_one_shoulder = models.PositiveIntegerField("社区“一肩挑”数", default=0)
    members = models.PositiveIntegerField("成员数", default=0)
    women = models.PositiveIntegerField("女性成员数", default=0)
    college = models.PositiveIntegerField("大专及以上学历人数", default=0)
    new_members = models.PositiveIntegerField("新进成员数", default=0)
    new_college = models.PositiveIntegerField("新进成员大专及以上人数", default=0)
    cross = models.PositiveIntegerField("交叉任职人数", default=0)
    age_sum = models.PositiveIntegerField("年龄合计", default=0)
    baseline_members = models.PositiveIntegerField("现任成员数", default=0)
    baseline_age_sum = models.PositiveIntegerField("现任成员年龄合计", default=0)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope_path_field = "plan__unit__path"
    scope_domain = "planning"

    class Meta:
        verbose_name = "人事安排结构测算"
        indexes = [models.Index(fields=["campaign", "county_path"], name="planning_proj_county")]

    def __str__(self) -> str:
        return f"{self.plan}结构测算"

    @property
    def audit_org_path(self) -> str:
        return str(self.plan.unit.path)
