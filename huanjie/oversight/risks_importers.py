"""Import of the risk register (风险排查台账) from its template through the import kit (issue 14
req. 9, for req. 2), as petitions_importers does for the petitions: each row through the same
services as the online form (risks_services.risk_create / risk_update), inside the kit's
transaction, with the same scope checks, locks and audit."""

from __future__ import annotations

from typing import Any, ClassVar

from huanjie.core.imports import CHOICE, TEXT, Column
from huanjie.org.models import OrgUnit
from huanjie.oversight import risks_services
from huanjie.oversight.capabilities import OversightCap
from huanjie.oversight.models import Risk
from huanjie.oversight.petitions_importers import choices_of, service_body, unit_columns
from huanjie.oversight.risks_choices import RiskKind, RiskLevel
from huanjie.planning.importers import UNIT, UNIT_NAME, Entry, PlanningImporter

RISK_LABELS = {
    "kind": "类型",
    "level": "风险等级",
    "cause": "风险成因",
    "owner": "责任人",
    "measures": "化解措施",
    "plan": "应急预案",
}


class RiskImporter(PlanningImporter):
    """风险排查台账: one row per risk of a village or community (the same 风险事项 of a village is
    updated while it is still editable; a submitted or approved one refuses the row)."""

    capability = OversightCap.EDIT  # type: ignore[assignment]  # the kit takes any capability
    kind = "oversight_risks"
    label = "风险研判"
    noun = "风险事项"
    sheet_name = "风险排查台账"
    audit_model = "oversight.Risk"
    columns = (
        *unit_columns(),
        Column("类型", CHOICE, required=True, choices=choices_of(RiskKind), width=16),
        Column("风险事项", required=True, max_length=200, width=24),
        Column("风险等级", CHOICE, required=True, choices=choices_of(RiskLevel), width=8),
        Column("风险成因", TEXT, required=True, max_length=2000, width=30),
        Column("责任人", required=True, max_length=50, width=10),
        Column("化解措施", TEXT, max_length=2000, width=30),
        Column("应急预案", TEXT, max_length=4000, width=30),
    )
    examples = (
        {
            UNIT: "329901001203",
            UNIT_NAME: "北村",
            "类型": "重点村（社区）",
            "风险事项": "宗族矛盾影响选举",
            "风险等级": "高",
            "风险成因": "两大姓氏争夺村委会主任",
            "责任人": "包村干部张三",
            "化解措施": "分头谈心谈话",
            "应急预案": "选举日派出所驻点",
        },
    )
    notes = ("每个风险事项一行；同一村（社区）同名的风险事项将被更新（已报县级审核或已批准的不能更新）。",)
    FIELD_COLUMNS: ClassVar[dict[str, str]] = {
        "unit": UNIT,
        **RISK_LABELS,
    }

    def key(self, values: dict[str, Any]) -> Any:
        return (values[UNIT], values["风险事项"])

    def describe(self, e: Entry) -> str:
        return f"风险事项“{e.values['风险事项']}”"

    def apply(self, e: Entry, unit: OrgUnit) -> str:
        c = self.campaign_of(unit)
        v = e.values
        fields = {
            "kind": v["类型"],
            "level": v["风险等级"],
            "cause": v["风险成因"],
            "owner": v["责任人"],
            "measures": v.get("化解措施") or "",
            "plan": v.get("应急预案") or "",
        }
        old = Risk.objects.filter(campaign=c, unit=unit, title=v["风险事项"]).first()
        if old is None:
            service_body(risks_services.risk_create)(
                actor=self.actor, campaign=c, unit=unit, title=v["风险事项"], **fields
            )
            return "新建"
        changed = [label for name, label in RISK_LABELS.items() if getattr(old, name) != fields[name]]
        if not changed:
            return "无变化"
        service_body(risks_services.risk_update)(actor=self.actor, risk=old, **fields)
        return "更新：" + "、".join(changed)
