"""Forms of the publicity and public-opinion pages."""

from __future__ import annotations

from typing import Any

from django import forms

from huanjie.core.forms import BootstrapMixin, BoundedDateField, VersionedForm
from huanjie.org.models import OrgUnit
from huanjie.oversight.models.publicity import OpinionSource, OpinionStatus


class _UnitLabel(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class TaskForm(BootstrapMixin, forms.Form):
    owner = _UnitLabel(label="责任单位", queryset=OrgUnit.objects.none(), empty_label="请选择责任单位")
    title = forms.CharField(label="宣传任务", max_length=200)
    deadline = BoundedDateField(label="完成时限")

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["owner"].queryset = units  # type: ignore[attr-defined]


class TaskDoneForm(BootstrapMixin, VersionedForm):
    done_on = BoundedDateField(label="完成日期")
    note = forms.CharField(label="完成情况", max_length=500, required=False)


class EventForm(BootstrapMixin, forms.Form):
    unit = _UnitLabel(
        label="涉及村（镇）", queryset=OrgUnit.objects.none(), empty_label="请选择村（社区）或乡镇"
    )
    source = forms.ChoiceField(label="来源", choices=OpinionSource.choices)
    occurred_on = BoundedDateField(label="发现日期")
    summary = forms.CharField(label="内容摘要", max_length=500)
    respond_by = BoundedDateField(label="处置时限")

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class EventUpdateForm(BootstrapMixin, VersionedForm):
    response = forms.CharField(
        label="处置情况", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    status = forms.ChoiceField(label="状态", choices=OpinionStatus.choices)


class ListFilter(BootstrapMixin, forms.Form):
    unit = forms.ChoiceField(label="管辖范围", choices=(), required=False)
    status = forms.ChoiceField(label="状态", choices=(), required=False)
    overdue = forms.ChoiceField(label="逾期", choices=[("", "逾期：不限"), ("1", "仅看逾期")], required=False)

    def __init__(
        self,
        *args: Any,
        units: list[tuple[str, str]] | None = None,
        statuses: list[tuple[str, str]] | None = None,
        categories: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "全部单位"), *(units or [])]  # type: ignore[attr-defined]
        self.fields["status"].choices = [("", "全部状态"), *(statuses or [])]  # type: ignore[attr-defined]
        # Req. 9: the category filter, where the register has one (舆情: its source).
        if categories:
            self.fields["category"] = forms.ChoiceField(
                label="类别", choices=[("", "全部来源"), *categories], required=False
            )
            self.order_fields(["unit", "status", "category", "overdue"])
