"""Imports of the training registers from their 台账 templates through the import kit (issue 14
req. 9, for req. 6): 培训签到台账 (sessions with their attendees), 学历提升台账 (enrolled, completed)
and 三项机制决定台账 (激励, 容错纠错, 能上能下).

As registers_importers: every row goes through the SAME service as the page (unwrapped from its
transaction, inside the kit's), so the same rules, scope checks and audit events apply; the preview
is the dry run and reports each refusal on its row in Chinese; nothing is written unless every row
passes. Village cadres are identified by their citizen ID (looked up through the blind index, never
decrypted in bulk) and must be sitting “两委” members of the row's village; town officials by name on
their town's roster (镇换届工作人员名册, imported first)."""

from __future__ import annotations

from typing import Any, ClassVar

from huanjie.core import crypto, workflow
from huanjie.core.imports import CHOICE, CITIZEN_ID, CODE, DATE, TEXT, Column
from huanjie.org.models import OrgUnit
from huanjie.oversight import training_selectors, training_services
from huanjie.oversight.models import (
    EducationUpgrade,
    MechanismDecision,
    TrainingAttendance,
    TrainingOfficial,
    TrainingSession,
)
from huanjie.oversight.models.training import Mechanism
from huanjie.oversight.petitions_importers import choices_of, service_body
from huanjie.oversight.registers_importers import CODE_COL, NAME_COL, RegisterImporter
from huanjie.people.models import Person, Tenure
from huanjie.planning.importers import Entry, RowRefused

ID_COL = "身份证号"
NOT_SITTING = "此人不是该村（社区）的在任“两委”成员"


def person_ids(values: list[str]) -> dict[str, int]:
    """Citizen ID → person id of the registered persons with these IDs (through the blind index)."""
    index = crypto.blind_indexer()
    keys = {index(v): v for v in values if v}
    return {
        keys[k]: pk for pk, k in Person.objects.filter(id_index__in=list(keys)).values_list("pk", "id_index")
    }


class _CadreImporter(RegisterImporter):
    """A register of sitting village cadres: one row names a cadre of the row's village by citizen
    ID and name."""

    levels = ("village", "community")

    def finish(self) -> None:
        self.persons = person_ids([e.values[ID_COL] for e in self.entries])
        super().finish()

    def cadre(self, e: Entry, unit: OrgUnit) -> Person:
        pid = self.persons.get(e.values[ID_COL])
        t = (
            Tenure.objects.filter(person_id=pid, committee__org_unit=unit, end_date__isnull=True)
            .select_related("person")
            .first()
            if pid
            else None
        )
        if t is None:
            raise RowRefused(ID_COL, NOT_SITTING)
        if t.person.name != e.values["姓名"].strip():
            raise RowRefused("姓名", f"与身份证号登记的姓名“{t.person.name}”不同")
        return t.person

    def describe(self, e: Entry) -> str:
        return str(e.values["姓名"])


# ---------------------------------------------------------------------------------------------
# 培训签到台账


class AttendanceImporter(RegisterImporter):
    """培训签到台账: one row per attendee of a session held by a city, county or town; the session
    (same unit, theme and date) is registered by its first row, as on the page; an attendee already
    registered for it is left as he is."""

    kind = "oversight_training_attendance"
    label = "参训人员"
    noun = "参训人员"
    sheet_name = "培训签到台账"
    audit_model = "oversight.TrainingAttendance"
    levels = ("city", "county", "town")
    columns = (
        # the export's 举办单位 headings are aliases: the exported 台账 imports back
        Column(
            CODE_COL,
            CODE,
            required=True,
            digits=12,
            aliases=("区划代码", "举办单位区划代码"),
            width=16,
            help="举办单位（市、县、乡镇）的区划代码",
        ),
        Column(NAME_COL, aliases=("名称", "举办单位"), width=14, help="供核对，以区划代码为准"),
        Column("培训主题", required=True, max_length=200, width=24),
        Column("培训日期", DATE, required=True, width=12),
        Column("地点", max_length=200, width=16),
        Column("姓名", required=True, max_length=50, width=10),
        Column(ID_COL, CITIZEN_ID, sensitive=True, width=20, help="村（社区）干部填写；镇换届工作人员留空"),
        Column(
            "所在单位区划代码",
            CODE,
            digits=12,
            width=16,
            help="镇换届工作人员填写所在乡镇的区划代码（须已在名册中）；村（社区）干部可留空",
        ),
    )
    examples = (
        {
            CODE_COL: "329999001000",
            NAME_COL: "示例镇",
            "培训主题": "换届选举业务培训",
            "培训日期": "2026-02-20",
            "地点": "镇党群服务中心",
            "姓名": "孙某",
            ID_COL: "",
            "所在单位区划代码": "329999001000",
        },
    )
    notes = (
        "每位参训人员一行；同一举办单位同一主题同一日期的各行记为同一次培训（首行登记培训）。",
        "村（社区）干部以身份证号识别，须为在任“两委”成员；镇换届工作人员按姓名在所在乡镇的名册中查找，请先导入名册。",
        "已登记参加该次培训的人员不重复登记。",
    )
    FIELD_COLUMNS: ClassVar[dict[str, str]] = {
        "unit": CODE_COL,
        "title": "培训主题",
        "held_on": "培训日期",
        "place": "地点",
        "official": "姓名",
        "person": ID_COL,
    }

    def key(self, values: dict[str, Any]) -> Any:
        who = values[ID_COL] or (values["所在单位区划代码"], values["姓名"])
        return (values[CODE_COL], values["培训主题"], values["培训日期"], who)

    def duplicate_reason(self, first: int) -> str:
        return f"与第 {first} 行重复：同一次培训的同一人只能填写一行"

    def finish(self) -> None:
        self.persons = person_ids([e.values[ID_COL] for e in self.entries])
        super().finish()

    def describe(self, e: Entry) -> str:
        return f"培训“{e.values['培训主题']}”{e.values['姓名']}"

    def apply(self, e: Entry, unit: OrgUnit) -> str:
        c = self.campaign_of(unit)
        v = e.values
        if v["培训日期"] > workflow.today():
            raise RowRefused("培训日期", "培训日期不能晚于今天（签到台账登记已举办的培训）")
        name = v["姓名"].strip()
        person = official = None
        if v[ID_COL]:
            pid = self.persons.get(v[ID_COL])
            person = training_selectors.sitting_people(self.actor).filter(pk=pid).first() if pid else None
            if person is None:
                raise RowRefused(ID_COL, "此人不是您管辖范围内的在任“两委”成员")
            if person.name != name:
                raise RowRefused("姓名", f"与身份证号登记的姓名“{person.name}”不同")
            where = v["所在单位区划代码"]
            if where and training_selectors.person_unit(person).code != where:
                raise RowRefused("所在单位区划代码", "与此人任职的村（社区）不符")
        else:
            where = v["所在单位区划代码"]
            if not where:
                raise RowRefused("所在单位区划代码", "镇换届工作人员须填写所在乡镇的区划代码")
            official = TrainingOfficial.objects.filter(
                campaign=c, town__code=where, town__level="town", name=name
            ).first()
            if official is None:
                raise RowRefused("姓名", "该乡镇的镇换届工作人员名册中没有此人，请先导入名册")
        session = TrainingSession.objects.filter(
            campaign=c, unit=unit, title=v["培训主题"].strip(), held_on=v["培训日期"]
        ).first()
        if session is None:
            session = service_body(training_services.session_create)(
                actor=self.actor,
                campaign=c,
                unit=unit,
                title=v["培训主题"].strip(),
                held_on=v["培训日期"],
                place=v.get("地点") or "",
            )
        elif TrainingAttendance.objects.filter(session=session, person=person, official=official).exists():
            return "无变化"
        service_body(training_services.attendance_add)(
            actor=self.actor, session=session, person=person, official=official
        )
        return "新建"


# ---------------------------------------------------------------------------------------------
# 学历提升台账


class UpgradeImporter(_CadreImporter):
    """学历提升台账: one row per cadre's programme; a programme already registered is completed (once)
    by a row with a 毕业日期, never otherwise changed from a file."""

    kind = "oversight_upgrades"
    label = "学历提升"
    noun = "学历提升"
    sheet_name = "学历提升台账"
    audit_model = "oversight.EducationUpgrade"
    columns = (
        *RegisterImporter.unit_columns("任职的村（社区）的区划代码"),
        Column("姓名", required=True, max_length=50, width=10),
        Column(ID_COL, CITIZEN_ID, required=True, sensitive=True, width=20),
        Column("学历项目", required=True, max_length=200, width=30, help="如：开放大学大专（行政管理）"),
        Column("入学日期", DATE, required=True, width=12),
        Column("毕业日期", DATE, width=12, help="已毕业的填写"),
    )
    examples = (
        {
            CODE_COL: "329999001201",
            NAME_COL: "示例村",
            "姓名": "钱某",
            ID_COL: "",
            "学历项目": "开放大学大专（行政管理）",
            "入学日期": "2025-09-01",
            "毕业日期": "",
        },
    )
    notes = (
        "每人每个学历项目一行，以身份证号识别（须为该村（社区）的在任“两委”成员）。",
        "已登记的学历项目不重复登记；填写了毕业日期的登记为已毕业（已登记的日期不能通过导入修改）。",
    )
    FIELD_COLUMNS: ClassVar[dict[str, str]] = {
        "person": ID_COL,
        "programme": "学历项目",
        "enrolled_on": "入学日期",
        "completed_on": "毕业日期",
    }

    def key(self, values: dict[str, Any]) -> Any:
        return (values[CODE_COL], values[ID_COL], values["学历项目"])

    def duplicate_reason(self, first: int) -> str:
        return f"与第 {first} 行重复：同一人的同一学历项目只能填写一行"

    def apply(self, e: Entry, unit: OrgUnit) -> str:
        c = self.campaign_of(unit)
        v = e.values
        person = self.cadre(e, unit)
        done = v.get("毕业日期")
        if done is not None and done > workflow.today():
            raise RowRefused("毕业日期", "毕业日期不能晚于今天")
        programme = v["学历项目"].strip()
        old = EducationUpgrade.objects.filter(campaign=c, person=person, programme=programme).first()
        if old is None:
            service_body(training_services.upgrade_create)(
                actor=self.actor,
                campaign=c,
                person=person,
                programme=programme,
                enrolled_on=v["入学日期"],
                completed_on=done,
            )
            return "新建"
        if old.enrolled_on != v["入学日期"]:
            raise RowRefused(
                "入学日期", f"该学历项目已登记，入学日期为 {old.enrolled_on:%Y-%m-%d}，不能通过导入修改"
            )
        if done is None or old.completed_on == done:
            return "无变化"
        if old.completed_on is not None:
            raise RowRefused("毕业日期", f"已登记毕业日期 {old.completed_on:%Y-%m-%d}，不能通过导入修改")
        service_body(training_services.upgrade_complete)(
            actor=self.actor, upgrade=old, completed_on=done, version=old.version
        )
        return "更新：登记毕业"


# ---------------------------------------------------------------------------------------------
# 三项机制决定台账


class DecisionImporter(_CadreImporter):
    """三项机制决定台账: one row per decision already made by the competent body (激励, 容错纠错 —
    the county Party committee's, 能上能下); a decision of the same person, mechanism and document
    number is not registered twice."""

    kind = "oversight_mechanism_decisions"
    label = "三项机制决定"
    noun = "决定"
    sheet_name = "三项机制决定台账"
    audit_model = "oversight.MechanismDecision"
    columns = (
        *RegisterImporter.unit_columns("任职的村（社区）的区划代码"),
        Column("姓名", required=True, max_length=50, width=10),
        Column(ID_COL, CITIZEN_ID, required=True, sensitive=True, width=20),
        Column("机制", CHOICE, required=True, choices=choices_of(Mechanism), width=10),
        Column("决定内容", TEXT, required=True, max_length=500, width=36),
        Column("决定机关", required=True, max_length=100, width=16, help="容错纠错由县级党委研判决定"),
        Column("文号", required=True, max_length=100, width=18),
        Column("决定日期", DATE, required=True, width=12),
    )
    examples = (
        {
            CODE_COL: "329999001201",
            NAME_COL: "示例村",
            "姓名": "钱某",
            ID_COL: "",
            "机制": "激励",
            "决定内容": "评为优秀村党组织书记",
            "决定机关": "中共示例县委",
            "文号": "示县委〔2026〕1号",
            "决定日期": "2026-02-01",
        },
    )
    notes = (
        "每项决定一行，登记有关机关已作出的决定，以身份证号识别（须为该村（社区）的在任“两委”成员）。",
        "同一人同一机制同一文号的决定不重复登记。",
    )
    FIELD_COLUMNS: ClassVar[dict[str, str]] = {
        "person": ID_COL,
        "mechanism": "机制",
        "decision": "决定内容",
        "body": "决定机关",
        "document_no": "文号",
        "decided_on": "决定日期",
    }

    def key(self, values: dict[str, Any]) -> Any:
        return (values[CODE_COL], values[ID_COL], values["机制"], values["文号"])

    def duplicate_reason(self, first: int) -> str:
        return f"与第 {first} 行重复：同一人同一机制同一文号的决定只能填写一行"

    def apply(self, e: Entry, unit: OrgUnit) -> str:
        c = self.campaign_of(unit)
        v = e.values
        person = self.cadre(e, unit)
        if v["决定日期"] > workflow.today():
            raise RowRefused("决定日期", "决定日期不能晚于今天")
        if MechanismDecision.objects.filter(
            campaign=c, person=person, mechanism=v["机制"], document_no=v["文号"].strip()
        ).exists():
            return "无变化"
        service_body(training_services.decision_create)(
            actor=self.actor,
            campaign=c,
            person=person,
            mechanism=v["机制"],
            decision=v["决定内容"].strip(),
            body=v["决定机关"].strip(),
            document_no=v["文号"].strip(),
            decided_on=v["决定日期"],
        )
        return "新建"
