"""The import kit (DESIGN.md house rule 7): one general path shared by every importer.

    upload → preview (read, check the header, parse and validate every row) → commit (re-check the
    previewed rows against the database and write everything in ONE transaction, with a final
    scope re-check)

Nothing is written unless the whole file is clean (all-or-nothing); warnings do not block.

Modules
    * :mod:`~huanjie.core.imports.reading`: files → :class:`Table` (checked, then parsed in a
      child process with memory and time limits) and the header (:func:`resolve_header`);
    * :mod:`~huanjie.core.imports.limits`, :mod:`~huanjie.core.imports.archive`,
      :mod:`~huanjie.core.imports.sandbox`, :mod:`~huanjie.core.imports.parsing`: the limits, the
      checked scan of .xlsx archives, the parsing child and what it runs (no Django);
    * :mod:`~huanjie.core.imports.cells`: :class:`Column` and the cell parsers;
    * :mod:`~huanjie.core.imports.problems`: :class:`Problem`, :class:`Report`, the kit's errors;
    * :mod:`~huanjie.core.imports.importer`: the base :class:`Importer`, the import kinds,
      :func:`bulk_insert` and :func:`process` (a file through an importer, no writes; a large
      file's rows checked on two cores when the importer allows it: ``Importer.split_rows``);
    * :mod:`~huanjie.core.imports.forked`: work done by a fork of the process on the other core
      (no queries there), used by the scan and the row checks of a large file;
    * :mod:`~huanjie.core.imports.lifecycle`: the job's statuses, :func:`transition` (the only
      code that changes one), leases and stale-job detection;
    * :mod:`~huanjie.core.imports.jobs`: :class:`~huanjie.core.models.ImportJob` services (create,
      preview, commit, the background task) and the job's state machine (:func:`transition`);
    * :mod:`~huanjie.core.imports.progress`: progress of a running job for the page;
    * :mod:`~huanjie.core.imports.templates`: the downloadable .xlsx template.

Callers write ``from huanjie.core import imports`` or ``from huanjie.core.imports import Column,
Importer, ...``: the names below are the kit's public surface.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from huanjie.core.imports.cells import (
        BOOL,
        CHOICE,
        CITIZEN_ID,
        CODE,
        DATE,
        DATE_HINT,
        INT,
        KIND_LABELS,
        TEXT,
        Column,
        cell_address,
        column_letter,
        is_blank,
        normalize_label,
        parse_date,
    )
    from huanjie.core.imports.importer import (
        Importer,
        Outcome,
        Progress,
        bulk_insert,
        common_path,
        import_kinds,
        importer_for,
        importer_paths,
        process,
    )
    from huanjie.core.imports.jobs import (
        background_threshold,
        commit_job,
        job_commit,
        job_create,
        job_discard,
        job_preview,
        job_scan,
        run_import_job,
        validate_job,
    )
    from huanjie.core.imports.lifecycle import (
        DISCARDABLE,
        LEASED,
        TRANSITIONS,
        IllegalTransition,
        job_for,
        recent_jobs,
        sweep_stale_jobs,
        transition,
    )
    from huanjie.core.imports.problems import ERROR, WARNING, CellError, ImportFileError, Problem, Report
    from huanjie.core.imports.progress import ProgressSink, live_progress
    from huanjie.core.imports.reading import (
        Layout,
        Table,
        count_rows,
        decode_text,
        read_table,
        resolve_header,
        scan_file,
    )
    from huanjie.core.imports.templates import template_workbook

# The names are loaded on first use (PEP 562): the parsing child (sandbox.py) imports this package
# without Django, so importing it must not load the job services and models.
_NAMES: dict[str, str] = {
    "BOOL": "huanjie.core.imports.cells",
    "CHOICE": "huanjie.core.imports.cells",
    "CITIZEN_ID": "huanjie.core.imports.cells",
    "CODE": "huanjie.core.imports.cells",
    "DATE": "huanjie.core.imports.cells",
    "DATE_HINT": "huanjie.core.imports.cells",
    "INT": "huanjie.core.imports.cells",
    "KIND_LABELS": "huanjie.core.imports.cells",
    "TEXT": "huanjie.core.imports.cells",
    "Column": "huanjie.core.imports.cells",
    "cell_address": "huanjie.core.imports.cells",
    "column_letter": "huanjie.core.imports.cells",
    "is_blank": "huanjie.core.imports.cells",
    "normalize_label": "huanjie.core.imports.cells",
    "parse_date": "huanjie.core.imports.cells",
    "Importer": "huanjie.core.imports.importer",
    "Outcome": "huanjie.core.imports.importer",
    "Progress": "huanjie.core.imports.importer",
    "bulk_insert": "huanjie.core.imports.importer",
    "common_path": "huanjie.core.imports.importer",
    "import_kinds": "huanjie.core.imports.importer",
    "importer_for": "huanjie.core.imports.importer",
    "importer_paths": "huanjie.core.imports.importer",
    "process": "huanjie.core.imports.importer",
    "DISCARDABLE": "huanjie.core.imports.lifecycle",
    "LEASED": "huanjie.core.imports.lifecycle",
    "TRANSITIONS": "huanjie.core.imports.lifecycle",
    "job_discard": "huanjie.core.imports.jobs",
    "sweep_stale_jobs": "huanjie.core.imports.lifecycle",
    "IllegalTransition": "huanjie.core.imports.lifecycle",
    "background_threshold": "huanjie.core.imports.jobs",
    "commit_job": "huanjie.core.imports.jobs",
    "job_commit": "huanjie.core.imports.jobs",
    "job_create": "huanjie.core.imports.jobs",
    "job_for": "huanjie.core.imports.lifecycle",
    "job_preview": "huanjie.core.imports.jobs",
    "job_scan": "huanjie.core.imports.jobs",
    "recent_jobs": "huanjie.core.imports.lifecycle",
    "run_import_job": "huanjie.core.imports.jobs",
    "transition": "huanjie.core.imports.lifecycle",
    "validate_job": "huanjie.core.imports.jobs",
    "ERROR": "huanjie.core.imports.problems",
    "WARNING": "huanjie.core.imports.problems",
    "CellError": "huanjie.core.imports.problems",
    "ImportFileError": "huanjie.core.imports.problems",
    "Problem": "huanjie.core.imports.problems",
    "Report": "huanjie.core.imports.problems",
    "ProgressSink": "huanjie.core.imports.progress",
    "live_progress": "huanjie.core.imports.progress",
    "Layout": "huanjie.core.imports.reading",
    "Table": "huanjie.core.imports.reading",
    "count_rows": "huanjie.core.imports.reading",
    "decode_text": "huanjie.core.imports.reading",
    "read_table": "huanjie.core.imports.reading",
    "resolve_header": "huanjie.core.imports.reading",
    "scan_file": "huanjie.core.imports.reading",
    "template_workbook": "huanjie.core.imports.templates",
}


def __getattr__(name: str) -> Any:
    module = _NAMES.get(name)
    if module is not None:
        value = getattr(importlib.import_module(module), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


_SUBMODULES = {
    "archive",
    "cells",
    "importer",
    "jobs",
    "limits",
    "parsing",
    "problems",
    "progress",
    "reading",
    "sandbox",
    "templates",
}

__all__ = [
    "BOOL",
    "CHOICE",
    "CITIZEN_ID",
    "CODE",
    "DATE",
    "DATE_HINT",
    "DISCARDABLE",
    "ERROR",
    "INT",
    "KIND_LABELS",
    "LEASED",
    "TEXT",
    "TRANSITIONS",
    "WARNING",
    "CellError",
    "Column",
    "IllegalTransition",
    "ImportFileError",
    "Importer",
    "Layout",
    "Outcome",
    "Problem",
    "Progress",
    "ProgressSink",
    "Report",
    "Table",
    "background_threshold",
    "bulk_insert",
    "cell_address",
    "column_letter",
    "commit_job",
    "common_path",
    "count_rows",
    "decode_text",
    "import_kinds",
    "importer_for",
    "importer_paths",
    "is_blank",
    "job_commit",
    "job_create",
    "job_discard",
    "job_for",
    "job_preview",
    "job_scan",
    "live_progress",
    "normalize_label",
    "parse_date",
    "process",
    "read_table",
    "recent_jobs",
    "resolve_header",
    "run_import_job",
    "scan_file",
    "sweep_stale_jobs",
    "template_workbook",
    "transition",
    "validate_job",
]
