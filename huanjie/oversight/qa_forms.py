"""Forms of the policy Q&A pages."""

from __future__ import annotations

from typing import Any

from django import forms

from huanjie.core.forms import BootstrapMixin, VersionedForm
from huanjie.org.models import OrgUnit
from huanjie.oversight.models.training import QuestionTopic


class _UnitLabel(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class AskForm(BootstrapMixin, forms.Form):
    town = _UnitLabel(label="提问单位", queryset=OrgUnit.objects.none(), empty_label="请选择乡镇（街道）")
    topic = forms.ChoiceField(label="类别", choices=QuestionTopic.choices)
    text = forms.CharField(label="问题", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, towns: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if towns is not None:
            self.fields["town"].queryset = towns  # type: ignore[attr-defined]


class AnswerForm(BootstrapMixin, VersionedForm):
    answer = forms.CharField(label="答复", max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))
    published = forms.BooleanField(label="公开到常见问题（各乡镇可查阅）", required=False)


class FaqFilter(BootstrapMixin, forms.Form):
    q = forms.CharField(label="关键词", max_length=50, required=False)
    topic = forms.ChoiceField(
        label="类别", choices=[("", "全部类别"), *QuestionTopic.choices], required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = "搜索问题或答复"


class QuestionFilter(BootstrapMixin, forms.Form):
    # req. 9: the jurisdiction filter (a county's or town's path); set by the view.
    unit = forms.ChoiceField(label="管辖范围", choices=(), required=False)
    state = forms.ChoiceField(
        label="状态", choices=[("", "全部状态"), ("open", "待答复"), ("answered", "已答复")], required=False
    )
    topic = forms.ChoiceField(
        label="类别", choices=[("", "全部类别"), *QuestionTopic.choices], required=False
    )
    # req. 9: not answered within the campaign's answer deadline (OversightSetting.qa_answer_days)
    overdue = forms.ChoiceField(label="逾期", required=False, choices=[("", "逾期与否"), ("1", "仅看逾期")])

    def __init__(self, *args: Any, units: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "全部单位"), *(units or [])]  # type: ignore[attr-defined]


class AnswerDaysForm(BootstrapMixin, forms.Form):
    """The campaign's answer deadline of policy questions (the city's setting, req. 9)."""

    qa_answer_days = forms.IntegerField(label="答复时限（天，自提问之日起）", min_value=1, max_value=60)
