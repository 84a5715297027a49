"""Reading the signed roll-ups (issue 15 req. 6): the cities whose roll-up the user may export, the
roll-ups the user's unit imported, and the aggregate of the latest roll-up of each city (a province
adding up its cities)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from huanjie.core.scoping import get_scoped_or_404, path_q, scope_paths
from huanjie.org.models import Level, OrgUnit
from huanjie.stats.capabilities import StatsCap
from huanjie.stats.models import ImportedRollup
from huanjie.stats.tables_kinds import COUNT_KEYS, SOURCE_KEYS, SUMMARY_KEYS
from huanjie.stats.tables_selectors import one_decimal

SHOWN = (
    "units",
    "elections",
    "elections_done",
    "one_time",
    "members",
    "one_shoulder",
    "cross_serving",
    "women",
    "party_members",
    "under_35",
    "college_or_above",
)
"""The figures the roll-up pages show (the file holds them all)."""


def export_cities(user: Any) -> list[OrgUnit]:
    """The cities whose signed roll-up the user may export."""
    paths = scope_paths(user, StatsCap.ROLLUP)
    if not paths:
        return []
    return list(
        OrgUnit.objects.filter(path_q("path", paths), level=Level.CITY, is_active=True).order_by("path")
    )


def export_city(user: Any, code: str) -> OrgUnit:
    from django.http import Http404

    for city in export_cities(user):
        if city.code == code:
            return city
    raise Http404("未找到该市，或不在您的管辖范围内")


def imported(user: Any) -> list[ImportedRollup]:
    return list(ImportedRollup.objects.restrict(user, "rollup").order_by("city_code", "-generated_at", "-pk"))


def imported_one(user: Any, pk: int) -> ImportedRollup:
    return get_scoped_or_404(ImportedRollup.objects, user, "rollup", pk=pk)


@dataclass(frozen=True)
class Line:
    label: str
    level: str
    figures: dict[str, int]

    @property
    def values(self) -> list[int]:
        return [self.figures.get(k, 0) for k in SHOWN]

    @property
    def average_age(self) -> str:
        members = self.figures.get("members", 0)
        return str(one_decimal(Fraction(self.figures.get("age_sum", 0), members))) if members else "—"


def headings() -> list[str]:
    return [SUMMARY_KEYS[k] for k in SHOWN]


@dataclass(frozen=True)
class Aggregate:
    lines: list[Line]
    total: Line
    rollups: list[ImportedRollup]


def aggregate(user: Any) -> Aggregate:
    """The latest imported roll-up of each city (by the date of its figures, then when generated) and
    their sum: the province's figures, each an exact sum of the cities'."""
    latest: dict[str, ImportedRollup] = {}
    for r in sorted(imported(user), key=lambda r: (r.figures_on, r.generated_at, r.pk)):
        latest[r.city_code] = r
    chosen = [latest[c] for c in sorted(latest)]
    total = dict.fromkeys([*COUNT_KEYS, *SOURCE_KEYS, "age_sum"], 0)
    lines = []
    for r in chosen:
        figures = r.payload["total"]
        for k in total:
            total[k] += int(figures.get(k, 0))
        lines.append(Line(f"{r.city_name}（{r.figures_on:%Y-%m-%d}）", "city", figures))
    return Aggregate(lines, Line("合计", "", total), chosen)


def detail_lines(rollup: ImportedRollup) -> list[Line]:
    """The city's total, then its counties and towns, as the file has them."""
    p = rollup.payload
    out = [Line(rollup.city_name, "city", p["total"])]
    out += [Line(u["name"], u["level"], u["figures"]) for u in p["units"]]
    return out


def aggregate_rows(agg: Aggregate) -> list[dict[str, Any]]:
    """The aggregate as rows of the 换届选举情况统计表 (one per city; the layout's 合计 adds them up)."""
    out = []
    for line in agg.lines:
        members = line.figures.get("members", 0)
        average = one_decimal(Fraction(line.figures.get("age_sum", 0), members)) if members else None
        out.append({"unit": line.label, **line.figures, "average_age": average})
    return out


def holder_unit(user: Any) -> OrgUnit | None:
    """The unit that holds the user's imported roll-ups (the 填报单位 of the aggregate)."""
    paths = sorted(p for p in scope_paths(user, StatsCap.ROLLUP) if len(p) <= 4)
    return OrgUnit.objects.filter(path=paths[0]).first() if paths else None
