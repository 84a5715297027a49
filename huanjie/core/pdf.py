"""PDFs typeset with Typst (the ``typst`` package): an official-document look shared by every app.

An app writes a ``.typ`` template in its templates folder (``huanjie/<app>/templates/<app>/x.typ``)
that starts with::

    #import "/core/templates/core/pdf/official.typ": official, data, heading-row, grid-table
    #show: official

and reads everything it prints from ``data`` (or ``meta``): the kit hands the document to Typst as
JSON through ``sys.inputs``, never as markup, so a name such as ``#import "x"`` or ``]`` is printed as
typed and cannot change the document. Strings from JSON are shown as text by Typst.

The look (GB/T 9704 党政机关公文格式, simplified): an optional 密级 line at the top left for confidential
documents, the title in 方正小标宋简体 (fallback Noto Serif CJK SC Bold), the text in 仿宋_GB2312
(fallback Noto Serif CJK SC), the issuer and date, page numbers "— 1 —" at the foot. Fonts come only
from ``HUANJIE_NOTO_FONT_DIR`` (Debian's fonts-noto-cjk) and ``HUANJIE_FONT_DIR`` (the official fonts,
when licensed): system fonts are ignored so a PDF looks the same on every server.

The caller serves the bytes with :func:`pdf_response` after the same scoping and auditing as the page.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse

# Templates import the kit by a path from this root ("/core/templates/core/pdf/official.typ").
ROOT = Path(__file__).resolve().parent.parent
OFFICIAL_TEMPLATE = "core/templates/core/pdf/official.typ"


class PdfError(Exception):
    """The document could not be typeset (a template error: a bug, never the user's data)."""


@dataclass(frozen=True)
class DocumentMeta:
    """What the official frame prints around the body."""

    title: str
    subtitle: str = ""
    secrecy: str = ""  # the 密级 line (e.g. "内部资料　注意保密"); empty for an open document
    issuer: str = ""  # 成文机关 (printed with the date under the body)
    date: dt.date | None = None
    footer_note: str = ""  # a line under the body (e.g. who printed it and when)
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "secrecy": self.secrecy,
            "issuer": self.issuer,
            "date": chinese_date(self.date) if self.date else "",
            "footer_note": self.footer_note,
            **self.extra,
        }


def chinese_date(day: dt.date) -> str:
    """2026-01-05 → 2026年1月5日 (the way an official document writes its date)."""
    return f"{day.year}年{day.month}月{day.day}日"


def font_paths() -> list[str]:
    """The font folders Typst reads: the official fonts first (when configured), then Noto CJK."""
    folders = [getattr(settings, "HUANJIE_FONT_DIR", None), settings.HUANJIE_NOTO_FONT_DIR]
    return [str(p) for p in folders if p and Path(p).is_dir()]


def template_path(template: str) -> Path:
    """The ``.typ`` file an app's template name names ("planning/assessment_report.typ"), found in
    the templates folder of the app the name starts with, below :data:`ROOT`."""
    app = template.split("/", 1)[0]
    folder = (ROOT / app / "templates").resolve()
    path = (folder / template).resolve()
    if not app or not path.is_relative_to(folder) or path.suffix != ".typ" or not path.is_file():
        raise PdfError(f"no Typst template {template!r}")
    return path


def _plain(value: Any) -> Any:
    """JSON-ready data: dates as Chinese dates, everything else as given (json rejects the rest)."""
    if isinstance(value, dt.date):
        return chinese_date(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


# One compiler per process keeps the fonts loaded (a first PDF takes ~0.5 s, the next ~20 ms); it is
# renewed every RENEW_AFTER documents (or when the font folders change) so its caches stay bounded.
RENEW_AFTER = 200
_lock = threading.Lock()
_compiler: dict[str, Any] = {"fonts": None, "compiler": None, "uses": 0}


def _get_compiler() -> Any:
    import typst  # imported here: only the processes that print load the typesetter

    fonts = (str(ROOT), *font_paths())
    if _compiler["fonts"] != fonts or _compiler["uses"] >= RENEW_AFTER:
        _compiler.update(
            fonts=fonts,
            uses=0,
            compiler=typst.Compiler(root=str(ROOT), font_paths=list(fonts[1:]), ignore_system_fonts=True),
        )
    _compiler["uses"] += 1
    return _compiler["compiler"]


def render(template: str, data: Mapping[str, Any], *, meta: DocumentMeta) -> bytes:
    """Typeset ``template`` with ``data`` (JSON-ready: str, numbers, bools, lists, dicts, dates)."""
    payload = json.dumps({"meta": meta.as_json(), "data": _plain(data)}, ensure_ascii=False)
    path = str(template_path(template))
    with _lock:
        try:
            return bytes(_get_compiler().compile(input=path, format="pdf", sys_inputs={"payload": payload}))
        except (RuntimeError, ValueError) as exc:  # typst raises TypstError (a RuntimeError)
            raise PdfError(str(exc)) from exc


def pdf_response(content: bytes, filename: str, *, download: bool = False) -> HttpResponse:
    """The PDF as a response (inline by default, so the browser's viewer prints it)."""
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
