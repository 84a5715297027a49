"""Import of the petitions register (信访台账) from its template, through the import kit (issue 14
req. 9, for req. 1); risks_importers does the same for the 风险排查台账 with the helpers here.

Each row goes through the SAME service as the online form (petitions_services.petition_register,
unwrapped from their durable transactions and run inside
the kit's), so the same rules, scope checks, workflow locks and per-record audit events apply; the
preview is the planning importers' dry run (one savepoint per row, rolled back). Units are looked
up among the actor's own villages and communities (``oversight.edit``); the campaign is the latest
published one of the unit's city."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, ClassVar

from huanjie.core.imports import CHOICE, CITIZEN_ID, CODE, DATE, TEXT, Column
from huanjie.org.models import OrgUnit
from huanjie.oversight import petitions_services
from huanjie.oversight.capabilities import OversightCap
from huanjie.oversight.petitions_choices import Category, Channel
from huanjie.planning.importers import UNIT, UNIT_NAME, Entry, PlanningImporter


def choices_of(enum: Any) -> tuple[tuple[str, Any], ...]:
    return tuple((label, value) for value, label in enum.choices)


def service_body(service: Callable[..., Any]) -> Callable[..., Any]:
    """The service without its durable transaction: called inside the kit's (or the dry run's)."""
    return inspect.unwrap(service)


def unit_columns() -> tuple[Column, ...]:
    return (
        Column(UNIT, CODE, required=True, digits=12, aliases=("区划代码",), width=16),
        Column(UNIT_NAME, aliases=("名称", "村（社区）"), width=14, help="供核对，以区划代码为准"),
    )


class PetitionImporter(PlanningImporter):
    """信访台账: one row per petition received (always a new petition; its 受理 deadline is computed
    from the campaign's settings as on the form). The petitioner's identity is encrypted as on the
    form; the file itself is kept by the kit only as long as the job."""

    capability = OversightCap.EDIT  # type: ignore[assignment]  # the kit takes any capability
    kind = "oversight_petitions"
    label = "信访件"
    noun = "信访件"
    sheet_name = "信访台账"
    audit_model = "oversight.Petition"
    columns = (
        *unit_columns(),
        Column("来源渠道", CHOICE, required=True, choices=choices_of(Channel), width=10),
        Column("问题类别", CHOICE, required=True, choices=choices_of(Category), width=16),
        Column("收到日期", DATE, required=True, width=12),
        Column("反映内容", TEXT, required=True, max_length=2000, width=40),
        Column("信访人姓名", max_length=50, width=10, help="匿名的留空"),
        Column("信访人身份证号", CITIZEN_ID, sensitive=True, width=20),
        Column("信访人联系电话", max_length=20, width=14),
    )
    examples = (
        {
            UNIT: "329901001203",
            UNIT_NAME: "北村",
            "来源渠道": "来信",
            "问题类别": "贿选拉票",
            "收到日期": "2026-03-01",
            "反映内容": "反映有人请客拉票",
            "信访人姓名": "",
            "信访人身份证号": "",
            "信访人联系电话": "",
        },
    )
    notes = ("每件信访一行，均登记为新信访件；信访人姓名、身份证号均未填写的，按匿名登记。",)
    FIELD_COLUMNS: ClassVar[dict[str, str]] = {
        "unit": UNIT,
        "received_on": "收到日期",
        "petitioner_id": "信访人身份证号",
        "petitioner_name": "信访人姓名",
    }

    def key(self, values: dict[str, Any]) -> Any:
        return (values[UNIT], values["收到日期"], values["反映内容"], values.get("信访人姓名"))

    def duplicate_reason(self, first: int) -> str:
        return f"与第 {first} 行重复：同一村（社区）同日同一信访人反映的相同内容只能填写一行"

    def apply(self, e: Entry, unit: OrgUnit) -> str:
        c = self.campaign_of(unit)
        v = e.values
        name, number = v.get("信访人姓名") or "", v.get("信访人身份证号") or ""
        service_body(petitions_services.petition_register)(
            actor=self.actor,
            campaign=c,
            unit=unit,
            channel=v["来源渠道"],
            category=v["问题类别"],
            received_on=v["收到日期"],
            summary=v["反映内容"],
            anonymous=not (name or number),
            petitioner_name=name,
            petitioner_id=number,
            petitioner_phone=v.get("信访人联系电话") or "",
        )
        return "新建"
