"""A department answers a whole batch of its joint-review queue by uploading the sheet (联审部门答复,
issue 11 req. 5): one row per candidate of its queue, found by the full citizen ID among the
entries pending the department's answer (nothing else is reachable: an ID outside the queue gets
the same refusal whether or not such a person exists).

Every row goes through the online form's service (``review_services.review_answer``, its body
without its durable transaction, inside the kit's): the same checks, the same sign-off, the same
findings and audit events. The preview runs every row in a transaction that is rolled back; the
commit repeats it against the current database and writes all rows or none.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404

from huanjie.accounts.roles import VETTING_DEPARTMENTS
from huanjie.core import crypto
from huanjie.core.imports import BOOL, CHOICE, CITIZEN_ID, DATE, TEXT, Column, Importer, Progress
from huanjie.vetting import review_services
from huanjie.vetting.capabilities import VettingCap
from huanjie.vetting.models import ReviewEntry
from huanjie.vetting.review_choices import STATUTORY_FINDINGS, AnswerResult, FindingKind
from huanjie.vetting.review_selectors import my_departments, queue_pending_by_index

ID = "身份证号"
NAME = "姓名"
DEPARTMENT = "联审部门"
RESULT = "审查结论"
KIND = "问题类别"
CODE = "问题编号"
FIELD_COLUMNS = {
    "result": RESULT,
    "kind": KIND,
    "code": CODE,
    "found_on": "事实发生日期",
    "document_ref": "依据文书",
    "status": "是否查实",
    "note": "情况说明",
}
NOT_IN_QUEUE = "此人不在本部门待答复的联审人选中"
DEPARTMENT_LABELS = dict(VETTING_DEPARTMENTS)
STATUTORY_BY_LABEL = {label: code for code, label in STATUTORY_FINDINGS}


@dataclass
class Row:
    number: int
    entry: ReviewEntry
    department: str
    values: dict[str, Any]


class ReviewAnswersImporter(Importer):
    """联审部门答复: one row per candidate pending the department's answer."""

    kind = "vetting_review_answers"
    label = "联审部门答复"
    sheet_name = "联审部门答复"
    capability = VettingCap.ANSWER
    audit_model = "vetting.ReviewEntry"
    notes = (
        "每名待答复的人选填写一行，以身份证号为准；不在本部门联审队列中的人员不能导入。",
        "审查结论为“无异常”的，其余问题列留空；“有问题反映”的，须填写问题类别、问题编号"
        "（负面清单编号，或法定不得情形的名称）、事实发生日期和情况说明。",
        "任一行有误的，整个文件不导入。",
    )
    columns: ClassVar[tuple[Column, ...]] = (
        Column(
            DEPARTMENT,
            CHOICE,
            required=True,
            choices=tuple((lbl, c) for c, lbl in VETTING_DEPARTMENTS),
            width=12,
        ),
        Column(ID, CITIZEN_ID, required=True, sensitive=True, width=20),
        Column(NAME, width=10, help="供核对，以身份证号为准"),
        Column(
            RESULT,
            CHOICE,
            required=True,
            choices=tuple((lbl, v) for v, lbl in AnswerResult.choices),
            width=12,
        ),
        Column(KIND, CHOICE, choices=tuple((lbl, v) for v, lbl in FindingKind.choices), width=14),
        Column(CODE, TEXT, max_length=64, width=16),
        Column("事实发生日期", DATE, width=12),
        Column("依据文书", TEXT, max_length=100, width=20),
        Column("是否查实", BOOL, width=8),
        Column("情况说明", TEXT, max_length=1000, width=40),
    )

    def load(self) -> None:
        self.departments = dict(my_departments(self.actor))
        self.pending: dict[str, dict[str, ReviewEntry]] = {}
        for code in self.departments:
            try:
                self.pending[code] = queue_pending_by_index(self.actor, code)
            except Http404:
                self.pending[code] = {}
        self.index = crypto.blind_indexer()
        self.rows: list[Row] = []
        self.seen: dict[tuple[str, int], int] = {}

    def row(self, number: int, values: dict[str, Any], failed: set[str]) -> None:
        if any(c.required and c.name in failed for c in self.columns):
            return
        code = values[DEPARTMENT]
        if code not in self.departments:
            self.report.error(number, DEPARTMENT, DEPARTMENT_LABELS[code], "您不能代表该部门答复")
            return
        entry = self.pending[code].get(self.index(values[ID]))
        if entry is None:
            self.report.error(number, ID, values[ID], NOT_IN_QUEUE)
            return
        name = values.get(NAME)
        if name and name != entry.candidate.person.name:
            self.report.error(
                number, NAME, name, f"与身份证号对应的人选姓名“{entry.candidate.person.name}”不同"
            )
            return
        first = self.seen.get((code, entry.pk))
        if first is not None:
            self.report.error(number, ID, values[ID], f"与第 {first} 行重复：每名人选只能填写一行")
            return
        self.seen[(code, entry.pk)] = number
        self.rows.append(Row(number, entry, code, values))

    def _kwargs(self, r: Row) -> dict[str, Any]:
        v = r.values
        kind = v.get(KIND) or ""
        code = (v.get(CODE) or "").strip()
        if kind == FindingKind.STATUTORY:
            code = STATUTORY_BY_LABEL.get(code, code)
        return {
            "result": v[RESULT],
            "kind": kind,
            "code": code,
            "found_on": v.get("事实发生日期"),
            "document_ref": v.get("依据文书") or "",
            "status": "substantiated" if v.get("是否查实") else "unverified",
            "note": v.get("情况说明") or "",
        }

    def _apply(self, r: Row) -> None:
        body = inspect.unwrap(review_services.review_answer)
        body(actor=self.actor, entry=r.entry, department=r.department, **self._kwargs(r))

    def _run(self, r: Row) -> None:
        try:
            with transaction.atomic():
                self._apply(r)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, messages in exc.message_dict.items():
                    column = FIELD_COLUMNS.get(name, ID)
                    for message in messages:
                        self.report.error(r.number, column, str(r.values.get(column) or ""), message)
            else:
                for message in exc.messages:
                    self.report.error(r.number, ID, "", message)
        except PermissionDenied as exc:
            self.report.error(r.number, DEPARTMENT, DEPARTMENT_LABELS[r.department], str(exc))

    def finish(self) -> None:
        with transaction.atomic():
            for r in self.rows:
                self._run(r)
            transaction.set_rollback(True)

    def summary(self) -> list[str]:
        clear = sum(1 for r in self.rows if r.values[RESULT] == AnswerResult.CLEAR)
        return [f"答复无异常 {clear} 人", f"反映问题 {len(self.rows) - clear} 人"]

    @classmethod
    def result_lines(cls, result: dict[str, Any]) -> list[str]:
        return [f"答复无异常 {result.get('clear', 0)} 人", f"反映问题 {result.get('findings', 0)} 人"]

    def target_paths(self) -> set[str]:
        return {r.entry.candidate.unit.path for r in self.rows}

    def write(self, progress: Progress) -> dict[str, Any]:
        for n, r in enumerate(self.rows, start=1):
            self._apply(r)
            if n % 200 == 0:
                progress(n)
        progress(len(self.rows))
        clear = sum(1 for r in self.rows if r.values[RESULT] == AnswerResult.CLEAR)
        return {"clear": clear, "findings": len(self.rows) - clear}
