"""Talks (四必谈, issue 11 req. 7): the talks owed to people the 换届 affects, generated from the
village's reported personnel plan and from nominations, or flagged by the town, each with the level
that must hold it, its deadline and, once held, its date, talker and notes.

Confidential (只做不说): read only through ``huanjie.vetting.talk_selectors`` with
``vetting.confidential``; written by ``huanjie.vetting.talk_services``.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from huanjie.core.scoping import ScopedManager
from huanjie.core.versioning import Versioned
from huanjie.vetting.talk_choices import TalkKind, TalkLevel


class Talk(Versioned):
    """One talk owed to a person of a village in a campaign, for one reason (``kind``).

    ``generated`` talks come from the plan and the nominations and are kept in step with them: a talk
    no longer justified is marked obsolete (``obsolete_on``), never deleted, and a done talk stays as
    it is. A talk the town flags (思想波动) is manual and only the town closes it.
    """

    campaign = models.ForeignKey(
        "planning.Campaign", on_delete=models.PROTECT, related_name="+", verbose_name="换届工作"
    )
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="村（社区）"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name="谈话对象"
    )
    kind = models.CharField("对象类别", max_length=20, choices=TalkKind.choices)
    candidate = models.ForeignKey(
        "vetting.Candidate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="相关人选",
    )
    level = models.CharField("谈话层级", max_length=20, choices=TalkLevel.choices)
    basis = models.CharField("列入依据", max_length=200)
    due_on = models.DateField("完成时限")
    generated = models.BooleanField("系统生成", default=True)
    listed_on = models.DateField("列入日期")
    obsolete_on = models.DateField("不再需要日期", null=True, blank=True)
    done_on = models.DateField("谈话日期", null=True, blank=True)
    talker = models.CharField("谈话人", max_length=100, blank=True)
    notes = models.TextField("谈话主要内容及对象表态", max_length=2000, blank=True)

    objects = ScopedManager()
    scope_path_field = "unit__path"
    scope_domain = "vetting"

    class Meta:
        verbose_name = "四必谈"
        ordering = ["unit__path", "due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person", "kind"], name="vetting_talk_once")
        ]
        indexes = [models.Index(fields=["campaign", "unit"], name="vetting_talk_unit")]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.get_kind_display()}）"

    def get_absolute_url(self) -> str:
        return reverse("vetting:talk", args=[self.pk])

    @property
    def audit_org_path(self) -> str:
        return str(self.unit.path)
