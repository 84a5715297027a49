"""Imports of the other oversight registers from their 台账 templates through the import kit (issue 14
req. 9): 重大事件报送台账 (req. 3), 宣传发动任务台账 and 舆情台账 (req. 8), 政策咨询登记表 and
镇换届工作人员名册 (req. 6), 选举日检查清单落实情况 (req. 7), 督导组台账 and 督导发现问题台账
(req. 4).

As petitions_importers: every row goes through the SAME service as the online form (unwrapped from
its transaction, inside the kit's), so the same rules, scope checks and per-record audit events
apply; the preview is the dry run (one savepoint per row, rolled back) and reports each refusal on
its row in Chinese. These registers belong to towns, counties or villages (not only villages), so
the unit column is a division code of the levels each register takes (``levels``), looked up among
the actor's own units (``oversight.edit``)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from huanjie.core import workflow
from huanjie.core.imports import BOOL, CHOICE, CODE, DATE, TEXT, Column
from huanjie.core.scoping import path_q, scope_paths
from huanjie.core.workflow import WorkflowError
from huanjie.elections.choices import Body
from huanjie.elections.models import Election
from huanjie.org.importers import own_units_of
from huanjie.org.models import OrgUnit
from huanjie.oversight import (
    checklist_services,
    incidents_services,
    publicity_services,
    qa_services,
    supervision_services,
    training_services,
)
from huanjie.oversight.capabilities import OversightCap
from huanjie.oversight.incidents_choices import DEFAULT_SEVERITIES, IncidentCategory
from huanjie.oversight.models import (
    ChecklistCheck,
    ChecklistItem,
    OpinionEvent,
    PublicityTask,
    SupervisionGroup,
    SupervisionVisit,
    TrainingOfficial,
)
from huanjie.oversight.models.publicity import OpinionSource, OpinionStatus
from huanjie.oversight.models.training import QuestionTopic
from huanjie.oversight.petitions_importers import choices_of, service_body
from huanjie.oversight.supervision_choices import FindingCategory, FindingSeverity, GroupKind
from huanjie.planning.importers import Entry, PlanningImporter, RowRefused, _show

CODE_COL = "单位区划代码"
NAME_COL = "单位名称"
OUTSIDE = "该区划代码不在您的管辖范围内（或不是本台账可填报的单位层级）"
SEVERITY_CHOICES = tuple((d.label, d.code) for d in DEFAULT_SEVERITIES)
_TIME = re.compile(r"^([01]?\d|2[0-3])[:：]([0-5]\d)$")


class RegisterImporter(PlanningImporter):
    """Base of these registers: one row → one service call on a unit of the actor's jurisdiction at
    one of ``levels``; the campaign is the latest published one of the unit's city."""

    capability = OversightCap.EDIT  # type: ignore[assignment]  # the kit takes any capability
    levels: ClassVar[tuple[str, ...]] = ("town",)
    level_hint: ClassVar[str] = "乡镇（街道）"

    @classmethod
    def unit_columns(cls, hint: str) -> tuple[Column, ...]:
        return (
            Column(CODE_COL, CODE, required=True, digits=12, aliases=("区划代码",), width=16, help=hint),
            Column(NAME_COL, aliases=("名称",), width=14, help="供核对，以区划代码为准"),
        )

    @classmethod
    def own_units(cls, actor: Any) -> list[dict[str, Any]]:
        return own_units_of(actor, cls.capability)

    @classmethod
    def examples_for(cls, units: list[dict[str, Any]]) -> tuple[dict[str, Any], ...]:
        codes = {
            code
            for code, level in OrgUnit.objects.filter(code__in=[u["code"] for u in units]).values_list(
                "code", "level"
            )
            if level in cls.levels
        }
        mine = next((u for u in units if u["code"] in codes), None)
        if mine is None:
            return cls.examples
        return ({**cls.examples[0], CODE_COL: mine["code"], NAME_COL: mine["name"]},)

    def load(self) -> None:
        super().load()
        paths = scope_paths(self.actor, self.capability)
        units = (
            OrgUnit.objects.filter(path_q("path", paths), level__in=self.levels, is_active=True)
            if paths
            else OrgUnit.objects.none()
        )
        self.units = {u.code: u for u in units}

    def row(self, number: int, values: dict[str, Any], failed: set[str]) -> None:
        code = values[CODE_COL]
        if code is None:
            return
        unit = self.units.get(code)
        if unit is None:
            self.report.error(number, CODE_COL, code, OUTSIDE)
            return
        if any(c.required and c.name in failed for c in self.columns):
            return
        name = values.get(NAME_COL)
        if name and name != unit.name:
            self.report.warning(
                number, NAME_COL, name, f"与区划代码对应的名称“{unit.name}”不同，以区划代码为准"
            )
        key = self.key(values)
        first = self.keys.get(key)
        if first is not None:
            self.report.error(number, CODE_COL, code, self.duplicate_reason(first))
            return
        self.keys[key] = number
        self.entries.append(Entry(number, code, values))

    def key(self, values: dict[str, Any]) -> Any:
        return values[CODE_COL]

    def campaign_of(self, unit: OrgUnit) -> Any:
        try:
            return super().campaign_of(unit)
        except RowRefused as exc:
            raise RowRefused(CODE_COL, "该单位所在市没有已发布的换届工作，暂不能填报") from exc

    def _run(self, e: Entry) -> bool:
        unit = self.units[e.code]
        try:
            with transaction.atomic():
                e.change = self.apply(e, unit)
        except RowRefused as exc:
            self.report.error(e.number, exc.column, _show(e.values.get(exc.column)), exc.message)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, messages in exc.message_dict.items():
                    column = self.FIELD_COLUMNS.get(name, CODE_COL)
                    for message in messages:
                        self.report.error(e.number, column, _show(e.values.get(column)), message)
            else:
                for message in exc.messages:
                    self.report.error(e.number, CODE_COL, e.code, message)
        except (PermissionDenied, WorkflowError) as exc:
            self.report.error(e.number, CODE_COL, e.code, str(exc))
        else:
            e.kind = e.change.split("：", 1)[0]
            return True
        return False


# ---------------------------------------------------------------------------------------------
# 重大事件报送台账 (req. 3)


class IncidentImporter(RegisterImporter):
    """重大事件报送台账: one row per report, each reported at the moment of the import (the county's
    acknowledgement clock starts then, as on the form); a report is never updated from a file."""

    kind = "oversight_incidents"
    label = "重大事件报告"
    noun = "重大事件报告"
    sheet_name = "重大事件报送台账"
    audit_model = "oversight.Incident"
    levels = ("town", "village", "community")
    columns = (
        *RegisterImporter.unit_columns("事发乡镇（街道）或村（社区）的区划代码"),
        Column("事件名称", required=True, max_length=100, width=24),
        Column("类别", CHOICE, required=True, choices=choices_of(IncidentCategory), width=14),
        Column(
            "等级",
            CHOICE,
            required=True,
            choices=tuple((d.label, d.code) for d in DEFAULT_SEVERITIES),
            width=8,
        ),
        Column("发生日期", DATE, required=True, width=12),
        Column("发生时刻", max_length=5, width=8, help="时:分，如 14:30；留空按 00:00"),
        Column("基本情况", TEXT, required=True, max_length=4000, width=40),
        Column("已采取的措施", TEXT, max_length=4000, width=30),
    )
    examples = (
        {
            CODE_COL: "329999001201",
            NAME_COL: "示例村",
            "事件名称": "选举现场发生冲突",
            "类别": IncidentCategory.choices[0][1],
            "等级": DEFAULT_SEVERITIES[-1].label,
            "发生日期": "2026-03-01",
            "发生时刻": "09:30",
            "基本情况": "投票站外两户村民发生争执",
            "已采取的措施": "派出所民警到场劝离",
        },
    )
    notes = ("每个事件一行，均作为新的报告报送县级，签收时限自导入时起算；报送后的续报请在系统中填写。",)
    FIELD_COLUMNS: ClassVar[dict[str, str]] = {
        "unit": CODE_COL,
        "title": "事件名称",
        "category": "类别",
        "severity": "等级",
        "occurred_at": "发生日期",
        "summary": "基本情况",
        "campaign": CODE_COL,
    }

    def key(self, values: dict[str, Any]) -> Any:
        return (values[CODE_COL], values["事件名称"], values["发生日期"])

    def duplicate_reason(self, first: int) -> str:
        return f"与第 {first} 行重复：同一单位同一天的同名事件只能填写一行"

    def describe(self, e: Entry) -> str:
        return f"事件“{e.values['事件名称']}”"

    def apply(self, e: Entry, unit: OrgUnit) -> str:
        v = e.values
        clock = (v.get("发生时刻") or "").strip()
        hour = minute = 0
        if clock:
            m = _TIME.match(clock)
            if m is None:
                raise RowRefused("发生时刻", "发生时刻格式无法识别，应为 时:分，如 14:30")
            hour, minute = int(m.group(1)), int(m.group(2))
        occurred = timezone.make_aware(dt.datetime.combine(v["发生日期"], dt.time(hour, minute)))
        service_body(incidents_services.incident_report)(
            actor=self.actor,
            campaign=self.campaign_of(unit),
            unit=unit,
            title=v["事件名称"],
            category=v["类别"],
            severity=v["等级"],
            occurred_at=occurred,
            summary=v["基本情况"],
            measures=v.get("已采取的措施") or "",
        )
        return "新建"


# ---------------------------------------------------------------------------------------------
# 宣传发动任务台账 and 舆情台账 (req. 8)


class PublicityTaskImporter(RegisterImporter):
    """宣传发动任务台账: one row per task of a unit's responsibility list; a task of the same unit and
    name is not created twice — a 完成日期 in the row records it as done (once)."""

    kind = "oversight_publicity_tasks"
    label = "宣传任务"
    noun = "宣传任务"
    sheet_name = "宣传发动任务台账"
    audit_model = "oversight.PublicityTask"
    levels = ("city", "county", "town")
    columns = (
        *RegisterImporter.unit_columns("责任单位（市、县、乡镇）的区划代码"),
        Column("宣传任务", required=True, max_length=200, width=30),
        Column("完成时限", DATE, required=True, width=12),
        Column("完成日期", DATE, width=12, help="已完成的填写"),
        Column("完成情况", max_length=500, width=30),
    )
    examples = (
        {
            CODE_COL: "329999001000",
            NAME_COL: "示例镇",
            "宣传任务": "在每个村张贴换届选举公告和“十不选”标准",
            "完成时限": "2026-03-20",
            "完成日期": "",
            "完成情况": "",
        },
    )
    notes = ("每项任务一行；同一责任单位同名的任务不重复登记，填写了完成日期的登记为已完成。",)
    FIELD_COLUMNS: ClassVar[dict[str, str]] = {
        "owner": CODE_COL,
        "title": "宣传任务",
        "deadline": "完成时限",
        "done_on": "完成日期",
        "note": "完成情况",
    }

    def key(self, values: dict[str, Any]) -> Any:
        return (values[CODE_COL], values["宣传任务"])

    def describe(self, e: Entry) -> str:
        return f"宣传任务“{e.values['宣传任务']}”"

    def apply(self, e: Entry, unit: OrgUnit) -> str:
        c = self.campaign_of(unit)
        v = e.values
        task = PublicityTask.objects.filter(campaign=c, owner=unit, title=v["宣传任务"].strip()).first()
        change = "无变化"
        if task is None:
            task = service_body(publicity_services.task_create)(
                actor=self.actor, campaign=c, owner=unit, title=v["宣传任务"], deadline=v["完成时限"]
            )
            change = "新建"
        elif task.deadline != v["完成时限"]:
            raise RowRefused(
                "完成时限", f"该任务已登记，完成时限为 {task.deadline:%Y-%m-%d}，不能通过导入修改"
            )
        done = v.get("完成日期")
        if done is not None and task.done_on is None:
            if done > workflow.today():
                raise RowRefused("完成日期", "完成日期不能晚于今天")
            service_body(publicity_services.task_done)(
                actor=self.actor, task=task, done_on=done, note=v.get("完成情况") or "", version=task.version
            )
            change = "新建" if change == "新建" else "更新：登记完成"
        return change


class OpinionEventImporter(RegisterImporter):
    """舆情台账: one row per event about a town or village; an event already registered (same unit,
    date and summary) gets the row's response and status."""

    kind = "oversight_opinion_events"
    label = "舆情"
    noun = "舆情"
    sheet_name = "舆情台账"
    audit_model = "oversight.OpinionEvent"
    levels = ("town", "village", "community")
    columns = (
        *RegisterImporter.unit_columns("涉及的乡镇（街道）或村（社区）的区划代码"),
        Column("来源", CHOICE, required=True, choices=choices_of(OpinionSource), width=10),
        Column("发现日期", DATE, required=True, width=12),
        Column("内容摘要", required=True, max_length=500, width=40),
        Column("处置时限", DATE, required=True, width=12),
        Column("处置情况", TEXT, max_length=2000, width=30),
        Column("状态", CHOICE, choices=choices_of(OpinionStatus), width=8, help="留空按“监测中”"),
    )
    examples = (
        {
            CODE_COL: "329999001201",
            NAME_COL: "示例村",
            "来源": "网络",
            "发现日期": "2026-03-01",
            "内容摘要": "微信群流传选举日期不实消息",
            "处置时限": "2026-03-03",
            "处置情况": "",
            "状态": "监测中",
        },
    )
    notes = ("每条舆情一行；同一单位同日同一内容摘要的舆情已登记的，更新其处置情况和状态。",)
    FIELD_COLUMNS: ClassVar[dict[str, str]] = {
        "unit": CODE_COL,
        "source": "来源",
        "occurred_on": "发现日期",
        "summary": "内容摘要",
        "respond_by": "处置时限",
        "response": "处置情况",
        "status": "状态",
    }

    def key(self, values: dict[str, Any]) -> Any:
        return (values[CODE_COL], values["发现日期"], values["内容摘要"])

    def describe(self, e: Entry) -> str:
        return f"舆情“{e.values['内容摘要'][:20]}”"

    def apply(self, e: Entry, unit: OrgUnit) -> str:
        c = self.campaign_of(unit)
        v = e.values
        if v["发现日期"] > workflow.today():
            raise RowRefused("发现日期", "发现日期不能晚于今天")
        status = v.get("状态") or OpinionStatus.WATCHING
        response = v.get("处置情况") or ""
        event = OpinionEvent.objects.filter(
            campaign=c, unit=unit, occurred_on=v["发现日期"], summary=v["内容摘要"].strip()
        ).first()
        change = "新建"
        if event is None:
            event = service_body(publicity_services.event_create)(
                actor=self.actor,
                campaign=c,
                unit=unit,
                source=v["来源"],
                occurred_on=v["发现日期"],
                summary=v["内容摘要"],
                respond_by=v["处置时限"],
            )
            if status == OpinionStatus.WATCHING and not response:
                return change
        elif event.status == status and event.response == response.strip():
            return "无变化"
        else:
            change = "更新：处置情况和状态"
        service_body(publicity_services.event_update)(
            actor=self.actor, event=event, response=response, status=status, version=event.version
        )
        return change


# ---------------------------------------------------------------------------------------------
# 政策咨询登记表 and 镇换届工作人员名册 (req. 6)


class QuestionImporter(RegisterImporter):
    """政策咨询登记表: the questions a town collected, one a row, each asked as on the form (answers
    are given by the county or the city in the system)."""

    kind = "oversight_questions"
    label = "政策咨询"
    noun = "问题"
    sheet_name = "政策咨询登记表"
    audit_model = "oversight.PolicyQuestion"
    levels = ("town",)
    columns = (
        *RegisterImporter.unit_columns("提问的乡镇（街道）的区划代码"),
        Column("类别", CHOICE, required=True, choices=choices_of(QuestionTopic), width=14),
        Column("问题", TEXT, required=True, max_length=2000, width=50),
    )
    examples = (
        {
            CODE_COL: "329999001000",
            NAME_COL: "示例镇",
            "类别": QuestionTopic.choices[0][1],
            "问题": "外出务工人员能否委托投票？",
        },
    )
    notes = ("每个问题一行，由县（区）或市答复。",)
    FIELD_COLUMNS: ClassVar[dict[str, str]] = {"town": CODE_COL, "topic": "类别", "text": "问题"}

    def key(self, values: dict[str, Any]) -> Any:
        return (values[CODE_COL], values["问题"])

    def apply(self, e: Entry, unit: OrgUnit) -> str:
        v = e.values
        service_body(qa_services.question_ask)(
            actor=self.actor, campaign=self.campaign_of(unit), town=unit, topic=v["类别"], text=v["问题"]
        )
        return "新建"


class OfficialImporter(RegisterImporter):
    """镇换届工作人员名册: the town officials to be trained (the denominator of their coverage), one a
    row; a name already on the town's roster is not added twice."""

    kind = "oversight_training_officials"
    label = "镇换届工作人员"
    noun = "工作人员"
    sheet_name = "镇换届工作人员名册"
    audit_model = "oversight.TrainingOfficial"
    levels = ("town",)
    columns = (
        *RegisterImporter.unit_columns("所在乡镇（街道）的区划代码"),
        Column("姓名", required=True, max_length=50, width=10),
        Column("职务", max_length=100, width=20),
    )
    examples = ({CODE_COL: "329999001000", NAME_COL: "示例镇", "姓名": "孙某", "职务": "组织委员"},)
    notes = ("每人一行；名册中已有同名人员的不重复添加。",)
    FIELD_COLUMNS: ClassVar[dict[str, str]] = {"town": CODE_COL, "name": "姓名", "post": "职务"}

    def key(self, values: dict[str, Any]) -> Any:
        return (values[CODE_COL], values["姓名"])

    def duplicate_reason(self, first: int) -> str:
        return f"与第 {first} 行重复：同一乡镇的同名人员只能填写一行"

    def describe(self, e: Entry) -> str:
        return e.values["姓名"]

    def apply(self, e: Entry, unit: OrgUnit) -> str:
        c = self.campaign_of(unit)
        v = e.values
        if TrainingOfficial.objects.filter(campaign=c, town=unit, name=v["姓名"].strip()).exists():
            return "无变化"
        service_body(training_services.official_add)(
            actor=self.actor, campaign=c, town=unit, name=v["姓名"], post=v.get("职务") or ""
        )
        return "新建"


# ---------------------------------------------------------------------------------------------
# 选举日检查清单落实情况 (req. 7)


class ChecklistImporter(RegisterImporter):
    """选举日检查清单落实情况: one row per item of a village's election (its latest round of that
    body), recorded through the same service as the page: an item that asks for evidence cannot be
    marked done from a file until its evidence is uploaded in the system."""

    kind = "oversight_checklist"
    label = "检查事项落实情况"
    noun = "检查事项"
    sheet_name = "选举日检查清单落实情况"
    audit_model = "oversight.ChecklistCheck"
    levels = ("village", "community")
    columns = (
        *RegisterImporter.unit_columns("村（社区）的区划代码"),
        Column("选举对象", CHOICE, required=True, choices=choices_of(Body), width=18),
        Column("检查事项", required=True, max_length=200, width=30),
        Column("已落实", BOOL, required=True, width=8),
        Column("说明", max_length=500, width=30),
    )
    examples = (
        {
            CODE_COL: "329999001201",
            NAME_COL: "示例村",
            "选举对象": "村（居）民委员会",
            "检查事项": "投票站设置一米线",
            "已落实": "是",
            "说明": "",
        },
    )
    notes = (
        "每个选举的每个检查事项一行；检查事项须与市里设置的名称一致。",
        "须上传佐证材料的事项，请先在系统中上传佐证，再导入“已落实”。",
    )
    FIELD_COLUMNS: ClassVar[dict[str, str]] = {"evidence": "已落实", "note": "说明"}

    @classmethod
    def examples_for(cls, units: list[dict[str, Any]]) -> tuple[dict[str, Any], ...]:
        rows = super().examples_for(units)
        e = (
            Election.objects.filter(unit__code=rows[0][CODE_COL], campaign__state="published")
            .order_by("-campaign__window_start", "-order", "-pk")
            .first()
        )
        item = (
            ChecklistItem.objects.filter(campaign_id=e.campaign_id).order_by("order", "pk").first()
            if e
            else None
        )
        if e is None or item is None:
            return rows
        return ({**rows[0], "选举对象": e.get_body_display(), "检查事项": item.title, "已落实": "否"},)

    def key(self, values: dict[str, Any]) -> Any:
        return (values[CODE_COL], values["选举对象"], values["检查事项"])

    def duplicate_reason(self, first: int) -> str:
        return f"与第 {first} 行重复：同一选举的同一检查事项只能填写一行"

    def describe(self, e: Entry) -> str:
        return f"{dict(Body.choices)[e.values['选举对象']]}选举“{e.values['检查事项']}”"

    def apply(self, e: Entry, unit: OrgUnit) -> str:
        c = self.campaign_of(unit)
        v = e.values
        election = (
            Election.objects.filter(campaign=c, unit=unit, body=v["选举对象"])
            .select_related("unit")
            .order_by("-order", "-pk")
            .first()
        )
        if election is None:
            raise RowRefused("选举对象", "该村（社区）在本次换届工作中没有该选举对象的选举")
        item = ChecklistItem.objects.filter(campaign=c, title=v["检查事项"].strip()).first()
        if item is None:
            raise RowRefused("检查事项", "本次换届工作的选举日检查清单中没有该事项")
        note = (v.get("说明") or "").strip()
        old = ChecklistCheck.objects.filter(election=election, item=item).first()
        if old is not None and (old.done, old.note) == (v["已落实"], note):
            return "无变化"
        service_body(checklist_services.check_record)(
            actor=self.actor, election=election, item=item, done=v["已落实"], note=note
        )
        return "新建" if old is None else "更新：" + ("已落实" if v["已落实"] else "未落实")


# ---------------------------------------------------------------------------------------------
# 督导发现问题台账 (req. 4)

VISITED_COL = "督导单位区划代码"


class FindingImporter(RegisterImporter):
    """督导发现问题台账: a group member's findings, one a row, each on his group's visit to the
    visited county or town on that date (the visit recorded first, through the same service as the
    page, when the group has none that day). Only members write, only inside their group's
    jurisdiction (the services' own checks); evidence files are added on the finding's page."""

    capability = OversightCap.SUPERVISE  # type: ignore[assignment]
    kind = "oversight_findings"
    label = "督导发现问题"
    noun = "问题"
    sheet_name = "督导发现问题台账"
    audit_model = "oversight.Finding"
    levels = ("town", "village", "community")
    columns = (
        Column("督导组", max_length=100, width=18, help="只参加一个督导组的可留空"),
        Column(VISITED_COL, CODE, required=True, digits=12, width=16, help="所督导的县（区）或乡镇"),
        Column("督导日期", DATE, required=True, width=12),
        Column("走访地点", required=True, max_length=300, width=24),
        *RegisterImporter.unit_columns("责任单位（乡镇或村、社区）的区划代码"),
        Column("问题类别", CHOICE, required=True, choices=choices_of(FindingCategory), width=14),
        Column("严重程度", CHOICE, required=True, choices=choices_of(FindingSeverity), width=8),
        Column("问题描述", TEXT, required=True, max_length=4000, width=40),
        Column("整改期限", DATE, required=True, width=12),
    )
    examples = (
        {
            "督导组": "",
            VISITED_COL: "329999001000",
            "督导日期": "2026-03-01",
            "走访地点": "示例镇党委、示例村村委会",
            CODE_COL: "329999001201",
            NAME_COL: "示例村",
            "问题类别": "选举程序",
            "严重程度": "一般",
            "问题描述": "选民名单未按时公布",
            "整改期限": "2026-03-20",
        },
    )
    notes = ("每个问题一行；同一督导组同一天到同一单位的督导记为一次走访。",)
    FIELD_COLUMNS: ClassVar[dict[str, str]] = {
        "unit": CODE_COL,
        "visited_on": "督导日期",
        "places": "走访地点",
        "category": "问题类别",
        "severity": "严重程度",
        "description": "问题描述",
        "rectify_by": "整改期限",
    }

    @classmethod
    def examples_for(cls, units: list[dict[str, Any]]) -> tuple[dict[str, Any], ...]:
        return cls.examples

    def load(self) -> None:
        super().load()
        ids = supervision_services.member_group_ids(self.actor)
        self.groups = {
            g.name: g for g in SupervisionGroup.objects.filter(pk__in=ids).select_related("campaign")
        }
        paths = scope_paths(self.actor, self.capability)
        visited = (
            OrgUnit.objects.filter(path_q("path", paths), level__in=("county", "town"), is_active=True)
            if paths
            else OrgUnit.objects.none()
        )
        self.visited = {u.code: u for u in visited}

    def key(self, values: dict[str, Any]) -> Any:
        return (
            values["督导组"],
            values[VISITED_COL],
            values["督导日期"],
            values[CODE_COL],
            values["问题描述"],
        )

    def describe(self, e: Entry) -> str:
        return f"问题“{e.values['问题描述'][:20]}”"

    def apply(self, e: Entry, unit: OrgUnit) -> str:
        v = e.values
        name = (v.get("督导组") or "").strip()
        if name:
            group = self.groups.get(name)
            if group is None:
                raise RowRefused("督导组", "您不是该督导组的成员（或督导组名称有误）")
        elif len(self.groups) == 1:
            group = next(iter(self.groups.values()))
        else:
            raise RowRefused("督导组", "您参加了多个督导组（或未参加督导组），请填写督导组名称")
        where = self.visited.get(v[VISITED_COL])
        if where is None:
            raise RowRefused(VISITED_COL, "督导单位须为您所在督导组联系范围内的县（区）或乡镇")
        visit = (
            SupervisionVisit.objects.filter(group=group, unit=where, visited_on=v["督导日期"])
            .order_by("pk")
            .first()
        )
        if visit is None:
            visit = service_body(supervision_services.visit_record)(
                actor=self.actor,
                group=group,
                unit=where,
                visited_on=v["督导日期"],
                places=v["走访地点"],
                checked="",
                results={},
            )
        service_body(supervision_services.finding_record)(
            actor=self.actor,
            visit=visit,
            unit=unit,
            category=v["问题类别"],
            severity=v["严重程度"],
            description=v["问题描述"],
            rectify_by=v["整改期限"],
        )
        return "新建"


# ---------------------------------------------------------------------------------------------
# 督导组台账 (req. 4)

MEMBERS_COL = "组长及成员"
AREAS_COL = "联系县（镇）"
_LIST_SEP = re.compile(r"[、，,；;\s]+")
_LEADER = re.compile(r"[（(]组长[)）]$")


class GroupImporter(RegisterImporter):
    """督导组台账: one row per group the city (巡回督导组) or a county (双联直挂) forms, through the same
    service as the page (``supervision_services.group_create``: its rules on kinds, members' role
    and areas apply, each refusal on its column). The members, as the list and its export write them
    (``、`` between names, the leader marked （组长）): each a login name, or a name that exactly one
    user holding the supervisor role bears; the assigned counties or towns each a division code, or
    a name that is unique among the forming unit's. A group the unit has already formed under the
    same name is left as it is when the row says the same, refused otherwise (a file never changes a
    group's members)."""

    kind = "oversight_supervision_groups"
    label = "督导组"
    noun = "督导组"
    sheet_name = "督导组台账"
    audit_model = "oversight.SupervisionGroup"
    levels = ("city", "county")
    columns = (
        *RegisterImporter.unit_columns("组建单位（市或县、区）的区划代码"),
        Column("督导组名称", required=True, max_length=100, width=18, aliases=("名称",)),
        Column("类型", CHOICE, required=True, choices=choices_of(GroupKind), width=12),
        Column(
            MEMBERS_COL,
            TEXT,
            required=True,
            max_length=2000,
            width=36,
            aliases=("成员",),
            help="登录名或姓名，以顿号分隔；组长后注明（组长）",
        ),
        Column(
            AREAS_COL,
            TEXT,
            required=True,
            max_length=2000,
            width=30,
            aliases=("联系范围",),
            help="本级所辖县（区）或乡镇的区划代码或名称，以顿号分隔",
        ),
    )
    examples = (
        {
            CODE_COL: "329999000000",
            NAME_COL: "示例市",
            "督导组名称": "第一巡回督导组",
            "类型": GroupKind.ROVING.label,
            MEMBERS_COL: "zhangsan（组长）、李四",
            AREAS_COL: "329999000000",
        },
    )
    notes = (
        "每个督导组一行。巡回督导组由市级组建、联系县（区）或乡镇；双联直挂由县级组建、联系本县乡镇。",
        "成员须已具有“巡回督导组成员”角色；同名的请填写登录名。",
        "已组建的同名督导组不重复组建；成员和联系范围的变化请在督导组页面处理。",
    )
    FIELD_COLUMNS: ClassVar[dict[str, str]] = {
        "formed_by": CODE_COL,
        "name": "督导组名称",
        "kind": "类型",
        "members": MEMBERS_COL,
        "leader": MEMBERS_COL,
        "areas": AREAS_COL,
    }

    @classmethod
    def examples_for(cls, units: list[dict[str, Any]]) -> tuple[dict[str, Any], ...]:
        mine = super().examples_for(units)
        if mine is cls.examples:
            return mine
        unit = OrgUnit.objects.get(code=mine[0][CODE_COL])
        below = (
            OrgUnit.objects.filter(parent=unit, level__in=("county", "town"), is_active=True)
            .order_by("path")
            .values_list("code", flat=True)
            .first()
        )
        kind = GroupKind.ROVING if unit.level == "city" else GroupKind.DIRECT
        return ({**mine[0], "类型": kind.label, AREAS_COL: below or ""},)

    def load(self) -> None:
        from huanjie.oversight import supervision_selectors

        super().load()
        choices = supervision_selectors.group_form_choices(self.actor)
        supervisors = list(choices.supervisors) if choices is not None else []
        self.by_login = {u.username: u for u in supervisors}
        self.by_name: dict[str, list[Any]] = {}
        for u in supervisors:
            if u.display_name:
                self.by_name.setdefault(u.display_name, []).append(u)
        self.areas = list(choices.areas) if choices is not None else []

    def key(self, values: dict[str, Any]) -> Any:
        return (values[CODE_COL], (values.get("督导组名称") or "").strip())

    def duplicate_reason(self, first: int) -> str:
        return f"与第 {first} 行重复：同一组建单位的同名督导组只能填写一行"

    def describe(self, e: Entry) -> str:
        return f"督导组“{e.values['督导组名称']}”"

    def _members(self, text: str) -> tuple[list[Any], Any | None, list[str]]:
        """The members, the leader and what is wrong with the list (each name's problem)."""
        members: list[Any] = []
        leaders = []
        wrong = []
        for token in _LIST_SEP.split(text.strip()):
            if not token:
                continue
            name = _LEADER.sub("", token).strip()
            user = self.by_login.get(name)
            if user is None:
                named = self.by_name.get(name, [])
                if len(named) != 1:
                    wrong.append(
                        f"有多名督导组成员名为“{name}”，请填写其登录名"
                        if named
                        else f"“{name}”不是具有“巡回督导组成员”角色的用户"
                    )
                    continue
                user = named[0]
            if user not in members:
                members.append(user)
            if _LEADER.search(token):
                leaders.append(user)
        if len(leaders) > 1:
            wrong.append("一个督导组只能有一名组长")
        return members, leaders[0] if leaders else None, wrong

    def _areas(self, text: str, formed_by: OrgUnit) -> tuple[list[OrgUnit], list[str]]:
        """The assigned units and what is wrong with the list (each name's or code's problem)."""
        mine = [a for a in self.areas if a.path.startswith(formed_by.path)]
        out: list[OrgUnit] = []
        wrong = []
        for token in _LIST_SEP.split(text.strip()):
            if not token:
                continue
            found = [a for a in mine if token in (a.code, a.name)]
            if len(found) != 1:
                wrong.append(
                    f"所辖单位中有多个“{token}”，请填写区划代码"
                    if found
                    else f"“{token}”不是组建单位所辖的县（区）或乡镇"
                )
            elif found[0] not in out:
                out.append(found[0])
        return out, wrong

    def apply(self, e: Entry, unit: OrgUnit) -> str:
        v = e.values
        c = self.campaign_of(unit)
        name = v["督导组名称"].strip()
        members, leader, wrong_members = self._members(v[MEMBERS_COL])
        areas, wrong_areas = self._areas(v[AREAS_COL], unit)
        if wrong_members or wrong_areas:
            raise ValidationError(
                {k: m for k, m in (("members", wrong_members), ("areas", wrong_areas)) if m}
            )
        old = SupervisionGroup.objects.filter(campaign=c, formed_by=unit, name=name).first()
        if old is not None:
            same = (
                old.kind == v["类型"]
                and set(old.members.values_list("user_id", flat=True)) == {m.pk for m in members}
                and set(old.members.filter(is_leader=True).values_list("user_id", flat=True))
                == ({leader.pk} if leader else set())
                and set(old.areas.values_list("unit_id", flat=True)) == {a.pk for a in areas}
            )
            if same:
                return "无变化"
            raise RowRefused(
                "督导组名称", "已组建同名督导组，其类型、成员或联系范围与本行不同，请在督导组页面处理"
            )
        service_body(supervision_services.group_create)(
            actor=self.actor,
            campaign=c,
            formed_by=unit,
            name=name,
            kind=v["类型"],
            members=members,
            leader=leader,
            areas=areas,
        )
        return "新建"
