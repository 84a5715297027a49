"""The import kit (DESIGN.md house rule 7): one general path shared by every importer.

    upload → preview (read, check the header, parse and validate every row) → commit (re-check the
    previewed rows against the database and write everything in ONE transaction, with a final
    scope re-check)

Nothing is written unless the whole file is clean (all-or-nothing); warnings do not block.

Modules
    * :mod:`~huanjie.core.imports.reading`: files → :class:`Table` (CSV encodings, .xlsx via
      calamine) and the header (:func:`resolve_header`);
    * :mod:`~huanjie.core.imports.cells`: :class:`Column` and the cell parsers;
    * :mod:`~huanjie.core.imports.problems`: :class:`Problem`, :class:`Report`, the kit's errors;
    * :mod:`~huanjie.core.imports.importer`: the base :class:`Importer`, the import kinds,
      :func:`bulk_insert` and :func:`process` (a file through an importer, no writes);
    * :mod:`~huanjie.core.imports.jobs`: :class:`~huanjie.core.models.ImportJob` services (create,
      preview, commit, the background task) and the job's state machine (:func:`transition`);
    * :mod:`~huanjie.core.imports.progress`: progress of a running job for the page;
    * :mod:`~huanjie.core.imports.templates`: the downloadable .xlsx template.

Callers write ``from huanjie.core import imports`` or ``from huanjie.core.imports import Column,
Importer, ...``: the names below are the kit's public surface.
"""

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
    TRANSITIONS,
    IllegalTransition,
    background_threshold,
    commit_job,
    job_commit,
    job_create,
    job_for,
    job_preview,
    recent_jobs,
    run_import_job,
    transition,
    validate_job,
)
from huanjie.core.imports.problems import ERROR, WARNING, CellError, ImportFileError, Problem, Report
from huanjie.core.imports.progress import ProgressSink, live_progress
from huanjie.core.imports.reading import Layout, Table, count_rows, decode_text, read_table, resolve_header
from huanjie.core.imports.templates import template_workbook

__all__ = [
    "BOOL",
    "CHOICE",
    "CITIZEN_ID",
    "CODE",
    "DATE",
    "DATE_HINT",
    "ERROR",
    "INT",
    "KIND_LABELS",
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
    "job_for",
    "job_preview",
    "live_progress",
    "normalize_label",
    "parse_date",
    "process",
    "read_table",
    "recent_jobs",
    "resolve_header",
    "run_import_job",
    "template_workbook",
    "transition",
    "validate_job",
]
