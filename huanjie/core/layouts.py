"""Reporting tables as data (报表样式): a layout says how a register or a statistics table is printed
in Excel — the merged title, the multi-row header with its merged cells, the columns and which of
them add up in the 合计 row, the 填报单位 / 日期 lines and the signature footer. Apps ship a default
layout per table (a JSON file declared in their ``Plugin.layouts``); a city replaces any of them with
its own by uploading a JSON file (``ReportLayout``), without code. No layout is labelled official: no
national template was found (shared/reference/official-forms.md §0), so every sheet carries the
note “参考样式”.

A layout's JSON::

    {"title": "人选情况表",
     "header": [[{"text": "序号", "rows": 2}, {"text": "基本情况", "cols": 3}],
                [{"text": "姓名"}, {"text": "性别"}, {"text": "年龄"}]],
     "columns": [{"key": "serial"}, {"key": "name", "width": 10}, {"key": "sex"},
                 {"key": "age", "total": false}],
     "footer": ["填表人：", "审核人：", "填报日期："]}

``header`` rows are laid out left to right, skipping cells still covered by a cell above with
``rows`` > 1; every row must cover exactly the columns. ``key`` names a value the table's provider
supplies (the kind declares them with their Chinese labels) or ``serial`` (序号, numbered here).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from typing import IO, Any

import xlsxwriter

SERIAL = "serial"
NOTE = "参考样式，非官方模板；可由本市上传本地样式替换。"
MAX_LAYOUT_BYTES = 64 * 1024
MAX_COLUMNS = 60
MAX_HEADER_ROWS = 5


def neutralise(text: str) -> str:
    """core.exporting.neutralise (imported late: AppConfig modules import this module's dataclasses
    before the models are ready)."""
    from huanjie.core.exporting import neutralise as _neutralise

    return _neutralise(text)


class LayoutError(ValueError):
    """A layout that cannot be used, with the reason in Chinese."""


@dataclass(frozen=True)
class HeaderCell:
    text: str
    cols: int = 1
    rows: int = 1


@dataclass(frozen=True)
class LayoutColumn:
    key: str
    width: float = 12
    total: bool = False
    """Summed in the 合计 row (numbers only)."""


@dataclass(frozen=True)
class Layout:
    """A parsed, checked layout (see the module docstring)."""

    code: str
    title: str
    header: tuple[tuple[HeaderCell, ...], ...]
    columns: tuple[LayoutColumn, ...]
    footer: tuple[str, ...] = ("填表人：", "审核人：", "填报日期：")
    source: str = "default"
    """``default`` (shipped with the app) or ``city`` (uploaded by the city)."""

    @property
    def has_totals(self) -> bool:
        return any(c.total for c in self.columns)


@dataclass(frozen=True)
class LayoutKind:
    """A table an app can print through a layout: its ``code``, Chinese ``label``, the value keys its
    provider supplies (key → Chinese label) and the package resource holding its default layout,
    e.g. ``("huanjie.vetting", "layouts/candidates.json")``."""

    code: str
    label: str
    keys: Mapping[str, str]
    default: tuple[str, str]
    numeric: frozenset[str] = field(default_factory=frozenset)
    """Keys whose values are numbers (only these may be totalled)."""


def kinds() -> dict[str, LayoutKind]:
    """Every layout kind the installed apps declare (``Plugin.layouts``)."""
    from huanjie.core.plugins import plugins

    return {k.code: k for _, p in plugins() for k in p.layouts}


def _int(value: Any, what: str, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise LayoutError(f"{what}须为 {low} 至 {high} 之间的整数")
    return value


def _text(value: Any, what: str, limit: int = 100) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise LayoutError(f"{what}须为不超过 {limit} 字的文字")
    return value.strip()


def parse(kind: LayoutKind, raw: bytes | str, *, source: str = "city") -> Layout:
    """A checked layout of ``kind`` from its JSON text; :class:`LayoutError` says what is wrong."""
    if len(raw) > MAX_LAYOUT_BYTES:
        raise LayoutError(f"样式文件不能超过 {MAX_LAYOUT_BYTES // 1024} KB")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise LayoutError("样式文件不是有效的 JSON（UTF-8）文本") from exc
    if not isinstance(data, dict):
        raise LayoutError("样式文件须为一个 JSON 对象")
    title = _text(data.get("title"), "标题")
    raw_columns = data.get("columns")
    if not isinstance(raw_columns, list) or not 1 <= len(raw_columns) <= MAX_COLUMNS:
        raise LayoutError(f"columns 须列出 1 至 {MAX_COLUMNS} 列")
    columns = []
    allowed = {SERIAL, *kind.keys}
    for i, col in enumerate(raw_columns, start=1):
        if not isinstance(col, dict):
            raise LayoutError(f"第 {i} 列须为 JSON 对象")
        key = col.get("key")
        if key not in allowed:
            known = "、".join(f"{k}（{v}）" for k, v in kind.keys.items())
            raise LayoutError(
                f"第 {i} 列的 key “{key}” 不是“{kind.label}”提供的数据项；可用：serial（序号）、{known}"
            )
        total = col.get("total", False)
        if not isinstance(total, bool) or (total and key not in kind.numeric):
            raise LayoutError(f"第 {i} 列（{key}）不是数字，不能合计")
        width = col.get("width", 12)
        if not isinstance(width, int | float) or isinstance(width, bool) or not 2 <= width <= 80:
            raise LayoutError(f"第 {i} 列的宽度须在 2 至 80 之间")
        columns.append(LayoutColumn(key=key, width=float(width), total=total))
    header = _header(data.get("header"), len(columns))
    footer_raw = data.get("footer", ["填表人：", "审核人：", "填报日期："])
    if not isinstance(footer_raw, list) or len(footer_raw) > 6:
        raise LayoutError("footer 须为不超过 6 项的文字列表")
    footer = tuple(_text(f, "落款", 40) for f in footer_raw)
    return Layout(kind.code, title, header, tuple(columns), footer, source)


def _header(raw: Any, width: int) -> tuple[tuple[HeaderCell, ...], ...]:
    if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_HEADER_ROWS:
        raise LayoutError(f"header 须有 1 至 {MAX_HEADER_ROWS} 行")
    covered: list[list[bool]] = [[False] * width for _ in raw]
    rows = []
    for r, row in enumerate(raw):
        if not isinstance(row, list):
            raise LayoutError(f"表头第 {r + 1} 行须为列表")
        cells = []
        c = 0
        for cell in row:
            while c < width and covered[r][c]:
                c += 1
            if not isinstance(cell, dict):
                raise LayoutError(f"表头第 {r + 1} 行的单元格须为 JSON 对象")
            text = _text(cell.get("text"), f"表头第 {r + 1} 行的文字", 40)
            cols = _int(cell.get("cols", 1), f"表头“{text}”的跨列数", 1, width)
            span = _int(cell.get("rows", 1), f"表头“{text}”的跨行数", 1, len(raw) - r)
            if c + cols > width:
                raise LayoutError(f"表头第 {r + 1} 行“{text}”超出了 {width} 列")
            for rr in range(r, r + span):
                for cc in range(c, c + cols):
                    covered[rr][cc] = True
            cells.append(HeaderCell(text, cols, span))
            c += cols
        if not all(covered[r]):
            raise LayoutError(f"表头第 {r + 1} 行没有覆盖全部 {width} 列")
        rows.append(tuple(cells))
    return tuple(rows)


def default_layout(kind: LayoutKind) -> Layout:
    package, name = kind.default
    return parse(kind, resources.files(package).joinpath(name).read_text(encoding="utf-8"), source="default")


def layout_for(code: str, city_path: str = "") -> Layout:
    """The layout of table ``code`` for the city at ``city_path``: the city's own when it uploaded
    one, otherwise the app's default."""
    from huanjie.core.models import ReportLayout

    kind = kinds()[code]
    if city_path:
        own = ReportLayout.objects.filter(city_path=city_path[:4], code=code).first()
        if own is not None:
            return parse(kind, own.spec)
    return default_layout(kind)


# ---------------------------------------------------------------------------------------------
# Writing


def write_layout(
    target: str | IO[bytes],
    layout: Layout,
    rows: Iterable[Mapping[str, Any]],
    *,
    unit_name: str,
    on: dt.date,
    unit_label: str = "填报单位（盖章）",
) -> int:
    """Write ``rows`` (key → value) as ``layout`` to ``target``; return the number of data rows.

    Title merged across the table, then 填报单位 and date, the header with its merged cells, the rows
    (序号 numbered here), a 合计 row when a column totals (the exact sum of the rows written), the
    footer and the note that the layout is a reference, not an official template."""
    width = len(layout.columns)
    wb = xlsxwriter.Workbook(target, {"constant_memory": False, "strings_to_formulas": False})
    try:
        ws = wb.add_worksheet(neutralise(layout.title)[:31])
        title_fmt = wb.add_format({"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"})
        head_fmt = wb.add_format(
            {
                "bold": True,
                "border": 1,
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
                "bg_color": "#E9ECEF",
            }
        )
        cell_fmt = wb.add_format({"border": 1, "valign": "vcenter"})
        date_fmt = wb.add_format({"border": 1, "num_format": "yyyy-mm-dd"})
        total_fmt = wb.add_format({"border": 1, "bold": True})
        for i, col in enumerate(layout.columns):
            ws.set_column(i, i, col.width)
        _merge(ws, 0, 0, 0, width - 1, layout.title, title_fmt)
        ws.set_row(0, 30)
        ws.write_string(1, 0, neutralise(f"{unit_label}：{unit_name}"))
        ws.write_string(1, max(width - 2, 0), f"日期：{on:%Y年%m月%d日}")
        top = 2
        taken: set[tuple[int, int]] = set()
        for r, header_row in enumerate(layout.header):
            c = 0
            for cell in header_row:
                while (r, c) in taken:
                    c += 1
                for rr in range(r, r + cell.rows):
                    for cc in range(c, c + cell.cols):
                        taken.add((rr, cc))
                _merge(ws, top + r, c, top + r + cell.rows - 1, c + cell.cols - 1, cell.text, head_fmt)
                c += cell.cols
        first = top + len(layout.header)
        ws.freeze_panes(first, 0)
        sums: dict[int, Fraction] = {i: Fraction(0) for i, col in enumerate(layout.columns) if col.total}
        r = first - 1
        n = 0
        for item in rows:
            r += 1
            n += 1
            for i, col in enumerate(layout.columns):
                value = n if col.key == SERIAL else item.get(col.key)
                _write(ws, r, i, value, cell_fmt, date_fmt)
                if i in sums and isinstance(value, int | Decimal | Fraction) and not isinstance(value, bool):
                    sums[i] += Fraction(value)
        if sums:
            r += 1
            ws.write_string(r, 0, "合计", total_fmt)
            for i in range(1, width):
                if i in sums:
                    total = sums[i]
                    ws.write_number(r, i, int(total) if total.denominator == 1 else float(total), total_fmt)
                else:
                    ws.write_blank(r, i, None, total_fmt)
        r += 2
        for i, text in enumerate(layout.footer):
            ws.write_string(r, min(i * max(width // max(len(layout.footer), 1), 1), width - 1), text)
        ws.write_string(r + 1, 0, NOTE)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(top, first - 1)
        ws.set_footer("&C第 &P 页，共 &N 页")
        return n
    finally:
        wb.close()


def _merge(ws: Any, r1: int, c1: int, r2: int, c2: int, text: str, fmt: Any) -> None:
    if (r1, c1) == (r2, c2):
        ws.write_string(r1, c1, neutralise(text), fmt)
    else:
        ws.merge_range(r1, c1, r2, c2, neutralise(text), fmt)


def _write(ws: Any, r: int, c: int, value: Any, fmt: Any, date_fmt: Any) -> None:
    if value is None or value == "":
        ws.write_blank(r, c, None, fmt)
    elif isinstance(value, bool):
        ws.write_string(r, c, "是" if value else "否", fmt)
    elif isinstance(value, int | float | Decimal | Fraction):
        ws.write_number(r, c, float(value), fmt)
    elif isinstance(value, dt.date):
        ws.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), date_fmt)
    else:
        ws.write_string(r, c, neutralise(str(value)), fmt)


def column_labels(kind: LayoutKind, layout: Layout) -> list[str]:
    """The Chinese label of each column's key (the upload page shows what a layout prints)."""
    return ["序号" if c.key == SERIAL else kind.keys[c.key] for c in layout.columns]


def rows_sum(rows: Sequence[Mapping[str, Any]], key: str) -> Fraction:
    """The exact sum of ``key`` over ``rows`` (tests compare it with the 合计 row)."""
    return sum(
        (Fraction(r[key]) for r in rows if isinstance(r.get(key), int | Decimal | Fraction)), Fraction(0)
    )


# ---------------------------------------------------------------------------------------------
# A city's own layouts (services and selectors of core's layout page)


def layout_cities(user: Any) -> list[str]:
    """The cities (4-digit paths) whose layouts ``user`` may replace."""
    from huanjie.core.capabilities import CoreCap
    from huanjie.core.scoping import scope_paths

    return sorted({p[:4] for p in scope_paths(user, CoreCap.LAYOUTS) if len(p) == 4})


def _ensure_city(actor: Any, city_path: str) -> None:
    from django.core.exceptions import PermissionDenied

    if city_path not in layout_cities(actor):
        raise PermissionDenied("只有市级操作员可以替换本市的报表样式")


def layout_set(*, actor: Any, city_path: str, code: str, raw: bytes) -> Layout:
    """Replace table ``code``'s layout for the city with the uploaded JSON (checked first; audited)."""
    from django.db import transaction

    from huanjie.core import audit
    from huanjie.core.audit import AuditAction
    from huanjie.core.models import ReportLayout

    _ensure_city(actor, city_path)
    kind = kinds().get(code)
    if kind is None:
        raise LayoutError("没有这种报表")
    layout = parse(kind, raw)
    text = raw.decode("utf-8")
    with transaction.atomic(durable=True):
        row = ReportLayout.objects.select_for_update().filter(city_path=city_path, code=code).first()
        before = {"spec": row.spec} if row is not None else None
        if row is None:
            row = ReportLayout(city_path=city_path, code=code)
        row.spec, row.updated_by = text, str(actor)
        row.save()
        audit.record(
            AuditAction.UPDATE if before else AuditAction.CREATE,
            actor=actor,
            instance=row,
            before=before,
            after={"spec": text},
        )
    return layout


def layout_reset(*, actor: Any, city_path: str, code: str, reason: str) -> None:
    """Go back to the app's default layout for table ``code`` in the city (audited with the reason)."""
    from django.db import transaction

    from huanjie.core import audit
    from huanjie.core.audit import AuditAction
    from huanjie.core.models import ReportLayout

    _ensure_city(actor, city_path)
    if not reason.strip():
        raise LayoutError("恢复参考样式须填写理由")
    with transaction.atomic(durable=True):
        row = ReportLayout.objects.select_for_update().filter(city_path=city_path, code=code).first()
        if row is None:
            return
        audit.record(AuditAction.DELETE, actor=actor, instance=row, before={"spec": row.spec}, reason=reason)
        row.delete()


@dataclass(frozen=True)
class LayoutRow:
    kind: LayoutKind
    layout: Layout
    labels: list[str]


def layouts_page(user: Any) -> tuple[str, list[LayoutRow]]:
    """The user's city and, for every table, the layout in force there (the city's or the default)."""
    cities = layout_cities(user)
    city = cities[0] if cities else ""
    rows = []
    for code, kind in sorted(kinds().items()):
        layout = layout_for(code, city)
        rows.append(LayoutRow(kind, layout, column_labels(kind, layout)))
    return city, rows


def layout_json(layout: Layout) -> str:
    """A layout as the JSON a city edits (the download of the layout in force)."""
    return json.dumps(
        {
            "title": layout.title,
            "header": [
                [{"text": c.text, "cols": c.cols, "rows": c.rows} for c in row] for row in layout.header
            ],
            "columns": [{"key": c.key, "width": c.width, "total": c.total} for c in layout.columns],
            "footer": list(layout.footer),
        },
        ensure_ascii=False,
        indent=2,
    )


def layout_response(
    *,
    actor: Any,
    code: str,
    rows: Iterable[Mapping[str, Any]],
    unit_name: str,
    org_path: str,
    filters: Mapping[str, str] | None = None,
) -> Any:
    """An .xlsx download of a reporting table in the layout in force for the actor's city
    (``org_path``'s city); the export of personal data is audited before the file is handed out."""
    import tempfile
    from urllib.parse import quote

    from django.db import transaction
    from django.http import FileResponse
    from django.utils import timezone

    from huanjie.core import audit
    from huanjie.core.audit import AuditAction
    from huanjie.core.exporting import XLSX_CONTENT_TYPE

    layout = layout_for(code, org_path[:4])
    tmp = tempfile.TemporaryFile()  # noqa: SIM115 -- closed by FileResponse after streaming
    try:
        n = write_layout(tmp, layout, rows, unit_name=unit_name, on=timezone.localdate())
        with transaction.atomic():
            audit.record(
                AuditAction.EXPORT,
                actor=actor,
                model="export",
                object_repr=layout.title[:255],
                org_path=org_path,
                after={
                    "subject": layout.title,
                    "layout": layout.source,
                    "filters": dict(filters or {}),
                    "rows": n,
                },
            )
    except BaseException:
        tmp.close()
        raise
    tmp.seek(0)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = FileResponse(tmp, content_type=XLSX_CONTENT_TYPE)
    name = f"{layout.title}-{stamp}.xlsx"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{code}-{stamp}.xlsx\"; filename*=UTF-8''{quote(name)}"
    )
    return response
