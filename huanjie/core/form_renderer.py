"""The project's form renderer: Django's own, with the ``<input>`` widgets written in Python.

Django renders every widget through a template (``input.html`` including ``attrs.html``, a loop over
the attributes): a page with a few dozen fields spends most of its time there (the tally sheet: about
half its CPU). The templates of the ``<input>`` family are one line; ``FastInputRenderer`` writes the
same markup directly — the same attributes in the same order, escaped the same way — when the
template a widget names is Django's own (an app overriding it keeps its template), and hands every
other template (select, textarea, the project's check groups, forms and fields) to Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import django.forms
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData

_DJANGO_FORMS = str(Path(django.forms.__file__).resolve().parent / "templates")
INPUT = "django/forms/widgets/input.html"
ATTRS = "django/forms/widgets/attrs.html"
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
)
"""Django's widget templates that are (or only include) ``input.html``."""
OPTION = "django/forms/widgets/input_option.html"
OPTION_TEMPLATES = frozenset(f"django/forms/widgets/{name}_option.html" for name in ("checkbox", "radio"))
"""A choice of a check or radio group: ``input.html`` when its label is not wrapped around it (a
template's ``{{ box.tag }}``); wrapped, it goes through Django's template."""


def _s(value: Any) -> str:
    """``{{ value|stringformat:'s' }}`` under autoescaping: str(value), escaped unless it was safe."""
    if isinstance(value, tuple):
        value = str(value)
    text = "%s" % value  # noqa: UP031 (the filter's own formatting)
    return text if isinstance(value, SafeData) else str(conditional_escape(text))


def input_html(widget: Mapping[str, Any]) -> str:
    """What Django's ``input.html`` renders for this widget context (stripped, as the renderer does)."""
    parts = [
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
    ]
    if widget["value"] is not None:
        parts.append(f' value="{_s(widget["value"])}"')
    for name, value in widget["attrs"].items():
        if value is not False:
            parts.append(f" {conditional_escape(name)}")
            if value is not True:
                parts.append(f'="{_s(value)}"')
    parts.append(">")
    return "".join(parts)


def _plain(widget: Mapping[str, Any]) -> bool:
    """Values the template would treat as ours does: nothing callable (a template calls it), a str
    type and name."""
    values = [widget.get("value"), *widget["attrs"].values()]
    return (
        isinstance(widget.get("type"), str)
        and isinstance(widget.get("name"), str)
        and not any(callable(v) for v in values)
    )


class FastInputRenderer(DjangoTemplates):
    """Django's template renderer; ``<input>`` widgets whose templates are Django's own are written
    directly (the same markup)."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget") if template_name in INPUT_TEMPLATES else None
        if widget is None and template_name in OPTION_TEMPLATES:
            widget = context.get("widget")
            if widget is not None and widget.get("wrap_label") is not False:
                widget = None
        if widget is not None and self._django_own(template_name) and _plain(widget):
            return input_html(widget)
        return super().render(template_name, context, request=request)

    def _django_own(self, template_name: str) -> bool:
        return _own(self, template_name)


@cache
def _own(renderer: FastInputRenderer, template_name: str) -> bool:
    """Do the widget's template, ``input.html`` and ``attrs.html`` resolve to Django's files (no app
    overrides them)?"""
    names = (
        (template_name, OPTION, INPUT, ATTRS)
        if template_name in OPTION_TEMPLATES
        else (template_name, INPUT, ATTRS)
    )
    for name in names:
        origin = getattr(renderer.get_template(name), "origin", None)
        if origin is None or not str(Path(origin.name).resolve()).startswith(_DJANGO_FORMS):
            return False
    return True
