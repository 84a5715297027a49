"""Forms of supervision (issue 14 req. 4)."""

from __future__ import annotations

from typing import Any

from django import forms

from huanjie.accounts.models import User
from huanjie.core.forms import BootstrapMixin, BoundedDateField
from huanjie.org.models import OrgUnit
from huanjie.oversight.supervision_choices import CheckResult, FindingCategory, FindingSeverity, GroupKind


class GroupForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    kind = forms.ChoiceField(label="类型", choices=GroupKind.choices)
    formed_by = forms.ModelChoiceField(
        label="组建单位", queryset=OrgUnit.objects.none(), empty_label="请选择"
    )
    members = forms.ModelMultipleChoiceField(
        label="成员", queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    leader = forms.ModelChoiceField(
        label="组长", queryset=User.objects.none(), required=False, empty_label="（不设组长）"
    )
    areas = forms.ModelMultipleChoiceField(
        label="联系范围（县、乡镇）", queryset=OrgUnit.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, formers: Any, supervisors: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["formed_by"].queryset = formers  # type: ignore[attr-defined]
        self.fields["members"].queryset = supervisors  # type: ignore[attr-defined]
        self.fields["leader"].queryset = supervisors  # type: ignore[attr-defined]
        self.fields["areas"].queryset = areas  # type: ignore[attr-defined]


class VisitForm(BootstrapMixin, forms.Form):
    unit = forms.TypedChoiceField(label="督导单位", coerce=int, choices=())
    visited_on = BoundedDateField(label="督导日期")
    places = forms.CharField(label="走访地点", max_length=300)
    checked = forms.CharField(
        label="检查内容", max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units  # type: ignore[attr-defined]


class ChecklistForm(BootstrapMixin, forms.Form):
    """The campaign's checklist at a visit: a result and a note per item."""

    def __init__(self, *args: Any, items: list[str], **kwargs: Any) -> None:
        self.items = items
        # The fields exist before the form's set-up, so that BootstrapMixin styles them too.
        fields = dict(self.base_fields)
        for i, text in enumerate(items):
            fields[f"check_{i}"] = forms.ChoiceField(
                label=f"{i + 1}. {text}", choices=CheckResult.choices, initial=CheckResult.NOT_CHECKED
            )
            fields[f"note_{i}"] = forms.CharField(label=f"{i + 1}. 说明", max_length=300, required=False)
        self.base_fields = fields  # type: ignore[misc]
        super().__init__(*args, **kwargs)

    @property
    def rows(self) -> list[tuple[int, str, Any, Any]]:
        return [(i + 1, text, self[f"check_{i}"], self[f"note_{i}"]) for i, text in enumerate(self.items)]

    def results(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {i: (data[f"check_{i}"], data.get(f"note_{i}", "")) for i in range(len(self.items))}


class FindingForm(BootstrapMixin, forms.Form):
    unit = forms.TypedChoiceField(label="责任单位", coerce=int, choices=())
    category = forms.ChoiceField(label="问题类别", choices=[("", "请选择"), *list(FindingCategory.choices)])
    severity = forms.ChoiceField(label="严重程度", choices=[("", "请选择"), *list(FindingSeverity.choices)])
    rectify_by = BoundedDateField(label="整改期限")
    description = forms.CharField(label="问题描述", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    file = forms.FileField(label="佐证材料", max_length=200, required=False)

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units  # type: ignore[attr-defined]


class RectifyForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label="整改情况", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    file = forms.FileField(label="整改佐证材料", max_length=200)


class SignOffForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(
        label="验收意见", choices=[("accept", "整改到位，验收销号"), ("return", "整改不到位，退回整改")]
    )
    reason = forms.CharField(
        label="说明（退回时必填）", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
