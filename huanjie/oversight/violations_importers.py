"""Import of the violations register (三个一律, issue 14 req. 9 for req. 5) from its 台账 template:
违纪违规案件登记 only. Each row registers a case (立案登记) through the same service as the page's
form (``violations_services.case_register``, unwrapped from its durable transaction, inside the
kit's), with the person concerned; the investigation's conclusion, the decision and the consequences
it carries out (a finding in screening, a winner or an election voided, a referral, accountability)
stay a service call made on the case's page by the competent body — an import never decides and
never carries out a consequence."""

from __future__ import annotations

from typing import Any, ClassVar

from huanjie.core.imports import CHOICE, DATE, TEXT, Column
from huanjie.org.models import OrgUnit
from huanjie.oversight import violations_services
from huanjie.oversight.models import ViolationCase
from huanjie.oversight.petitions_importers import choices_of, service_body
from huanjie.oversight.registers_importers import CODE_COL, NAME_COL, RegisterImporter
from huanjie.oversight.violations_choices import Body, PartyRole, ViolationKind
from huanjie.planning.importers import Entry

SUMMARY_COL = "案情及证据摘要"


class ViolationCaseImporter(RegisterImporter):
    """违纪违规案件登记台账: one row per case received about a village (or community); a case already
    registered (same village, type, date and summary) is not registered twice."""

    kind = "oversight_violations"
    label = "违纪违规案件"
    noun = "案件"
    sheet_name = "违纪违规案件登记台账"
    audit_model = "oversight.ViolationCase"
    levels = ("village", "community")
    columns = (
        *RegisterImporter.unit_columns("所涉村（社区）的区划代码"),
        Column("违纪违规类型", CHOICE, required=True, choices=choices_of(ViolationKind), width=14),
        Column("涉案人员姓名", max_length=50, width=10, help="可留空，在案件页面补充"),
        Column("涉案人员身份", CHOICE, choices=choices_of(PartyRole), width=14, help="留空按“其他人员”"),
        Column(SUMMARY_COL, TEXT, required=True, max_length=4000, width=40, aliases=("案情摘要", "证据摘要")),
        Column("调查机关", CHOICE, required=True, choices=choices_of(Body), width=16),
        Column("调查机关名称", max_length=100, width=16),
        Column("立案日期", DATE, required=True, width=12, aliases=("收到日期", "受理日期")),
        Column("办结期限", DATE, required=True, width=12),
    )
    examples = (
        {
            CODE_COL: "329999001201",
            NAME_COL: "示例村",
            "违纪违规类型": "拉票",
            "涉案人员姓名": "赵某",
            "涉案人员身份": "候选人或预备人选",
            SUMMARY_COL: "群众举报赵某宴请村民拉票，附照片两张",
            "调查机关": Body.choices[1][1],
            "调查机关名称": "示例镇人民政府",
            "立案日期": "2026-03-01",
            "办结期限": "2026-03-31",
        },
    )
    notes = (
        "每个案件一行，只作立案登记；同一村（社区）同一类型同一日期同一摘要的案件不重复登记。",
        "调查结论、处理决定及其后果（资格审查认定、当选无效、选举无效、移送有权机关、问责）"
        "须由有权机关在系统的案件页面作出并执行，导入不会作出任何决定，也不会执行任何后果。",
        "证据材料文件请在案件页面上传；所涉选举、更多涉案人员也在案件页面补充。",
    )
    FIELD_COLUMNS: ClassVar[dict[str, str]] = {
        "unit": CODE_COL,
        "kind": "违纪违规类型",
        "summary": SUMMARY_COL,
        "investigating_body": "调查机关",
        "registered_on": "立案日期",
        "due_on": "办结期限",
        "party_name": "涉案人员姓名",
        "party_role": "涉案人员身份",
        "campaign": CODE_COL,
    }

    def key(self, values: dict[str, Any]) -> Any:
        return (values[CODE_COL], values["违纪违规类型"], values["立案日期"], values[SUMMARY_COL])

    def duplicate_reason(self, first: int) -> str:
        return f"与第 {first} 行重复：同一村（社区）同一类型同一日期同一摘要的案件只能填写一行"

    def describe(self, e: Entry) -> str:
        return f"{dict(ViolationKind.choices)[e.values['违纪违规类型']]}案件"

    def apply(self, e: Entry, unit: OrgUnit) -> str:
        c = self.campaign_of(unit)
        v = e.values
        summary = v[SUMMARY_COL].strip()
        if ViolationCase.objects.filter(
            campaign=c, unit=unit, kind=v["违纪违规类型"], registered_on=v["立案日期"], summary=summary
        ).exists():
            return "无变化"
        name = (v.get("涉案人员姓名") or "").strip()
        parties = [{"name": name, "role": v.get("涉案人员身份") or PartyRole.OTHER}] if name else []
        service_body(violations_services.case_register)(
            actor=self.actor,
            campaign=c,
            unit=unit,
            kind=v["违纪违规类型"],
            summary=summary,
            registered_on=v["立案日期"],
            investigating_body=v["调查机关"],
            investigator_name=v.get("调查机关名称") or "",
            due_on=v["办结期限"],
            parties=parties,
        )
        return "新建"
