"""Forms of the town pre-check and the county joint review (every field bounded)."""

from __future__ import annotations

from typing import Any

from django import forms

from huanjie.core.forms import BootstrapMixin, BoundedDateField
from huanjie.vetting.choices import FindingStatus
from huanjie.vetting.review_choices import AnswerResult, PrecheckOffice, Ruling

STATUS_CHOICES = [(FindingStatus.UNVERIFIED, "待核实"), (FindingStatus.SUBSTANTIATED, "已查实")]


class PrecheckOfficesForm(BootstrapMixin, forms.Form):
    town = forms.CharField(widget=forms.HiddenInput, max_length=12)
    offices = forms.MultipleChoiceField(
        label="初审单位", choices=PrecheckOffice.choices, widget=forms.CheckboxSelectMultiple
    )


class _AnswerForm(BootstrapMixin, forms.Form):
    """无异常, or a finding: its code (negative-list item or statutory bar), date, document, standing."""

    result = forms.ChoiceField(label="结论", choices=AnswerResult.choices, widget=forms.RadioSelect)
    code = forms.ChoiceField(label="问题类别", choices=(), required=False)
    found_on = BoundedDateField(label="事实发生日期", required=False)
    document_ref = forms.CharField(label="依据文书", max_length=100, required=False)
    status = forms.ChoiceField(label="是否查实", choices=STATUS_CHOICES, required=False)
    note = forms.CharField(
        label="情况说明", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, codes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [("", "（无异常的不填）"), *codes]  # type: ignore[attr-defined]

    def finding_values(self) -> dict[str, Any]:
        """The service's keywords: kind and code split from the picked ``kind:code``."""
        data = dict(self.cleaned_data)
        kind, _, code = (data.pop("code") or "").partition(":")
        data["status"] = data.get("status") or FindingStatus.UNVERIFIED
        return {**data, "kind": kind, "code": code}


class PrecheckAnswerForm(_AnswerForm):
    office = forms.ChoiceField(label="初审单位", choices=())
    answered_on = BoundedDateField(label="答复日期")

    field_order = ["office", "answered_on", "result", "code", "found_on", "document_ref", "status", "note"]

    def __init__(self, *args: Any, offices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].choices = offices  # type: ignore[attr-defined]


class ReviewAnswerForm(_AnswerForm):
    pass


class BatchForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="批次名称", max_length=100)
    sent_on = BoundedDateField(label="送审日期")
    candidates = forms.TypedMultipleChoiceField(
        label="送审人选", coerce=int, choices=(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, candidates: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["candidates"].choices = candidates  # type: ignore[attr-defined]


class RulingForm(BootstrapMixin, forms.Form):
    ruling = forms.ChoiceField(label="县级意见", choices=Ruling.choices)
    note = forms.CharField(
        label="说明", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
