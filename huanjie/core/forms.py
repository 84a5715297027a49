"""Form helpers shared by the apps: Bootstrap classes on widgets (the templates stay decision-free),
the version an edit form was loaded with (no lost update), and calling a service for a form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError

from huanjie.core import versioning
from huanjie.core.versioning import StaleEdit


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


class VersionedForm(forms.Form):
    """An edit form of a ``Versioned`` record: it carries the version it was loaded with and, signed,
    the values it showed, so a stale submission is refused with the differences (house rule 15).

    Views build it with ``record=`` (the record as loaded) and ``record_fields=`` (the record's fields
    the form shows; they must have the same names as the form's fields) and pass ``form.version`` and
    ``form.seen`` to the service. When the service refuses a stale write, ``call_service`` replaces
    the submitted values with the current ones (``refresh``) and lists the differences."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        record: Any,
        record_fields: tuple[str, ...] = (),
        refresh_fields: tuple[str, ...] | None = None,
        **kwargs: Any,
    ) -> None:
        self.record_fields = tuple(record_fields)
        # The form fields that are the record's own (an edit form); a form creating something under
        # the record (a child unit, a tenure of a person) passes ``refresh_fields=()``.
        self.refresh_fields = self.record_fields if refresh_fields is None else tuple(refresh_fields)
        initial = dict(kwargs.pop("initial", None) or {})
        initial.setdefault("version", record.version)
        initial.setdefault("seen", versioning.seen_dumps(record, self.record_fields))
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.differences: list[versioning.Difference] = []

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("version") is None and "version" not in self.errors:
            # A form without its version cannot be checked against later saves: refused, never saved.
            self.add_error(None, "表单缺少版本信息，请刷新页面后重新填写")
        return cleaned

    @property
    def loaded_version(self) -> Any:
        """The version the submitted form was loaded with (``None`` when it carried none)."""
        return self.cleaned_data.get("version") if hasattr(self, "cleaned_data") else None

    @property
    def loaded_seen(self) -> dict[str, Any] | None:
        """The values the submitted form showed (``None`` when missing or tampered with)."""
        return versioning.seen_loads(self.cleaned_data.get("seen")) if hasattr(self, "cleaned_data") else None

    def versioned(self) -> dict[str, Any]:
        """The keyword arguments every edit service takes: ``version`` and ``seen``."""
        return {"version": self.loaded_version, "seen": self.loaded_seen}

    def refresh(self, exc: StaleEdit) -> None:
        """Re-bind the form to the record as it is now (new version, current values of the record's
        fields; other inputs, such as a reason, stay as typed) and show the refusal."""
        current = exc.current
        data = self.data.copy() if hasattr(self.data, "copy") else dict(self.data)
        if hasattr(data, "_mutable"):
            data._mutable = True
        for name in self.refresh_fields:
            if name not in self.fields:
                continue
            value = getattr(current, current._meta.get_field(name).attname)
            key = self.add_prefix(name)
            if isinstance(self.fields[name].widget, forms.CheckboxInput):
                if value:
                    data[key] = "on"
                else:
                    data.pop(key, None)
            else:
                data[key] = (
                    "" if value is None else (value.isoformat() if hasattr(value, "isoformat") else value)
                )
        data[self.add_prefix("version")] = current.version
        data[self.add_prefix("seen")] = versioning.seen_dumps(current, self.record_fields)
        self.data = data
        self._errors = None  # type: ignore[assignment]
        self.full_clean()
        self.differences = list(exc.differences)
        for message in exc.messages:
            self.add_error(None, message)


def call_service(form: forms.BaseForm, fn: Any, /, *, denied_on_form: bool = True, **kwargs: Any) -> Any:
    """Call a service for a submitted form: its result, or ``None`` with the service's refusal put on
    the form (a ValidationError on its fields, a PermissionDenied as a form-level error; with
    ``denied_on_form=False`` a PermissionDenied propagates, i.e. a 403). A stale edit (``StaleEdit``)
    re-binds a ``VersionedForm`` to the current values and lists the differences."""
    try:
        return fn(**kwargs)
    except StaleEdit as exc:
        if isinstance(form, VersionedForm):
            form.refresh(exc)
        else:
            apply_service_errors(form, exc)
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
