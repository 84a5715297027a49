"""Reads of the planning reports, taking the user: a village's 研判 report (page and PDF, 保密) and
the completion of the 研判 against the campaign's milestone for a city, county or town.

Completion is counted in SQL (one grouped count per table, whatever the number of villages): the
villages of each child unit are found by their path prefix (paths are fixed-length per level).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import timezone

from huanjie.core import workflow
from huanjie.core.scoping import can, path_q, scope_paths
from huanjie.org.choices import LEAF_LEVELS, PATH_LENGTH
from huanjie.org.models import OrgUnit
from huanjie.people.choices import Education
from huanjie.planning.capabilities import PlanningCap
from huanjie.planning.choices import Ability, Grade, Income, MemberView, Problem, RiskFlag, VillageCategory
from huanjie.planning.models import Assessment, Campaign, MemberAssessment, Milestone
from huanjie.planning.selectors import NOT_FOUND, campaign, sitting_tenures
from huanjie.rules.dates import age_on

# The milestone the 研判 is measured against: the campaign's earliest milestone naming it.
ASSESSMENT_MILESTONE_WORD = "研判"
# At most this many overdue villages are listed by name (the count is always complete).
OVERDUE_LISTED = 200
SECRECY = "内部资料　注意保密"


# ---------------------------------------------------------------------------------------------
# The 研判 report of one village


@dataclass(frozen=True)
class ReportMember:
    name: str
    sex: str
    age: int | None
    education: str
    committee: str
    post: str
    view: str  # 留任/调整/退出, "" when not yet assessed
    income: str
    ability: str
    reason: str


@dataclass(frozen=True)
class ProblemRow:
    label: str
    found: bool


@dataclass(frozen=True)
class AssessmentReport:
    assessment: Assessment
    town: str
    county: str
    state_label: str
    approved: bool
    grade: str
    category: str
    weak: bool
    problems: list[ProblemRow]
    risks: list[str]
    notes: str
    members: list[ReportMember]
    view_counts: list[tuple[str, int]]
    low_income: int
    low_ability: int
    not_assessed: int
    history: list[Any]
    age_date: dt.date
    approved_on: dt.date | None

    def pdf_data(self) -> dict[str, Any]:
        """Everything the PDF prints, as JSON-ready data (the template prints it as text)."""
        a = self.assessment
        return {
            "unit": a.unit.name,
            "town": self.town,
            "county": self.county,
            "campaign": a.campaign.name,
            "state": self.state_label,
            "grade": self.grade,
            "category": self.category,
            "problems": [[p.label, "是" if p.found else ""] for p in self.problems],
            "risks": self.risks,
            "notes": self.notes,
            "age_date": self.age_date,
            "members": [
                [
                    m.name,
                    m.committee,
                    m.post,
                    str(m.age) if m.age is not None else "",
                    m.education,
                    m.view or "未研判",
                    m.income,
                    m.ability,
                    m.reason,
                ]
                for m in self.members
            ],
            "view_counts": [[label, str(n)] for label, n in self.view_counts],
            "low_income": self.low_income,
            "low_ability": self.low_ability,
            "not_assessed": self.not_assessed,
            "history": [[e.at.date(), e.actor_name, e.label, e.reason] for e in self.history if not e.system],
        }


def _label(choices: Any, value: str) -> str:
    return str(choices(value).label) if value in choices.values else ""


def assessment_report(user: Any, a: Assessment) -> AssessmentReport:
    """The whole 研判 of a village; ``a`` comes from ``selectors.assessment`` (scoped, 404 outside)."""
    views = {
        m.tenure_id: m
        for m in MemberAssessment.objects.visible_to(user)
        .filter(assessment=a)
        .only("tenure_id", "view", "reason", "income", "ability")
    }
    age_date = a.campaign.window_start
    members: list[ReportMember] = []
    for t in sitting_tenures(a.unit):
        v = views.get(t.pk)
        p = t.person
        members.append(
            ReportMember(
                name=p.name,
                sex=p.get_sex_display(),
                age=age_on(p.birth_date, age_date) if p.birth_date else None,
                education=_label(Education, p.highest_education),
                committee=t.committee.get_kind_display(),
                post=t.get_post_display(),
                view=_label(MemberView, v.view) if v else "",
                income=_label(Income, v.income) if v else "",
                ability=_label(Ability, v.ability) if v else "",
                reason=v.reason if v else "",
            )
        )
    given = [views[t] for t in views]
    ancestors = {
        u.level: u.name
        for u in OrgUnit.objects.filter(path__in=a.unit.ancestor_paths()).only("level", "name")
    }
    spec = Assessment.workflow_spec
    history = workflow.history(a)
    approvals = [e.at for e in history if e.transition == "approve"]
    return AssessmentReport(
        assessment=a,
        town=ancestors.get("town", ""),
        county=ancestors.get("county", ""),
        state_label=spec.state_label(a.state),
        approved=a.state == "approved",
        grade=_label(Grade, a.grade),
        category=_label(VillageCategory, a.category),
        weak=a.category == VillageCategory.WEAK,
        problems=[ProblemRow(str(label), code in a.problems) for code, label in Problem.choices],
        risks=[str(RiskFlag(r).label) for r in a.risks if r in RiskFlag.values],
        notes=a.notes,
        members=members,
        view_counts=[
            (str(label), sum(1 for v in given if v.view == code)) for code, label in MemberView.choices
        ],
        low_income=sum(1 for v in given if v.income == Income.LOW),
        low_ability=sum(1 for v in given if v.ability == Ability.LOW),
        not_assessed=sum(1 for m in members if not m.view),
        history=history,
        age_date=age_date,
        approved_on=timezone.localtime(approvals[-1]).date() if a.state == "approved" and approvals else None,
    )


# ---------------------------------------------------------------------------------------------
# Completion against the milestone


@dataclass(frozen=True)
class CompletionRow:
    code: str
    name: str
    total: int
    approved: int
    submitted: int
    started: int
    link: bool  # the child is a county or town (its own completion page)

    @property
    def missing(self) -> int:
        return self.total - self.approved

    @property
    def percent(self) -> int:
        return round(100 * self.approved / self.total) if self.total else 0


@dataclass(frozen=True)
class OverdueVillage:
    code: str
    name: str
    town: str
    county: str
    state_label: str
    assessment_pk: int | None


@dataclass(frozen=True)
class CompletionPage:
    campaign: Campaign
    unit: OrgUnit
    child_label: str
    rows: list[CompletionRow]
    total: CompletionRow
    milestone: Milestone | None
    today: dt.date
    overdue: bool  # the milestone has passed with villages not approved
    overdue_count: int
    overdue_villages: list[OverdueVillage]
    parent: OrgUnit | None  # the level above, when the user's jurisdiction covers it

    @property
    def shows_county(self) -> bool:
        return self.unit.level == "city"


def assessment_milestone(c: Campaign) -> Milestone | None:
    return c.milestones.filter(name__contains=ASSESSMENT_MILESTONE_WORD).order_by("date", "pk").first()


def completion_unit(user: Any, c: Campaign, code: str = "") -> OrgUnit:
    """The city, county or town whose completion is asked for (by code), inside the user's planning
    jurisdiction and the campaign's city; without a code, the user's broadest unit there."""
    paths = [
        p
        for p in scope_paths(user, PlanningCap.VIEW)
        if p.startswith(c.city.path) or c.city.path.startswith(p)
    ]
    unit = None
    if paths and code.isdigit() and len(code) <= 12:
        unit = (
            OrgUnit.objects.filter(path_q("path", paths), code=code, level__in=("city", "county", "town"))
            .filter(path__startswith=c.city.path)
            .first()
        )
    elif paths and not code:
        unit = (
            OrgUnit.objects.filter(path_q("path", paths), level__in=("city", "county", "town"))
            .filter(path__startswith=c.city.path)
            .order_by("path")
            .first()
        )
    if unit is None:
        raise Http404(NOT_FOUND)
    return unit


_CHILD = {"city": "county", "county": "town", "town": "village"}
_CHILD_LABEL = {"city": "县（区）", "county": "乡镇（街道）", "town": "村（社区）"}


def completion_page(user: Any, pk: int, code: str = "") -> CompletionPage:
    c = campaign(user, pk)
    unit = completion_unit(user, c, code)
    child_level = _CHILD[unit.level]
    n = PATH_LENGTH[child_level]  # type: ignore[index]
    child_levels = LEAF_LEVELS if child_level == "village" else (child_level,)
    children = list(
        OrgUnit.objects.filter(path__startswith=unit.path, level__in=child_levels)
        .order_by("path")
        .values_list("path", "code", "name")
    )
    leaves = OrgUnit.objects.filter(path__startswith=unit.path, level__in=LEAF_LEVELS, is_active=True)
    totals = dict(
        leaves.annotate(k=Substr("path", 1, n)).values("k").annotate(c=Count("pk")).values_list("k", "c")
    )
    counted = (
        Assessment.objects.filter(campaign=c, unit__path__startswith=unit.path, unit__is_active=True)
        .annotate(k=Substr("unit__path", 1, n))
        .values("k")
        .annotate(
            approved=Count("pk", filter=Q(state="approved")),
            submitted=Count("pk", filter=Q(state="submitted")),
            started=Count("pk"),
        )
        .values_list("k", "approved", "submitted", "started")
    )
    by_child = {k: (ap, sub, st) for k, ap, sub, st in counted}
    rows = []
    for path, child_code, name in children:
        ap, sub, st = by_child.get(path, (0, 0, 0))
        rows.append(
            CompletionRow(child_code, name, totals.get(path, 0), ap, sub, st, child_level != "village")
        )
    total = CompletionRow(
        unit.code,
        "合计",
        sum(r.total for r in rows),
        sum(r.approved for r in rows),
        sum(r.submitted for r in rows),
        sum(r.started for r in rows),
        False,
    )
    milestone = assessment_milestone(c)
    today = workflow.today()
    overdue = bool(milestone and today > milestone.date and total.missing)
    overdue_villages: list[OverdueVillage] = []
    if overdue:
        approved_units = Assessment.objects.filter(campaign=c, state="approved").values("unit_id")
        late = leaves.exclude(pk__in=approved_units).select_related("parent__parent").order_by("path")
        spec = Assessment.workflow_spec
        listed = list(late[:OVERDUE_LISTED])
        found = {
            a_unit: (a_pk, a_state)
            for a_unit, a_pk, a_state in Assessment.objects.filter(
                campaign=c, unit__in=[u.pk for u in listed]
            ).values_list("unit_id", "pk", "state")
        }
        for u in listed:
            a_pk, a_state = found.get(u.pk, (None, ""))
            overdue_villages.append(
                OverdueVillage(
                    u.code,
                    u.name,
                    u.parent.name if u.parent else "",
                    u.parent.parent.name if u.parent and u.parent.parent else "",
                    spec.state_label(a_state) if a_state else "未开始",
                    a_pk,
                )
            )
    parent = None
    if unit.level != "city":
        parent_path = unit.ancestor_paths()[-1]
        covered = any(parent_path.startswith(p) for p in scope_paths(user, PlanningCap.VIEW))
        parent = OrgUnit.objects.filter(path=parent_path).first() if covered else None
    return CompletionPage(
        campaign=c,
        unit=unit,
        child_label=_CHILD_LABEL[unit.level],
        rows=rows,
        total=total,
        milestone=milestone,
        today=today,
        overdue=overdue,
        overdue_count=total.missing if overdue else 0,
        overdue_villages=overdue_villages,
        parent=parent,
    )


def may_export(user: Any, assessment: Assessment) -> bool:
    """May the user print or export this assessment (保密: county level and above, issue 10 req. 8 —
    the preparing town reads it on screen)?"""
    return can(user, PlanningCap.EXPORT, assessment.unit.path)
