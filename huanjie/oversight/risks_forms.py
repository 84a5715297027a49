"""Forms of the risk register (风险研判): a risk with its measures and plan, the list's filters."""

from __future__ import annotations

from typing import Any

from django import forms

from huanjie.core.forms import BootstrapMixin
from huanjie.org.models import OrgUnit
from huanjie.oversight.risks_choices import RiskKind, RiskLevel
from huanjie.planning.models import Campaign


class RiskFields(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label="类型", choices=RiskKind.choices)
    title = forms.CharField(label="风险事项", max_length=200)
    level = forms.ChoiceField(label="风险等级", choices=RiskLevel.choices)
    cause = forms.CharField(label="风险成因", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(label="责任人", max_length=50)
    measures = forms.CharField(
        label="化解措施", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    plan = forms.CharField(
        label="应急预案", max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class RiskForm(RiskFields):
    campaign = forms.ModelChoiceField(label="换届工作", queryset=Campaign.objects.none(), empty_label=None)
    unit = forms.ModelChoiceField(
        label="单位",
        queryset=OrgUnit.objects.none(),
        empty_label="请选择",
    )
    field_order = ["campaign", "unit"]

    def __init__(self, *args: Any, campaigns: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class RiskEditForm(RiskFields):
    version = forms.IntegerField(widget=forms.HiddenInput)


class RiskFilterForm(BootstrapMixin, forms.Form):
    jurisdiction = forms.ChoiceField(label="辖区", required=False)
    status = forms.ChoiceField(label="状态", required=False)
    level = forms.ChoiceField(
        label="风险等级", required=False, choices=[("", "全部等级"), *RiskLevel.choices]
    )
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "全部类型"), *RiskKind.choices])
    overdue = forms.ChoiceField(
        label="审核逾期", required=False, choices=[("", "逾期与否"), ("1", "仅看审核逾期")]
    )

    def __init__(
        self, *args: Any, jurisdictions: list[tuple[str, str]], states: dict[str, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].choices = [("", "全部辖区"), *jurisdictions]  # type: ignore[attr-defined]
        self.fields["status"].choices = [("", "全部状态"), *states.items()]  # type: ignore[attr-defined]
