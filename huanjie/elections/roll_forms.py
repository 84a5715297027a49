"""Forms of the voter-roll pages (Chinese labels; refusals come from the services)."""

from __future__ import annotations

from typing import Any

from django import forms

from huanjie.core.forms import BootstrapMixin, BoundedDateField
from huanjie.elections.models.roll import ObjectionKind, RemoveReason, RollMode
from huanjie.org.models import OrgUnit


class RollCreateForm(BootstrapMixin, forms.Form):
    unit: forms.ModelChoiceField = forms.ModelChoiceField(
        label="村（社区）", queryset=OrgUnit.objects.none(), empty_label="请选择"
    )  # type: ignore[type-arg]
    voting_day = BoundedDateField(label="投票日")
    mode = forms.ChoiceField(label="名单类型", choices=RollMode.choices, initial=RollMode.ALL)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class EntryForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    citizen_id = forms.CharField(label="身份证号", max_length=20)
    group = forms.CharField(label="村（居）民小组", max_length=50, required=False)
    household = forms.CharField(label="户号", max_length=30, required=False)
    category = forms.ChoiceField(label="登记类别", choices=())
    applied = forms.BooleanField(label="本人已表示或申请参加选举", required=False)
    approved = forms.BooleanField(label="已经村民会议或村民代表会议同意", required=False)
    since = BoundedDateField(label="居住或工作起始日期", required=False)
    deprived = forms.BooleanField(label="依照法律被剥夺政治权利", required=False)
    registered_on = BoundedDateField(label="登记日期", required=False)

    def __init__(self, *args: Any, categories: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = categories  # type: ignore[attr-defined]


class RemoveForm(BootstrapMixin, forms.Form):
    reason = forms.ChoiceField(label="移出原因", choices=[("", "移出原因"), *RemoveReason.choices])
    note = forms.CharField(label="说明", max_length=200, required=False)


class DayForm(BootstrapMixin, forms.Form):
    on = BoundedDateField(label="日期")


class CopyForm(BootstrapMixin, forms.Form):
    voting_day = BoundedDateField(label="新的投票日")
    reason = forms.CharField(label="原因", max_length=200, help_text="如：另行选举、重新选举")


class ObjectionForm(BootstrapMixin, forms.Form):
    objector = forms.CharField(label="申诉人", max_length=50)
    kind = forms.ChoiceField(label="申诉类型", choices=ObjectionKind.choices)
    content = forms.CharField(label="申诉内容", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    filed_on = BoundedDateField(label="申诉日期")


class DecideForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(
        label="处理结果", choices=(("upheld", "申诉成立"), ("rejected", "申诉不成立"))
    )
    text = forms.CharField(label="处理意见", max_length=1000)
    decided_on = BoundedDateField(label="处理日期")


class ResolveForm(BootstrapMixin, forms.Form):
    keep = forms.TypedChoiceField(label="本人选择登记在", coerce=int, choices=())
    note = forms.CharField(label="本人选择情况", max_length=200, help_text="如：本人书面申请，日期")

    def __init__(self, *args: Any, options: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = options  # type: ignore[attr-defined]
