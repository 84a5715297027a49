"""The campaign report of a town, county or city (issue 15 req. 5): the structure before and after
(and as planned, where the reader may see plans) against the campaign's targets, the committees
without a woman with their legal basis, and the units one level below with charts of the key
figures. Every figure comes from huanjie.stats.structure_selectors (req. 7: one selector per
figure); this module only arranges them for the PDF."""

from __future__ import annotations

from typing import Any

from huanjie.org.models import OrgUnit
from huanjie.planning.models import Campaign
from huanjie.stats import structure_selectors as structure

# The figures of the table of units below, and of the charts (shares, 0–100 %).
CHILD_FIGURES = ("members", "average_age", "college", "women", "party_members", "one_shoulder_village")
CHART_FIGURES = ("college", "women", "one_shoulder_village", "new_members")
TITLE = "村（社区）“两委”换届工作报告"


def _num(value: Any) -> float:
    return round(float(value), 1) if value is not None else 0.0


def _basis(text: str) -> str:
    return "无法定要求" if not text or text == "none" else f"{text}：应当有妇女成员"


def report_data(user: Any, campaign: Campaign, unit: OrgUnit) -> dict[str, Any]:
    """What the report prints, JSON-ready (strings and numbers only)."""
    comp = structure.comparison(user, campaign, unit)
    labels = [structure.BASIS_LABELS[b] for b in comp.bases]
    after = structure.figures(user, campaign, unit, basis="after")
    children = after.children
    return {
        "unit": unit.name,
        "campaign": campaign.name,
        "bases": labels,
        "overview": [
            [after.values[k].label, after.values[k].text] for k in ("units", "reporting", "members")
        ],
        "figures": [
            [d.group, d.label, *[v.text for v in values]]
            for d, values in comp.figure_rows()
            if not d.key.startswith("src_") or any(v.count for v in values)
        ],
        "targets": [
            [t.label, t.range_text, *[c.value_text for c in checks], t.verdict_label, t.gap_text]
            for t, checks in comp.target_rows()
        ],
        "women": [[w.label, str(w.count), _basis(w.legal_basis)] for w in after.women],
        "child_level": after.child_level,
        "child_header": [structure.FIGURE_BY_KEY[k].label for k in CHILD_FIGURES],
        "children": [[row.unit.name, *[row.values[k].text for k in CHILD_FIGURES]] for row in children],
        "charts": [
            {
                "label": structure.FIGURE_BY_KEY[k].label,
                "bars": [[row.unit.name, _num(row.values[k].value), row.values[k].text] for row in children],
            }
            for k in CHART_FIGURES
        ]
        if children
        else [],
    }
