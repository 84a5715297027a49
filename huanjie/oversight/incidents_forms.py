"""Forms of the incident reports (issue 14 req. 3)."""

from __future__ import annotations

from typing import Any

from django import forms

from huanjie.core.forms import BootstrapMixin
from huanjie.org.models import OrgUnit
from huanjie.oversight.incidents_choices import IncidentCategory


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class IncidentForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(label="发生地", queryset=OrgUnit.objects.none(), empty_label="请选择")
    title = forms.CharField(label="事件名称", max_length=100)
    category = forms.ChoiceField(label="类别", choices=[("", "请选择"), *list(IncidentCategory.choices)])
    severity = forms.ChoiceField(label="等级", choices=())
    occurred_at = forms.DateTimeField(
        label="发生时间", widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    summary = forms.CharField(label="基本情况", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    measures = forms.CharField(
        label="已采取的措施", max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, units: Any, severities: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["severity"].choices = [("", "请选择")] + [  # type: ignore[attr-defined]
            (s.code, f"{s.label}（{s.ack_hours} 小时内签收）") for s in severities
        ]


class UpdateForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label="内容", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class SeverityHoursForm(BootstrapMixin, forms.Form):
    """The hours each level has to acknowledge, one field per severity."""

    def __init__(self, *args: Any, severities: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for s in severities:
            self.fields[s.code] = forms.IntegerField(
                label=f"{s.label}：签收时限（小时）", min_value=1, max_value=720, initial=s.ack_hours
            )
