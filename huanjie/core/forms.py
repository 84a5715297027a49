"""Form helpers shared by the apps: Bootstrap classes on widgets (the templates stay decision-free)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError


class BootstrapMixin:
    """Adds Bootstrap 5 classes to every widget and marks invalid fields."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        # Validation runs lazily (subclasses may still set choices in __init__), so invalid fields
        # are marked here rather than in __init__.
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                widget = self.fields[name].widget  # type: ignore[attr-defined]
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


class BoundedDateField(forms.DateField):
    """A date between 1900 and 2100 (anything else is a typing error, and a date near the calendar's
    end overflows the day arithmetic of filters), with the messages in Chinese."""

    default_error_messages = {"invalid": "请输入有效的日期，如 2026-03-01"}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", DateInput())
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Any:
        day = super().clean(value)
        if day is not None and not EARLIEST_DATE <= day <= LATEST_DATE:
            raise ValidationError(f"日期应在 {EARLIEST_DATE:%Y} 年至 {LATEST_DATE:%Y} 年之间")
        return day


def call_service(form: forms.BaseForm, fn: Any, /, *, denied_on_form: bool = True, **kwargs: Any) -> Any:
    """Call a service for a submitted form: its result, or ``None`` with the service's refusal put on
    the form (a ValidationError on its fields, a PermissionDenied as a form-level error; with
    ``denied_on_form=False`` a PermissionDenied propagates, i.e. a 403)."""
    try:
        return fn(**kwargs)
    except ValidationError as exc:
        apply_service_errors(form, exc)
    except PermissionDenied as exc:
        if not denied_on_form:
            raise
        form.add_error(None, str(exc))
    return None


def apply_service_errors(form: forms.BaseForm, exc: Any) -> None:
    """Put a service's ValidationError on the form: field errors on their fields when the form has
    them, everything else as a form-level error."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for e in errors:
                form.add_error(target, e.messages[0] if hasattr(e, "messages") else str(e))
            if target is not None:
                widget = form.fields[target].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
    else:
        for m in exc.messages:
            form.add_error(None, m)
