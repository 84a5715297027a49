"""Results of an election (issue 13 reqs. 1, 2, 4): each round's tally sheets per ballot box, the
result as announced at the venue (the legal fact, 村民委员会组织法 (2018) 第十五条 / (2025) 第十八条
“选举结果应当当场公布”), and the certified record with its public receipt code.

The law engine (huanjie.rules.counting) is a check beside the announcement, never a replacement: its
verdict is kept with the round only so the town and county can be told when it differs.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from huanjie.core.models import WorkflowRecord
from huanjie.core.scoping import ScopedManager
from huanjie.elections.models.elections import Election
from huanjie.elections.results_workflows import ROUND_SPEC, SHEET_SPEC


def grouped(code: str) -> str:
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


class RoundKind(models.TextChoices):
    FIRST = "first", "第一次投票"
    RUNOFF = "runoff", "再次投票（票数相等）"
    SUPPLEMENTARY = "supplementary", "另行选举"
    REVOTE = "revote", "重新投票"


class ResultRound(WorkflowRecord):
    """One round of voting of an election as counted and announced: the posts on its ballot (seats,
    candidates), the registered voters, the result announced on the spot (who announced it and when)
    and, once certified, the receipt code of the official record."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="result_rounds")
    number = models.PositiveSmallIntegerField("轮次", default=1)
    kind = models.CharField("投票类别", max_length=20, choices=RoundKind.choices, default=RoundKind.FIRST)
    voting_day = models.DateField("投票日")
    registered = models.PositiveIntegerField("登记选民数")
    voted = models.PositiveIntegerField("参加投票人数", null=True, blank=True)
    posts = models.JSONField("职位和候选人", default=list)
    announced = models.JSONField("当场公布的当选人", default=dict, blank=True)
    announced_by = models.CharField("宣布人", max_length=100, blank=True)
    announced_at = models.DateTimeField("宣布时间", null=True, blank=True)
    announcement_entered_by = models.CharField("公布结果录入人", max_length=150, blank=True)
    engine = models.JSONField("法律引擎结论", default=dict, blank=True)
    engine_differs = models.BooleanField("与法律引擎结论不一致", default=False)
    receipt = models.CharField("核验码", max_length=64, blank=True)
    created_by = models.CharField("登记人", max_length=150)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    workflow_spec = ROUND_SPEC
    objects = ScopedManager()
    scope_path_field = "election__unit__path"
    scope_domain = "elections"
    audit_exclude = ("version", "engine")

    class Meta:
        verbose_name = "选举结果（轮次）"
        ordering = ["election_id", "number"]
        constraints = [models.UniqueConstraint(fields=["election", "number"], name="elections_result_round")]

    def __str__(self) -> str:
        return f"{self.election} 第{self.number}轮（{self.get_kind_display()}）"

    def get_absolute_url(self) -> str:
        return reverse("elections_results:round", args=[self.pk])

    @property
    def state_label(self) -> str:
        return ROUND_SPEC.state_label(self.state)

    @property
    def receipt_grouped(self) -> str:
        """The receipt code in groups of four, as printed (easier to read aloud and type)."""
        return grouped(self.receipt)

    @property
    def audit_org_path(self) -> str:
        return str(self.election.unit.path)


class TallySheet(WorkflowRecord):
    """The tally sheet (计票单) of one ballot box in one round, as counted: ballots issued, returned
    and invalid, the votes of each name for each post (write-ins included), the photo of the signed
    sheet (stored encrypted), who entered it and who — a second person — verified it."""

    round = models.ForeignKey(ResultRound, on_delete=models.PROTECT, related_name="sheets")
    box = models.CharField("票箱", max_length=50)
    ballots_issued = models.PositiveIntegerField("发出选票数")
    ballots_returned = models.PositiveIntegerField("收回选票数")
    ballots_invalid = models.PositiveIntegerField("废票数（整张无效）", default=0)
    votes = models.JSONField("得票", default=dict)
    from_ballots = models.BooleanField("按逐张录入的选票汇总", default=False)
    section_invalid = models.JSONField("各职位无效票", default=dict, blank=True)
    photo_name = models.CharField("签字计票单照片", max_length=200, blank=True)
    photo_stored = models.CharField("照片存储名", max_length=64, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="录入人"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="最后修改人",
        null=True,
        blank=True,
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="核对人",
        null=True,
        blank=True,
    )
    verified_at = models.DateTimeField("核对时间", null=True, blank=True)
    idempotency_key = models.CharField("提交标识", max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    workflow_spec = SHEET_SPEC
    objects = ScopedManager()
    scope_path_field = "round__election__unit__path"
    scope_domain = "elections"

    class Meta:
        verbose_name = "计票单"
        ordering = ["round_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "box"], name="elections_tally_box_once")]

    def __str__(self) -> str:
        return f"{self.round}：{self.box}"

    def get_absolute_url(self) -> str:
        return reverse("elections_results:sheet", args=[self.pk])

    @property
    def state_label(self) -> str:
        return SHEET_SPEC.state_label(self.state)

    @property
    def audit_org_path(self) -> str:
        return str(self.round.election.unit.path)


class ResultReceipt(models.Model):
    """The certified record of a round as it was certified, in canonical form, and its receipt code
    (SM3 of that form). A correction certifies anew: the old receipt keeps its code and shows when it
    was superseded (已更正)."""

    round = models.ForeignKey(ResultRound, on_delete=models.PROTECT, related_name="receipts")
    code = models.CharField("核验码", max_length=64, unique=True)
    payload = models.JSONField("确认的记录")
    certified_at = models.DateTimeField("确认时间")
    certified_by = models.CharField("确认人", max_length=150)
    superseded_at = models.DateTimeField("被更正时间", null=True, blank=True)
    correction_reason = models.TextField("更正理由", max_length=1000, blank=True)

    objects = ScopedManager()
    scope_path_field = "round__election__unit__path"
    scope_domain = "elections"

    class Meta:
        verbose_name = "选举结果核验码"
        ordering = ["round_id", "certified_at", "pk"]

    def __str__(self) -> str:
        return f"{self.round}：{self.code[:16]}…"

    @property
    def code_grouped(self) -> str:
        return grouped(self.code)

    @property
    def audit_org_path(self) -> str:
        return str(self.round.election.unit.path)
