"""Server-side list pages: pagination with a clamped page number and the page-size choices."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator

PAGE_SIZES = (20, 50, 100)


def paginate(request: Any, queryset: Any, *, default_size: int = 20) -> Page:
    """The requested page of ``queryset`` (page and size from the query string; bad values clamp)."""
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
