"""Later rounds, by-elections and the follow-on bodies' results (issue 13 reqs. 3, 6).

- :class:`LaterRound`: how a run-off (再次投票), 另行选举 or revote is held — the same day or a later
  day judged against the profile's window (浙江 第二十九条, 北京 第三十条, 上海 第二十一条), and on a
  later day the updated roll, the new notice and the proxies' step.
- :class:`ByElection`: a 补选 (村民委员会组织法(2018) 第十九条 / (2025) 第二十三条), its own
  :class:`~huanjie.elections.models.Election` (kind 补选) held by the 村民会议 or the 村民代表会议.
- :class:`FollowOnResult`: the members elected to a follow-on body (村务监督委员会, 村民代表, 村民小组长,
  the supporting organizations the campaign lists), with sex and role, and the engine's check.
"""

from __future__ import annotations

from django.db import models

from huanjie.core.scoping import ScopedManager
from huanjie.core.versioning import Versioned
from huanjie.elections.models.elections import Election
from huanjie.elections.models.results import ResultRound


class LaterRound(models.Model):
    """How a later round is held: the engine's timing check (same day / within the window), and for a
    later day the roll copied to that day, the notice issued and whether proxies are taken again."""

    round = models.OneToOneField(
        ResultRound, on_delete=models.PROTECT, related_name="later", verbose_name="轮次"
    )
    same_day = models.BooleanField("当日进行")
    in_time = models.BooleanField("在法定期限内", default=True)
    deadline = models.DateField("最迟日期", null=True, blank=True)
    timing = models.JSONField("法律引擎说明", default=list)
    roll = models.ForeignKey(
        "elections.VoterRoll",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="更新的选民名单",
    )
    notice = models.ForeignKey(
        "elections.Notice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="公告",
    )
    created_by = models.CharField("登记人", max_length=150)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedManager()
    scope_path_field = "round__election__unit__path"
    scope_domain = "elections"

    class Meta:
        verbose_name = "后续轮次安排"

    def __str__(self) -> str:
        return f"{self.round}安排"

    @property
    def audit_org_path(self) -> str:
        return str(self.round.election.unit.path)


class ByElectionBody(models.TextChoices):
    ASSEMBLY = "assembly", "村民会议"
    REPRESENTATIVES = "representatives", "村民代表会议"


class ByElection(models.Model):
    """A 补选 of a committee's vacancies: its own election (kind 补选, ``previous`` the election it
    completes), the body that holds it, its members entitled to vote, the posts (a 主任-only 补选 has
    one post) and the engine's turnout check once the vote is known."""

    election = models.OneToOneField(
        Election, on_delete=models.PROTECT, related_name="by_election", verbose_name="补选"
    )
    held_by = models.CharField("补选机构", max_length=20, choices=ByElectionBody.choices)
    members = models.PositiveIntegerField("应参加人数")
    head_only = models.BooleanField("只补选主任", default=False)
    reason = models.TextField("出缺情况", max_length=1000)
    explanation = models.JSONField("法律引擎说明", default=list, blank=True)
    created_by = models.CharField("登记人", max_length=150)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedManager()
    scope_path_field = "election__unit__path"
    scope_domain = "elections"

    class Meta:
        verbose_name = "补选"

    def __str__(self) -> str:
        return f"{self.election}（{self.get_held_by_display()}）"

    @property
    def audit_org_path(self) -> str:
        return str(self.election.unit.path)


class FollowOnResult(Versioned):
    """The result of a follow-on election: the members elected (``members``: [{name, sex, role}]),
    for the 村民代表 also the 村委会 members sitting in the 村民代表会议, and the engine's check."""

    election = models.OneToOneField(
        Election, on_delete=models.PROTECT, related_name="followon_result", verbose_name="选举"
    )
    held_on = models.DateField("选举日期")
    members = models.JSONField("当选人员", default=list)
    committee_members = models.PositiveSmallIntegerField("村民代表会议中的村民委员会成员数", default=0)
    explanation = models.JSONField("法律引擎说明", default=list, blank=True)
    ok = models.BooleanField("符合法定要求", null=True)
    recorded_by = models.CharField("登记人", max_length=150)
    recorded_at = models.DateTimeField("登记时间", auto_now=True)

    objects = ScopedManager()
    scope_path_field = "election__unit__path"
    scope_domain = "elections"

    class Meta:
        verbose_name = "后续选举结果"

    def __str__(self) -> str:
        return f"{self.election}结果"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("elections_results:followon_result", args=[self.election_id])

    @property
    def audit_org_path(self) -> str:
        return str(self.election.unit.path)
