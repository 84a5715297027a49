"""Form helpers shared by the apps: Bootstrap classes on widgets (the templates stay decision-free),
the version an edit form was loaded with (no lost update), and calling a service for a form."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from django import forms
from django.core import validators as dj_validators
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.functional import Promise

from huanjie.core import versioning
from huanjie.core.versioning import StaleEdit
from huanjie.core.workflow import WorkflowError

# --- the project's own messages (issue 9: no framework default text reaches the user) -------------

# Fragments of Django's default messages (zh-hans and English). A test submits bad data to every
# form and fails when an answer contains one of them (tests/core/test_chinese_messages.py).
DJANGO_DEFAULT_FRAGMENTS = (
    "这个字段是必填项",
    "此字段不能为空",
    "这个值不能为 null",
    "输入整数",
    "输入一个数字",
    "输入一个有效的",
    "选择一个有效的选项",
    "确保该",
    "输入一系列值",
    "未提交文件",
    "没有提交文件",
    "所提交的是空文件",
    "不允许是用空字符串",
    "输入合法的用户名",
    "This field",
    "Enter a ",
    "Ensure this",
    "Select a valid",
)


def _field_messages(field: forms.Field) -> dict[str, str]:
    """The project's messages for a field, naming it by its label where that reads better."""
    label = f"“{field.label}”" if field.label else "此项"
    choose = isinstance(field, forms.ChoiceField | forms.ModelChoiceField | forms.FileField)
    if isinstance(field, forms.FileField):
        required = "请选择要上传的文件"
    elif isinstance(field.widget, forms.HiddenInput):
        required = "表单缺少必要信息，请刷新页面后重新填写"
    else:
        required = f"请{'选择' if choose else '填写'}{label}"
    messages = {
        "required": required,
        "invalid_choice": f"{label}的所选项不在可选范围内，请重新选择",
        "invalid_list": f"{label}请选择一个或多个选项",
        "invalid_pk_value": f"{label}的所选项不在可选范围内，请重新选择",
        "empty": "上传的文件是空的，请检查后重新选择",
        "missing": "没有收到文件，请重新选择",
        "contradiction": "请上传新文件或勾选清除，不要同时进行",
        "max_value": f"{label}不能大于 %(limit_value)s",
        "min_value": f"{label}不能小于 %(limit_value)s",
        "max_digits": f"{label}最多 %(max)s 位数字",
        "max_decimal_places": f"{label}最多 %(max)s 位小数",
        "max_whole_digits": f"{label}的整数部分最多 %(max)s 位",
    }
    if isinstance(field.widget, forms.HiddenInput):
        messages["invalid"] = "表单信息有误，请刷新页面后重新填写"
    elif isinstance(field, forms.IntegerField):
        messages["invalid"] = f"{label}请填写整数"
    elif isinstance(field, forms.DecimalField | forms.FloatField):
        messages["invalid"] = f"{label}请填写数字"
    elif isinstance(field, forms.DateField):
        messages["invalid"] = "请输入有效的日期，如 2026-03-01"
    elif isinstance(field, forms.DateTimeField):
        messages["invalid"] = "请输入有效的日期和时间，如 2026-03-01 09:00"
    elif isinstance(field, forms.EmailField):
        messages["invalid"] = "请输入有效的电子邮箱地址"
    elif isinstance(field, forms.FileField):
        messages["invalid"] = "没有收到文件，请重新选择后再上传"
    else:
        messages["invalid"] = f"{label}的格式不正确，请检查后重新填写"
    return messages


def _validator_message(validator: Any, label: str) -> str | None:
    if isinstance(validator, dj_validators.MaxLengthValidator):
        return f"{label}最多 %(limit_value)d 个字，您输入了 %(show_value)d 个"
    if isinstance(validator, dj_validators.MinLengthValidator):
        return f"{label}至少 %(limit_value)d 个字，您输入了 %(show_value)d 个"
    if isinstance(validator, dj_validators.MaxValueValidator):
        return f"{label}不能大于 %(limit_value)s"
    if isinstance(validator, dj_validators.MinValueValidator):
        return f"{label}不能小于 %(limit_value)s"
    if isinstance(validator, dj_validators.StepValueValidator):
        return f"{label}应为 %(limit_value)s 的整数倍"
    if isinstance(validator, dj_validators.ProhibitNullCharactersValidator):
        return f"{label}含有不可见的空字符，请删除后重新填写"
    if isinstance(validator, dj_validators.RegexValidator):
        return f"{label}的格式不正确，请检查后重新填写"
    return None


def use_project_messages(field: forms.Field) -> None:
    """Replace the framework's default messages of ``field`` and of its validators by the project's
    (a message the project wrote, a plain ``str``, is kept; Django's defaults are lazy strings)."""
    ours = _field_messages(field)
    for key, message in list(field.error_messages.items()):
        if isinstance(message, Promise) and key in ours:
            field.error_messages[key] = ours[key]
    for key in ("required", "invalid_choice", "invalid"):
        field.error_messages.setdefault(key, ours[key])
    label = f"“{field.label}”" if field.label else "此项"
    replaced: list[Any] = []
    for validator in field.validators:
        default = getattr(validator, "message", None)
        text = _validator_message(validator, label) if isinstance(default, Promise) else None
        if text is not None:
            validator = copy.copy(validator)
            validator.message = text  # type: ignore[attr-defined]
        replaced.append(validator)
    field.validators = replaced


class ProjectMessagesMixin:
    """Every form of the project: the project's Chinese messages instead of the framework's defaults
    (required, invalid, invalid_choice, max_length, min_length, max_value, min_value, files…).
    Applied when the form validates, so labels and choices set by a subclass's ``__init__`` count."""

    def full_clean(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            use_project_messages(field)
        super().full_clean()  # type: ignore[misc]
        # A default that no field message covers (a model's check reached through a lookup, say):
        # replaced by the project's general message for the field.
        errors = getattr(self, "_errors", None) or {}
        for name, error_list in errors.items():
            field = self.fields.get(name)  # type: ignore[attr-defined]
            for i, error in enumerate(error_list.data):
                text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                if any(f in text for f in DJANGO_DEFAULT_FRAGMENTS):
                    error_list.data[i] = ValidationError(project_message(field), code="invalid")


def project_message(field: forms.Field | None) -> str:
    """The project's general message for a field whose value is refused."""
    if field is None or not field.label:
        return "填写的内容不正确，请检查后重新填写"
    return f"“{field.label}”的内容不正确，请检查后重新填写"


CHECK_GROUP_TEMPLATE = "core/widgets/check_group.html"


class BootstrapMixin(ProjectMessagesMixin):
    """Adds Bootstrap 5 classes to every widget and marks invalid fields (and, as every project
    form, uses the project's messages)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.RadioSelect):  # and CheckboxSelectMultiple, its subclass
                # One Bootstrap form-check per option (Django's own markup would put the class on
                # the group's wrapper too, drawing the radios as a text box).
                css = "form-check-input"
                widget.template_name = CHECK_GROUP_TEMPLATE
            elif isinstance(widget, forms.CheckboxInput):
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


class VersionedForm(ProjectMessagesMixin, forms.Form):
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
    ``denied_on_form=False`` a PermissionDenied propagates, i.e. a 403; a workflow's refusal — the
    record is no longer in a state that allows the action, e.g. someone else acted first — as a
    form-level error). A stale edit (``StaleEdit``) re-binds a ``VersionedForm`` to the current
    values and lists the differences."""
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
    except WorkflowError as exc:
        form.add_error(None, str(exc))
    return None


def apply_service_errors(form: forms.BaseForm, exc: Any) -> None:
    """Put a service's ValidationError on the form: field errors on their fields when the form has
    them, everything else as a form-level error."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for e in errors:
                text = e.messages[0] if hasattr(e, "messages") else str(e)
                if any(f in text for f in DJANGO_DEFAULT_FRAGMENTS):
                    # A model's default message (full_clean in a service): the project's instead.
                    text = project_message(form.fields.get(field))
                form.add_error(target, text)
            if target is not None:
                widget = form.fields[target].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
    else:
        for m in exc.messages:
            form.add_error(
                None, project_message(None) if any(f in m for f in DJANGO_DEFAULT_FRAGMENTS) else m
            )
