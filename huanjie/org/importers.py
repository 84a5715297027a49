"""Import of org units (区划代码, 名称, 层级, 上级区划代码 and the attributes): create or update.

Runs through the import kit (huanjie.core.imports): all-or-nothing, one transaction, a final scope
re-check, and ONE audit event for the whole import (action "import", with the file's SM3 digest,
the counts and the created id range) instead of one event per unit.

Rules, the same as the org services (orgunit_create / orgunit_update):
* a new unit's code must fit its level and start with its parent's code (org.codes.validate_code);
  the parent is an existing unit or another row of the same file (rows may come in any order);
* the actor must hold org.edit over the parent of a new unit and over every updated unit;
* an existing code is updated: name and attributes; a blank attribute cell keeps the stored value.
  Level and parent cannot change through an import (moving a unit is a separate, audited service).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from huanjie.core.imports import BOOL, CHOICE, CODE, INT, Column, Importer, Progress
from huanjie.core.scoping import can, path_q, scope_paths
from huanjie.core.versioning import bump
from huanjie.org.adapters import level_depth, parent_error, parent_level
from huanjie.org.capabilities import OrgCap
from huanjie.org.choices import LEAF_LEVELS, PATH_LENGTH, Level
from huanjie.org.codes import CodeError, validate_code
from huanjie.org.models import OrgUnit

ATTRIBUTES = {
    "户数": "households",
    "人口": "population",
    "党员数": "party_members",
    "村民小组数": "villager_groups",
    "试点": "is_pilot",
    "批次": "batch",
}


OUTSIDE = "该区划代码不在您的管辖范围内"
OWN_UNITS_LIMIT = 20000


def own_units_of(actor: Any, capability: str, *, leaves_only: bool = False) -> list[dict[str, Any]]:
    """The active units in ``actor``'s jurisdiction for ``capability`` (code, name, level label,
    parent code, leaf), in code order, for an import template's 我的单位 sheet."""
    paths = scope_paths(actor, capability)
    if not paths:
        return []
    units = OrgUnit.objects.filter(path_q("path", paths), is_active=True)
    if leaves_only:
        units = units.filter(level__in=LEAF_LEVELS)
    return [
        {
            "code": code,
            "name": name,
            "level": Level(level).label,
            "parent_code": parent_code or "",
            "leaf": level in LEAF_LEVELS,
        }
        for code, name, level, parent_code in units.order_by("path").values_list(
            "code", "name", "level", "parent__code"
        )[:OWN_UNITS_LIMIT]
    ]


OUTSIDE_PARENT = "上级单位不在您的管辖范围内，不能在其下新建单位"


def _diff(unit: OrgUnit, r: _Row) -> dict[str, list[Any]]:
    """field → [stored, from the file] of what the row changes on ``unit``."""
    return {k: [getattr(unit, k), v] for k, v in {"name": r.name, **r.attrs}.items() if getattr(unit, k) != v}


@dataclass(slots=True)
class _Row:
    number: int
    code: str
    name: str
    level: str
    parent_code: str | None
    attrs: dict[str, Any]
    existing_id: int | None = None
    path: str = ""


class OrgUnitImporter(Importer):
    """Org units, one row per unit (市 / 县（区） / 乡镇（街道） / 村 / 社区)."""

    kind = "org_units"
    label = "单位"
    sheet_name = "单位"
    capability = OrgCap.EDIT
    audit_model = "org.OrgUnit"
    columns = (
        Column("区划代码", CODE, required=True, digits=12, help="12 位统计用区划代码", width=16),
        Column("名称", required=True, max_length=100, width=18),
        Column(
            "层级",
            CHOICE,
            required=True,
            choices=tuple((label, value) for value, label in Level.choices),
            choice_aliases=(
                ("县", Level.COUNTY),
                ("区", Level.COUNTY),
                ("县区", Level.COUNTY),
                ("乡镇", Level.TOWN),
                ("镇", Level.TOWN),
                ("乡", Level.TOWN),
                ("街道", Level.TOWN),
            ),
            width=12,
        ),
        Column("上级区划代码", CODE, digits=12, help="市级单位不填；其他单位必填", width=16),
        Column("户数", INT, width=8),
        Column("人口", INT, width=8),
        Column("党员数", INT, width=8),
        Column("村民小组数", INT, aliases=("村（居）民小组数", "居民小组数"), width=10),
        Column("试点", BOOL, help="是否为换届试点村（社区）", width=6),
        Column("批次", INT, min_value=1, max_value=99, help="换届批次，如 1、2、3", width=6),
    )
    examples = (
        {
            "区划代码": "329901001203",
            "名称": "北村",
            "层级": "村",
            "上级区划代码": "329901001000",
            "户数": "380",
            "人口": "1260",
            "党员数": "41",
            "村民小组数": "6",
            "试点": "否",
            "批次": "2",
        },
    )
    notes = (
        "已有的区划代码将更新名称和属性（留空的属性保持不变）；新的区划代码将新建单位。",
        "不能通过导入修改层级或上级单位：调整隶属关系请在单位页面使用“迁移”。",
    )

    @classmethod
    def own_units(cls, actor: Any) -> list[dict[str, Any]]:
        return own_units_of(actor, cls.capability)

    @classmethod
    def examples_for(cls, units: list[dict[str, Any]]) -> tuple[dict[str, Any], ...]:
        """An update of the user's first village or community (its code, name, level and parent as
        registered: a row that passes), with example attributes."""
        leaf = next((u for u in units if u["leaf"]), None)
        if leaf is None:
            return cls.examples
        return (
            {
                **cls.examples[0],
                "区划代码": leaf["code"],
                "名称": leaf["name"],
                "层级": leaf["level"],
                "上级区划代码": leaf["parent_code"],
            },
        )

    def load(self) -> None:
        self.units = {
            code: (pk, path, level, parent_id, is_active)
            for pk, code, path, level, parent_id, is_active in OrgUnit.objects.values_list(
                "pk", "code", "path", "level", "parent_id", "is_active"
            )
        }
        self.code_by_id = {v[0]: code for code, v in self.units.items()}
        self.rows: dict[str, _Row] = {}
        self.duplicate_reported: set[str] = set()

    def _in_scope(self, path: str) -> bool:
        return can(self.actor, self.capability, path)

    def row(self, number: int, values: dict[str, Any], failed: set[str]) -> None:
        code, level, name = values["区划代码"], values["层级"], values["名称"]
        if code is None or level is None or name is None:
            return
        attrs = {field: values[label] for label, field in ATTRIBUTES.items() if values[label] is not None}
        first = self.rows.get(code)
        if first is not None:
            if code not in self.duplicate_reported:
                self.duplicate_reported.add(code)
                self.report.error(first.number, "区划代码", code, f"区划代码重复（第 {number} 行也是此代码）")
            self.report.error(number, "区划代码", code, f"区划代码重复（第 {first.number} 行已有此代码）")
            return
        self.rows[code] = _Row(number, code, name, level, values["上级区划代码"], attrs)

    def dump(self) -> Any:
        return [[r.number, r.code, r.name, r.level, r.parent_code, r.attrs] for r in self.rows.values()]

    def restore(self, data: Any) -> None:
        # Every check against the registry and the scope is made by finish().
        for number, code, name, level, parent_code, attrs in data:
            self.rows[code] = _Row(number, code, name, level, parent_code, attrs)

    def finish(self) -> None:
        rows = self.rows
        for r in sorted(rows.values(), key=lambda r: level_depth(r.level)):
            if not self._scope_from_text(r):
                continue
            existing = self.units.get(r.code)
            if existing is not None:
                self._check_update(r, existing)
            else:
                self._check_create(r)

    def _scope_from_text(self, r: _Row) -> bool:
        """The scope check, made on the codes as written before anything is looked up: whether a
        unit outside the jurisdiction exists must not show in the answer (hardening issue 7), so a
        code or a parent code outside it gets the same error whether such a unit exists or not."""
        if not self._in_scope(r.code[: PATH_LENGTH[Level(r.level)]]):
            self.report.error(r.number, "区划代码", r.code, OUTSIDE)
            return False
        above = parent_level(r.level)
        if r.parent_code and above is not None and not self._in_scope(r.parent_code[: PATH_LENGTH[above]]):
            self.report.error(r.number, "上级区划代码", r.parent_code, OUTSIDE_PARENT)
            return False
        return True

    def _check_update(self, r: _Row, existing: tuple[int, str, str, int | None, bool]) -> None:
        pk, path, level, parent_id, is_active = existing
        r.existing_id, r.path = pk, path
        if level != r.level:
            self.report.error(
                r.number,
                "层级",
                Level(r.level).label,
                f"与已登记的层级“{Level(level).label}”不同：导入不能修改层级",
            )
        current_parent = self.code_by_id.get(parent_id) if parent_id else None
        if r.parent_code and r.parent_code != current_parent:
            self.report.error(
                r.number,
                "上级区划代码",
                r.parent_code,
                f"与已登记的上级单位（{current_parent or '无'}）不同：调整隶属关系请使用“迁移”",
            )
        if not is_active:
            self.report.error(r.number, "区划代码", r.code, "该单位已撤销，不能通过导入修改")
        if not self._in_scope(path):
            self.report.error(r.number, "区划代码", r.code, OUTSIDE)

    def _check_create(self, r: _Row) -> None:
        parent_path: str | None = None
        if parent_level(r.level) is None:
            if r.parent_code:
                self.report.error(r.number, "上级区划代码", r.parent_code, "市级单位不能有上级单位")
                return
        else:
            if not r.parent_code:
                self.report.error(r.number, "上级区划代码", "", f"{Level(r.level).label}须填写上级区划代码")
                return
            parent = self._parent(r.parent_code)
            if parent is None:
                self.report.error(
                    r.number, "上级区划代码", r.parent_code, "上级区划代码不存在（系统和本文件中均没有）"
                )
                return
            p_level, parent_path, p_active = parent
            error = parent_error(r.level, p_level)
            if error:
                self.report.error(
                    r.number, "上级区划代码", r.parent_code, f"{error}，该代码是{Level(p_level).label}"
                )
                return
            if not p_active:
                self.report.error(r.number, "上级区划代码", r.parent_code, "上级单位已撤销")
                return
        try:
            r.path = validate_code(r.code, r.level, parent_path)
        except CodeError as exc:
            self.report.error(r.number, "区划代码", r.code, str(exc))
            return
        if not self._in_scope(parent_path or r.path):
            self.report.error(r.number, "区划代码", r.code, OUTSIDE_PARENT)

    def _parent(self, code: str) -> tuple[str, str, bool] | None:
        existing = self.units.get(code)
        if existing is not None:
            return existing[2], existing[1], existing[4]
        row = self.rows.get(code)
        if row is not None and row.existing_id is None:
            return row.level, code[: PATH_LENGTH[Level(row.level)]], True
        return None

    def _creates(self) -> list[_Row]:
        return [r for r in self.rows.values() if r.existing_id is None]

    def summary(self) -> list[str]:
        """The result lines the commit will report, from the same diff (nothing unannounced)."""
        updates = [r for r in self.rows.values() if r.existing_id is not None]
        stored = OrgUnit.objects.in_bulk([r.existing_id for r in updates])
        changed = sum(1 for r in updates if _diff(stored[r.existing_id], r))
        return self.result_lines(
            {
                "units_created": len(self._creates()),
                "units_updated": changed,
                "units_unchanged": len(updates) - changed,
            }
        )

    @classmethod
    def result_lines(cls, result: dict[str, Any]) -> list[str]:
        return [
            f"新建单位 {result.get('units_created', 0)} 个",
            f"更新单位 {result.get('units_updated', 0)} 个",
            f"无变化 {result.get('units_unchanged', 0)} 个",
        ]

    def target_paths(self) -> set[str]:
        paths = set()
        for r in self.rows.values():
            if r.existing_id is not None or not r.parent_code:
                paths.add(r.path)
            else:
                above = parent_level(r.level)
                if above is not None:
                    paths.add(r.parent_code[: PATH_LENGTH[above]])
        return paths

    def write(self, progress: Progress) -> dict[str, Any]:
        done = 0
        created: list[OrgUnit] = []
        ids = {code: v[0] for code, v in self.units.items()}
        for depth in range(4):
            batch = [
                OrgUnit(
                    code=r.code,
                    path=r.path,
                    level=r.level,
                    name=r.name,
                    parent_id=ids[r.parent_code] if r.parent_code else None,
                    **r.attrs,
                )
                for r in self._creates()
                if level_depth(r.level) == depth
            ]
            for unit in OrgUnit.objects.bulk_create(batch, batch_size=1000):
                ids[unit.code] = unit.pk
                created.append(unit)
            done += len(batch)
            progress(done)
        updates = [r for r in self.rows.values() if r.existing_id is not None]
        changed: list[OrgUnit] = []
        changes: dict[str, dict[str, list[Any]]] = {}
        stored = OrgUnit.objects.in_bulk([r.existing_id for r in updates])
        for r in updates:
            unit = stored[r.existing_id]
            diff = _diff(unit, r)
            if diff:
                for k, (_, v) in diff.items():
                    setattr(unit, k, v)
                bump(unit)  # an edit form loaded before this import is then refused, not applied over it
                changed.append(unit)
                if len(changes) < 1000:
                    changes[unit.code] = diff
        OrgUnit.objects.bulk_update(changed, ["name", *ATTRIBUTES.values(), "version"], batch_size=1000)
        progress(len(self.rows))
        created_ids = [u.pk for u in created]
        return {
            "units_created": len(created),
            "units_updated": len(changed),
            "units_unchanged": len(updates) - len(changed),
            "created_ids": [min(created_ids), max(created_ids)] if created_ids else [],
            # Before/after of each updated unit (the first 1000), as the audit trail's change record.
            "changes": changes,
            # [code, name] of the units created or changed (the first 500), for the result's links.
            "units": sorted([u.code, u.name] for u in (*created, *changed))[:500],
        }
