"""Forms of the screening's exceptions (issue 11 req. 3): every field bounded."""

from __future__ import annotations

from typing import Any

from django import forms

from huanjie.core.forms import BootstrapMixin, BoundedDateField


class AgeRelaxationForm(BootstrapMixin, forms.Form):
    approved_by = forms.CharField(label="批准机关", max_length=50, initial="县委组织部")
    document = forms.CharField(label="批准文号", max_length=64)
    approved_on = BoundedDateField(label="批准日期")
    reason = forms.CharField(label="放宽理由", max_length=200, help_text="如：百名示范村党组织书记")


class ToleranceRulingForm(BootstrapMixin, forms.Form):
    finding = forms.TypedChoiceField(label="核查发现", coerce=int, choices=())
    document = forms.CharField(label="县委容错纠错认定文号", max_length=64)
    ruled_on = BoundedDateField(label="认定日期")
    note = forms.CharField(label="认定情况", max_length=300, required=False)

    def __init__(self, *args: Any, findings: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["finding"].choices = findings  # type: ignore[attr-defined]


class RemoveForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label="撤销理由", max_length=300)
