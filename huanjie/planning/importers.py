"""Imports of what a town fills in the planning app (issue 10 req. 10): 村委会职数, 党组织职数, 研判,
成员研判意见, 整顿任务 and 后备干部, each from its template through the import kit.

Every row goes through the SAME service as the online form (huanjie.planning.services and
rectification_services), called without its own durable transaction (``inspect.unwrap``) inside
the kit's: the same rules, the same scope checks, the same workflow locks (an approved 研判 or a
rectification awaiting sign-off refuses the row with the lock's Chinese reason), the same per-record
audit events (plus the kit's one ``import`` event for the file).

The preview runs every row through its service inside a transaction that is rolled back (a dry run,
one savepoint per row), so the preview reports exactly what the commit would refuse, row by row, and
lists every change the commit would make. The commit re-reads the stored file, repeats the dry run
against the current database (nothing written if anything fails) and then writes.

Units are looked up among the actor's own (planning.edit) units only: a code outside the
jurisdiction gets the same answer whether such a unit exists or not. The campaign is the latest
published one of the unit's city (as for the election gate).

人事安排初步方案 (personnel plan, issue 10 req. 7, kind PERSONNEL_PLAN_KIND): one row per seat
through plan_services (the plan opened when the village has none, a seat of the same 班子 and person
updated, another added); a submitted or approved plan (locked) refuses its rows.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from huanjie.core import crypto
from huanjie.core.imports import (
    BOOL,
    CHOICE,
    CITIZEN_ID,
    CODE,
    DATE,
    INT,
    TEXT,
    Column,
    Importer,
    Progress,
    normalize_label,
)
from huanjie.core.scoping import can, path_q, scope_paths
from huanjie.core.workflow import WorkflowError
from huanjie.org.choices import LEAF_LEVELS
from huanjie.org.importers import own_units_of
from huanjie.org.models import OrgUnit
from huanjie.people.capabilities import PeopleCap
from huanjie.people.choices import PartyOrgForm
from huanjie.people.models import Person, Tenure
from huanjie.planning import plan_services, services
from huanjie.planning import rectification_services as rs
from huanjie.planning.capabilities import PlanningCap
from huanjie.planning.choices import (
    Ability,
    Grade,
    Income,
    MemberView,
    Problem,
    RiskFlag,
    SeatBody,
    VillageCategory,
)
from huanjie.planning.models import (
    Assessment,
    Campaign,
    CommitteeSeats,
    MemberAssessment,
    PartySeats,
    PersonnelPlan,
    PlanSeat,
    Rectification,
    RectificationTask,
    ReserveCadre,
)
from huanjie.planning.plan_workflow import Decision, SeatPost, SeatSide
from huanjie.planning.rectification_choices import ReserveSource, Track
from huanjie.rules import registry

#: The import kind of the personnel plan's importer (the same kind as its export).
PERSONNEL_PLAN_KIND = "planning_plans"

UNIT = "村（社区）区划代码"
UNIT_NAME = "村（社区）名称"
OUTSIDE = "该区划代码不在您的管辖范围内（或不是村、社区）"
NO_CAMPAIGN = "该村（社区）所在市没有已发布的换届工作，暂不能填报"
SEPARATORS = ("、", "，", ",", "；", ";", "/", "\n")
SUMMARY_LINES = 1000


def _choices(enum: Any) -> tuple[tuple[str, Any], ...]:
    return tuple((label, value) for value, label in enum.choices)


def _body(service: Callable[..., Any]) -> Callable[..., Any]:
    """The service without its durable transaction: called inside the kit's (or the dry run's)."""
    return inspect.unwrap(service)


def _labels(enum: Any, values: Any) -> str:
    names = dict(enum.choices)
    return "、".join(str(names.get(v, v)) for v in values) or "无"


class RowRefused(Exception):
    """A row the importer itself refuses (column, Chinese reason), before or instead of a service."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


@dataclass
class Entry:
    number: int
    code: str
    values: dict[str, Any]
    change: str = ""
    kind: str = ""  # 新建 / 更新 / 无变化
    extra: dict[str, Any] = field(default_factory=dict)


def _diff(
    labels: dict[str, str],
    before: dict[str, Any] | None,
    after: dict[str, Any],
    choices: dict[str, Any] | None = None,
) -> str:
    """新建, 无变化 or 更新 with each changed field as label old→new (choices by their labels)."""
    if before is None:
        return "新建"
    for name, enum in (choices or {}).items():
        names = dict(enum.choices)
        before[name] = names.get(before[name], before[name])
        after[name] = names.get(after[name], after[name])
    parts = [
        f"{label} {_show(before.get(k))}→{_show(after.get(k))}"
        for k, label in labels.items()
        if before.get(k) != after.get(k)
    ]
    return "更新：" + "；".join(parts) if parts else "无变化"


def _show(value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(map(str, value)) or "（空）"
    return str(value)


class PlanningImporter(Importer):
    """Base of the planning importers: one row → one service call on a village of the actor's
    jurisdiction. Subclasses set the columns, ``key`` (a duplicate key within the file),
    ``FIELD_COLUMNS`` (the services' field names → column names, for the reasons) and ``apply``."""

    capability = PlanningCap.EDIT
    FIELD_COLUMNS: ClassVar[dict[str, str]] = {}
    uses_campaign: ClassVar[bool] = True
    noun: ClassVar[str] = ""

    @classmethod
    def own_units(cls, actor: Any) -> list[dict[str, Any]]:
        """The actor's villages and communities; ``unmask``: whether the actor may read citizen IDs
        there in full (an example row carries a real ID only then)."""
        units = own_units_of(actor, cls.capability, leaves_only=True)
        for u in units:
            u["unmask"] = can(actor, PeopleCap.UNMASK, u["code"])
        return units

    @classmethod
    def example_row(cls, unit: dict[str, Any]) -> dict[str, Any]:
        return {}

    @classmethod
    def examples_for(cls, units: list[dict[str, Any]]) -> tuple[dict[str, Any], ...]:
        leaf = next((u for u in units if u["leaf"]), None)
        if leaf is None:
            return cls.examples
        return ({**cls.examples[0], UNIT: leaf["code"], UNIT_NAME: leaf["name"], **cls.example_row(leaf)},)

    def load(self) -> None:
        paths = scope_paths(self.actor, self.capability)
        units = (
            OrgUnit.objects.filter(path_q("path", paths), level__in=LEAF_LEVELS, is_active=True)
            if paths
            else OrgUnit.objects.none()
        )
        self.units: dict[str, OrgUnit] = {u.code: u for u in units}
        campaigns: dict[str, Campaign] = {}
        for c in (
            Campaign.objects.filter(state="published").select_related("city").order_by("window_start", "pk")
        ):
            campaigns[c.city.path] = c  # the latest one wins
        self.campaigns = campaigns
        self.entries: list[Entry] = []
        self.keys: dict[Any, int] = {}

    def key(self, values: dict[str, Any]) -> Any:
        return values[UNIT]

    def duplicate_reason(self, first: int) -> str:
        return f"与第 {first} 行重复：同一{self.noun}只能填写一行"

    def row(self, number: int, values: dict[str, Any], failed: set[str]) -> None:
        code = values[UNIT]
        if code is None:
            return
        unit = self.units.get(code)
        if unit is None:
            self.report.error(number, UNIT, code, OUTSIDE)
            return
        if any(c.required and c.name in failed for c in self.columns):
            return  # the cell's own reason is reported; the row goes no further
        name = values.get(UNIT_NAME)
        if name and name != unit.name:
            self.report.warning(
                number, UNIT_NAME, name, f"与区划代码对应的名称“{unit.name}”不同，以区划代码为准"
            )
        key = self.key(values)
        first = self.keys.get(key)
        if first is not None:
            self.report.error(number, UNIT, code, self.duplicate_reason(first))
            return
        self.keys[key] = number
        self.entries.append(Entry(number, code, values))

    # -- the dry run and the write ---------------------------------------------------------------

    def campaign_of(self, unit: OrgUnit) -> Campaign:
        c = self.campaigns.get(unit.path[:4])
        if c is None:
            raise RowRefused(UNIT, NO_CAMPAIGN)
        return c

    def apply(self, e: Entry, unit: OrgUnit) -> str:
        raise NotImplementedError

    def _run(self, e: Entry) -> bool:
        """Run one row through its service in a savepoint; report a refusal on the row."""
        unit = self.units[e.code]
        try:
            with transaction.atomic():
                e.change = self.apply(e, unit)
        except RowRefused as exc:
            self.report.error(e.number, exc.column, _show(e.values.get(exc.column)), exc.message)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, messages in exc.message_dict.items():
                    column = self.FIELD_COLUMNS.get(name, UNIT)
                    for message in messages:
                        self.report.error(e.number, column, _show(e.values.get(column)), message)
            else:
                for message in exc.messages:
                    self.report.error(e.number, UNIT, e.code, message)
        except (PermissionDenied, WorkflowError) as exc:
            self.report.error(e.number, UNIT, e.code, str(exc))
        else:
            e.kind = e.change.split("：", 1)[0]
            return True
        return False

    def finish(self) -> None:
        # Every row that passed its own checks goes through its service, even when other rows
        # failed: the preview gives every row's reasons at once (nothing is written either way).
        with transaction.atomic():
            for e in self.entries:
                self._run(e)
            transaction.set_rollback(True)

    def summary(self) -> list[str]:
        lines = self.result_lines(self._counts())
        for e in self.entries[:SUMMARY_LINES]:
            lines.append(
                f"第 {e.number} 行 {self.units[e.code].name}（{e.code}）{self.describe(e)}：{e.change}"
            )
        if len(self.entries) > SUMMARY_LINES:
            lines.append(f"……另有 {len(self.entries) - SUMMARY_LINES} 行未逐行列出")
        return lines

    def describe(self, e: Entry) -> str:
        return self.noun

    def _counts(self) -> dict[str, int]:
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        for e in self.entries:
            counts[{"新建": "created", "更新": "updated"}.get(e.kind, "unchanged")] += 1
        return counts

    @classmethod
    def result_lines(cls, result: dict[str, Any]) -> list[str]:
        return [
            f"新建{cls.label} {result.get('created', 0)} 条",
            f"更新{cls.label} {result.get('updated', 0)} 条",
            f"无变化 {result.get('unchanged', 0)} 条",
        ]

    def target_paths(self) -> set[str]:
        return {self.units[e.code].path for e in self.entries}

    def write(self, progress: Progress) -> dict[str, Any]:
        for n, e in enumerate(self.entries, start=1):
            unit = self.units[e.code]
            e.change = self.apply(e, unit)  # checked by the dry run in this very transaction
            e.kind = e.change.split("：", 1)[0]
            if n % 200 == 0:
                progress(n)
        progress(len(self.entries))
        return {
            **self._counts(),
            "units": sorted({(e.code, self.units[e.code].name) for e in self.entries})[:500],
        }


# ---------------------------------------------------------------------------------------------
# 职数


class CommitteeSeatsImporter(PlanningImporter):
    """村（居）民委员会职数, one row per village (an existing record is updated)."""

    kind = "planning_committee_seats"
    label = "村（居）委会职数"
    noun = "村（居）委会职数"
    sheet_name = "村委会职数"
    audit_model = "planning.CommitteeSeats"
    columns = (
        Column(UNIT, CODE, required=True, digits=12, aliases=("区划代码",), width=16),
        Column(UNIT_NAME, aliases=("名称", "村（社区）"), width=14, help="供核对，以区划代码为准"),
        Column(
            "职数", INT, required=True, min_value=1, max_value=99, help="村（居）民委员会成员职数", width=8
        ),
        Column("决定机构", CHOICE, required=True, choices=_choices(SeatBody), width=18),
        Column("决定日期", DATE, required=True, width=12),
        Column("文件编号", required=True, max_length=64, width=18),
    )
    examples = (
        {
            UNIT: "329901001203",
            UNIT_NAME: "北村",
            "职数": "5",
            "决定机构": "村（居）民代表会议",
            "决定日期": "2026-01-10",
            "文件编号": "〔2026〕1号",
        },
    )
    notes = ("每个村（社区）一行；已有的职数将被更新。职数须在决定日期施行的法律规定的范围内。",)
    FIELD_COLUMNS: ClassVar[dict[str, str]] = {
        "members": "职数",
        "decided_by": "决定机构",
        "document_no": "文件编号",
    }
    LABELS: ClassVar[dict[str, str]] = {
        "members": "职数",
        "decided_by": "决定机构",
        "decision_date": "决定日期",
        "document_no": "文件编号",
    }

    def apply(self, e: Entry, unit: OrgUnit) -> str:
        c = self.campaign_of(unit)
        v = e.values
        old = CommitteeSeats.objects.filter(campaign=c, unit=unit).first()
        before = {k: getattr(old, k) for k in self.LABELS} if old else None
        row = _body(services.committee_seats_set)(
            actor=self.actor,
            campaign=c,
            unit=unit,
            members=v["职数"],
            decided_by=v["决定机构"],
            decision_date=v["决定日期"],
            document_no=v["文件编号"],
        )
        return _diff(self.LABELS, before, {k: getattr(row, k) for k in self.LABELS}, {"decided_by": SeatBody})


class PartySeatsImporter(PlanningImporter):
    """党组织职数和组织形式, one row per village: the 请示 and the 镇党委's 批复."""

    kind = "planning_party_seats"
    label = "党组织职数"
    noun = "党组织职数"
    sheet_name = "党组织职数"
    audit_model = "planning.PartySeats"
    columns = (
        Column(UNIT, CODE, required=True, digits=12, aliases=("区划代码",), width=16),
        Column(UNIT_NAME, aliases=("名称", "村（社区）"), width=14, help="供核对，以区划代码为准"),
        Column("委员职数", INT, required=True, min_value=1, max_value=99, width=8),
        Column("组织形式", CHOICE, required=True, choices=_choices(PartyOrgForm), width=10),
        Column("请示文号", required=True, max_length=64, width=18),
        Column("请示日期", DATE, required=True, width=12),
        Column("批复文号", required=True, max_length=64, width=18),
        Column("批复日期", DATE, required=True, width=12),
    )
    examples = (
        {
            UNIT: "329901001203",
            UNIT_NAME: "北村",
            "委员职数": "5",
            "组织形式": "党支部",
            "请示文号": "支委〔2026〕1号",
            "请示日期": "2026-01-05",
            "批复文号": "镇委〔2026〕3号",
            "批复日期": "2026-01-12",
        },
    )
    notes = ("每个村（社区）一行；已有的党组织职数将被更新。批复日期不能早于请示日期。",)
    FIELD_COLUMNS: ClassVar[dict[str, str]] = {
        "members": "委员职数",
        "form": "组织形式",
        "request_no": "请示文号",
        "approval_no": "批复文号",
        "approval_date": "批复日期",
    }
    LABELS: ClassVar[dict[str, str]] = {
        "members": "委员职数",
        "form": "组织形式",
        "request_no": "请示文号",
        "request_date": "请示日期",
        "approval_no": "批复文号",
        "approval_date": "批复日期",
    }

    def apply(self, e: Entry, unit: OrgUnit) -> str:
        c = self.campaign_of(unit)
        v = e.values
        old = PartySeats.objects.filter(campaign=c, unit=unit).first()
        before = {k: getattr(old, k) for k in self.LABELS} if old else None
        row = _body(services.party_seats_set)(
            actor=self.actor,
            campaign=c,
            unit=unit,
            members=v["委员职数"],
            form=v["组织形式"],
            request_no=v["请示文号"],
            request_date=v["请示日期"],
            approval_no=v["批复文号"],
            approval_date=v["批复日期"],
        )
        return _diff(self.LABELS, before, {k: getattr(row, k) for k in self.LABELS}, {"form": PartyOrgForm})


# ---------------------------------------------------------------------------------------------
# 研判


def _quoted(enum: Any) -> str:
    """The labels of a several-choice column, each in quotes (some hold a 、 themselves)."""
    return "".join(f"“{label}”" for label in enum.labels)


def _multi(enum: Any, column: str, text: str | None) -> list[str]:
    """The values of a several-choice cell: labels separated by 、，, ； or new lines. Labels may
    themselves hold a 、 (班子结构不优（年龄、学历）), so the longest label at each place wins."""
    by_label = {normalize_label(label): value for value, label in enum.choices}
    longest = sorted(by_label, key=len, reverse=True)
    rest = normalize_label(text or "")
    out, bad = [], []
    while rest:
        if rest[0] in SEPARATORS:
            rest = rest[1:]
            continue
        label = next((lb for lb in longest if rest.startswith(lb)), None)
        if label is None:
            end = next((i for i, ch in enumerate(rest) if ch in SEPARATORS), len(rest))
            bad.append(rest[:end])
            rest = rest[end:]
        else:
            out.append(by_label[label])
            rest = rest[len(label) :]
    if bad:
        raise RowRefused(column, f"“{'、'.join(bad)}”不是可选值；可选值：{_quoted(enum)}（多项用顿号分隔）")
    return sorted(set(out))


class AssessmentImporter(PlanningImporter):
    """村（社区）研判, one row per village: opened if needed, then updated (a submitted or approved
    研判 is locked and refuses the row)."""

    kind = "planning_assessments"
    label = "村（社区）研判"
    noun = "研判"
    sheet_name = "研判"
    audit_model = "planning.Assessment"
    columns = (
        Column(UNIT, CODE, required=True, digits=12, aliases=("区划代码",), width=16),
        Column(UNIT_NAME, aliases=("名称", "村（社区）"), width=14, help="供核对，以区划代码为准"),
        Column("班子总体评价", CHOICE, required=True, choices=_choices(Grade), width=10),
        Column(
            "村（社区）类别",
            CHOICE,
            required=True,
            choices=_choices(VillageCategory),
            aliases=("类别",),
            width=14,
        ),
        Column(
            "存在问题",
            TEXT,
            max_length=500,
            width=30,
            help="可填多项，用顿号（、）分隔；可选值：" + _quoted(Problem),
        ),
        Column(
            "风险点",
            TEXT,
            max_length=300,
            width=24,
            help="可填多项，用顿号（、）分隔；可选值：" + _quoted(RiskFlag),
        ),
        Column("研判意见", TEXT, max_length=2000, width=40),
    )
    examples = (
        {
            UNIT: "329901001203",
            UNIT_NAME: "北村",
            "班子总体评价": "较好",
            "村（社区）类别": "一般村（社区）",
            "存在问题": "集体经济薄弱、班子结构不优（年龄、学历）",
            "风险点": "",
            "研判意见": "班子总体稳定，需充实年轻力量。",
        },
    )
    notes = (
        "每个村（社区）一行；尚无研判的将新建，已有的将更新。已上报或已审核通过（锁定）的研判不能通过导入修改。",
        "成员意见请用“成员研判意见”导入。",
    )
    FIELD_COLUMNS: ClassVar[dict[str, str]] = {
        "grade": "班子总体评价",
        "category": "村（社区）类别",
        "problems": "存在问题",
        "risks": "风险点",
        "notes": "研判意见",
    }
    LABELS: ClassVar[dict[str, str]] = {
        "grade": "总体评价",
        "category": "类别",
        "problems": "存在问题",
        "risks": "风险点",
        "notes": "研判意见",
    }

    def row(self, number: int, values: dict[str, Any], failed: set[str]) -> None:
        for enum, column in ((Problem, "存在问题"), (RiskFlag, "风险点")):
            try:
                values[column + "#"] = _multi(enum, column, values[column])
            except RowRefused as exc:
                self.report.error(number, column, values[column], exc.message)
                failed.add(column)
        if {"存在问题", "风险点"} & failed:
            return
        super().row(number, values, failed)

    def apply(self, e: Entry, unit: OrgUnit) -> str:
        c = self.campaign_of(unit)
        v = e.values
        a = Assessment.objects.filter(campaign=c, unit=unit).first()
        before = None
        if a is None:
            a = _body(services.assessment_create)(actor=self.actor, campaign=c, unit=unit)
        else:
            before = {k: getattr(a, k) for k in self.LABELS}
        a = _body(services.assessment_update)(
            actor=self.actor,
            assessment=a,
            grade=v["班子总体评价"],
            category=v["村（社区）类别"],
            problems=v["存在问题#"],
            risks=v["风险点#"],
            notes=v["研判意见"] or "",
        )
        after = {k: getattr(a, k) for k in self.LABELS}
        if before is not None:
            for k, several in (("problems", Problem), ("risks", RiskFlag)):
                before[k], after[k] = _labels(several, before[k]), _labels(several, after[k])
        return _diff(self.LABELS, before, after, {"grade": Grade, "category": VillageCategory})


def _person_ids(values: list[str]) -> dict[str, int]:
    """Blind index → person id of the registered persons with these citizen IDs."""
    index = crypto.blind_indexer()
    keys = {index(v): v for v in values}
    return {
        keys[k]: pk for pk, k in Person.objects.filter(id_index__in=list(keys)).values_list("pk", "id_index")
    }


class MemberViewImporter(PlanningImporter):
    """成员研判意见 (保密): the town's view of each sitting member, one row per person (a person with
    two posts gets the view on both). The village's 研判 must exist and be editable."""

    kind = "planning_member_views"
    label = "成员研判意见"
    noun = "成员研判意见"
    sheet_name = "成员研判意见"
    audit_model = "planning.MemberAssessment"
    columns = (
        Column(UNIT, CODE, required=True, digits=12, aliases=("区划代码",), width=16),
        Column(UNIT_NAME, aliases=("名称", "村（社区）"), width=14, help="供核对，以区划代码为准"),
        Column("姓名", required=True, max_length=50, width=10),
        Column("身份证号", CITIZEN_ID, required=True, sensitive=True, width=20),
        Column("意见", CHOICE, required=True, choices=_choices(MemberView), width=8),
        Column("理由", required=True, max_length=500, width=36),
        Column("收入待遇", CHOICE, choices=_choices(Income), width=10),
        Column("能力本领", CHOICE, choices=_choices(Ability), width=10),
    )
    examples = (
        {
            UNIT: "329901001203",
            UNIT_NAME: "北村",
            "姓名": "钱东升",
            "身份证号": "",
            "意见": "留任",
            "理由": "工作实绩突出，群众认可。",
            "收入待遇": "一般",
            "能力本领": "较强",
        },
    )
    notes = (
        "每位现任成员一行，以身份证号识别（须为该村（社区）的现任成员）；一人兼任多个职务的，意见适用于其全部职务。",
        "该村（社区）须已有研判；已上报或已审核通过（锁定）的研判不能通过导入修改。成员研判意见属保密内容。",
    )
    FIELD_COLUMNS: ClassVar[dict[str, str]] = {
        "tenure": "身份证号",
        "view": "意见",
        "reason": "理由",
        "income": "收入待遇",
        "ability": "能力本领",
    }
    LABELS: ClassVar[dict[str, str]] = {
        "view": "意见",
        "reason": "理由",
        "income": "收入待遇",
        "ability": "能力本领",
    }

    @classmethod
    def example_row(cls, unit: dict[str, Any]) -> dict[str, Any]:
        t = (
            Tenure.objects.filter(committee__org_unit__code=unit["code"], end_date__isnull=True)
            .select_related("person")
            .order_by("pk")
            .first()
        )
        if t is None or not unit.get("unmask"):
            return {}
        return {"姓名": t.person.name, "身份证号": crypto.decrypt(t.person.id_cipher)}

    def key(self, values: dict[str, Any]) -> Any:
        return (values[UNIT], values["身份证号"])

    def duplicate_reason(self, first: int) -> str:
        return f"与第 {first} 行重复：同一村（社区）的同一人只能填写一行"

    def finish(self) -> None:
        self.persons = _person_ids([e.values["身份证号"] for e in self.entries])
        super().finish()

    def describe(self, e: Entry) -> str:
        return f"{e.values['姓名']}的研判意见"

    def apply(self, e: Entry, unit: OrgUnit) -> str:
        c = self.campaign_of(unit)
        v = e.values
        a = Assessment.objects.filter(campaign=c, unit=unit).first()
        if a is None:
            raise RowRefused(UNIT, "该村（社区）尚无研判，请先填写或导入研判")
        pid = self.persons.get(v["身份证号"])
        tenures = list(
            Tenure.objects.filter(
                person_id=pid, committee__org_unit=unit, end_date__isnull=True
            ).select_related("person")
            if pid
            else []
        )
        if not tenures:
            raise RowRefused("身份证号", "此人不是该村（社区）的现任成员")
        if tenures[0].person.name != v["姓名"]:
            raise RowRefused("姓名", f"与身份证号登记的姓名“{tenures[0].person.name}”不同")
        changes = []
        for t in tenures:
            old = MemberAssessment.objects.filter(assessment=a, tenure=t).first()
            before = {k: getattr(old, k) for k in self.LABELS} if old else None
            row = _body(services.member_view_set)(
                actor=self.actor,
                assessment=a,
                tenure=t,
                view=v["意见"],
                reason=v["理由"],
                income=v["收入待遇"] or "",
                ability=v["能力本领"] or "",
            )
            after = {k: getattr(row, k) for k in self.LABELS}
            changes.append(
                _diff(self.LABELS, before, after, {"view": MemberView, "income": Income, "ability": Ability})
            )
        return next((ch for ch in changes if ch != "无变化"), "无变化")


# ---------------------------------------------------------------------------------------------
# 整顿任务


class RectificationTaskImporter(PlanningImporter):
    """整顿任务 (一村一策), one row per task: a task with the same direction and title is updated,
    another is added. The village's rectification is opened when it has none (only for a village
    its 研判 found 软弱涣散 or 情况复杂); one awaiting or past the county's sign-off refuses the row."""

    kind = "planning_rectification_tasks"
    label = "整顿任务"
    noun = "整顿任务"
    sheet_name = "整顿任务"
    audit_model = "planning.RectificationTask"
    columns = (
        Column(UNIT, CODE, required=True, digits=12, aliases=("区划代码",), width=16),
        Column(UNIT_NAME, aliases=("名称", "村（社区）"), width=14, help="供核对，以区划代码为准"),
        Column("整治方向", CHOICE, required=True, choices=_choices(Track), width=12),
        Column("任务", required=True, max_length=200, width=30),
        Column("责任人", required=True, max_length=50, width=10),
        Column("完成时限", DATE, required=True, width=12),
        Column("完成进度", INT, min_value=0, max_value=100, help="0 至 100（百分比），不填为 0", width=8),
        Column("进展情况", TEXT, max_length=1000, width=36),
    )
    examples = (
        {
            UNIT: "329901001203",
            UNIT_NAME: "北村",
            "整治方向": "信访清仓",
            "任务": "化解积案3件",
            "责任人": "李明",
            "完成时限": "2026-02-28",
            "完成进度": "30",
            "进展情况": "已化解1件",
        },
    )
    notes = (
        "每个任务一行；同一村（社区）整治方向和任务名称相同的，更新已有任务，否则新增。",
        "只有研判为“软弱涣散”或“情况复杂”的村（社区）需要整顿；尚无整顿台账的将自动建立。已上报销号或已销号的整顿不能修改。",
    )
    FIELD_COLUMNS: ClassVar[dict[str, str]] = {
        "track": "整治方向",
        "title": "任务",
        "owner": "责任人",
        "deadline": "完成时限",
        "progress": "完成进度",
        "progress_notes": "进展情况",
    }
    LABELS: ClassVar[dict[str, str]] = {
        "owner": "责任人",
        "deadline": "完成时限",
        "progress": "完成进度",
        "progress_notes": "进展情况",
    }

    def key(self, values: dict[str, Any]) -> Any:
        return (values[UNIT], values["整治方向"], values["任务"])

    def duplicate_reason(self, first: int) -> str:
        return f"与第 {first} 行重复：同一村（社区）同一整治方向的同名任务只能填写一行"

    def describe(self, e: Entry) -> str:
        return f"整顿任务“{e.values['任务']}”"

    def apply(self, e: Entry, unit: OrgUnit) -> str:
        c = self.campaign_of(unit)
        v = e.values
        r = Rectification.objects.filter(campaign=c, unit=unit).first()
        if r is None:
            r = _body(rs.rectification_create)(actor=self.actor, campaign=c, unit=unit)
        fields = {
            "track": v["整治方向"],
            "title": v["任务"],
            "owner": v["责任人"],
            "deadline": v["完成时限"],
            "progress": v["完成进度"] or 0,
            "progress_notes": v["进展情况"] or "",
        }
        task = RectificationTask.objects.filter(rectification=r, track=v["整治方向"], title=v["任务"]).first()
        if task is None:
            _body(rs.task_add)(actor=self.actor, rectification=r, **fields)
            return "新建"
        before = {k: getattr(task, k) for k in self.LABELS}
        task = _body(rs.task_update)(actor=self.actor, task=task, **fields)
        return _diff(self.LABELS, before, {k: getattr(task, k) for k in self.LABELS})


# ---------------------------------------------------------------------------------------------
# 后备干部


class ReserveCadreImporter(PlanningImporter):
    """后备干部 (保密), one row per person: a registered person domiciled in the village, added to its
    pool or (already in it) updated."""

    kind = "planning_reserves"
    label = "后备干部"
    noun = "后备干部"
    sheet_name = "后备干部"
    audit_model = "planning.ReserveCadre"
    uses_campaign = False
    columns = (
        Column(UNIT, CODE, required=True, digits=12, aliases=("区划代码",), width=16),
        Column(UNIT_NAME, aliases=("名称", "村（社区）"), width=14, help="供核对，以区划代码为准"),
        Column("姓名", required=True, max_length=50, width=10),
        Column("身份证号", CITIZEN_ID, required=True, sensitive=True, width=20),
        Column("来源", CHOICE, required=True, choices=_choices(ReserveSource), width=16),
        Column("纳入日期", DATE, required=True, width=12),
        Column("培养情况", TEXT, max_length=1000, width=36),
        Column("在库", BOOL, help="不填为“是”；填“否”表示移出后备干部库", width=6),
    )
    examples = (
        {
            UNIT: "329901001203",
            UNIT_NAME: "北村",
            "姓名": "王晓",
            "身份证号": "",
            "来源": "返乡大学生",
            "纳入日期": "2026-01-10",
            "培养情况": "安排到村务岗位锻炼",
            "在库": "是",
        },
    )
    notes = (
        "每人一行，以身份证号识别；须为户籍在该村（社区）的已登记人员（先在人员名册中登记）。",
        "已在后备干部库中的人员将更新来源、纳入日期、培养情况和在库状态。后备干部属保密内容。",
    )
    FIELD_COLUMNS: ClassVar[dict[str, str]] = {
        "person": "身份证号",
        "source": "来源",
        "notes": "培养情况",
    }
    LABELS: ClassVar[dict[str, str]] = {
        "source": "来源",
        "added_on": "纳入日期",
        "notes": "培养情况",
        "active": "在库",
    }

    @classmethod
    def example_row(cls, unit: dict[str, Any]) -> dict[str, Any]:
        p = Person.objects.filter(domicile_unit__code=unit["code"]).order_by("pk").first()
        if p is None or not unit.get("unmask"):
            return {}
        return {"姓名": p.name, "身份证号": crypto.decrypt(p.id_cipher)}

    def key(self, values: dict[str, Any]) -> Any:
        return (values[UNIT], values["身份证号"])

    def duplicate_reason(self, first: int) -> str:
        return f"与第 {first} 行重复：同一村（社区）的同一人只能填写一行"

    def finish(self) -> None:
        self.persons = _person_ids([e.values["身份证号"] for e in self.entries])
        super().finish()

    def describe(self, e: Entry) -> str:
        return f"后备干部{e.values['姓名']}"

    def apply(self, e: Entry, unit: OrgUnit) -> str:
        v = e.values
        pid = self.persons.get(v["身份证号"])
        person = Person.objects.filter(pk=pid, domicile_unit=unit).first() if pid else None
        if person is None:
            raise RowRefused("身份证号", "只能填写户籍在本村（社区）的已登记人员")
        if person.name != v["姓名"]:
            raise RowRefused("姓名", f"与身份证号登记的姓名“{person.name}”不同")
        active = True if v["在库"] is None else v["在库"]
        old = ReserveCadre.objects.filter(unit=unit, person=person).first()
        if old is None:
            if not active:
                raise RowRefused("在库", "不在库的人员不能新纳入后备干部库")
            _body(rs.reserve_add)(
                actor=self.actor,
                unit=unit,
                person=person,
                source=v["来源"],
                notes=v["培养情况"] or "",
                added_on=v["纳入日期"],
            )
            return "新建"
        before = {k: getattr(old, k) for k in self.LABELS}
        row = _body(rs.reserve_update)(
            actor=self.actor,
            reserve=old,
            source=v["来源"],
            notes=v["培养情况"] or "",
            added_on=v["纳入日期"],
            active=active,
        )
        return _diff(
            self.LABELS, before, {k: getattr(row, k) for k in self.LABELS}, {"source": ReserveSource}
        )


# ---------------------------------------------------------------------------------------------
# 人事安排初步方案

#: 职务 labels of both 班子 (“委员” resolved by the row's 班子: the party's or the committee's).
_POST_LABELS = (
    ("书记", SeatPost.SECRETARY),
    ("副书记", SeatPost.DEPUTY_SECRETARY),
    ("主任", SeatPost.CHAIR),
    ("副主任", SeatPost.VICE_CHAIR),
    ("委员", SeatPost.MEMBER),
)
NO_ID = "请填写身份证号，或填写出生日期（与姓名一起识别已登记人员）"
NO_PERSON = "未找到该已登记人员（或不在您的管辖范围内）；新进人选请先在人员名册中登记，或在方案页面现场登记"


def _seat_post(side: str, post: str) -> str:
    """The stored 职务 of a row: “委员” of the party organization is its own value."""
    return SeatPost.PARTY_MEMBER if side == SeatSide.PARTY and post == SeatPost.MEMBER else post


class PersonnelPlanImporter(PlanningImporter):
    """人事安排初步方案 (保密), one row per seat: the village's plan is opened when it has none; a seat
    of the same 班子 and person is updated, another added (seats not in the file are kept). The
    person is a registered one, found by citizen ID or by name and birth date. A submitted or
    approved plan is locked and refuses its rows; the service's rules (进 only for a person not
    sitting, 留/转/退 only for a sitting member, one 书记 and one 主任) refuse a row with their reason."""

    kind = PERSONNEL_PLAN_KIND
    label = "人事安排初步方案"
    noun = "人事安排席位"
    sheet_name = "人事安排"
    audit_model = "planning.PlanSeat"
    columns = (
        Column(UNIT, CODE, required=True, digits=12, aliases=("区划代码",), width=16),
        Column(UNIT_NAME, aliases=("名称", "村（社区）"), width=14, help="供核对，以区划代码为准"),
        Column("班子", CHOICE, required=True, choices=_choices(SeatSide), width=16),
        Column(
            "职务",
            CHOICE,
            required=True,
            choices=_POST_LABELS,
            width=8,
            help="党组织：书记、副书记、委员；村（居）民委员会：主任、副主任、委员",
        ),
        Column(
            "安排",
            CHOICE,
            required=True,
            choices=_choices(Decision),
            aliases=("进退留转",),
            width=6,
            help="进：新进人选；留：留任；转：转任本村（社区）另一职务；退：退出（不占职数）",
        ),
        Column("姓名", required=True, max_length=50, width=10),
        Column(
            "身份证号",
            CITIZEN_ID,
            sensitive=True,
            width=20,
            help="填写身份证号，或不填而填写出生日期（按姓名和出生日期查找已登记人员）",
        ),
        Column("出生日期", DATE, width=12, help="未填身份证号时必填"),
        Column("备注", TEXT, max_length=200, width=30),
    )
    examples = (
        {
            UNIT: "329901001203",
            UNIT_NAME: "北村",
            "班子": "村（居）民委员会",
            "职务": "主任",
            "安排": "留",
            "姓名": "钱东升",
            "身份证号": "",
            "出生日期": "1975-06-01",
            "备注": "",
        },
    )
    notes = (
        "每个席位一行；该村（社区）尚无方案的将新建方案。同一班子中同一人已有安排的将更新，否则新增；文件中没有的已有席位保留不变（删除请在方案页面操作）。",
        "人选须为已登记人员：以身份证号识别，未填身份证号的按姓名和出生日期识别；新进人选请先在人员名册中登记。",
        "“进”只能用于非现任成员，“留”“转”“退”只能用于该村（社区）的现任成员；每个班子只能安排一名书记（主任）。",
        "已上报或已审核通过（锁定）的方案不能通过导入修改。人事安排初步方案属保密内容。",
    )
    FIELD_COLUMNS: ClassVar[dict[str, str]] = {
        "side": "班子",
        "post": "职务",
        "decision": "安排",
        "person": "姓名",
        "note": "备注",
        "seat": "姓名",
    }
    LABELS: ClassVar[dict[str, str]] = {"post": "职务", "decision": "安排", "note": "备注"}

    @classmethod
    def example_row(cls, unit: dict[str, Any]) -> dict[str, Any]:
        """A sitting member of the village staying (留) in a 委员 seat of their own 班子: found by
        name and birth date, and by citizen ID when the actor may read it in full."""
        t = (
            Tenure.objects.filter(
                committee__org_unit__code=unit["code"],
                end_date__isnull=True,
                committee__kind__in=tuple(registry.SIDE_OF_KIND),
            )
            .select_related("person", "committee")
            .order_by("pk")
            .first()
        )
        if t is None:
            return {}
        p = t.person
        return {
            "班子": SeatSide(registry.SIDE_OF_KIND[t.committee.kind]).label,
            "职务": "委员",
            "安排": Decision.STAY.label,
            "姓名": p.name,
            "身份证号": crypto.decrypt(p.id_cipher) if unit.get("unmask") else "",
            "出生日期": p.birth_date.isoformat(),
        }

    def row(self, number: int, values: dict[str, Any], failed: set[str]) -> None:
        if values["身份证号"] is None and values["出生日期"] is None and "身份证号" not in failed:
            self.report.error(number, "身份证号", "", NO_ID)
            failed.add("身份证号")
            return
        super().row(number, values, failed)

    def key(self, values: dict[str, Any]) -> Any:
        who = values["身份证号"] or (values["姓名"], values["出生日期"])
        return (values[UNIT], values["班子"], who)

    def duplicate_reason(self, first: int) -> str:
        return f"与第 {first} 行重复：同一村（社区）同一班子中的同一人只能填写一行"

    def finish(self) -> None:
        self.persons = _person_ids([e.values["身份证号"] for e in self.entries if e.values["身份证号"]])
        super().finish()

    def describe(self, e: Entry) -> str:
        v = e.values
        post = SeatPost(_seat_post(v["班子"], v["职务"])).label
        return f"{SeatSide(v['班子']).label}{post}{v['姓名']}（{Decision(v['安排']).label}）"

    @classmethod
    def result_lines(cls, result: dict[str, Any]) -> list[str]:
        return [
            f"新增席位 {result.get('created', 0)} 个",
            f"更新席位 {result.get('updated', 0)} 个",
            f"无变化 {result.get('unchanged', 0)} 个",
        ]

    def person_of(self, e: Entry, unit: OrgUnit) -> Person:
        """The registered person of the row, among those the actor may see (people's jurisdiction)."""
        v = e.values
        visible = Person.objects.visible_to(self.actor)
        if v["身份证号"]:
            pid = self.persons.get(v["身份证号"])
            person = visible.filter(pk=pid).first() if pid else None
            if person is None:
                raise RowRefused("身份证号", NO_PERSON)
            if person.name != v["姓名"]:
                raise RowRefused("姓名", f"与身份证号登记的姓名“{person.name}”不同")
            if v["出生日期"] is not None and v["出生日期"] != person.birth_date:
                raise RowRefused("出生日期", f"与身份证号登记的出生日期“{person.birth_date:%Y-%m-%d}”不同")
            return person
        found = list(
            visible.filter(
                name=v["姓名"], birth_date=v["出生日期"], domicile_unit__path__startswith=unit.path[:9]
            )[:2]
        )
        if not found:
            raise RowRefused("姓名", NO_PERSON + "（按姓名和出生日期在本乡镇（街道）查找）")
        if len(found) > 1:
            raise RowRefused("姓名", "本乡镇（街道）有同名且出生日期相同的多人，请填写身份证号")
        return found[0]

    def apply(self, e: Entry, unit: OrgUnit) -> str:
        c = self.campaign_of(unit)
        v = e.values
        plan = PersonnelPlan.objects.filter(campaign=c, unit=unit).first()
        spec = PersonnelPlan.workflow_spec
        if plan is not None and plan.state in spec.locked_states:
            raise RowRefused(
                UNIT,
                f"该村（社区）的人事安排初步方案{spec.state_label(plan.state)}，处于锁定状态，"
                "不能通过导入修改；如需修改请由县级退回",
            )
        person = self.person_of(e, unit)
        if plan is None:
            plan = _body(plan_services.plan_create)(actor=self.actor, campaign=c, unit=unit)
        side = v["班子"]
        old = PlanSeat.objects.filter(plan=plan, side=side, person=person).first()
        before = {k: getattr(old, k) for k in self.LABELS} if old else None
        row = _body(plan_services.seat_set)(
            actor=self.actor,
            plan=plan,
            side=side,
            post=_seat_post(side, v["职务"]),
            decision=v["安排"],
            person=person,
            note=v["备注"] or "",
            seat=old,
        )
        after = {k: getattr(row, k) for k in self.LABELS}
        return _diff(self.LABELS, before, after, {"post": SeatPost, "decision": Decision})


_CLASSES: tuple[type[PlanningImporter], ...] = (
    CommitteeSeatsImporter,
    PartySeatsImporter,
    AssessmentImporter,
    MemberViewImporter,
    RectificationTaskImporter,
    ReserveCadreImporter,
    PersonnelPlanImporter,
)
#: kind → dotted path, as declared in apps.py's ``importers`` (a test keeps the two equal).
IMPORTERS = {cls.kind: f"{__name__}.{cls.__name__}" for cls in _CLASSES}

__all__ = ["IMPORTERS", "PERSONNEL_PLAN_KIND", "PlanningImporter"]


def import_label(kind: str) -> str:
    return {cls.kind: cls.label for cls in _CLASSES}[kind]
