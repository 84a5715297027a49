"""Nominating the candidates of a village's 村（居）民委员会 or 村（居）务监督委员会 (issue 11 req. 2, the
村委会 half of req. 8): one nomination round per campaign, unit and committee, its nominees with their
votes (a tally per nominee, or counted from the individual nomination papers), and the 选举委员会's
county opinion per candidate.

The formal candidates are the :class:`~huanjie.vetting.models.Candidate` rows the round's
confirmation creates from the pure rules (``huanjie.rules.nomination``); a nominee is never struck
by hand: a candidate leaves the list only by written withdrawal or the 选举委员会's qualification
decision (``nomination_services``).
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from huanjie.core.scoping import ScopedManager
from huanjie.core.versioning import Versioned
from huanjie.vetting.choices import Post
from huanjie.vetting.models.candidates import Candidate


class NominationMethod(models.TextChoices):
    """How the formal candidates are settled: by the nomination votes, by a 预选 (浙江 第十八条), or
    no candidates at all — 自荐直选 (浙江 第二十条, where the profile has it)."""

    NOMINATION = "nomination", "按提名票数确定"
    PRIMARY = "primary", "预选确定"
    SELF = "self", "自荐直选（无候选人）"


class NominatorKind(models.TextChoices):
    """Who put a nominee forward (``rules.nomination.nominator_check``) — or 自荐."""

    VOTER = "voter", "选民提名"
    VOTERS_JOINTLY = "voters_jointly", "选民联合提名"
    PARTY_ORG = "party_org", "党组织提名"
    SELF = "self", "自荐"


class NominationSide(models.TextChoices):
    COMMITTEE = "committee", "村（居）民委员会"
    SUPERVISION = "supervision", "村（居）务监督委员会"


class NominationRound(Versioned):
    """One nomination of a committee's candidates in a campaign: the seats per post (the 村委会's
    total is the decided 职数, ``planning.CommitteeSeats``), the method, the meeting's registered
    voters and participants (the quorum), the surplus per post, and when the formal candidates were
    confirmed and the list published (after which it changes only through withdrawal)."""

    campaign = models.ForeignKey(
        "planning.Campaign", on_delete=models.PROTECT, related_name="+", verbose_name="换届工作"
    )
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="村（社区）"
    )
    side = models.CharField("班子", max_length=12, choices=NominationSide.choices)
    method = models.CharField("确定方式", max_length=12, choices=NominationMethod.choices)
    held_on = models.DateField("提名日期")
    election_day = models.DateField("选举日")
    registered = models.PositiveIntegerField("登记参加选举的选民数", null=True, blank=True)
    participants = models.PositiveIntegerField("参加提名（预选）的选民数", null=True, blank=True)
    seats_chair = models.PositiveSmallIntegerField("主任应选名额", default=1)
    seats_vice = models.PositiveSmallIntegerField("副主任应选名额", default=0)
    seats_member = models.PositiveSmallIntegerField("委员应选名额", default=0)
    surplus_chair = models.PositiveSmallIntegerField("主任差额", null=True, blank=True)
    surplus_vice = models.PositiveSmallIntegerField("副主任差额", null=True, blank=True)
    surplus_member = models.PositiveSmallIntegerField("委员差额", null=True, blank=True)
    confirmed_on = models.DateField("正式候选人确定日期", null=True, blank=True)
    published_on = models.DateField("候选人名单公布日期", null=True, blank=True)

    objects = ScopedManager()
    scope_path_field = "unit__path"
    scope_domain = "vetting"

    class Meta:
        verbose_name = "候选人提名"
        ordering = ["unit_id", "side", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit", "side"], name="vetting_nomination_round_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit}{self.get_side_display()}候选人提名"

    def get_absolute_url(self) -> str:
        return reverse("vetting:nomination", args=[self.pk])

    @property
    def audit_org_path(self) -> str:
        return str(self.unit.path)


class Nominee(models.Model):
    """A person nominated for one post in a round, by whom and on which day, with the nomination (or
    预选) votes; ``candidate`` is the formal candidate row once the round confirms them. A wrong tally
    is corrected (to 0 if need be), the entry itself stays on the record."""

    round = models.ForeignKey(
        NominationRound, on_delete=models.PROTECT, related_name="nominees", verbose_name="提名"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name="被提名人"
    )
    post = models.CharField("职务", max_length=20, choices=Post.choices)
    nominator = models.CharField("提名人", max_length=16, choices=NominatorKind.choices)
    signers = models.PositiveSmallIntegerField("联名人数", default=1)
    nominated_on = models.DateField("提名日期")
    votes = models.PositiveIntegerField("提名（预选）得票", default=0)
    post_confirmed = models.BooleanField("本人书面确认参选此职务", default=False)
    candidate = models.OneToOneField(
        Candidate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominee",
        verbose_name="正式候选人",
    )
    county_opinion_received = models.BooleanField("已收到县级联审意见", default=False)
    county_opinion = models.CharField("县级联审意见结论", max_length=300, blank=True)

    objects = ScopedManager()
    scope_path_field = "round__unit__path"
    scope_domain = "vetting"

    class Meta:
        verbose_name = "被提名人"
        ordering = ["round_id", "post", "-votes", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "person", "post"], name="vetting_nominee_once")
        ]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.get_post_display()}被提名人）"

    @property
    def audit_org_path(self) -> str:
        return str(self.round.unit.path)


class NominationPaperEntry(models.Model):
    """One voter's nomination paper as entered (optional: the tally may be entered directly): the
    nominator, whether they are on the roll and nominated in person, and the names per post
    (``choices``: ``{"chair": ["张三"], …}``). Judged by ``rules.nomination.paper_check``."""

    round = models.ForeignKey(
        NominationRound, on_delete=models.PROTECT, related_name="papers", verbose_name="提名"
    )
    nominator = models.CharField("提名人姓名", max_length=50)
    on_roll = models.BooleanField("在选民名单内", default=True)
    by_proxy = models.BooleanField("委托他人提名", default=False)
    choices = models.JSONField("提名内容", default=dict)
    entered_at = models.DateTimeField("录入时间", auto_now_add=True)

    objects = ScopedManager()
    scope_path_field = "round__unit__path"
    scope_domain = "vetting"

    class Meta:
        verbose_name = "提名票"
        ordering = ["round_id", "pk"]

    def __str__(self) -> str:
        return f"{self.nominator}的提名票"

    @property
    def audit_org_path(self) -> str:
        return str(self.round.unit.path)
