"""Reporting tables of the vetting app printed through layouts as data (huanjie.core.layouts): the
keys each table's provider supplies, and the rows for the user's jurisdiction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from huanjie.rules.dates import age_on
from huanjie.vetting import selectors

# The columns the 人选情况表 prints, read as plain values (a city has tens of thousands of rows: no
# model instance per row), and the model fields whose labels it prints instead of their codes.
_CANDIDATE_COLUMNS = (
    "unit__parent__name",
    "unit__name",
    "person__name",
    "person__sex",
    "person__ethnicity",
    "person__birth_date",
    "person__political_status",
    "person__education",
    "side",
    "post",
    "source",
    "channel",
    "votes_members",
    "votes_public",
    "nomination_votes",
    "withdrawn_on",
    "qualification",
)


def _labels(model: Any, name: str) -> dict[Any, str]:
    return {value: str(label) for value, label in model._meta.get_field(name).flatchoices}


def candidate_rows(user: Any, *, side: str = "", on: dt.date) -> Iterator[dict[str, Any]]:
    """One row per candidate of the user's jurisdiction (names, posts, counts: nothing confidential),
    ages on ``on``, each choice printed by its label (as ``get_FOO_display``); one query, read in
    chunks."""
    from huanjie.people.models import Person
    from huanjie.vetting.models import Candidate

    label = {
        name: _labels(model, name)
        for model, names in (
            (Person, ("sex", "political_status", "education")),
            (Candidate, ("side", "post", "source", "channel", "qualification")),
        )
        for name in names
    }

    def shown(name: str, value: Any) -> Any:
        return label[name].get(value, value)

    rows = selectors.candidates(user, side=side).values_list(*_CANDIDATE_COLUMNS)
    for (
        town, unit, name, sex, ethnicity, birth, status, education, c_side, post, source, channel,
        votes_members, votes_public, nomination_votes, withdrawn_on, qualification,
    ) in rows.iterator(chunk_size=2000):  # fmt: skip
        yield {
            "town": town or "",
            "unit": unit,
            "name": name,
            "sex": shown("sex", sex),
            "ethnicity": ethnicity,
            "birth_month": f"{birth:%Y.%m}",
            "age": age_on(birth, on),
            "political_status": shown("political_status", status),
            "education": shown("education", education),
            "side": shown("side", c_side),
            "post": shown("post", post),
            "source": shown("source", source),
            "channel": shown("channel", channel),
            "votes_members": votes_members,
            "votes_public": votes_public,
            "nomination_votes": nomination_votes,
            "status": "已退出"
            if withdrawn_on
            else shown("qualification", qualification)
            if c_side != "party"
            else "",
        }


def talk_rows(lines: Any) -> Iterator[dict[str, Any]]:
    """四必谈台账 rows from a ledger's lines (talk_selectors.ledger)."""
    for ln in lines:
        t = ln.talk
        status = "已谈" if t.done_on else "不再需要" if t.obsolete_on else "逾期" if ln.overdue else "待谈"
        yield {
            "unit": t.unit.name,
            "person": t.person.name,
            "kind": t.get_kind_display(),
            "basis": t.basis,
            "level": t.get_level_display(),
            "due_on": t.due_on,
            "done_on": t.done_on,
            "talker": t.talker,
            "notes": t.notes,
            "status": status,
        }


def pledge_rows(page: Any) -> Iterator[dict[str, Any]]:
    """承诺书签订情况 rows from a coverage page (pledge_selectors.coverage): one per unit."""
    for ln in page.lines:
        missing = [f"{s.name}（{s.kind_label}）" for s in page.missing if s.unit.pk == ln.unit.pk]
        yield {
            "unit": ln.unit.name,
            "commitment_required": ln.commitment.required,
            "commitment_signed": ln.commitment.signed,
            "commitment_rate": ln.commitment.percent,
            "discipline_required": ln.discipline.required,
            "discipline_signed": ln.discipline.signed,
            "discipline_rate": ln.discipline.percent,
            "guarantees": ln.guarantees,
            "scans_missing": ln.scans_missing,
            "missing": "；".join(missing),
        }


def review_rows(page: Any) -> Iterator[dict[str, Any]]:
    """联审汇总表 rows from a batch page (review_selectors.review_batch): each department's answer
    (无异常 / 有问题 and what / 待答复), the findings, the conclusion and the county's ruling."""
    for row in page.rows:
        c = row.entry.candidate
        p = c.person
        out: dict[str, Any] = {
            "town": c.unit.parent.name if c.unit.parent is not None else "",
            "unit": c.unit.name,
            "name": p.name,
            "sex": p.get_sex_display(),
            "birth_month": f"{p.birth_date:%Y.%m}",
            "side": c.get_side_display(),
            "post": f"{c.get_side_display()}{c.get_post_display()}",
            "findings": "；".join(str(f.note) for f in row.findings),
            "opinion": row.opinion or row.state_label,
            "ruling": "；".join(f"{a}：{b}" if b else a for a, b in row.rulings),
        }
        for d in row.departments:
            text = d.answer_label
            if d.answer is not None and d.answer.answer == "adverse" and d.answer.note:
                text = f"{text}：{d.answer.note}"
            out[f"dept_{d.code}"] = text
        yield out
