"""Importers: the base :class:`Importer`, the registry of import kinds, :func:`bulk_insert`, and
:func:`process`, which runs a file through an importer (read, header, parse, validate; no writes).

Subclasses of :class:`Importer` live in their apps (``huanjie.org.importers``,
``huanjie.people.importers``) and are named by dotted path in the apps' plugins
(:func:`importer_paths`), so core never imports the apps at load time. An importer loads its
reference data in a few queries (:meth:`Importer.load`), checks rows one by one
(:meth:`Importer.row`), checks across rows (:meth:`Importer.finish`) and writes in bulk
(:meth:`Importer.write`).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.module_loading import import_string

from huanjie.core.actors import Account
from huanjie.core.imports.cells import Column, cell_address, is_blank, normalize_label
from huanjie.core.imports.forked import Forked, can_fork
from huanjie.core.imports.problems import CellError, ImportFileError, Report
from huanjie.core.imports.reading import HEADER_SCAN_ROWS, Layout, Table, read_table, resolve_header
from huanjie.core.imports.sandbox import ParsedRows
from huanjie.core.plugins import plugins

PREVIEW_ROWS = 10
#: Rows written by one bulk_insert after which the table's statistics are refreshed (PostgreSQL).
ANALYZE_ROWS = 100_000

Progress = Callable[[int], None]


class Importer:
    """Base class of the importers. One instance checks (and, at commit, writes) one file.

    Subclasses set the class attributes and implement ``row``, ``target_paths`` and ``write``;
    ``load`` and ``finish`` are optional. ``row`` receives typed values (None for blank cells and
    cells that failed to parse; their names are in ``failed``) and reports through ``self.report``.
    """

    kind: ClassVar[str]
    label: ClassVar[str]
    sheet_name: ClassVar[str]
    columns: ClassVar[tuple[Column, ...]]
    capability: ClassVar[str]
    audit_model: ClassVar[str]
    notes: ClassVar[tuple[str, ...]] = ()
    examples: ClassVar[tuple[dict[str, Any], ...]] = ()

    def __init__(self, *, actor: Account, report: Report) -> None:
        self.actor = actor
        self.report = report
        self.rows_seen = 0

    def load(self) -> None:
        """Load reference data (units, existing records) in a few queries."""

    def row(self, number: int, values: dict[str, Any], failed: set[str]) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Checks across rows and against the database, after every row has been seen."""

    #: Files of at least this many data rows are checked on two cores: the later part of the rows
    #: by a fork of the process (core.imports.forked), whose ``row`` calls gather their results
    #: apart (``start_part``, ``part``), taken over here afterwards (``merge``). Only for an
    #: importer whose ``row`` judges each row on its own (checks across rows belong in ``finish``)
    #: and reads nothing from the database that ``prepare_split`` did not load. 0: never.
    split_rows: ClassVar[int] = 0

    def prepare_split(self) -> None:
        """Before the fork: load whatever ``row`` would otherwise query for any row of the file."""

    def start_part(self) -> None:
        """In the fork, before its rows: forget what the rows checked before the fork gave (the
        process keeps it)."""
        raise NotImplementedError

    def part(self) -> Any:
        """In the fork, after its rows: what they gave this importer, as ``marshal``-able values."""
        raise NotImplementedError

    def merge(self, part: Any) -> None:
        """Take over a fork's ``part``: as if ``row`` had been called here for its rows, in order,
        after the rows seen so far."""
        raise NotImplementedError

    def summary(self) -> list[str]:
        """What a commit would do, in Chinese, for the preview."""
        return []

    @classmethod
    def result_lines(cls, result: dict[str, Any]) -> list[str]:
        """What a finished commit did, in Chinese, for the result page."""
        return []

    def dump(self) -> Any:
        """The checked rows, JSON-serialisable, kept from a clean preview for the commit; None when
        the importer does not support it (the commit then reads the file again)."""
        return None

    def restore(self, data: Any) -> None:
        """Take back ``dump()``'s rows and re-run every check of ``row`` that depends on the
        database (units, scope); ``finish`` follows. Checks that depend only on the file's content
        were made by the preview on the same stored bytes and are not repeated."""
        raise NotImplementedError

    def target_paths(self) -> set[str]:
        """Paths of every unit the commit would write to (for the final scope re-check)."""
        raise NotImplementedError

    def write(self, progress: Progress) -> dict[str, Any]:
        """Write everything (inside the kit's transaction); returns counts and id ranges."""
        raise NotImplementedError

    @classmethod
    def own_units(cls, actor: Account) -> list[dict[str, Any]]:
        """The units ``actor`` may import into (code, name, level, parent_code; labels in Chinese),
        for the template's 我的单位 sheet; empty by default."""
        return []

    @classmethod
    def examples_for(cls, units: list[dict[str, Any]]) -> tuple[dict[str, Any], ...]:
        """Example rows of the template for a user with these ``own_units``: rows that pass the
        checks, on the user's own units. Default: the class's fictional ``examples``."""
        return cls.examples

    @classmethod
    def column_order(cls) -> dict[str, int]:
        return {c.name: i for i, c in enumerate(cls.columns)}


def bulk_insert(
    model: Any,
    columns: list[str],
    rows: Collection[tuple[Any, ...]],
    *,
    batch: int = 5000,
    progress: Callable[[int], None] | None = None,
    ids: bool = True,
    statistics: Sequence[str] = (),
) -> Sequence[int]:
    """Insert ``rows`` (values for the ``columns`` attnames) and return their new ids, in order.

    Must run inside the caller's transaction. On PostgreSQL the ids are taken from the table's
    sequence in one query and the rows are sent with COPY, several times faster than INSERT for
    100,000 rows (PostgreSQL-only and guarded here, DESIGN.md). Elsewhere ``bulk_create`` is used.
    Columns left out get their field default; ``auto_now``/``auto_now_add`` fields get the time now.
    Nothing is validated here: importers validate every row before writing. ``rows`` may be any
    sized iterable (on PostgreSQL it is read once, in order, while the rows stream to COPY).

    ``ids=False``, for a caller that needs only where the rows are: on PostgreSQL COPY gives each
    row its id from the sequence as it writes it (ascending in the rows' order; drawing 1,000,000
    ids first and reading them back cost 0.6 s), and the range returned holds every new row's id
    (and may hold ids of rows other sessions wrote meanwhile). ``statistics``: the fields whose
    statistics the caller's next queries need, refreshed after a large write (default: all).
    """
    if not len(rows):
        return []
    if connection.vendor != "postgresql":
        rows = rows if isinstance(rows, list) else list(rows)
        out: list[int] = []
        for i in range(0, len(rows), batch):
            objs = [model(**dict(zip(columns, row, strict=True))) for row in rows[i : i + batch]]
            model.objects.bulk_create(objs, batch_size=batch)
            out.extend(o.pk for o in objs)
            if progress is not None:
                progress(len(out))
        return out
    now = timezone.now()
    fixed: dict[str, Any] = {}
    for f in model._meta.concrete_fields:
        if f.primary_key or f.attname in columns:
            continue
        fixed[f.column] = (
            now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default()
        )
    table = model._meta.db_table
    pk = model._meta.pk.column
    names = [model._meta.get_field(c).column for c in columns]
    quote = connection.ops.quote_name
    sql_columns = ", ".join(quote(c) for c in [pk, *names, *fixed])
    tail = tuple(fixed.values())
    with connection.cursor() as cur:
        # The sequence's name once: nextval(pg_get_serial_sequence(...)) looked it up again for every
        # id (6.2 s against 1.4 s for 1,000,000 ids).
        cur.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, pk])
        sequence = cur.fetchone()[0]
        if ids:
            cur.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, len(rows)])
            drawn: Sequence[int] = [r[0] for r in cur.fetchall()]
            stream: Iterable[tuple[Any, ...]] = (
                (pk_value, *row, *tail) for pk_value, row in zip(drawn, rows, strict=True)
            )
        else:
            cur.execute("SELECT nextval(%s::regclass)", [sequence])  # below every id COPY gives
            before = cur.fetchone()[0]
            sql_columns = ", ".join(quote(c) for c in [*names, *fixed])
            stream = ((*row, *tail) for row in rows) if tail else rows
        with cur.copy(f"COPY {quote(table)} ({sql_columns}) FROM STDIN") as copy:
            n = 0
            for n, values in enumerate(stream, start=1):
                copy.write_row(values)
                if progress is not None and n % batch == 0:
                    progress(n)
        if not ids:
            cur.execute("SELECT currval(%s::regclass)", [sequence])  # the last id COPY gave
            drawn = range(before + 1, cur.fetchone()[0] + 1)
            if n != len(rows) or len(drawn) < n:
                raise RuntimeError(f"bulk_insert wrote {n} of {len(rows)} rows ({len(drawn)} ids)")
        if len(rows) >= ANALYZE_ROWS:
            # The table's statistics as it now stands, for the queries after the write in the same
            # transaction (the roll import's duplicate check), which would otherwise be planned on
            # its size before (none at all for a first import). A sample: 0.4 s at 2,000,000 rows
            # for every column, 0.2 s for the four the duplicate check reads.
            only = (
                f" ({', '.join(quote(model._meta.get_field(c).column) for c in statistics)})"
                if statistics
                else ""
            )
            cur.execute(f"ANALYZE {quote(table)}{only}")
    if progress is not None:
        progress(len(rows))
    return drawn


def importer_paths() -> dict[str, Any]:
    """Import kinds → dotted paths of their :class:`Importer` classes: the ``importers`` the apps
    declare in their plugins (INSTALLED_APPS order; a later app may override a kind)."""
    declared: dict[str, Any] = {}
    for _label, plugin in plugins():
        declared.update(plugin.importers)
    return declared


def importer_for(kind: str) -> type[Importer]:
    try:
        path = importer_paths()[kind]
    except KeyError:
        raise ValidationError({"kind": f"未知的导入类型“{kind}”"}) from None
    return import_string(path)


def import_kinds() -> list[tuple[str, str]]:
    return [(kind, importer_for(kind).label) for kind in importer_paths()]


# ---------------------------------------------------------------------------------------------
# Running a file through an importer
# ---------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    report: Report
    importer: Importer | None
    source: str
    header_row: int | None
    rows: int
    preview: dict[str, Any]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while an import builds the objects of every row
    (cells, values, checked rows) that live until the job ends: each collection would walk all of
    them again, which doubled the CPU time of checking a 1,000,000-row file. The rows form no
    cycles that need freeing meanwhile. The collector is switched back on afterwards (not forced to
    run), unless it was already off (nested use)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def process(
    data: bytes,
    file_name: str,
    *,
    kind: str,
    actor: Account,
    progress: Progress | None = None,
    scanned: dict[str, Any] | None = None,
    expected_rows: int = 0,
) -> Outcome:
    """Read, check the header, parse and validate every row. Writes nothing. ``scanned``: the
    checked scan of these bytes made at the upload (``reading.scan_file``); ``expected_rows``: the
    data rows it counted. For a file the importer will check on two cores, it loads its reference
    data and whatever the fork needs (``Importer.prepare_split``) while the file is parsed."""
    importer_cls = importer_for(kind)
    importer = importer_cls(actor=actor, report=Report())
    split = importer_cls.split_rows
    prepared = bool(split and expected_rows >= split and can_fork())

    def meanwhile() -> None:
        importer.load()
        importer.prepare_split()

    with gc_paused():
        table = read_table(data, file_name, scanned=scanned, meanwhile=meanwhile if prepared else None)
        try:
            return _check_rows(table, importer, progress, prepared=prepared)
        finally:
            table.close()


def _check_rows(table: Table, importer: Importer, progress: Progress | None, *, prepared: bool) -> Outcome:
    importer_cls, report = type(importer), importer.report
    kind = importer_cls.kind
    for name in table.skipped_sheets:
        report.warning(None, "工作表", name, f"工作表“{name}”已隐藏，未导入；导入的是第一个可见的工作表")
    _refuse_other_kind(table, kind, importer_cls)
    layout = resolve_header(table, importer_cls.columns, report)
    _report_cleaned(report, table, layout)
    preview: dict[str, Any] = {"columns": [c.name for _, c in layout.mapping], "rows": []}
    outcome = Outcome(report, None, table.description, layout.header_row, 0, preview)
    if report.errors:
        return outcome
    if not prepared:
        importer.load()
    outcome.importer = importer
    checker = _RowChecker(table, layout, importer, preview["rows"])
    split = importer.split_rows
    parsed = table.parsed
    if split and table.total_rows >= split and parsed and not layout.trailing_blank and can_fork():
        rows = _check_in_two(checker, parsed, progress, prepared=prepared)
    else:
        rows = checker.check(enumerate(table.rows()), progress)
    outcome.rows = rows
    if rows == 0:
        report.error(None, "", "", "文件中没有数据行")
    importer.rows_seen = rows
    importer.finish()
    if progress is not None:
        progress(rows)
    return outcome


class _RowChecker:
    """Each data row of a sheet: its cells parsed by their columns, then given to the importer."""

    def __init__(self, table: Table, layout: Layout, importer: Importer, preview: list[list[Any]]) -> None:
        self.table, self.layout, self.importer, self.preview = table, layout, importer, preview
        self.header0 = layout.header_row - 1
        self.trailing_reported: set[int] = set()
        self.merged_heads = {(r0, c0 - table.col_offset): (r0, c0, r1, c1) for r0, c0, r1, c1 in table.merged}
        self.merged_rows = {r0 for r0, _, _, _ in table.merged}

    def check(self, rows: Iterator[tuple[int, list[Any]]], progress: Progress | None) -> int:
        """Check ``rows`` (index from the top of the sheet, cells); returns how many held data.
        ``progress`` is told how many rows this call has checked so far."""
        table, report, importer = self.table, self.importer.report, self.importer
        mapping = self.layout.mapping
        trailing = self.layout.trailing_blank
        trailing_reported = self.trailing_reported
        header0 = self.header0
        merged_rows = self.merged_rows
        col_by_index = dict(mapping)
        columns = type(importer).columns
        empty: dict[str, Any] = dict.fromkeys(c.name for c in columns)
        required = [c.name for c in columns if c.required]
        preview = self.preview
        count = 0
        last_tick = 0
        for index, cells in rows:
            if index <= header0:
                continue
            number = index + 1
            if index in merged_rows:
                _report_merged_data(report, index, cells, self.merged_heads, col_by_index, table.col_offset)
            values: dict[str, Any] = empty.copy()  # absent columns read as blank
            failed: set[str] = set()
            width = len(cells)
            blank = True
            for i, col in mapping:
                raw = cells[i] if i < width else None
                if raw is None or raw == "" or (isinstance(raw, str) and not raw.strip()):
                    values[col.name] = None
                    continue
                blank = False
                try:
                    values[col.name] = col.parse(raw)
                except CellError as exc:
                    values[col.name] = None
                    failed.add(col.name)
                    report.error(number, col.name, col.display(raw), str(exc))
            for i in trailing:
                if i < width and not is_blank(cells[i]):
                    blank = False
                    if i not in trailing_reported:
                        trailing_reported.add(i)
                        address = cell_address(header0, i + table.col_offset)
                        report.error(
                            number, address, cells[i], f"表头单元格 {address} 为空，但该列有数据：请填写列名"
                        )
            if blank:
                continue
            for name in required:
                if values[name] is None and name not in failed:
                    failed.add(name)
                    report.error(number, name, "", "必填项不能为空")
            count += 1
            if len(preview) < PREVIEW_ROWS:
                preview.append([number] + [col.display(cells[i]) if i < width else "" for i, col in mapping])
            importer.row(number, values, failed)
            if progress is not None and count - last_tick >= 500:
                last_tick = count
                progress(count)
        return count


def _check_in_two(
    checker: _RowChecker, parsed: ParsedRows, progress: Progress | None, *, prepared: bool
) -> int:
    """Check the rows here, from the first, while a thread receives the rest from the child; once
    every row is in, a fork of this process (the other core) checks the later part of the rows left,
    and this process takes over what the fork's rows gave the importer and the report: the same
    outcome as checking every row here (``Importer.split_rows``), in about half the time. The rows
    are received still pickled and each process unpickles its own chunks (in its own memory: a row
    made before the fork would be copied for it the moment it is read). The fork can neither query
    nor report progress; when it fails, its rows are checked here after all. ``prepared``: the
    importer's ``prepare_split`` already ran (while the file was parsed)."""
    importer, report = checker.importer, checker.importer.report
    end = parsed.chunks()
    if end < 2:  # one chunk: nothing to share
        return checker.check(enumerate(parsed), progress)
    if not prepared:
        importer.prepare_split()
    parsed.receive_in_background()
    done, scale, k, cut = 0, 1.0, 0, end
    fork: Forked | None = None

    def tell(n: int) -> None:
        assert progress is not None
        progress(int((done + n) * scale))

    with contextlib.ExitStack() as stack:
        while k < cut:
            parsed.wait_for(k)
            done += checker.check(parsed.rows_in(k, k + 1), tell if progress is not None else None)
            k += 1
            if fork is None and cut - k >= 2 and parsed.all_received():
                # a little less than half of the rest for the fork: it sends its part back
                # (measured: 4.2 s against 3.6 s for the same rows)
                cut = k + round((end - k) * 0.54)
                fork = stack.enter_context(Forked(_part_of(checker, parsed, cut, end)))
                scale = end / cut  # the process's rows stand for all of them
        if fork is None:
            return done
        result = fork.result()
    if result is None:
        scale = 1.0
        return done + checker.check(parsed.rows_in(cut, end), tell if progress is not None else None)
    more, state, part = result
    report.merge(state)
    importer.merge(part)
    return done + more


def _part_of(checker: _RowChecker, parsed: ParsedRows, first: int, end: int) -> Callable[[], Any]:
    """The fork's work: chunks ``first`` to ``end`` - 1, and what they alone gave."""
    importer, report = checker.importer, checker.importer.report

    def part() -> tuple[int, Any, Any]:
        report.clear()  # the fork's own copies: only its rows' findings go back
        importer.start_part()
        count = checker.check(parsed.rows_in(first, end), None)
        return count, report.state(), importer.part()

    return part


def _header_names(columns: tuple[Column, ...]) -> dict[str, Any]:
    return {normalize_label(h): col.name for col in columns for h in col.headers}


def _refuse_other_kind(table: Table, kind: str, importer_cls: type[Importer]) -> None:
    """A file meant for another import (its header row has every required column of another kind
    and not those of this one) is refused with the import it belongs to, instead of a header
    error about the columns it lacks."""
    own = _header_names(importer_cls.columns)
    own_required = {c.name for c in importer_cls.columns if c.required}
    others = [(k, importer_for(k)) for k in importer_paths() if k != kind]
    for index, cells in enumerate(table.rows()):
        if index >= HEADER_SCAN_ROWS:
            return
        labels = {normalize_label(c) for c in cells if isinstance(c, str)}
        if own_required <= {own[n] for n in labels if n in own}:
            return
        for _other, cls in others:
            names = _header_names(cls.columns)
            required = {c.name for c in cls.columns if c.required}
            if required and required <= {names[n] for n in labels if n in names}:
                raise ImportFileError(f"这是{cls.label}，请选择“{cls.label}”导入")


def _report_cleaned(report: Report, table: Table, layout: Layout) -> None:
    """A notice for every cell invisible characters were removed from (by the parser)."""
    names = {i + table.col_offset: col for i, col in layout.mapping}
    for row0, col0, count in table.cleaned:
        col = names.get(col0)
        report.warning(
            row0 + 1,
            col.name if col else cell_address(row0, col0),
            "",
            f"已删除 {count} 个不可见字符（如零宽空格、字节顺序标记 BOM、方向控制符），请核对该单元格",
        )


def _report_merged_data(
    report: Report,
    index: int,
    cells: list[Any],
    merged_heads: dict[tuple[int, int], tuple[int, int, int, int]],
    col_by_index: dict[int, Column],
    offset: int,
) -> None:
    for (r0, i), (_, c0, r1, c1) in merged_heads.items():
        if r0 != index:
            continue
        col = col_by_index.get(i)
        address = f"{cell_address(r0, c0)}:{cell_address(r1, c1)}"
        value = col.display(cells[i]) if col and i < len(cells) else ""
        report.error(
            index + 1,
            col.name if col else address,
            value,
            f"合并单元格 {address}：请取消合并，并在每一行分别填写",
        )


def common_path(paths: set[str]) -> str:
    """The deepest unit path (4/6/9/12 digits) shared by all ``paths``; '' when none."""
    if not paths:
        return ""
    prefix = _prefix(paths)
    for n in (12, 9, 6, 4):
        if len(prefix) >= n:
            return prefix[:n]
    return ""


def _prefix(paths: set[str]) -> str:
    # The common prefix of a set of strings is that of its smallest and largest member.
    lo, hi = min(paths), max(paths)
    n = 0
    while n < min(len(lo), len(hi)) and lo[n] == hi[n]:
        n += 1
    return lo[:n]
