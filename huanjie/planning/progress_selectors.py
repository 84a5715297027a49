"""Reads of the campaign's progress (issue 10 req. 9), taking the user.

- ``village_steps``: a village's preparation steps in order (职数, 研判, 整顿 when needed, 经济责任审计,
  后备干部, 人事安排初步方案), each with its state, whether it is done, and who must act next
  (乡镇 or 县级, read from the workflow's transition table: the level of the transitions that leave
  the current state). Confidential (只做不说): only holders of ``planning.view`` over the village get
  anything; village operators, vetting departments and supervision groups get ``None``.
- ``progress_page``: a city's, county's or town's counts per step and per child unit, the overdue
  villages against the campaign's milestones, the personnel plans by state, and the chart data (the
  steps per child unit, the plans by state, and the plans' projected structure against the targets).
  Counted in SQL: one grouped query over the villages (each step an EXISTS, the plan's state a
  subquery), whatever their number.
- ``projected_figures``: the projected structure of a unit from the personnel plans (req. 7) against
  the targets; ``None`` while no plan exists under it (``target_rows`` then says “尚未编制人事安排方案”).
- ``milestone_todos``: the home page's to-dos of the town (villages whose next step is the town's,
  with the milestone's date as the deadline).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Substr
from django.urls import reverse

from huanjie.core import workflow
from huanjie.core.scoping import scope_paths
from huanjie.org.choices import LEAF_LEVELS, PATH_LENGTH
from huanjie.org.models import OrgUnit
from huanjie.planning import plan_selectors
from huanjie.planning.capabilities import PlanningCap
from huanjie.planning.models import (
    Assessment,
    Campaign,
    CommitteeSeats,
    EconomicAudit,
    Milestone,
    PartySeats,
    PersonnelPlan,
    Rectification,
    ReserveCadre,
    StructureTarget,
)
from huanjie.planning.rectification_selectors import latest_campaign, reserve_target
from huanjie.planning.rectification_services import RECTIFY_CATEGORIES
from huanjie.planning.report_selectors import completion_unit
from huanjie.planning.selectors import campaign as scoped_campaign
from huanjie.rules import campaign as campaign_rules
from huanjie.rules.workflow import WorkflowSpec, level_of_path

LEVEL_LABELS = {"town": "乡镇（街道）", "county": "县（区）", "city": "市"}
OVERDUE_LISTED = 200

# The steps in their order: code, label, the word a milestone's name contains to be its deadline.
STEPS: tuple[tuple[str, str, str], ...] = (
    ("seats", "职数确定", "职数"),
    ("assessment", "研判审核通过", "研判"),
    ("rectification", "整顿验收销号", "整顿"),
    ("audit", "经济责任审计结果公布", "审计"),
    ("reserve", "后备干部达到目标", "后备"),
    ("plan", "人事安排方案审核通过", "人事安排"),  # the word of plan_selectors.MILESTONE_WORD
)
STEP_LABELS = {code: label for code, label, _ in STEPS}
_R_TODO = {"submitted": "验收销号（或退回）", "cleared": ""}
_PLAN_TODO = {
    "draft": "完成方案并上报县级",
    "returned": "按退回意见修改方案后重新上报",
    "submitted": "审核方案（通过或退回）",
    "approved": "",
}


# ---------------------------------------------------------------------------------------------
# Extension points for the personnel plans (issue 10 req. 7)


def projected_figures(user: Any, c: Campaign, unit: OrgUnit) -> dict[str, Any] | None:
    """The projected structure of ``unit`` (a village, town, county or city) from the personnel plans
    of the campaign: {target code: Fraction in the target's unit}, from the per-village projection
    rows the plans keep current (``plan_selectors.level_totals``, one SQL aggregate) and
    ``huanjie.rules.plan.figures``. ``None`` while no plan the user may see exists under the unit."""
    from huanjie.rules import plan as plan_rules

    plans = PersonnelPlan.objects.visible_to(user).filter(campaign=c, unit__path__startswith=unit.path)
    if not plans.exists():
        return None
    if unit.level in LEAF_LEVELS:
        row = plans.select_related("projection").first()
        projection = getattr(row, "projection", None)
        if projection is None:
            return None
        totals = plan_rules.Totals(**{f: getattr(projection, f) for f in plan_selectors.TOTAL_FIELDS})
    else:
        totals = plan_selectors.level_totals(c, unit.path)
    params = {t.code: p for t, p in plan_selectors.targets_of(c)}
    return {f.code: f.value for f in plan_rules.figures(totals, params)}


# ---------------------------------------------------------------------------------------------
# Who acts: from the workflow's transition table


def _acting_levels(spec: WorkflowSpec, state: str) -> list[str]:
    levels: list[str] = []
    for t in spec.transitions:
        if state in t.sources and t.by != "system" and t.level and t.level not in levels:
            levels.append(t.level)
    return levels


def who_acts(spec: WorkflowSpec, state: str | None) -> str:
    """The level(s) whose move it is, in Chinese ("" when nobody's: a final state). ``None``: the record
    does not exist yet, the level that makes the first transition creates it."""
    levels = _acting_levels(spec, spec.initial if state is None else state)
    return "、".join(LEVEL_LABELS.get(lv, lv) for lv in levels)


# ---------------------------------------------------------------------------------------------
# The village's 下一步 panel


@dataclass(frozen=True)
class Step:
    code: str
    label: str
    state: str  # Chinese: what stands now
    done: bool
    skipped: bool = False  # not needed for this village (no rectification, a community's audit)
    actor: str = ""  # 乡镇（街道）/县（区）: who must act next
    todo: str = ""  # what must happen next
    url: str = ""
    due: dt.date | None = None
    overdue: bool = False


@dataclass(frozen=True)
class VillageSteps:
    campaign: Campaign
    unit: OrgUnit
    steps: list[Step]
    progress_url: str

    @property
    def next_step(self) -> Step | None:
        return next((s for s in self.steps if not s.done and not s.skipped), None)

    @property
    def done_count(self) -> int:
        return sum(1 for s in self.steps if s.done)

    @property
    def counted(self) -> int:
        return sum(1 for s in self.steps if not s.skipped)


def step_milestones(c: Campaign) -> dict[str, Milestone]:
    """{step code: the campaign's earliest milestone whose name has the step's word} (one query)."""
    found: dict[str, Milestone] = {}
    for m in c.milestones.order_by("date", "pk"):
        for code, _label, word in STEPS:
            if word in m.name and code not in found:
                found[code] = m
    return found


def _earliest(timing: dict[str, Any], state_due: dt.date | None, today: dt.date) -> dict[str, Any]:
    """The record's own deadline (the workflow's state_due) when it comes before the milestone's."""
    if state_due is not None and (timing["due"] is None or state_due < timing["due"]):
        return {"due": state_due, "overdue": today > state_due}
    return timing


def _may_view(user: Any, unit: OrgUnit) -> bool:
    paths = tuple(scope_paths(user, PlanningCap.VIEW))
    return bool(paths) and unit.path.startswith(paths)


def village_steps(user: Any, unit: OrgUnit) -> VillageSteps | None:
    """The preparation steps of a village or community in the latest published campaign of its city;
    ``None`` without ``planning.view`` over it (保密) or without a published campaign."""
    if unit.level not in LEAF_LEVELS or not _may_view(user, unit):
        return None
    c = latest_campaign(unit)
    if c is None:
        return None
    today = workflow.today()
    miles = step_milestones(c)

    def timed(code: str, done: bool) -> dict[str, Any]:
        m = miles.get(code)
        if m is None or done:
            return {"due": m.date if m else None}
        return {"due": m.date, "overdue": today > m.date}

    town = LEVEL_LABELS["town"]
    steps: list[Step] = []

    seats = CommitteeSeats.objects.visible_to(user).filter(campaign=c, unit=unit).first()
    party = PartySeats.objects.visible_to(user).filter(campaign=c, unit=unit).first()
    seats_done = seats is not None and party is not None
    missing = [w for w, x in (("村（居）民委员会职数", seats), ("党组织委员职数", party)) if x is None]
    steps.append(
        Step(
            "seats",
            STEP_LABELS["seats"],
            "已确定" if seats_done else "未确定：" + "、".join(missing),
            seats_done,
            actor="" if seats_done else town,
            todo="" if seats_done else "登记" + "、".join(missing) + "的决定",
            url=reverse("planning:seats", args=[c.pk, unit.code]),
            **timed("seats", seats_done),
        )
    )

    a = Assessment.objects.visible_to(user).filter(campaign=c, unit=unit).first()
    spec = Assessment.workflow_spec
    a_done = a is not None and a.state == "approved"
    if a is None:
        a_state, a_todo, a_url = "未开始", "新建研判并上报县级", reverse("planning:assessments", args=[c.pk])
    else:
        a_state, a_url = spec.state_label(a.state), a.get_absolute_url()
        a_todo = {"submitted": "审核研判（通过或退回）", "approved": ""}.get(a.state, "完成研判并上报县级")
    a_timing = timed("assessment", a_done)
    if a is not None and not a_done:
        a_timing = _earliest(a_timing, a.state_due, today)
    steps.append(
        Step(
            "assessment",
            STEP_LABELS["assessment"],
            a_state,
            a_done,
            actor=who_acts(spec, a.state if a else None),
            todo=a_todo,
            url=a_url,
            **a_timing,
        )
    )

    r = Rectification.objects.visible_to(user).filter(campaign=c, unit=unit).first()
    needs = r is not None or (a is not None and a.category in RECTIFY_CATEGORIES)
    rspec = Rectification.workflow_spec
    if not needs:
        steps.append(
            Step(
                "rectification",
                STEP_LABELS["rectification"],
                "无需整顿" if a_done else "待研判确定是否需要整顿",
                False,
                skipped=a_done,
                actor="" if a_done else town,
                todo="" if a_done else "先完成研判",
            )
        )
    else:
        r_done = r is not None and r.state == "cleared"
        r_timing = timed("rectification", r_done)
        if r is not None and not r_done:
            r_timing = _earliest(r_timing, r.state_due, today)
        steps.append(
            Step(
                "rectification",
                STEP_LABELS["rectification"],
                rspec.state_label(r.state) if r else "未制定整顿方案",
                r_done,
                actor=who_acts(rspec, r.state if r else None),
                todo=(
                    "制定整顿方案（一村一策）"
                    if r is None
                    else {"submitted": "验收销号（或退回）", "cleared": ""}.get(
                        r.state, "完成整顿任务，申请验收销号"
                    )
                ),
                url=r.get_absolute_url() if r else reverse("planning:rectifications", args=[c.pk]),
                **r_timing,
            )
        )

    if unit.level == "village":
        audit = EconomicAudit.objects.visible_to(user).filter(campaign=c, unit=unit).first()
        au_done = audit is not None and audit.published_on is not None
        steps.append(
            Step(
                "audit",
                STEP_LABELS["audit"],
                "未开始"
                if audit is None
                else (
                    f"已公布（{audit.published_on:%Y-%m-%d}）" if audit.published_on else "审计中，结果待公布"
                ),
                au_done,
                actor="" if au_done else town,
                todo="" if au_done else ("登记经济责任审计" if audit is None else "在选举日前公布审计结果"),
                url=audit.get_absolute_url() if audit else reverse("planning:econ_audits", args=[c.pk]),
                **timed("audit", au_done),
            )
        )
    else:
        steps.append(Step("audit", STEP_LABELS["audit"], "社区不适用", False, skipped=True))

    n_reserves = ReserveCadre.objects.visible_to(user).filter(unit=unit, active=True).count()
    wanted = reserve_target(c)
    res_done = n_reserves >= wanted
    steps.append(
        Step(
            "reserve",
            STEP_LABELS["reserve"],
            f"{n_reserves} 人（目标 {wanted} 人）",
            res_done,
            actor="" if res_done else town,
            todo="" if res_done else f"再培养 {wanted - n_reserves} 名后备干部",
            url=reverse("planning:reserves", args=[unit.code]),
            **timed("reserve", res_done),
        )
    )

    plan = (
        PersonnelPlan.objects.visible_to(user)
        .filter(campaign=c, unit=unit)
        .only("pk", "state", "state_due")
        .first()
    )
    plan_spec = PersonnelPlan.workflow_spec
    plan_done = plan is not None and plan.state == "approved"
    plan_timing = timed("plan", plan_done)
    if plan is not None and not plan_done:
        plan_timing = _earliest(plan_timing, plan.state_due, today)
    steps.append(
        Step(
            "plan",
            STEP_LABELS["plan"],
            plan_spec.state_label(plan.state) if plan is not None else "未编制",
            plan_done,
            actor=who_acts(plan_spec, plan.state if plan is not None else None),
            todo="编制人事安排初步方案并上报县级" if plan is None else _PLAN_TODO[plan.state],
            url=plan.get_absolute_url() if plan is not None else reverse("planning:plans", args=[c.pk]),
            **plan_timing,
        )
    )
    town_code = unit.path[: PATH_LENGTH["town"]]  # type: ignore[index]
    town_unit = OrgUnit.objects.filter(path=town_code).only("code").first()
    progress_url = ""
    if town_unit is not None and _may_view(user, town_unit):
        progress_url = reverse("planning:progress_unit", args=[c.pk, town_unit.code])
    return VillageSteps(c, unit, steps, progress_url)


# ---------------------------------------------------------------------------------------------
# Progress pages of a city, county or town


def _leaf_flags(c: Campaign, prefix: str) -> Any:
    """The active villages and communities under ``prefix``, each annotated with one boolean per
    step (EXISTS subqueries), the state of its personnel plan (NULL: none) and its active reserve
    cadres: the base of every count (no per-village query)."""
    unit = OuterRef("pk")
    reserves = (
        ReserveCadre.objects.filter(unit=unit, active=True)
        .order_by()
        .values("unit")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return OrgUnit.objects.filter(path__startswith=prefix, level__in=LEAF_LEVELS, is_active=True).annotate(
        f_seats=Exists(CommitteeSeats.objects.filter(campaign=c, unit=unit))
        & Exists(PartySeats.objects.filter(campaign=c, unit=unit)),
        f_assessed=Exists(Assessment.objects.filter(campaign=c, unit=unit, state="approved")),
        f_review=Exists(Assessment.objects.filter(campaign=c, unit=unit, state="submitted")),
        f_needs=Exists(Rectification.objects.filter(campaign=c, unit=unit))
        | Exists(Assessment.objects.filter(campaign=c, unit=unit, category__in=list(RECTIFY_CATEGORIES))),
        f_cleared=Exists(Rectification.objects.filter(campaign=c, unit=unit, state="cleared")),
        f_audited=Exists(EconomicAudit.objects.filter(campaign=c, unit=unit, published_on__isnull=False)),
        plan_state=Subquery(PersonnelPlan.objects.filter(campaign=c, unit=unit).values("state")[:1]),
        n_reserves=Coalesce(Subquery(reserves, output_field=IntegerField()), Value(0)),
    )


def _not_done_q(code: str, wanted: int) -> Q:
    return {
        "seats": Q(f_seats=False),
        "assessment": Q(f_assessed=False),
        "rectification": Q(f_needs=True, f_cleared=False),
        "audit": Q(level="village", f_audited=False),
        "reserve": Q(n_reserves__lt=wanted),
        "plan": Q(plan_state__isnull=True) | ~Q(plan_state="approved"),
    }[code]


COUNTED_STEPS = ("seats", "assessment", "rectification", "audit", "reserve", "plan")
# The plan's states shown beside the counted step (approved is the step's own count), then no plan.
PLAN_STATES = tuple(
    (s, PersonnelPlan.workflow_spec.state_label(s)) for s in ("draft", "submitted", "returned")
)


@dataclass
class ProgressRow:
    code: str
    name: str
    link: bool
    total: int = 0
    villages: int = 0  # villages (not communities): the audit's base
    seats: int = 0
    assessment: int = 0
    review: int = 0
    needs: int = 0
    rectification: int = 0
    audit: int = 0
    reserve: int = 0
    reserves: int = 0
    plan: int = 0  # personnel plans approved by the county
    plan_draft: int = 0
    plan_submitted: int = 0
    plan_returned: int = 0

    @property
    def plan_none(self) -> int:
        return self.total - self.plan - self.plan_draft - self.plan_submitted - self.plan_returned

    @property
    def plan_states(self) -> list[tuple[str, str, int]]:
        """(state, label, count) of the units' personnel plans: each state, then 未编制."""
        return [
            *((s, label, getattr(self, f"plan_{s}")) for s, label in PLAN_STATES),
            ("approved", PersonnelPlan.workflow_spec.state_label("approved"), self.plan),
            ("none", "未编制", self.plan_none),
        ]

    def base(self, code: str) -> int:
        return {"rectification": self.needs, "audit": self.villages}.get(code, self.total)

    def percent(self, code: str) -> int:
        base = self.base(code)
        return round(100 * getattr(self, code) / base) if base else 0

    @property
    def marks(self) -> list[str]:
        """Per counted step of a single village: 已完成, 未完成 or 不适用 (the town's page); the plan's
        column says its state while it is not approved (草稿, 已上报, 已退回, 未编制)."""
        out = []
        for s in COUNTED_STEPS:
            if not self.base(s):
                out.append("不适用")
            elif getattr(self, s) >= self.base(s):
                out.append("已完成")
            elif s == "plan":
                out.append(next((label for _, label, n in self.plan_states if n), "未编制"))
            else:
                out.append("未完成")
        return out

    @property
    def cells(self) -> list[tuple[int, int, int]]:
        """(done, base, percent) per counted step, in order."""
        return [(getattr(self, s), self.base(s), self.percent(s)) for s in COUNTED_STEPS]


@dataclass(frozen=True)
class OverdueStep:
    code: str
    label: str
    milestone: Milestone
    count: int


@dataclass(frozen=True)
class OverdueVillage:
    code: str
    name: str
    town: str
    steps: list[str]


@dataclass(frozen=True)
class TargetRow:
    label: str
    target: str
    definition: str
    projected: str
    verdict: str


@dataclass
class ProgressPage:
    campaign: Campaign
    unit: OrgUnit
    child_label: str
    rows: list[ProgressRow]
    total: ProgressRow
    step_labels: list[str]
    milestones: list[tuple[str, Milestone | None]]
    today: dt.date
    overdue_steps: list[OverdueStep]
    overdue_villages: list[OverdueVillage]
    overdue_total: int
    parent: OrgUnit | None
    targets: list[TargetRow]
    planned: bool
    reserve_wanted: int
    per_village: bool  # the children are villages: each row is one village
    chart: dict[str, Any] = field(default_factory=dict)

    @property
    def total_cells(self) -> list[tuple[str, tuple[int, int, int]]]:
        return list(zip(self.step_labels, self.total.cells, strict=True))


_CHILD = {"city": "county", "county": "town", "town": "village"}
_CHILD_LABEL = {"city": "县（区）", "county": "乡镇（街道）", "town": "村（社区）"}


def _fmt(value: Any) -> str:
    return f"{float(value):g}"


def _chart_number(value: Any) -> float | None:
    """A figure for the chart (display only: verdicts are decided on Fractions), to 0.1 like the
    table beside it."""
    return None if value is None else round(float(value), 1)


def target_rows(user: Any, c: Campaign, unit: OrgUnit) -> tuple[list[TargetRow], bool, list[dict[str, Any]]]:
    """The campaign's structure targets beside the projected figures of ``unit`` (from
    :func:`projected_figures`); (rows, planned, chart items). Each chart item is one target the
    plans measure: label, unit, the band (low, high: ``None`` for “不低于”), the projected value
    (``None``: no data) and the verdict (met, below, above, unknown) with its label."""
    projected = projected_figures(user, c, unit)
    rows = []
    items: list[dict[str, Any]] = []
    for t in StructureTarget.objects.filter(campaign=c).order_by("pk"):
        d = campaign_rules.DEFINITIONS.get(t.code)
        unit_word = d.unit if d else ""
        if t.high is not None:
            target = f"{_fmt(t.low)}—{_fmt(t.high)}{unit_word}"
        else:
            target = f"不低于 {_fmt(t.low)}{unit_word}"
        if projected is None or t.code not in projected:
            shown = "尚未编制人事安排方案" if projected is None else "方案测算不含此项"
            rows.append(TargetRow(t.label, target, d.definition if d else "", shown, ""))
            continue
        value = projected[t.code]
        params = campaign_rules.TargetParams(
            low=Fraction(t.low), high=Fraction(t.high) if t.high is not None else None
        )
        code = campaign_rules.verdict(value, params)
        verdict = campaign_rules.VERDICT_LABELS[code]
        shown = "暂无数据" if value is None else f"{float(value):.1f}{unit_word}"
        rows.append(TargetRow(t.label, target, d.definition if d else "", shown, verdict))
        items.append(
            {
                "label": t.label,
                "unit": unit_word,
                "target": target,
                "low": _chart_number(t.low),
                "high": _chart_number(t.high),
                "value": _chart_number(value),
                "verdict": code,
                "verdict_label": verdict,
            }
        )
    return rows, projected is not None, items


def progress_page(user: Any, pk: int, code: str = "") -> ProgressPage:
    c = scoped_campaign(user, pk)
    unit = completion_unit(user, c, code)
    child_level = _CHILD[unit.level]
    n = PATH_LENGTH[child_level]  # type: ignore[index]
    child_levels = LEAF_LEVELS if child_level == "village" else (child_level,)
    children = list(
        OrgUnit.objects.filter(path__startswith=unit.path, level__in=child_levels)
        .order_by("path")
        .values_list("path", "code", "name")
    )
    wanted = reserve_target(c)
    flags = _leaf_flags(c, unit.path)
    counted = (
        flags.annotate(k=Substr("path", 1, n))
        .values("k")
        .annotate(
            total=Count("pk"),
            villages=Count("pk", filter=Q(level="village")),
            seats=Count("pk", filter=Q(f_seats=True)),
            assessment=Count("pk", filter=Q(f_assessed=True)),
            review=Count("pk", filter=Q(f_review=True)),
            needs=Count("pk", filter=Q(f_needs=True)),
            rectification=Count("pk", filter=Q(f_needs=True, f_cleared=True)),
            audit=Count("pk", filter=Q(level="village", f_audited=True)),
            reserve=Count("pk", filter=Q(n_reserves__gte=wanted)),
            plan=Count("pk", filter=Q(plan_state="approved")),
            plan_draft=Count("pk", filter=Q(plan_state="draft")),
            plan_submitted=Count("pk", filter=Q(plan_state="submitted")),
            plan_returned=Count("pk", filter=Q(plan_state="returned")),
        )
        .order_by()
    )
    by_child = {row.pop("k"): row for row in counted}
    reserves_by_child = dict(
        ReserveCadre.objects.filter(
            unit__path__startswith=unit.path, unit__is_active=True, unit__level__in=LEAF_LEVELS, active=True
        )
        .annotate(k=Substr("unit__path", 1, n))
        .values("k")
        .annotate(c=Count("pk"))
        .order_by()
        .values_list("k", "c")
    )
    rows = []
    for path, child_code, name in children:
        row = ProgressRow(child_code, name, child_level != "village", **by_child.get(path, {}))
        row.reserves = reserves_by_child.get(path, 0)
        rows.append(row)
    total = ProgressRow(unit.code, "合计", False)
    for f in (
        "total",
        "villages",
        "seats",
        "assessment",
        "review",
        "needs",
        "rectification",
        "audit",
        "reserve",
        "plan",
        "plan_draft",
        "plan_submitted",
        "plan_returned",
    ):
        setattr(total, f, sum(getattr(r, f) for r in rows))
    total.reserves = sum(r.reserves for r in rows)

    today = workflow.today()
    miles = step_milestones(c)
    overdue_steps = []
    late_q = Q(pk__in=[])
    for s in COUNTED_STEPS:
        m = miles.get(s)
        missing = total.base(s) - getattr(total, s)
        if m is not None and today > m.date and missing:
            overdue_steps.append(OverdueStep(s, STEP_LABELS[s], m, missing))
            late_q |= _not_done_q(s, wanted)
    overdue_villages: list[OverdueVillage] = []
    overdue_total = 0
    if overdue_steps:
        late = flags.filter(late_q)
        overdue_total = late.count()
        for u in late.select_related("parent").order_by("path")[:OVERDUE_LISTED]:
            late_steps = [o.label for o in overdue_steps if not _done(o.code, u, wanted)]
            overdue_villages.append(
                OverdueVillage(u.code, u.name, u.parent.name if u.parent else "", late_steps)
            )

    parent = None
    if unit.level != "city":
        parent_path = unit.ancestor_paths()[-1]
        covered = any(parent_path.startswith(p) for p in scope_paths(user, PlanningCap.VIEW))
        parent = OrgUnit.objects.filter(path=parent_path).first() if covered else None
    targets, planned, target_items = target_rows(user, c, unit)
    labels = [STEP_LABELS[s] for s in COUNTED_STEPS]
    chart = {
        "title": f"{unit.name}各{_CHILD_LABEL[unit.level]}准备工作完成率（%）",
        "categories": [r.name for r in rows],
        "series": [{"name": STEP_LABELS[s], "data": [r.percent(s) for r in rows]} for s in COUNTED_STEPS],
        "overall": {
            "title": f"{unit.name}准备工作总体进度",
            "categories": labels,
            "done": [getattr(total, s) for s in COUNTED_STEPS],
            "open": [total.base(s) - getattr(total, s) for s in COUNTED_STEPS],
        },
        "targets": {
            "title": f"{unit.name}人事安排方案测算的班子结构与目标",
            "plans": total.total - total.plan_none,
            "items": target_items,
        },
    }
    # Per child unit once a plan exists (before, the line of counts says 未编制); a town's page shows
    # each village's plan state in its table instead.
    if child_level != "village" and total.plan_none < total.total:
        chart["plans"] = {
            "title": f"{unit.name}各{_CHILD_LABEL[unit.level]}人事安排初步方案编制情况（个）",
            "categories": [r.name for r in rows],
            "series": [
                {"state": state, "name": label, "data": [r.plan_states[i][2] for r in rows]}
                for i, (state, label, _n) in enumerate(total.plan_states)
            ],
        }
    return ProgressPage(
        campaign=c,
        unit=unit,
        child_label=_CHILD_LABEL[unit.level],
        rows=rows,
        total=total,
        step_labels=labels,
        milestones=[(STEP_LABELS[s], miles.get(s)) for s in COUNTED_STEPS],
        today=today,
        overdue_steps=overdue_steps,
        overdue_villages=overdue_villages,
        overdue_total=overdue_total,
        parent=parent,
        targets=targets,
        planned=planned,
        reserve_wanted=wanted,
        per_village=child_level == "village",
        chart=chart,
    )


def _done(code: str, u: Any, wanted: int) -> bool:
    return {
        "seats": u.f_seats,
        "assessment": u.f_assessed,
        "rectification": not u.f_needs or u.f_cleared,
        "audit": u.level != "village" or u.f_audited,
        "reserve": u.n_reserves >= wanted,
        "plan": u.plan_state == "approved",
    }[code]


# ---------------------------------------------------------------------------------------------
# The home page's to-dos (core.plugins.todo_providers)


@dataclass(frozen=True)
class ProgressTodo:
    label: str
    url: str
    due: dt.date | None
    overdue: bool


def milestone_todos(user: Any) -> list[ProgressTodo]:
    """For a town that prepares villages (``planning.edit`` at town level): one to-do per step with a
    milestone whose villages are not all done, with the milestone's date as the deadline. Records
    waiting for a review reach the county through core.workflow.awaiting (with their state_due)."""
    towns = [p for p in scope_paths(user, PlanningCap.EDIT) if level_of_path(p) == "town"]
    if not towns:
        return []
    out: list[ProgressTodo] = []
    today = workflow.today()
    for town in OrgUnit.objects.filter(path__in=towns, level="town").order_by("path")[:5]:
        c = latest_campaign(town)
        if c is None:
            continue
        miles = step_milestones(c)
        timed = [s for s in COUNTED_STEPS if s in miles]
        if not timed:
            continue
        wanted = reserve_target(c)
        flags = _leaf_flags(c, town.path)
        counts = flags.aggregate(**{s: Count("pk", filter=_not_done_q(s, wanted)) for s in timed})
        url = reverse("planning:progress_unit", args=[c.pk, town.code])
        for s in timed:
            if counts[s]:
                m = miles[s]
                out.append(
                    ProgressTodo(
                        f"{town.name}：{counts[s]} 个村（社区）尚未完成“{STEP_LABELS[s]}”（{m.name}）",
                        url,
                        m.date,
                        today > m.date,
                    )
                )
    out.sort(key=lambda t: (t.due is None, t.due or dt.date.min))
    return out
