"""Server-side list pages: pagination with a clamped page number and the page-size choices."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator

PAGE_SIZES = (20, 50, 100)
# A printed list is the whole list, up to this many rows (a longer one says so and asks for the
# Excel export or a narrower filter instead).
PRINT_MAX_ROWS = 5000


def paginate(request: Any, queryset: Any, *, default_size: int = 20) -> Page:
    """The requested page of ``queryset`` (page and size from the query string; bad values clamp).

    ``?print=1`` asks for the print view: every row on one page, at most ``PRINT_MAX_ROWS``; the
    page then carries ``print_all`` and, when rows were left out, ``print_truncated``."""
    if request.GET.get("print") == "1":
        paginator = Paginator(queryset, PRINT_MAX_ROWS)
        page = paginator.get_page(1)
        page.print_all = True  # type: ignore[attr-defined]
        page.print_max = PRINT_MAX_ROWS  # type: ignore[attr-defined]
        page.print_truncated = paginator.count > PRINT_MAX_ROWS  # type: ignore[attr-defined]
        return page
    try:
        size = int(request.GET.get("size", default_size))
    except ValueError:
        size = default_size
    if size not in PAGE_SIZES:
        size = default_size
    paginator = Paginator(queryset, size)
    return paginator.get_page(request.GET.get("page"))


def sort_columns(current: str, columns: list[tuple[str, str]]) -> dict[str, dict[str, str]]:
    """Header links for sortable columns: ``{key: {label, next, dir}}``; clicking the sorted column
    flips its direction."""
    out = {}
    for key, label in columns:
        if current == key:
            out[key] = {"label": label, "next": f"-{key}", "dir": "asc"}
        elif current == f"-{key}":
            out[key] = {"label": label, "next": key, "dir": "desc"}
        else:
            out[key] = {"label": label, "next": key, "dir": ""}
    return out


def filter_line(filters: dict[str, str]) -> str:
    """The filters in force as one line (``性别=女；学历=大学本科``), for print views and exports."""
    return "；".join(f"{k}={v}" for k, v in filters.items() if v)


def describe_filters(form: Any) -> dict[str, str]:
    """The filters in force, as Chinese label → shown value (choice labels, not codes), for exports."""
    if not form.is_bound or not form.is_valid():
        return {}
    out = {}
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, ""):
            continue
        choices = dict(getattr(field, "choices", []) or [])
        out[str(field.label)] = str(choices.get(value, value))
    return out
