"""Forms of the petitions register (信访): registration, assignment, handling steps, extension,
conclusion, the list's filters and the campaign's legal clock. Project messages, Bootstrap."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from huanjie.core.forms import BootstrapMixin, BoundedDateField
from huanjie.core.pickers import PickedModelChoiceField, PickerWidget
from huanjie.org.models import OrgUnit
from huanjie.oversight.petitions_choices import Category, Channel, Finding
from huanjie.people.models import Person
from huanjie.planning.models import Campaign
from huanjie.vetting.models import Candidate

OVERDUE_CHOICES = [("", "逾期与否"), ("1", "仅看逾期")]


class PetitionForm(BootstrapMixin, forms.Form):
    campaign = forms.ModelChoiceField(label="换届工作", queryset=Campaign.objects.none(), empty_label=None)
    # a picker, not a list: a city's or province's jurisdiction holds thousands of villages
    unit = PickedModelChoiceField(
        label="所涉村（社区）",
        queryset=OrgUnit.objects.none(),
        widget=PickerWidget(url_name="oversight_petitions:unit_pick", placeholder="输入村（社区）名称查找"),
    )
    channel = forms.ChoiceField(label="来源渠道", choices=Channel.choices)
    category = forms.ChoiceField(label="问题类别", choices=Category.choices)
    received_on = BoundedDateField(label="收到日期")
    summary = forms.CharField(label="反映内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    subject_person = PickedModelChoiceField(
        label="被反映人（人员库）",
        queryset=Person.objects.none(),
        required=False,
        widget=PickerWidget(url_name="oversight_petitions:person_pick", placeholder="输入姓名查找（可不填）"),
    )
    subject_candidate = PickedModelChoiceField(
        label="被反映的候选人",
        queryset=Candidate.objects.none(),
        required=False,
        widget=PickerWidget(
            url_name="oversight_petitions:candidate_pick", placeholder="输入姓名查找（可不填）"
        ),
    )
    anonymous = forms.BooleanField(label="匿名信访", required=False)
    petitioner_name = forms.CharField(label="信访人姓名", max_length=50, required=False)
    petitioner_id = forms.CharField(label="信访人身份证号", max_length=20, required=False)
    petitioner_phone = forms.CharField(label="信访人联系电话", max_length=20, required=False)

    def __init__(
        self, *args: Any, campaigns: Any, units: Any, people: Any, candidates: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["subject_person"].queryset = people  # type: ignore[attr-defined]
        self.fields["subject_candidate"].queryset = candidates  # type: ignore[attr-defined]
        self.fields["unit"].widget.label_for = lambda v: _label(units, v)
        self.fields["subject_person"].widget.label_for = lambda v: _label(people, v)
        self.fields["subject_candidate"].widget.label_for = lambda v: _label(candidates, v)


def _label(qs: Any, value: str) -> str:
    try:
        found = qs.filter(pk=int(value)).first()
    except (TypeError, ValueError):
        return ""
    return str(found) if found is not None else ""


class AssignForm(BootstrapMixin, forms.Form):
    handler_unit = forms.ModelChoiceField(
        label="承办单位", queryset=OrgUnit.objects.none(), empty_label="请选择"
    )
    handler_name = forms.CharField(label="承办人", max_length=50)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handler_unit"].queryset = units  # type: ignore[attr-defined]


class StepForm(BootstrapMixin, forms.Form):
    on = BoundedDateField(label="日期")
    note = forms.CharField(label="办理情况", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class ExtendForm(BootstrapMixin, forms.Form):
    days = forms.IntegerField(label="延期天数", min_value=1, max_value=365)
    reason = forms.CharField(label="延期理由", max_length=300)


class ConcludeForm(BootstrapMixin, forms.Form):
    finding = forms.ChoiceField(label="核查结论", choices=Finding.choices)
    item_code = forms.ChoiceField(label="对应负面清单（仅查实的）", choices=(), required=False)
    result = forms.CharField(label="办理结果", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    reply = forms.CharField(label="答复意见", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    replied_on = BoundedDateField(label="答复日期")

    def __init__(self, *args: Any, items: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item_code"].choices = [("", "不对应"), *items]  # type: ignore[attr-defined]


class ActionForm(BootstrapMixin, forms.Form):
    action = forms.CharField(max_length=20, widget=forms.HiddenInput)
    reason = forms.CharField(label="理由", max_length=500, required=False)


class ManyOptionsSelect(forms.Select):
    """A plain select of many options (a province's 1,200 towns) written in one pass: Django's own
    widget renders one template per option, about a millisecond each, which made the jurisdiction
    filter most of a city operator's list page. Flat choices only (no groups)."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        chosen = set(self.format_value(value))
        options = format_html_join(
            "\n",
            '<option value="{}"{}>{}</option>',
            ((v, " selected" if str(v) in chosen else "", label) for v, label in self.choices),
        )
        return format_html("<select{}>\n{}\n</select>", flatatt(final), options)


class PetitionFilterForm(BootstrapMixin, forms.Form):
    jurisdiction = forms.ChoiceField(label="辖区", required=False, widget=ManyOptionsSelect)
    status = forms.ChoiceField(label="状态", required=False)
    category = forms.ChoiceField(
        label="问题类别", required=False, choices=[("", "全部类别"), *Category.choices]
    )
    overdue = forms.ChoiceField(label="逾期", required=False, choices=OVERDUE_CHOICES)
    q = forms.CharField(
        label="内容包含",
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "反映内容包含…"}),
    )

    def __init__(
        self, *args: Any, jurisdictions: list[tuple[str, str]], states: dict[str, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].choices = [("", "全部辖区"), *jurisdictions]  # type: ignore[attr-defined]
        self.fields["status"].choices = [("", "全部状态"), *states.items()]  # type: ignore[attr-defined]


class SettingsForm(BootstrapMixin, forms.Form):
    accept_days = forms.IntegerField(label="受理告知时限（天）", min_value=1, max_value=365)
    accept_citation = forms.CharField(label="受理时限依据", max_length=300)
    conclude_days = forms.IntegerField(label="办结时限（天）", min_value=1, max_value=365)
    conclude_citation = forms.CharField(label="办结时限依据", max_length=300)
    extension_days = forms.IntegerField(label="最长延期（天）", min_value=0, max_value=365)
    extension_citation = forms.CharField(label="延期依据", max_length=300)
