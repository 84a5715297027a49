"""The campaign's progress in figures (issue 15 req. 2), one selector per figure, each taking the user:
the same function feeds the dashboards, the print view, the API and any export.

The stages of a village or community (each a fact kept by the app that owns it):

- 研判通过: its 研判 (``planning.Assessment``) approved by the county;
- 整顿销号: its 整顿 (``planning.Rectification``) cleared by the county; counted over the villages whose
  研判 put them in a rectifying category (软弱涣散、情况复杂) or that have a rectification;
- 人事安排方案通过: its 人事安排初步方案 (``planning.PersonnelPlan``) approved by the county;
- 预备人选批复: the 乡镇党委's 批复 of its Party branch's 预备人选 (``vetting.PartyRequest`` approved:
  《中国共产党农村基层组织工作条例》第二十二条, 两推一选);
- 选举完成: a certified result (``elections.ResultRound`` 已确认) of its 村（居）民委员会's regular
  election (《村民委员会组织法》第十五条: 选举结果当场公布; the town certifies the record);
- 移交完成: the handover of that election signed off by the town (``elections.Handover`` 乡镇（街道）已确认;
  《村民委员会组织法》第二十条: 自新一届村民委员会产生之日起十日内完成工作移交).

The planning flags come from ``huanjie.planning.progress_selectors`` (one EXISTS per step, reused);
this module adds the vetting and elections flags the same way. Every figure is one grouped query over
the villages under the unit (plus a constant number of small ones), whatever their number.

A stage is overdue when its deadline passed and the village has not reached it: the campaign's
milestone whose name has the stage's word (研判, 整顿, 人事安排, 人选: the planning app's convention),
the end of the village's batch for its election (``OrgUnit.batch`` is the number of the campaign's
batch in date order), and the handover's own due date (``Handover.due_on``).

Jurisdiction: every role holding ``stats.view`` also holds ``planning.view``, ``vetting.view``,
``elections.view`` and ``oversight.view`` over the same units (a test checks it), so a figure shows
the user only counts of units inside his ``stats.view`` jurisdiction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Substr
from django.http import Http404
from django.urls import reverse

from huanjie.core import workflow
from huanjie.core.scoping import minimal_paths, scope_paths
from huanjie.elections.choices import Body, Kind
from huanjie.elections.models import Election, Handover, ResultRound
from huanjie.org.choices import LEAF_LEVELS, PATH_LENGTH
from huanjie.org.models import OrgUnit
from huanjie.oversight import petitions_selectors, risks_selectors
from huanjie.oversight.petitions_selectors import OPEN_STATES as PETITION_OPEN_STATES
from huanjie.oversight.risks_choices import RiskLevel
from huanjie.planning import progress_selectors as planning_progress
from huanjie.planning.models import Campaign
from huanjie.planning.rectification_selectors import latest_campaign
from huanjie.stats.capabilities import StatsCap
from huanjie.vetting.models import PartyRequest

# code, label, the word a milestone's name contains to be the stage's deadline ("": another deadline)
STAGES: tuple[tuple[str, str, str], ...] = (
    ("assessment", "研判通过", "研判"),
    ("rectification", "整顿销号", "整顿"),
    ("plan", "人事安排方案通过", "人事安排"),
    ("candidates", "预备人选批复", "人选"),
    ("elected", "选举完成", ""),
    ("handover", "移交完成", ""),
)
STAGE_LABELS = {code: label for code, label, _ in STAGES}
STAGE_CODES = tuple(code for code, _, _ in STAGES)

CHILD = {"city": "county", "county": "town", "town": "village"}
CHILD_LABEL = {"city": "县（区）", "county": "乡镇（街道）", "town": "村（社区）"}
NO_BATCH = "none"


# ---------------------------------------------------------------------------------------------
# The unit and the campaign


@dataclass(frozen=True)
class Scope:
    """The unit a figure is about (a city, county or town inside the user's jurisdiction), its
    campaign (the city's latest published one; ``None`` before any) and the level below it."""

    unit: OrgUnit
    campaign: Campaign | None
    today: dt.date

    @property
    def child_level(self) -> str:
        return CHILD[self.unit.level]

    @property
    def child_label(self) -> str:
        return CHILD_LABEL[self.unit.level]

    @property
    def leaf_children(self) -> bool:
        return self.child_level == "village"


def top_units(user: Any) -> list[OrgUnit]:
    """The tops of the user's ``stats.view`` jurisdiction (a leader's city, a town operator's town)."""
    paths = minimal_paths(scope_paths(user, StatsCap.VIEW))
    return list(OrgUnit.objects.filter(path__in=paths).order_by("path"))


def unit_in_scope(user: Any, code: str) -> OrgUnit:
    """The unit of ``code`` when it is inside the user's ``stats.view`` jurisdiction, else 404 (an
    outside unit's existence is not confirmed)."""
    paths = tuple(scope_paths(user, StatsCap.VIEW))
    unit = OrgUnit.objects.filter(code=code).select_related("parent").first()
    if unit is None or not paths or not unit.path.startswith(paths):
        raise Http404("未找到该单位，或不在您的管辖范围内")
    return unit


def scope_of(user: Any, code: str) -> Scope:
    """The scope of a figure: an area unit (city, county, town) of the user's jurisdiction; a village
    is 404 here (its page is the org app's)."""
    unit = unit_in_scope(user, code)
    if unit.level not in CHILD:
        raise Http404("村（社区）没有下级统计，请查看村（社区）页面")
    return Scope(unit, latest_campaign(unit), workflow.today())


def parent_in_scope(user: Any, unit: OrgUnit) -> OrgUnit | None:
    """The unit above ``unit`` when the user may see its figures (drilling back up)."""
    if unit.parent is None:
        return None
    paths = tuple(scope_paths(user, StatsCap.VIEW))
    return unit.parent if paths and unit.parent.path.startswith(paths) else None


# ---------------------------------------------------------------------------------------------
# The villages with their flags


def village_flags(c: Campaign, prefix: str) -> QuerySet[OrgUnit]:
    """The active villages and communities under ``prefix`` with one boolean per stage: the planning
    app's step flags (reused) and the vetting and elections flags, all EXISTS subqueries."""
    unit = OuterRef("pk")
    committee = {"election__campaign": c, "election__unit": unit, "election__body": Body.COMMITTEE}
    return planning_progress._leaf_flags(c, prefix).annotate(
        f_candidates=Exists(PartyRequest.objects.filter(campaign=c, unit=unit, state="approved")),
        f_elected=Exists(
            ResultRound.objects.filter(**committee, election__kind=Kind.REGULAR, state="certified")
        ),
        f_handover=Exists(Handover.objects.filter(**committee, state="signed_off")),
        f_handover_late=Exists(
            Handover.objects.filter(**committee, due_on__lt=workflow.today()).exclude(state="signed_off")
        ),
    )


def done_q(stage: str) -> Q:
    """The villages that reached ``stage`` (over the annotations of :func:`village_flags`)."""
    return {
        "assessment": Q(f_assessed=True),
        "rectification": Q(f_needs=True, f_cleared=True),
        "plan": Q(plan_state="approved"),
        "candidates": Q(f_candidates=True),
        "elected": Q(f_elected=True),
        "handover": Q(f_handover=True),
    }[stage]


def base_q(stage: str) -> Q:
    """The villages a stage is counted over: all, or for 整顿 those that must be rectified."""
    return Q(f_needs=True) if stage == "rectification" else Q()


def open_q(stage: str) -> Q:
    return base_q(stage) & ~done_q(stage)


@dataclass(frozen=True)
class Deadlines:
    """The deadlines that have passed: {stage: milestone date} for the milestone stages, the batch
    numbers whose batch has ended (their villages' elections are late when not done)."""

    milestones: dict[str, dt.date]
    ended_batches: list[int]
    batch_names: dict[int, str]
    batch_ends: dict[int, dt.date]


def deadlines(c: Campaign, today: dt.date) -> Deadlines:
    """The campaign's milestones (by the stage's word, earliest first) and batches (two queries)."""
    miles: dict[str, dt.date] = {}
    for m in c.milestones.order_by("date", "pk"):
        for code, _label, word in STAGES:
            if word and word in m.name and code not in miles:
                miles[code] = m.date
    names, ends = {}, {}
    for i, b in enumerate(c.batches.order_by("start", "pk"), start=1):
        names[i], ends[i] = b.name, b.end
    passed = {s: d for s, d in miles.items() if today > d}
    ended = [n for n, end in ends.items() if today > end]
    return Deadlines(passed, ended, names, ends)


def overdue_q(stage: str, d: Deadlines) -> Q | None:
    """The villages late for ``stage`` (``None``: no deadline has passed for it)."""
    if stage == "elected":
        return Q(batch__in=d.ended_batches, f_elected=False) if d.ended_batches else None
    if stage == "handover":
        return Q(f_handover_late=True)
    if stage in d.milestones:
        return open_q(stage)
    return None


# ---------------------------------------------------------------------------------------------
# The figures


@dataclass
class Series:
    key: str
    name: str
    data: list[Any]  # counts; shares (float, None: no data) in the structure figure
    links: list[str]
    stack: str = ""


@dataclass
class Figure:
    """One figure: its categories (areas, batches or days, each with the key it drills by) and its
    series of counts; each (series, category) links to the level below (the area's dashboard) or,
    at the last level, to the list of villages behind the count. ``base`` is the number of villages
    each count is out of (per category), when the figure has one."""

    key: str
    title: str
    axis: str  # area | batch | day
    categories: list[str]
    keys: list[str]
    series: list[Series]
    base: list[int] = field(default_factory=list)
    note: str = ""
    list_url: str = ""  # every village behind the figure

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def rows(self) -> list[tuple[str, str, list[tuple[int, str]], int | None]]:
        """Table rows: (label, key, [(count, link) per series], base or None)."""
        return [
            (
                label,
                self.keys[i],
                [(s.data[i], s.links[i]) for s in self.series],
                self.base[i] if self.base else None,
            )
            for i, label in enumerate(self.categories)
        ]

    @property
    def totals(self) -> list[int]:
        return [sum(s.data) for s in self.series]

    @property
    def base_total(self) -> int:
        return sum(self.base)


def villages_url(unit: OrgUnit, **params: Any) -> str:
    from urllib.parse import urlencode

    query = urlencode({k: v for k, v in params.items() if v not in ("", None)})
    url = reverse("stats_dash:villages", args=[unit.code])
    return f"{url}?{query}" if query else url


def _dash_url(code: str) -> str:
    return reverse("stats_dash:unit", args=[code])


def _children(s: Scope) -> list[tuple[str, str, str]]:
    levels = LEAF_LEVELS if s.leaf_children else (s.child_level,)
    return list(
        OrgUnit.objects.filter(path__startswith=s.unit.path, level__in=levels, is_active=True)
        .order_by("path")
        .values_list("path", "code", "name")
    )


def _area_link(s: Scope, code: str, fig: str, **village_params: Any) -> str:
    """A count of an area: the area's own dashboard (the level below) or, when the area is a village,
    the list of the villages behind the count (the village itself)."""
    if not s.leaf_children:
        return f"{_dash_url(code)}#fig-{fig}"
    return villages_url(s.unit, area=code, **village_params)


def _by_child(s: Scope, qs: QuerySet[Any], path_field: str, **counts: Any) -> dict[str, dict[str, int]]:
    n = PATH_LENGTH[s.child_level]  # type: ignore[index]
    rows = qs.annotate(k=Substr(path_field, 1, n)).values("k").annotate(**counts).order_by()
    return {row.pop("k"): row for row in rows}


def stage_figure(user: Any, code: str) -> Figure:
    """Villages by stage, per area of the level below (req. 2): for each stage the villages that
    reached it, out of the villages it is counted over."""
    s = scope_of(user, code)
    return _stage_figure(s)


def _stage_counts(s: Scope) -> list[dict[str, Any]]:
    """The villages under the unit counted per (area of the level below, batch): all, those to be
    rectified and those that reached each stage — ONE grouped query that both the stage figure (summed
    over batches) and the batch figure (summed over areas) read, the costliest of the dashboard."""
    if s.campaign is None:
        return []
    counts: dict[str, Any] = {"total": Count("pk"), "needs": Count("pk", filter=Q(f_needs=True))}
    counts.update({st: Count("pk", filter=done_q(st)) for st in STAGE_CODES})
    n = PATH_LENGTH[s.child_level]  # type: ignore[index]
    return list(
        village_flags(s.campaign, s.unit.path)
        .annotate(k=Substr("path", 1, n))
        .values("k", "batch")
        .annotate(**counts)
        .order_by()
    )


def _summed(rows: list[dict[str, Any]], by: str) -> dict[Any, dict[str, int]]:
    out: dict[Any, dict[str, int]] = {}
    for row in rows:
        into = out.setdefault(row[by], {})
        for key, value in row.items():
            if key not in ("k", "batch"):
                into[key] = into.get(key, 0) + value
    return out


def _stage_figure(s: Scope, rows: list[dict[str, Any]] | None = None) -> Figure:
    children = _children(s)
    counted = _summed(_stage_counts(s) if rows is None else rows, "k")
    series = [
        Series(
            st,
            STAGE_LABELS[st],
            [counted.get(p, {}).get(st, 0) for p, _c, _n in children],
            [_area_link(s, c, "stages", stage=st, state="done") for _p, c, _n in children],
        )
        for st in STAGE_CODES
    ]
    return Figure(
        "stages",
        f"{s.unit.name}各{s.child_label}换届进度（村、社区个数）",
        "area",
        [n for _p, _c, n in children],
        [c for _p, c, _n in children],
        series,
        base=[counted.get(p, {}).get("total", 0) for p, _c, _n in children],
        note="整顿销号按需整顿的村（社区）计；选举完成指村（居）民委员会换届选举结果已确认。",
        list_url=villages_url(s.unit),
    )


def batch_figure(user: Any, code: str) -> Figure:
    """Villages by batch and stage (req. 2): the campaign's batches in date order (``OrgUnit.batch``
    is the batch's number; 暂缓: no batch, e.g. a weak village held back until rectified)."""
    return _batch_figure(scope_of(user, code))


def _batch_figure(s: Scope, grouped: list[dict[str, Any]] | None = None) -> Figure:
    rows: dict[Any, dict[str, int]] = {}
    names: dict[int, str] = {}
    if s.campaign is not None:
        names = deadlines(s.campaign, s.today).batch_names
        rows = _summed(_stage_counts(s) if grouped is None else grouped, "batch")
    numbers = sorted(set(names) | {b for b in rows if b is not None})
    keys: list[Any] = [*numbers, *([None] if None in rows else [])]
    labels = [names.get(b, f"第{b}批") if b is not None else "暂缓（未分批）" for b in keys]
    url_keys = [str(b) if b is not None else NO_BATCH for b in keys]
    series = [
        Series(
            st,
            STAGE_LABELS[st],
            [rows.get(b, {}).get(st, 0) for b in keys],
            [villages_url(s.unit, batch=k, stage=st, state="done") for k in url_keys],
        )
        for st in STAGE_CODES
    ]
    return Figure(
        "batches",
        f"{s.unit.name}分批次换届进度（村、社区个数）",
        "batch",
        labels,
        url_keys,
        series,
        base=[rows.get(b, {}).get("total", 0) for b in keys],
        list_url=villages_url(s.unit),
    )


def overdue_figure(user: Any, code: str) -> Figure:
    """Villages overdue per stage, per area of the level below (req. 2: overdue by level); the last
    series counts each overdue village once."""
    return _overdue_figure(s=scope_of(user, code))


def _overdue_figure(s: Scope) -> Figure:
    children = _children(s)
    counted: dict[str, dict[str, int]] = {}
    late: dict[str, Q] = {}
    if s.campaign is not None:
        d = deadlines(s.campaign, s.today)
        late = {st: q for st in STAGE_CODES if (q := overdue_q(st, d)) is not None}
        counts: dict[str, Any] = {st: Count("pk", filter=q) for st, q in late.items()}
        any_q = Q(pk__in=[])
        for q in late.values():
            any_q |= q
        counts["any"] = Count("pk", filter=any_q)
        counted = _by_child(s, village_flags(s.campaign, s.unit.path), "path", **counts)
    series = [
        Series(
            st,
            STAGE_LABELS[st],
            [counted.get(p, {}).get(st, 0) for p, _c, _n in children],
            [_area_link(s, c, "overdue", overdue=st) for _p, c, _n in children],
            stack="stages",
        )
        for st in STAGE_CODES
        if st in late
    ]
    series.append(
        Series(
            "any",
            "逾期村（社区）合计",
            [counted.get(p, {}).get("any", 0) for p, _c, _n in children],
            [_area_link(s, c, "overdue", overdue="any") for _p, c, _n in children],
        )
    )
    return Figure(
        "overdue",
        f"{s.unit.name}各{s.child_label}逾期未完成（村、社区个数）",
        "area",
        [n for _p, _c, n in children],
        [c for _p, c, _n in children],
        series,
        note="期限：名称含“研判”“整顿”“人事安排”“人选”的工作节点；选举以所在批次的结束日期为限；"
        "工作移交以移交期限为限（新一届产生之日起十日内）。",
        list_url=villages_url(s.unit, overdue="any"),
    )


def daily_figure(user: Any, code: str) -> Figure:
    """Elections completed per day (req. 2): each regular election whose result is certified counts
    once, on the voting day of its last certified round, by the body elected."""
    return _daily_figure(scope_of(user, code))


def _daily_figure(s: Scope) -> Figure:
    rows: list[dict[str, Any]] = []
    if s.campaign is not None:
        last_day = (
            ResultRound.objects.filter(election=OuterRef("pk"), state="certified")
            .order_by("-voting_day")
            .values("voting_day")[:1]
        )
        rows = list(
            Election.objects.filter(
                campaign=s.campaign,
                kind=Kind.REGULAR,
                unit__path__startswith=s.unit.path,
                unit__is_active=True,
            )
            .annotate(day=Subquery(last_day))
            .filter(day__isnull=False)
            .values("day", "body")
            .annotate(n=Count("pk"))
            .order_by("day", "body")
        )
    days = sorted({r["day"] for r in rows})
    bodies = [b for b in Body.values if any(r["body"] == b for r in rows)]
    labels = dict(Body.choices)
    got = {(r["day"], r["body"]): r["n"] for r in rows}
    series = [
        Series(
            b,
            str(labels[b]),
            [got.get((day, b), 0) for day in days],
            [villages_url(s.unit, day=day.isoformat(), body=b) for day in days],
            stack="bodies",
        )
        for b in bodies
    ]
    return Figure(
        "daily",
        f"{s.unit.name}每日完成选举（结果已确认的选举个数）",
        "day",
        [f"{day:%m-%d}" for day in days],
        [day.isoformat() for day in days],
        series,
        note="一次选举按其最后一轮已确认结果的投票日计一次。",
        list_url=villages_url(s.unit),
    )


def risk_figure(user: Any, code: str) -> Figure:
    """Risks (风险研判) by area and level: the oversight app's scoped register
    (``risks_selectors.risks``) counted per area of the level below."""
    s = scope_of(user, code)
    children = _children(s)
    counted: dict[str, dict[str, int]] = {}
    if s.campaign is not None:
        qs = risks_selectors.risks(
            user, risks_selectors.RiskFilters(campaign=s.campaign, jurisdiction=s.unit.path)
        ).order_by()
        counted = _by_child(
            s,
            qs.select_related(None),
            "unit__path",
            **{lv: Count("pk", filter=Q(level=lv)) for lv in RiskLevel.values},
        )
    series = [
        Series(
            lv,
            f"{label}风险",
            [counted.get(p, {}).get(lv, 0) for p, _c, _n in children],
            [_area_link(s, c, "risks", risk=lv) for _p, c, _n in children],
            stack="levels",
        )
        for lv, label in RiskLevel.choices
    ]
    return Figure(
        "risks",
        f"{s.unit.name}各{s.child_label}风险研判（条）",
        "area",
        [n for _p, _c, n in children],
        [c for _p, c, _n in children],
        series,
        list_url=reverse("oversight_risks:list"),
    )


def petition_figure(user: Any, code: str) -> Figure:
    """Petitions (信访) by area: received, open and overdue — the oversight app's scoped register
    (``petitions_selectors.petitions``, the same counts as its analysis) per area of the level below."""
    s = scope_of(user, code)
    children = _children(s)
    counted: dict[str, dict[str, int]] = {}
    if s.campaign is not None:
        qs = petitions_selectors.petitions(
            user, petitions_selectors.PetitionFilters(campaign=s.campaign, jurisdiction=s.unit.path)
        ).order_by()
        open_ = Q(state__in=PETITION_OPEN_STATES)
        counted = _by_child(
            s,
            qs,
            "unit__path",
            all=Count("pk"),
            open=Count("pk", filter=open_),
            overdue=Count("pk", filter=open_ & Q(state_due__lt=petitions_selectors.today())),
        )
    series = [
        Series(
            key,
            name,
            [counted.get(p, {}).get(key, 0) for p, _c, _n in children],
            [_area_link(s, c, "petitions", petition=key) for _p, c, _n in children],
        )
        for key, name in (("all", "收到信访件"), ("open", "未办结"), ("overdue", "逾期未办"))
    ]
    return Figure(
        "petitions",
        f"{s.unit.name}各{s.child_label}信访件（件）",
        "area",
        [n for _p, _c, n in children],
        [c for _p, c, _n in children],
        series,
        list_url=reverse("oversight_petitions:analysis"),
    )


# ---------------------------------------------------------------------------------------------
# The villages behind a figure


RISK_KEYS = tuple(RiskLevel.values)
PETITION_KEYS = ("all", "open", "overdue")


@dataclass
class VillageFilter:
    """What a drill-down asks for; every field optional. Bad values are refused in Chinese
    (:func:`parse_filter`)."""

    area: str = ""  # a unit code under the scope
    stage: str = ""
    state: str = ""  # done | open (with stage)
    batch: str = ""  # a batch number or "none"
    overdue: str = ""  # a stage or "any"
    day: dt.date | None = None
    body: str = ""
    risk: str = ""
    petition: str = ""

    def describe(self) -> list[str]:
        out = []
        if self.stage:
            out.append(f"{STAGE_LABELS[self.stage]}：{'已完成' if self.state == 'done' else '未完成'}")
        if self.batch:
            out.append("批次：" + ("暂缓（未分批）" if self.batch == NO_BATCH else f"第{self.batch}批"))
        if self.overdue:
            out.append("逾期：" + ("任一事项" if self.overdue == "any" else STAGE_LABELS[self.overdue]))
        if self.day:
            out.append(f"选举完成日：{self.day:%Y-%m-%d}")
        if self.body:
            out.append(f"选举对象：{Body(self.body).label}")
        if self.risk:
            out.append(f"风险等级：{RiskLevel(self.risk).label}")
        if self.petition:
            out.append(
                {"all": "有信访件", "open": "有未办结信访件", "overdue": "有逾期未办信访件"}[self.petition]
            )
        return out


class BadFilter(ValueError):
    pass


def parse_filter(params: Any) -> VillageFilter:
    """The drill-down's filter from query parameters; ``BadFilter`` with a Chinese message."""
    f = VillageFilter()
    get = params.get
    f.area = (get("area") or "").strip()
    if f.area and not f.area.isdigit():
        raise BadFilter("单位代码应为数字")
    f.stage = get("stage") or ""
    if f.stage and f.stage not in STAGE_CODES:
        raise BadFilter("没有这一进度事项")
    f.state = get("state") or ("done" if f.stage else "")
    if f.state not in ("", "done", "open"):
        raise BadFilter("完成情况只能是“已完成”或“未完成”")
    f.batch = get("batch") or ""
    if f.batch and f.batch != NO_BATCH and not (f.batch.isdigit() and 0 < int(f.batch) < 100):
        raise BadFilter("批次应为批次序号")
    f.overdue = get("overdue") or ""
    if f.overdue and f.overdue not in (*STAGE_CODES, "any"):
        raise BadFilter("没有这一逾期事项")
    raw_day = get("day") or ""
    if raw_day:
        try:
            f.day = dt.date.fromisoformat(raw_day)
        except ValueError as exc:
            raise BadFilter("日期格式应为 年-月-日，例如 2027-01-20") from exc
    f.body = get("body") or ""
    if f.body and f.body not in Body.values:
        raise BadFilter("没有这一选举对象")
    f.risk = get("risk") or ""
    if f.risk and f.risk not in RISK_KEYS:
        raise BadFilter("风险等级只能是高、中、低")
    f.petition = get("petition") or ""
    if f.petition and f.petition not in PETITION_KEYS:
        raise BadFilter("信访筛选条件无效")
    return f


@dataclass
class VillageList:
    scope: Scope
    area: OrgUnit
    filters: list[str]
    villages: QuerySet[OrgUnit]
    stage_labels: list[str]


def village_list(user: Any, code: str, f: VillageFilter) -> VillageList:
    """The villages and communities behind a figure's count: under the unit (or the area it names),
    filtered as the figure counted them, each with its stages (for :func:`village_marks`)."""
    s = scope_of(user, code)
    area = s.unit
    if f.area:
        area = unit_in_scope(user, f.area)
        if not area.path.startswith(s.unit.path):
            raise Http404("未找到该单位，或不在您的管辖范围内")
    if s.campaign is None:
        return VillageList(s, area, f.describe(), OrgUnit.objects.none(), [])
    qs = village_flags(s.campaign, area.path)
    if f.stage:
        qs = qs.filter(done_q(f.stage) if f.state == "done" else open_q(f.stage))
    if f.batch:
        qs = qs.filter(batch__isnull=True) if f.batch == NO_BATCH else qs.filter(batch=int(f.batch))
    if f.overdue:
        d = deadlines(s.campaign, s.today)
        stages = STAGE_CODES if f.overdue == "any" else (f.overdue,)
        late = Q(pk__in=[])
        for st in stages:
            q = overdue_q(st, d)
            if q is not None:
                late |= q
        qs = qs.filter(late)
    if f.day:
        last_day = (
            ResultRound.objects.filter(election=OuterRef("pk"), state="certified")
            .order_by("-voting_day")
            .values("voting_day")[:1]
        )
        done = Election.objects.filter(campaign=s.campaign, kind=Kind.REGULAR, unit=OuterRef("pk"))
        if f.body:
            done = done.filter(body=f.body)
        qs = qs.filter(Exists(done.annotate(day=Subquery(last_day)).filter(day=f.day)))
    if f.risk:
        risks = risks_selectors.risks(
            user, risks_selectors.RiskFilters(campaign=s.campaign, level=f.risk)
        ).filter(unit=OuterRef("pk"))
        qs = qs.filter(Exists(risks.order_by().values("pk")))
    if f.petition:
        petitions = petitions_selectors.petitions(
            user,
            petitions_selectors.PetitionFilters(campaign=s.campaign, overdue=f.petition == "overdue"),
        ).filter(unit=OuterRef("pk"))
        if f.petition == "open":
            petitions = petitions.filter(state__in=PETITION_OPEN_STATES)
        qs = qs.filter(Exists(petitions.order_by().values("pk")))
    qs = qs.select_related("parent").order_by("path")
    return VillageList(s, area, f.describe(), qs, [STAGE_LABELS[st] for st in STAGE_CODES])


def village_marks(u: OrgUnit) -> list[str]:
    """A listed village's stages: 已完成, 未完成 or 不适用 (整顿 for a village that needs none)."""
    out = []
    flags = {
        "assessment": u.f_assessed,  # type: ignore[attr-defined]
        "plan": u.plan_state == "approved",  # type: ignore[attr-defined]
        "candidates": u.f_candidates,  # type: ignore[attr-defined]
        "elected": u.f_elected,  # type: ignore[attr-defined]
        "handover": u.f_handover,  # type: ignore[attr-defined]
    }
    for st in STAGE_CODES:
        if st == "rectification":
            if not u.f_needs:  # type: ignore[attr-defined]
                out.append("不适用")
            else:
                out.append("已完成" if u.f_cleared else "未完成")  # type: ignore[attr-defined]
        else:
            out.append("已完成" if flags[st] else "未完成")
    return out


# ---------------------------------------------------------------------------------------------
# The dashboard's progress panel: every figure of req. 2 at once


@dataclass
class Progress:
    scope: Scope
    stages: Figure
    batches: Figure
    overdue: Figure
    daily: Figure


def progress(user: Any, code: str) -> Progress:
    """The four progress figures of a unit (one scope lookup shared)."""
    s = scope_of(user, code)
    rows = _stage_counts(s)
    return Progress(s, _stage_figure(s, rows), _batch_figure(s, rows), _overdue_figure(s), _daily_figure(s))
