"""Registers of the vetting app filled from their templates through the import kit (issue 11 req.
11): the 人选 register — one row per person and post, written through the same service as the page
(lawful channels per committee, the village's own registry), all or nothing."""

from __future__ import annotations

from typing import Any, ClassVar

from huanjie.core.imports import CHOICE, CITIZEN_ID, CODE, INT, Column
from huanjie.org.models import OrgUnit
from huanjie.people.models import Person
from huanjie.planning.importers import (
    UNIT,
    UNIT_NAME,
    Entry,
    PlanningImporter,
    RowRefused,
    _body,
    _person_ids,
)
from huanjie.vetting import services
from huanjie.vetting.capabilities import VettingCap
from huanjie.vetting.choices import Channel, Post, Side, Source
from huanjie.vetting.models import Candidate


def _choices(enum: Any) -> tuple[tuple[str, Any], ...]:
    return tuple((label, value) for value, label in enum.choices)


class CandidateImporter(PlanningImporter):
    """人选登记表: one row per person and post; a row already registered is left unchanged (a
    registered nominee changes only through the lawful channel, never by re-import)."""

    kind = "vetting_candidates"
    label = "人选登记"
    noun = "人选"
    sheet_name = "人选"
    audit_model = "vetting.Candidate"
    capability = VettingCap.EDIT  # type: ignore[assignment]
    columns = (
        Column(UNIT, CODE, required=True, digits=12, aliases=("区划代码",), width=16),
        Column(UNIT_NAME, aliases=("名称", "村（社区）"), width=14, help="供核对，以区划代码为准"),
        Column("姓名", required=True, max_length=50, width=10),
        Column("身份证号", CITIZEN_ID, required=True, sensitive=True, width=20),
        Column("班子", CHOICE, required=True, choices=_choices(Side), width=18),
        Column("职务", CHOICE, required=True, choices=_choices(Post), width=14),
        Column("来源", CHOICE, required=True, choices=_choices(Source), width=12),
        Column("产生方式", CHOICE, required=True, choices=_choices(Channel), width=16),
        Column("党员推荐票", INT, min_value=0, max_value=100_000, width=10),
        Column("群众推荐票", INT, min_value=0, max_value=100_000, width=10),
        Column("提名票数", INT, min_value=0, max_value=100_000, width=10),
    )
    examples = (
        {
            UNIT: "320000000000",
            UNIT_NAME: "（示例，请改为本村）",
            "姓名": "王晓",
            "身份证号": "",
            "班子": "党组织",
            "职务": "书记",
            "来源": "现任",
            "产生方式": "两推一选",
            "党员推荐票": 41,
            "群众推荐票": 260,
            "提名票数": "",
        },
    )
    notes = (
        "每人每个职务一行，以身份证号识别；须为户籍在该村（社区）的已登记人员（先在人员名册中登记）。",
        "本表登记党组织预备人选（经“两推一选”产生，须填写党员推荐票、群众推荐票）；村（居）民委员会、监督委员会"
        "候选人只能经依法提名产生，请在“候选人提名”中登记。已登记的人选不会因重复导入而改变。",
    )
    FIELD_COLUMNS: ClassVar[dict[str, str]] = {
        "person": "身份证号",
        "side": "班子",
        "post": "职务",
        "source": "来源",
        "channel": "产生方式",
        "votes_members": "党员推荐票",
        "campaign": UNIT,
    }

    @classmethod
    def example_row(cls, unit: dict[str, Any]) -> dict[str, Any]:
        from huanjie.core import crypto

        p = Person.objects.filter(domicile_unit__code=unit["code"]).order_by("pk").first()
        if p is None or not unit.get("unmask"):
            return {}
        return {"姓名": p.name, "身份证号": crypto.decrypt(p.id_cipher)}

    def key(self, values: dict[str, Any]) -> Any:
        return (values[UNIT], values["身份证号"], values["班子"], values["职务"])

    def duplicate_reason(self, first: int) -> str:
        return f"与第 {first} 行重复：同一人同一职务只能填写一行"

    def finish(self) -> None:
        self.persons = _person_ids([e.values["身份证号"] for e in self.entries])
        super().finish()

    def describe(self, e: Entry) -> str:
        return f"人选{e.values['姓名']}"

    def apply(self, e: Entry, unit: OrgUnit) -> str:
        v = e.values
        pid = self.persons.get(v["身份证号"])
        person = Person.objects.filter(pk=pid, domicile_unit=unit).first() if pid else None
        if person is None:
            raise RowRefused("身份证号", "只能填写户籍在本村（社区）的已登记人员")
        if person.name != v["姓名"]:
            raise RowRefused("姓名", f"与身份证号登记的姓名“{person.name}”不同")
        campaign = self.campaign_of(unit)
        if Candidate.objects.filter(
            campaign=campaign, unit=unit, person=person, side=v["班子"], post=v["职务"]
        ).exists():
            return "未变"
        _body(services.candidate_register)(
            actor=self.actor,
            campaign=campaign,
            unit=unit,
            person=person,
            side=v["班子"],
            post=v["职务"],
            source=v["来源"],
            channel=v["产生方式"],
            votes_members=v["党员推荐票"],
            votes_public=v["群众推荐票"],
            nomination_votes=v["提名票数"],
        )
        return "新建"
