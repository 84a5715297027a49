"""Results of a Party election (issue 13 req. 5): the 党员大会 that elects the committee, with its
应到会 and the recorded exclusions, and the committee's first plenary that elects the 书记 and 副书记;
each reported to the 乡镇党(工)委 for approval.

Sources (legal-rules.md §5): 中国共产党基层组织选举工作条例(2020) 第五条 (who votes: full members, not
those under 留党察看 or whose rights are suspended; 预备党员 never) [S]; the quorum “有选举权的到会人数超过
应到会人数的五分之四，会议有效” [S]; the five categories left out of 应到会 with the higher organization's
approval (中组部 2016 [S]; whether the 2020 条例 codified them is [M]).
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from huanjie.core.models import WorkflowRecord
from huanjie.core.scoping import ScopedManager
from huanjie.elections.models.elections import Election
from huanjie.elections.results_party_workflows import PARTY_MEETING_SPEC


class PartyMeetingKind(models.TextChoices):
    MEMBERS = "members", "党员大会（选举委员会委员）"
    COMMITTEE = "committee", "委员会第一次全体会议（选举书记、副书记）"


class PartyBaseChoice(models.TextChoices):
    PRESENT = "present", "实到会有选举权的党员"
    ENTITLED = "entitled", "应到会党员"


class PartyMeeting(WorkflowRecord):
    """One meeting of a Party election as held and counted. For the 党员大会: ``full_members`` the
    正式党员, ``on_probation`` those under 留党察看, ``suspended`` those whose rights are suspended
    (第五条 [S]); 应到会 = those with the vote minus the approved exclusions. For the committee
    plenary: ``full_members`` is the number of committee members."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="party_meetings")
    kind = models.CharField("会议", max_length=20, choices=PartyMeetingKind.choices)
    held_on = models.DateField("会议日期")
    full_members = models.PositiveIntegerField("正式党员（委员）人数")
    on_probation = models.PositiveIntegerField("受留党察看处分的党员", default=0)
    suspended = models.PositiveIntegerField("被中止表决权、选举权的党员", default=0)
    present = models.PositiveIntegerField("实到会有选举权的人数")
    ballots_issued = models.PositiveIntegerField("发出选票数")
    ballots_returned = models.PositiveIntegerField("收回选票数")
    base = models.CharField(
        "当选票数的计算基数", max_length=20, choices=PartyBaseChoice.choices, default=PartyBaseChoice.PRESENT
    )
    posts = models.JSONField("职位和候选人", default=list)
    votes = models.JSONField("得票", default=dict)
    announced = models.JSONField("当场宣布的当选人", default=dict, blank=True)
    engine = models.JSONField("规则核对结论", default=dict, blank=True)
    created_by = models.CharField("登记人", max_length=150)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    workflow_spec = PARTY_MEETING_SPEC
    objects = ScopedManager()
    scope_path_field = "election__unit__path"
    scope_domain = "elections"
    audit_exclude = ("version", "engine")

    class Meta:
        verbose_name = "党组织选举会议"
        ordering = ["election_id", "held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.election.unit.name}{self.get_kind_display()}（{self.held_on:%Y-%m-%d}）"

    def get_absolute_url(self) -> str:
        return reverse("elections_results:party_meeting", args=[self.pk])

    @property
    def state_label(self) -> str:
        return PARTY_MEETING_SPEC.state_label(self.state)

    @property
    def audit_org_path(self) -> str:
        return str(self.election.unit.path)


class ExclusionReason(models.TextChoices):
    """The five categories left out of 应到会 with the higher organization's approval (中组部 2016
    rule under the 暂行条例 [S]; legal-rules.md §5.1)."""

    ILL = "ill", "患有精神疾病或者其他疾病导致不能正确表达本人意志"
    ABROAD = "abroad", "自费出国半年以上"
    SENTENCED = "sentenced", "虽未受到留党察看以上党纪处分，但正在服刑"
    BEDRIDDEN = "bedridden", "年老体弱卧床不起、长期生活不能自理"
    AWAY = "away", "外出工作、学习半年以上，按规定应转走而未转走正式组织关系"


class PartyExclusion(models.Model):
    """One member left out of 应到会, with the reason and the approval (批准) recorded."""

    meeting = models.ForeignKey(PartyMeeting, on_delete=models.CASCADE, related_name="exclusions")
    name = models.CharField("姓名", max_length=50)
    reason = models.CharField("原因", max_length=20, choices=ExclusionReason.choices)
    approved_by = models.CharField("批准（上级党组织）", max_length=100)
    note = models.CharField("说明", max_length=200, blank=True)

    objects = ScopedManager()
    scope_path_field = "meeting__election__unit__path"
    scope_domain = "elections"

    class Meta:
        verbose_name = "不列入应到会人数的党员"
        ordering = ["meeting_id", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_reason_display()}）"

    @property
    def audit_org_path(self) -> str:
        return str(self.meeting.election.unit.path)
