"""The 村（居）民选举委员会 of a village in a campaign, proxies (委托投票) and the polling plan (issue 12
reqs. 3, 5, 6).

The rules live in huanjie.rules.election_committee and huanjie.rules.polling; these rows record what
was decided, with the citation that decided it where a rule did (withdrawals, refusals are never
stored: a refused proxy is shown with its reasons and nothing is written).
"""

from __future__ import annotations

from django.db import models

from huanjie.core.scoping import ScopedManager

__all__ = [
    "ChosenBy",
    "CommitteeSeat",
    "ElectionCommittee",
    "PollingPlan",
    "PollingStaff",
    "PollingVenue",
    "Proxy",
    "SeatRole",
    "StaffRole",
    "VenueKind",
    "VotingMode",
]


class ChosenBy(models.TextChoices):
    """The three bodies that may choose the committee (村民委员会组织法(2018) 第十二条 / (2025) 第十五条)."""

    VILLAGERS_MEETING = "villagers_meeting", "村民会议推选"
    REPRESENTATIVES_MEETING = "representatives_meeting", "村民代表会议推选"
    GROUP_MEETINGS = "group_meetings", "各村民小组会议推选"


class SeatRole(models.TextChoices):
    CHAIR = "chair", "主任"
    VICE_CHAIR = "vice_chair", "副主任"
    MEMBER = "member", "委员"
    RESERVE = "reserve", "候补（推选未当选）"


class StaffRole(models.TextChoices):
    """Election staff (唱票/计票/监票, and 发票/代书 where the measure names them)."""

    CALLER = "唱票", "唱票人"
    COUNTER = "计票", "计票人"
    SCRUTINEER = "监票", "监票人"
    ISSUER = "发票", "发票人"
    WRITER = "代书", "代书人"
    OTHER = "其他", "其他选举工作人员"


class VenueKind(models.TextChoices):
    STATION = "station", "投票站"
    MOBILE = "mobile", "流动票箱"


class VotingMode(models.TextChoices):
    ALL_VOTERS = "all_voters", "全体选民直接选举"
    HOUSEHOLDS = "households", "户代表选举"
    REPRESENTATIVES = "representatives", "居民代表选举"


class ElectionCommittee(models.Model):
    """The 村（居）民选举委员会 of one village or community in a campaign: how and when it was chosen
    (推选), and the law and profile it was judged by."""

    campaign = models.ForeignKey("planning.Campaign", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="村（社区）"
    )
    chosen_by = models.CharField("推选方式", max_length=30, choices=ChosenBy.choices)
    chosen_on = models.DateField("推选日期")
    filed_on = models.DateField("报乡镇备案日期", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedManager()
    scope_path_field = "unit__path"
    scope_domain = "elections"

    class Meta:
        verbose_name = "选举委员会"
        ordering = ["unit__path", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="elections_committee_once"),
        ]

    def __str__(self) -> str:
        return f"{self.unit}选举委员会"

    @property
    def audit_org_path(self) -> str:
        return str(self.unit.path)


class CommitteeSeat(models.Model):
    """A person of the village on the committee or in its 推选 ranking (``reserve``): the votes of the
    推选, the seat, and when and why the person left (withdrawal with its citation)."""

    committee = models.ForeignKey(ElectionCommittee, on_delete=models.CASCADE, related_name="seats")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name="人员"
    )
    role = models.CharField("职务", max_length=12, choices=SeatRole.choices)
    votes = models.PositiveIntegerField("推选得票", null=True, blank=True)
    joined_on = models.DateField("任职日期", null=True, blank=True)
    filled_from_ranking = models.BooleanField("依次递补", default=False)
    left_on = models.DateField("退出日期", null=True, blank=True)
    left_reason = models.CharField("退出原因", max_length=300, blank=True)
    left_citation = models.CharField("退出依据", max_length=300, blank=True)

    objects = ScopedManager()
    scope_path_field = "committee__unit__path"
    scope_domain = "elections"

    class Meta:
        verbose_name = "选举委员会成员"
        ordering = ["committee_id", "left_on", "role", "-votes", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "person"], name="elections_committee_seat_once"),
        ]

    def __str__(self) -> str:
        return f"{self.committee}{self.get_role_display()}{self.person}"

    @property
    def audit_org_path(self) -> str:
        return str(self.committee.unit.path)


class Proxy(models.Model):
    """A registered written proxy (委托投票) for one election: principal and proxy are people of the
    village; refused requests are never stored."""

    election = models.ForeignKey("elections.Election", on_delete=models.CASCADE, related_name="proxies")
    principal = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name="委托人"
    )
    proxy = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name="受委托人"
    )
    relationship = models.CharField("关系", max_length=20)
    requested_on = models.DateField("委托日期")
    warnings = models.JSONField("提示", default=list, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedManager()
    scope_path_field = "election__unit__path"
    scope_domain = "elections"

    class Meta:
        verbose_name = "委托投票"
        ordering = ["election_id", "proxy_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["election", "principal"], name="elections_proxy_once"),
        ]

    def __str__(self) -> str:
        return f"{self.principal}委托{self.proxy}"

    @property
    def audit_org_path(self) -> str:
        return str(self.election.unit.path)


class PollingPlan(models.Model):
    """The polling plan of one election: candidates meeting the voters (竞职陈述), the central venue
    with its secret writing booths (秘密写票处), the voting mode and the proxy list's publication."""

    election = models.OneToOneField(
        "elections.Election", on_delete=models.CASCADE, related_name="polling_plan"
    )
    mode = models.CharField(
        "投票方式", max_length=20, choices=VotingMode.choices, default=VotingMode.ALL_VOTERS
    )
    meeting_on = models.DateField("候选人与选民见面日期", null=True, blank=True)
    meeting_place = models.CharField("见面地点", max_length=200, blank=True)
    central_venue = models.CharField("中心投票会场", max_length=200)
    central_booths = models.PositiveSmallIntegerField("秘密写票处（个）", default=1)
    proxy_list_published_on = models.DateField("委托投票名单公布日期", null=True, blank=True)

    objects = ScopedManager()
    scope_path_field = "election__unit__path"
    scope_domain = "elections"

    class Meta:
        verbose_name = "投票方案"

    def __str__(self) -> str:
        return f"{self.election}投票方案"

    @property
    def audit_org_path(self) -> str:
        return str(self.election.unit.path)


class PollingVenue(models.Model):
    """A 投票站 or a 流动票箱 of the plan (a mobile box with the town's approval where the measure asks)."""

    plan = models.ForeignKey(PollingPlan, on_delete=models.CASCADE, related_name="venues")
    kind = models.CharField("类型", max_length=10, choices=VenueKind.choices)
    name = models.CharField("名称", max_length=100)
    place = models.CharField("地点或范围", max_length=200, blank=True)
    booths = models.PositiveSmallIntegerField("秘密写票处（个）", default=0)
    approved = models.BooleanField("乡镇已批准", default=False)
    approval_no = models.CharField("批准文号", max_length=64, blank=True)

    objects = ScopedManager()
    scope_path_field = "plan__election__unit__path"
    scope_domain = "elections"

    class Meta:
        verbose_name = "投票站（流动票箱）"
        ordering = ["plan_id", "kind", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"

    @property
    def audit_org_path(self) -> str:
        return str(self.plan.election.unit.path)


class PollingStaff(models.Model):
    """A member of the election staff, with the role and (for scrutineers of a station or mobile
    box) the venue."""

    plan = models.ForeignKey(PollingPlan, on_delete=models.CASCADE, related_name="staff")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name="人员"
    )
    role = models.CharField("工作职责", max_length=4, choices=StaffRole.choices)
    venue = models.ForeignKey(
        PollingVenue,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name="投票站",
    )

    objects = ScopedManager()
    scope_path_field = "plan__election__unit__path"
    scope_domain = "elections"

    class Meta:
        verbose_name = "选举工作人员"
        ordering = ["plan_id", "role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "person", "role", "venue"], name="elections_staff_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}{self.person}"

    @property
    def audit_org_path(self) -> str:
        return str(self.plan.election.unit.path)
