"""Forms of the handover page (every field bounded)."""

from __future__ import annotations

from django import forms

from huanjie.core.forms import BootstrapMixin, BoundedDateField


class HandoverItemForm(BootstrapMixin, forms.Form):
    done_on = BoundedDateField(label="移交日期", required=False)
    notes = forms.CharField(
        label="说明", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = forms.FileField(label="签字的移交清单（照片或 PDF）", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
