"""Generic .xlsx export of any list, with the list's current filters.

Rows are streamed into XlsxWriter in constant-memory mode (one row in memory at a time), so a
150,000-row roster exports without holding the workbook in RAM. Every text cell that a spreadsheet
could take for a formula (starting with ``= + - @``, a tab or a carriage return) is neutralised with a
leading apostrophe (formula injection, DESIGN.md house rule 7). Exports of personal data are audited.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import IO, Any
from urllib.parse import quote

import xlsxwriter
from django.db import transaction
from django.http import FileResponse
from django.utils import timezone

from huanjie.core import audit
from huanjie.core.actors import Account
from huanjie.core.audit import AuditAction

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
SERIAL_HEADER = "序号"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(text: str) -> str:
    """Text that cannot be read as a formula: a leading trigger character gets an apostrophe."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


@dataclass(frozen=True)
class Column:
    """One exported column: its Chinese header, how to get the value from a row, and its width."""

    header: str
    value: Callable[[Any], Any]
    width: float = 14


def write_xlsx(
    target: str | IO[bytes],
    columns: Sequence[Column],
    rows: Iterable[Any],
    *,
    sheet_name: str = "数据",
    title_lines: Sequence[str] = (),
) -> int:
    """Write ``rows`` to ``target`` as one sheet; return the number of data rows written.

    ``title_lines`` (e.g. the filters in force) go above the header, one per row. The sheet is ready
    for the office: a 序号 column first, the header frozen and with an autofilter, and printed
    landscape on A4, fit to the page width, with the title and header rows repeated on every page.
    """
    wb = xlsxwriter.Workbook(target, {"constant_memory": True, "strings_to_formulas": False})
    try:
        ws = wb.add_worksheet(neutralise(sheet_name)[:31])
        bold = wb.add_format({"bold": True, "bg_color": "#E9ECEF", "border": 1})
        title_fmt = wb.add_format({"bold": True})
        date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
        dt_fmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        # A list that numbers its own rows keeps its numbers.
        serial = not columns or columns[0].header != SERIAL_HEADER
        all_columns = [Column(SERIAL_HEADER, lambda row: None, 6), *columns] if serial else list(columns)
        last_col = len(all_columns) - 1
        for i, col in enumerate(all_columns):
            ws.set_column(i, i, col.width)
        r = 0
        for n, line in enumerate(title_lines):
            ws.write_string(r, 0, neutralise(line), title_fmt if n == 0 else None)
            r += 1
        for i, col in enumerate(all_columns):
            ws.write_string(r, i, neutralise(col.header), bold)
        header_row = r
        ws.freeze_panes(header_row + 1, 0)
        for row in rows:
            r += 1
            if serial:
                ws.write_number(r, 0, r - header_row)
            for i, col in enumerate(columns, start=1 if serial else 0):
                _write_cell(ws, r, i, col.value(row), date_fmt, dt_fmt)
        ws.autofilter(header_row, 0, r, last_col)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)  # one page wide, as many pages tall as needed
        ws.repeat_rows(0, header_row)
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
        ws.set_footer("&C第 &P 页，共 &N 页")
        return r - header_row
    finally:
        wb.close()


def _write_cell(ws: Any, r: int, c: int, value: Any, date_fmt: Any, dt_fmt: Any) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool):
        ws.write_string(r, c, "是" if value else "否")
    elif isinstance(value, int | float | Decimal | Fraction):
        ws.write_number(r, c, float(value))
    elif isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        ws.write_datetime(r, c, value, dt_fmt)
    elif isinstance(value, dt.date):
        ws.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), date_fmt)
    else:
        ws.write_string(r, c, neutralise(str(value)))


def xlsx_response(
    *,
    filename: str,
    columns: Sequence[Column],
    rows: Iterable[Any],
    actor: Account,
    subject: str,
    filters: dict[str, str] | None = None,
    personal: bool = False,
    org_path: str = "",
) -> FileResponse:
    """An .xlsx download of ``rows``. With ``personal=True`` the export is recorded in the audit trail
    (who, when, what list, which filters, how many rows) before the file is handed out."""
    filters = {k: v for k, v in (filters or {}).items() if v}
    title = [f"{subject}（导出时间 {timezone.localtime():%Y-%m-%d %H:%M}）"]
    if filters:
        title.append("筛选条件：" + "；".join(f"{k}={v}" for k, v in filters.items()))
    tmp = tempfile.TemporaryFile()  # noqa: SIM115 -- closed by FileResponse after streaming
    try:
        n = write_xlsx(tmp, columns, rows, sheet_name=subject, title_lines=title)
        if personal:
            with transaction.atomic():
                audit.record(
                    AuditAction.EXPORT,
                    actor=actor,
                    model="export",
                    object_repr=subject[:255],
                    org_path=org_path,
                    after={"subject": subject, "filters": filters, "rows": n},
                )
    except BaseException:
        tmp.close()
        raise
    tmp.seek(0)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = f"{filename}-{stamp}.xlsx"
    response = FileResponse(tmp, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f"attachment; filename=\"export-{stamp}.xlsx\"; filename*=UTF-8''{quote(name)}"
    )
    return response
