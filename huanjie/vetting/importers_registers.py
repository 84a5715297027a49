"""The town's confidential vetting registers filled from their templates through the import kit
(issue 11 req. 11, “each register importable from its template”):

- 四必谈谈话情况 (``vetting_talks``): the completion of talks already on the village's 四必谈台账 — date,
  talker, what was said — through ``talk_services.talk_complete``. A row matches an existing talk by
  the person's citizen ID and the talk's 对象类别; a talk that is not on the ledger is refused, never
  created (the services generate talks from the plan and the nominations, and a 思想波动 talk exists
  only once the town has flagged the person on the ledger page, with its reason and level);
- 考察情况 (``vetting_inspections``): a candidate's 考察 — 德能勤绩廉 ratings, 民主测评 counts,
  inspectors, date, opinion, the 五强 of a secretary candidate — through
  ``party_services.inspection_save`` (recorded or corrected; locked once the 请示 is approved);
- 镇级初审意见 (``vetting_precheck_answers``): one listed office's pre-check answer about a candidate
  through ``review_services.precheck_answer``.

- 纪律责任书、承诺书、保证书签订情况 (``vetting_pledges``; issue 11 req. 9): one signed pledge per row
  — a registered signer (a candidate's 承诺书, a village secretary's 纪律责任书) by citizen ID, the
  town's secretary and election staff by name and post — through ``pledge_services.pledge_record``
  with ``scan_later=True``: the signed date is the legal fact and counts at once; the scan is
  uploaded afterwards on the coverage page (扫描件待补). Pledges are not confidential: the
  ``vetting.edit`` of the unit suffices, as on the page, and a town's own pledges name the town.

Each row goes through the SAME service as the page's form, without the service's durable transaction
(``inspect.unwrap``) inside the kit's, as the planning importers do: the same checks, jurisdiction,
locks and per-record audit events, plus the kit's one ``import`` event for the file. The preview runs
every row in a transaction that is rolled back; the commit repeats it against the current database and
writes all rows or none (DESIGN.md house rule 7).

Confidentiality (只做不说): these registers are the town's (``vetting.edit`` and
``vetting.confidential``). Units are looked up among the villages where the actor holds both; a code
outside them gets the same answer whether such a unit exists or not, and a citizen ID that matches no
talk or candidate of the village gets one answer whether or not such a person is registered. The
template's 我的单位 sheet lists only those villages and its example rows are fictional.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.urls import reverse

from huanjie.core import workflow
from huanjie.core.capabilities import CoreCap
from huanjie.core.imports import BOOL, CHOICE, CITIZEN_ID, CODE, DATE, INT, TEXT, Column
from huanjie.core.scoping import can, path_q, scope_paths
from huanjie.org.choices import Level
from huanjie.org.importers import own_units_of
from huanjie.org.models import OrgUnit
from huanjie.people.capabilities import PeopleCap
from huanjie.people.models import Person
from huanjie.planning.importers import (
    UNIT,
    UNIT_NAME,
    Entry,
    PlanningImporter,
    RowRefused,
    _body,
    _diff,
    _person_ids,
)
from huanjie.vetting import party_services, pledge_services, review_services, talk_services
from huanjie.vetting.capabilities import VettingCap
from huanjie.vetting.choices import Post, Side
from huanjie.vetting.models import Candidate, Inspection, Pledge, PrecheckAnswer, Talk
from huanjie.vetting.party_choices import ASPECTS, FIVE_STRENGTHS, Rating
from huanjie.vetting.review_choices import (
    STATUTORY_FINDINGS,
    AnswerResult,
    FindingKind,
    PrecheckOffice,
)
from huanjie.vetting.talk_choices import PledgeKind, TalkKind

ID = "身份证号"
NAME = "姓名"
SIDE = "班子"
POST = "职务"
MAX_VOTES = 100_000
FUTURE = "不能晚于今天"
NO_TALK = (
    "本村（社区）的四必谈台账中没有此人该类别的谈话（谈话由系统按人事安排和人选生成，"
    "思想波动人员请先在台账页面登记）；导入只登记已列入台账的谈话情况"
)
NO_CANDIDATE = "本村（社区）本次换届没有此人该职务的人选（请核对身份证号、班子和职务）"
STATUTORY_BY_LABEL = {label: code for code, label in STATUTORY_FINDINGS}


def _choices(enum: Any) -> tuple[tuple[str, Any], ...]:
    return tuple((label, value) for value, label in enum.choices)


def _unit_columns() -> tuple[Column, ...]:
    return (
        Column(UNIT, CODE, required=True, digits=12, aliases=("区划代码",), width=16),
        Column(UNIT_NAME, aliases=("名称", "村（社区）"), width=14, help="供核对，以区划代码为准"),
        Column(NAME, required=True, max_length=50, width=10, help="供核对，须与身份证号登记的姓名一致"),
        Column(ID, CITIZEN_ID, required=True, sensitive=True, width=20),
    )


def _candidate_columns() -> tuple[Column, ...]:
    return (
        Column(SIDE, CHOICE, required=True, choices=_choices(Side), width=18),
        Column(POST, CHOICE, required=True, choices=_choices(Post), width=14),
    )


def _rating(label: str, *, required: bool) -> Column:
    return Column(label, CHOICE, required=required, choices=_choices(Rating), width=10)


def confidential_paths(actor: Any) -> list[str]:
    """The subtrees where ``actor`` holds the town's registers: ``vetting.edit`` and
    ``vetting.confidential`` both (the narrower path of each overlapping pair)."""
    edit = scope_paths(actor, VettingCap.EDIT)
    conf = scope_paths(actor, VettingCap.CONFIDENTIAL)
    out = {e for e in edit for c in conf if e.startswith(c)}
    out |= {c for c in conf for e in edit if c.startswith(e)}
    return sorted(out)


def import_url(user: Any, kind: str, path: str) -> str:
    """The 导入 button's link of a register page (the kit's upload page on this import), or "" when
    ``user`` may not import it over the unit ``path`` (a town or a village): the kit's
    ``import.run`` and the town's ``vetting.edit`` and ``vetting.confidential`` there or below."""
    cls = _BY_KIND.get(kind)
    if cls is None or not scope_paths(user, CoreCap.IMPORT_RUN):
        return ""
    paths = confidential_paths(user) if cls.confidential else scope_paths(user, VettingCap.EDIT)
    if not any(path.startswith(p) or p.startswith(path) for p in paths):
        return ""
    return f"{reverse('import:index')}?kind={kind}"


class TownRegisterImporter(PlanningImporter):
    """Base of the town's confidential registers: a row names a village of the actor's (edit and
    confidential) jurisdiction and a registered person by citizen ID and name."""

    capability = VettingCap.EDIT  # type: ignore[assignment]
    confidential: ClassVar[bool] = True  # the town's 保密 registers (edit and confidential both)

    @classmethod
    def own_units(cls, actor: Any) -> list[dict[str, Any]]:
        paths = tuple(confidential_paths(actor))
        return [u for u in super().own_units(actor) if paths and u["code"].startswith(paths)]

    def load(self) -> None:
        super().load()
        paths = tuple(confidential_paths(self.actor))
        self.units = {code: u for code, u in self.units.items() if paths and u.path.startswith(paths)}

    def finish(self) -> None:
        self.persons = _person_ids([e.values[ID] for e in self.entries])
        super().finish()

    def person_of(self, e: Entry, unit: OrgUnit, missing: str) -> Person:
        """The registered person of the row's citizen ID (``missing``: the refusal when the village's
        register has no such record, whether or not such a person exists)."""
        pid = self.persons.get(e.values[ID])
        person = Person.objects.filter(pk=pid).first() if pid else None
        if person is None:
            raise RowRefused(ID, missing)
        return person

    def check_name(self, e: Entry, person: Person) -> None:
        if person.name != e.values[NAME]:
            raise RowRefused(NAME, f"与身份证号登记的姓名“{person.name}”不同")

    def not_future(self, e: Entry, column: str) -> None:
        day = e.values.get(column)
        if isinstance(day, dt.date) and day > workflow.today():
            raise RowRefused(column, f"{column}{FUTURE}")

    def candidate_of(self, e: Entry, unit: OrgUnit) -> Candidate:
        person = self.person_of(e, unit, NO_CANDIDATE)
        c = (
            Candidate.objects.filter(
                campaign=self.campaign_of(unit),
                unit=unit,
                person=person,
                side=e.values[SIDE],
                post=e.values[POST],
            )
            .select_related("unit", "person", "request")
            .first()
        )
        if c is None:
            raise RowRefused(ID, NO_CANDIDATE)
        self.check_name(e, person)
        return c


# ---------------------------------------------------------------------------------------------
# 四必谈


class TalkImporter(TownRegisterImporter):
    """四必谈谈话情况 (保密): one row per talk on the ledger, found by citizen ID and 对象类别."""

    kind = "vetting_talks"
    label = "四必谈谈话情况"
    noun = "谈话"
    sheet_name = "四必谈"
    audit_model = "vetting.Talk"
    columns = (
        *_unit_columns(),
        Column("对象类别", CHOICE, required=True, choices=_choices(TalkKind), width=14),
        Column("谈话日期", DATE, required=True, width=12, help="不能晚于今天"),
        Column("谈话人", required=True, max_length=100, width=20, help="谈话人姓名、职务"),
        Column("谈话主要内容及对象表态", TEXT, required=True, max_length=2000, width=40),
    )
    examples = (
        {
            UNIT: "320000000000",
            UNIT_NAME: "（示例，请改为本村）",
            NAME: "王晓",
            ID: "",
            "对象类别": "不再提名",
            "谈话日期": "2026-01-15",
            "谈话人": "李明（镇党委书记）",
            "谈话主要内容及对象表态": "说明换届政策和人事安排，本人表示理解支持",
        },
    )
    notes = (
        "每次谈话一行，以身份证号和对象类别对应四必谈台账中已列入的谈话；台账中没有的谈话不能导入"
        "（谈话由系统按人事安排和人选生成，思想波动人员请先在台账页面登记）。",
        "已登记的谈话情况将被更新；“不再需要”的谈话不能登记。四必谈属保密内容。",
    )
    FIELD_COLUMNS: ClassVar[dict[str, str]] = {
        "done_on": "谈话日期",
        "talker": "谈话人",
        "notes": "谈话主要内容及对象表态",
        "person": ID,
    }
    LABELS: ClassVar[dict[str, str]] = {
        "done_on": "谈话日期",
        "talker": "谈话人",
        "notes": "谈话主要内容",
    }

    def key(self, values: dict[str, Any]) -> Any:
        return (values[ID], values["对象类别"])

    def duplicate_reason(self, first: int) -> str:
        return f"与第 {first} 行重复：同一人同一类别的谈话只能填写一行"

    def describe(self, e: Entry) -> str:
        return f"{e.values[NAME]}（{TalkKind(e.values['对象类别']).label}）谈话"

    @classmethod
    def result_lines(cls, result: dict[str, Any]) -> list[str]:
        return [
            f"登记谈话情况 {result.get('created', 0)} 项",
            f"更新谈话情况 {result.get('updated', 0)} 项",
            f"无变化 {result.get('unchanged', 0)} 项",
        ]

    def apply(self, e: Entry, unit: OrgUnit) -> str:
        v = e.values
        person = self.person_of(e, unit, NO_TALK)
        talk = (
            Talk.objects.filter(campaign=self.campaign_of(unit), unit=unit, person=person, kind=v["对象类别"])
            .select_related("unit")
            .first()
        )
        if talk is None:
            raise RowRefused(ID, NO_TALK)
        self.check_name(e, person)
        self.not_future(e, "谈话日期")
        before = {k: getattr(talk, k) for k in self.LABELS} if talk.done_on else None
        row = _body(talk_services.talk_complete)(
            actor=self.actor,
            talk=talk,
            done_on=v["谈话日期"],
            talker=v["谈话人"],
            notes=v["谈话主要内容及对象表态"],
        )
        return _diff(self.LABELS, before, {k: getattr(row, k) for k in self.LABELS})


# ---------------------------------------------------------------------------------------------
# 考察

RATING_COLUMNS = dict((*ASPECTS, *FIVE_STRENGTHS))


class InspectionImporter(TownRegisterImporter):
    """考察情况 (保密): one row per candidate (found by citizen ID, 班子 and 职务), recorded or
    corrected."""

    kind = "vetting_inspections"
    label = "考察情况"
    noun = "考察"
    sheet_name = "考察"
    audit_model = "vetting.Inspection"
    columns = (
        *_unit_columns(),
        *_candidate_columns(),
        *(_rating(label, required=True) for _, label in ASPECTS),
        Column("民主测评满意票", INT, required=True, min_value=0, max_value=MAX_VOTES, width=10),
        Column("民主测评基本满意票", INT, required=True, min_value=0, max_value=MAX_VOTES, width=10),
        Column("民主测评不满意票", INT, required=True, min_value=0, max_value=MAX_VOTES, width=10),
        Column("考察组成员", required=True, max_length=200, width=20),
        Column("考察日期", DATE, required=True, width=12, help="不能晚于今天"),
        Column("考察意见", TEXT, required=True, max_length=3000, width=40),
        *(_rating(label, required=False) for _, label in FIVE_STRENGTHS),
    )
    examples = (
        {
            UNIT: "320000000000",
            UNIT_NAME: "（示例，请改为本村）",
            NAME: "王晓",
            ID: "",
            SIDE: "党组织",
            POST: "书记",
            **{label: "优秀" for _, label in ASPECTS},
            "民主测评满意票": 45,
            "民主测评基本满意票": 5,
            "民主测评不满意票": 1,
            "考察组成员": "李明、张华",
            "考察日期": "2026-01-15",
            "考察意见": "政治立场坚定，群众基础好",
            **{label: "称职" for _, label in FIVE_STRENGTHS},
        },
    )
    notes = (
        "每名人选一行，以身份证号、班子和职务对应本村（社区）已登记的人选；已有考察情况的将被更正。",
        "德、能、勤、绩、廉均须评定；党组织书记人选还须评定“五强”（政治引领力、组织覆盖力、群众凝聚力、"
        "社会号召力、发展推动力），其他人选可不填。",
        "请示已批复的预备人选，考察情况不能修改（须经退回或解锁后重新请示、批复）。考察情况属保密内容。",
    )
    FIELD_COLUMNS: ClassVar[dict[str, str]] = {
        **RATING_COLUMNS,
        "narrative": "考察意见",
        "poll_satisfied": "民主测评满意票",
        "poll_basic": "民主测评基本满意票",
        "poll_unsatisfied": "民主测评不满意票",
        "inspectors": "考察组成员",
        "inspected_on": "考察日期",
    }
    LABELS: ClassVar[dict[str, str]] = dict(FIELD_COLUMNS)

    def key(self, values: dict[str, Any]) -> Any:
        return (values[UNIT], values[ID], values[SIDE], values[POST])

    def duplicate_reason(self, first: int) -> str:
        return f"与第 {first} 行重复：同一人选只能填写一行"

    def describe(self, e: Entry) -> str:
        v = e.values
        return f"{Side(v[SIDE]).label}{Post(v[POST]).label}人选{v[NAME]}的考察"

    def apply(self, e: Entry, unit: OrgUnit) -> str:
        c = self.candidate_of(e, unit)
        self.not_future(e, "考察日期")
        values = {
            f: (e.values[col] if e.values[col] is not None else "") for f, col in self.FIELD_COLUMNS.items()
        }
        old = Inspection.objects.filter(candidate=c).first()
        before = {k: getattr(old, k) for k in self.LABELS} if old else None
        row = _body(party_services.inspection_save)(actor=self.actor, candidate=c, **values)
        choices = dict.fromkeys(RATING_COLUMNS, Rating)
        return _diff(self.LABELS, before, {k: getattr(row, k) for k in self.LABELS}, choices)


# ---------------------------------------------------------------------------------------------
# 镇级初审


class PrecheckAnswerImporter(TownRegisterImporter):
    """镇级初审意见 (保密): one row per candidate and listed office, through the page's service."""

    kind = "vetting_precheck_answers"
    label = "镇级初审意见"
    noun = "初审意见"
    sheet_name = "镇级初审"
    audit_model = "vetting.PrecheckAnswer"
    columns = (
        *_unit_columns(),
        *_candidate_columns(),
        Column("初审单位", CHOICE, required=True, choices=_choices(PrecheckOffice), width=12),
        Column("答复日期", DATE, required=True, width=12, help="不能晚于今天"),
        Column("初审结论", CHOICE, required=True, choices=_choices(AnswerResult), width=12),
        Column("问题类别", CHOICE, choices=_choices(FindingKind), width=14),
        Column("问题编号", TEXT, max_length=64, width=16, help="负面清单编号，或法定不得情形的名称"),
        Column("事实发生日期", DATE, width=12),
        Column("依据文书", TEXT, max_length=100, width=20),
        Column("是否查实", BOOL, width=8),
        Column("情况说明", TEXT, max_length=1000, width=40),
    )
    examples = (
        {
            UNIT: "320000000000",
            UNIT_NAME: "（示例，请改为本村）",
            NAME: "王晓",
            ID: "",
            SIDE: "党组织",
            POST: "书记",
            "初审单位": "派出所",
            "答复日期": "2026-01-15",
            "初审结论": "无异常",
        },
    )
    notes = (
        "每名人选、每个初审单位一行，以身份证号、班子和职务对应本村（社区）已登记的人选；"
        "初审单位须为本乡镇（街道）列明的初审单位；已答复的不能更改，同样的答复再次导入视为无变化。",
        "初审结论为“无异常”的，其余问题列留空；“有问题反映”的，须填写问题类别、问题编号"
        "（负面清单编号，或法定不得情形的名称）、事实发生日期、是否查实和情况说明。镇级初审属保密内容。",
    )
    FIELD_COLUMNS: ClassVar[dict[str, str]] = {
        "office": "初审单位",
        "result": "初审结论",
        "answered_on": "答复日期",
        "kind": "问题类别",
        "code": "问题编号",
        "found_on": "事实发生日期",
        "document_ref": "依据文书",
        "status": "是否查实",
        "note": "情况说明",
    }

    def key(self, values: dict[str, Any]) -> Any:
        return (values[UNIT], values[ID], values[SIDE], values[POST], values["初审单位"])

    def duplicate_reason(self, first: int) -> str:
        return f"与第 {first} 行重复：同一人选同一初审单位只能填写一行"

    def describe(self, e: Entry) -> str:
        v = e.values
        office = PrecheckOffice(v["初审单位"]).label
        return f"{Side(v[SIDE]).label}{Post(v[POST]).label}人选{v[NAME]}（{office}）"

    @classmethod
    def result_lines(cls, result: dict[str, Any]) -> list[str]:
        return [
            f"登记初审意见 {result.get('created', 0)} 条",
            f"已登记、无变化 {result.get('unchanged', 0)} 条",
        ]

    def apply(self, e: Entry, unit: OrgUnit) -> str:
        v = e.values
        c = self.candidate_of(e, unit)
        if c.withdrawn_on is not None:
            raise RowRefused(ID, f"该人选已于 {c.withdrawn_on:%Y-%m-%d} 退出，不再登记初审意见")
        self.not_future(e, "答复日期")
        self.not_future(e, "事实发生日期")
        kind = v["问题类别"] or ""
        code = (v["问题编号"] or "").strip()
        if kind == FindingKind.STATUTORY:
            code = STATUTORY_BY_LABEL.get(code, code)
        same = PrecheckAnswer.objects.filter(
            candidate=c, office=v["初审单位"], result=v["初审结论"], answered_on=v["答复日期"]
        ).first()
        f = same.finding if same is not None else None
        if same is not None and (f is None or code in (f.item_code, f.statutory_code)):
            return "未变"  # the same answer imported again (a re-upload of the whole sheet)
        _body(review_services.precheck_answer)(
            actor=self.actor,
            candidate=c,
            office=v["初审单位"],
            result=v["初审结论"],
            answered_on=v["答复日期"],
            kind=kind,
            code=code,
            found_on=v["事实发生日期"],
            document_ref=v["依据文书"] or "",
            status="substantiated" if v["是否查实"] else "unverified",
            note=v["情况说明"] or "",
        )
        return "新建"


# ---------------------------------------------------------------------------------------------
# 纪律责任书、承诺书、保证书

KIND = "类别"
SIGNED_ON = "签订日期"
SIGNER_POST = "职务"
PLEDGE_KINDS = (
    ("纪律责任书", PledgeKind.DISCIPLINE),
    ("承诺书", PledgeKind.COMMITMENT),
    ("保证书", PledgeKind.GUARANTEE),
)
PLEDGE_SHORT = {value: label for label, value in PLEDGE_KINDS}
#: The refusal of a registered signer who is not one of the unit's (one answer whether or not the
#: citizen ID is registered at all): the service's own words.
NOT_SIGNER = {
    PledgeKind.COMMITMENT: "承诺书只能为本村（社区）的有效人选登记",
    PledgeKind.DISCIPLINE: "纪律责任书只能为本村（社区）现任党组织书记登记",
}
NEEDS_ID = "人选的承诺书、村（社区）党组织书记的纪律责任书须填写签订人身份证号"
NO_ID = "乡镇（街道）党（工）委书记的纪律责任书和换届工作人员的保证书按姓名、职务登记，身份证号请留空"


class PledgeImporter(TownRegisterImporter):
    """纪律责任书、承诺书、保证书签订情况: one row per pledge, recorded with its scan to follow
    (``pledge_record(scan_later=True)``); an identical pledge already recorded is unchanged, a
    different one refused (the import never changes a recorded pledge).

    “镇(街道)、村(社区)党组织书记 100%签订换届纪律责任书,候选人 100%签订换届纪律承诺书,换届工作人员
    100%签订换届纪律保证书” (rules.citations.CITE_SPEECH_PLEDGE)."""

    kind = "vetting_pledges"
    label = "纪律责任书、承诺书、保证书签订情况"
    noun = "签订情况"
    sheet_name = "签订情况"
    audit_model = "vetting.Pledge"
    confidential = False
    columns = (
        Column(
            UNIT,
            CODE,
            required=True,
            digits=12,
            aliases=("区划代码", "单位区划代码"),
            width=16,
            help="乡镇（街道）书记的纪律责任书、乡镇（街道）换届工作人员的保证书填乡镇（街道）区划代码",
        ),
        Column(UNIT_NAME, aliases=("名称", "单位名称"), width=14, help="供核对，以区划代码为准"),
        Column(NAME, required=True, max_length=50, width=10, help="签订人姓名"),
        Column(
            ID,
            CITIZEN_ID,
            sensitive=True,
            width=20,
            help="人选的承诺书、村（社区）书记的纪律责任书必填；乡镇（街道）书记、换届工作人员留空",
        ),
        Column(KIND, CHOICE, required=True, choices=PLEDGE_KINDS, choice_aliases=_choices(PledgeKind)),
        Column(SIGNER_POST, max_length=100, width=16, help="乡镇（街道）书记、换届工作人员填写"),
        Column(SIGNED_ON, DATE, required=True, width=12, help="不能晚于今天"),
    )
    examples = (
        {
            UNIT: "320000000000",
            UNIT_NAME: "（示例，请改为本村）",
            KIND: "承诺书",
            NAME: "王晓",
            ID: "",
            SIGNER_POST: "",
            SIGNED_ON: "2026-01-15",
        },
    )
    notes = (
        "每份签订的责任书、承诺书或保证书一行：人选的承诺书、村（社区）现任党组织书记的纪律责任书以身份证号"
        "对应已登记人员；乡镇（街道）党（工）委书记的纪律责任书和换届工作人员的保证书填写姓名和职务，身份证号留空。",
        "导入只登记签订日期，签订即计入签订率；扫描件请导入后在签订情况页面逐份上传（显示“扫描件待补”）。",
        "已登记的签订情况不会被修改：同样的行再次导入视为无变化，与已登记不同的行不予导入。",
    )
    FIELD_COLUMNS: ClassVar[dict[str, str]] = {
        "signer": ID,
        "signer_name": NAME,
        "signer_post": SIGNER_POST,
        "signed_on": SIGNED_ON,
    }

    @classmethod
    def own_units(cls, actor: Any) -> list[dict[str, Any]]:
        town = Level.TOWN.label
        units = [u for u in own_units_of(actor, cls.capability) if u["leaf"] or u["level"] == town]
        for u in units:
            u["unmask"] = can(actor, PeopleCap.UNMASK, u["code"])
        return units

    def load(self) -> None:
        PlanningImporter.load(self)  # the villages of the actor's vetting.edit (no 保密 needed)
        paths = scope_paths(self.actor, self.capability)
        if paths:
            towns = OrgUnit.objects.filter(path_q("path", paths), level="town", is_active=True)
            self.units.update({u.code: u for u in towns})

    def row(self, number: int, values: dict[str, Any], failed: set[str]) -> None:
        if ID in failed:
            return  # the citizen ID's own reason is reported; the row goes no further
        super().row(number, values, failed)

    def finish(self) -> None:
        self.persons = _person_ids([e.values[ID] for e in self.entries if e.values[ID]])
        PlanningImporter.finish(self)

    def key(self, values: dict[str, Any]) -> Any:
        kind = values[KIND]
        if values[ID]:
            return (kind, values[ID])  # a person signs each kind once in a campaign
        if kind == PledgeKind.DISCIPLINE:
            return (kind, values[UNIT])  # the town's secretary
        return (kind, values[UNIT], values[NAME])

    def duplicate_reason(self, first: int) -> str:
        return f"与第 {first} 行重复：同一签订人同一类别只能填写一行"

    def describe(self, e: Entry) -> str:
        return f"{e.values[NAME]}{PLEDGE_SHORT[e.values[KIND]]}"

    @classmethod
    def result_lines(cls, result: dict[str, Any]) -> list[str]:
        return [
            f"登记签订情况 {result.get('created', 0)} 份（扫描件待补）",
            f"已登记、无变化 {result.get('unchanged', 0)} 份",
        ]

    def _signer(self, e: Entry, unit: OrgUnit, campaign: Any) -> Person | None:
        """The registered signer of the row (a candidate, a village secretary), or None for a signer
        named on the pledge (the town's secretary, election staff)."""
        v = e.values
        kind = v[KIND]
        if kind == PledgeKind.GUARANTEE or (kind == PledgeKind.DISCIPLINE and unit.level == "town"):
            if v[ID]:
                raise RowRefused(ID, NO_ID)
            return None
        if not v[ID]:
            raise RowRefused(ID, NEEDS_ID)
        person = self.person_of(e, unit, NOT_SIGNER[kind])
        if kind == PledgeKind.COMMITMENT:
            signs = pledge_services.active_candidates(campaign, unit).filter(person=person).exists()
        else:
            signs = pledge_services.sitting_secretaries(unit).filter(person=person).exists()
        if not signs:
            raise RowRefused(ID, NOT_SIGNER[kind])
        self.check_name(e, person)
        return person

    def apply(self, e: Entry, unit: OrgUnit) -> str:
        v = e.values
        kind = v[KIND]
        campaign = self.campaign_of(unit)
        person = self._signer(e, unit, campaign)
        self.not_future(e, SIGNED_ON)
        post = (v[SIGNER_POST] or "").strip()
        name = v[NAME].strip()
        recorded = Pledge.objects.filter(campaign=campaign, kind=kind)
        if person is not None:
            recorded = recorded.filter(person=person)
        elif kind == PledgeKind.DISCIPLINE:
            recorded = recorded.filter(unit=unit)
        else:
            recorded = recorded.filter(unit=unit, signer_name=name)
        old = recorded.first()
        if old is not None:
            same = (old.unit_id, old.signed_on, old.signer_post) == (unit.pk, v[SIGNED_ON], post) and (
                person is not None or old.signer_name == name
            )
            if same:
                return "无变化"  # the same pledge imported again (a re-upload of the whole sheet)
            raise RowRefused(
                SIGNED_ON,
                f"已登记{old.signer_name}的{old.get_kind_display()}（签订日期 {old.signed_on:%Y-%m-%d}），"
                "与本行不同；导入不修改已登记的签订情况",
            )
        _body(pledge_services.pledge_record)(
            actor=self.actor,
            campaign=campaign,
            unit=unit,
            kind=kind,
            signed_on=v[SIGNED_ON],
            person=person,
            signer_name="" if person is not None else name,
            signer_post=post,
            scan_later=True,
        )
        return "新建"


_CLASSES: tuple[type[TownRegisterImporter], ...] = (
    TalkImporter,
    InspectionImporter,
    PrecheckAnswerImporter,
    PledgeImporter,
)
_BY_KIND = {cls.kind: cls for cls in _CLASSES}
#: kind → dotted path, as declared in apps.py's ``importers`` (a test keeps the two equal).
IMPORTERS = {cls.kind: f"{__name__}.{cls.__name__}" for cls in _CLASSES}
