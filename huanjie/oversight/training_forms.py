"""Forms of the training, education-upgrading and three-mechanisms pages (every field bounded;
choice lists come from the scoped selectors)."""

from __future__ import annotations

from typing import Any

from django import forms

from huanjie.core.forms import BootstrapMixin, BoundedDateField, VersionedForm
from huanjie.org.models import OrgUnit
from huanjie.oversight.models import TrainingOfficial
from huanjie.oversight.models.training import Mechanism, TrainingLevel
from huanjie.people.models import Person


class _UnitLabel(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class _PersonLabel(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.id_masked}）"


class SettingForm(BootstrapMixin, forms.Form):
    training_target_percent = forms.IntegerField(label="培训覆盖目标（百分比）", min_value=1, max_value=100)


class SessionForm(BootstrapMixin, forms.Form):
    unit = _UnitLabel(label="举办单位", queryset=OrgUnit.objects.none(), empty_label="请选择举办单位")
    title = forms.CharField(label="培训主题", max_length=200)
    held_on = BoundedDateField(label="培训日期")
    place = forms.CharField(label="地点", max_length=200, required=False)

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class TownAttendanceForm(BootstrapMixin, forms.Form):
    town = _UnitLabel(label="乡镇（街道）", queryset=OrgUnit.objects.none(), empty_label="请选择乡镇（街道）")
    secretaries = forms.BooleanField(label="该镇全体在任村（社区）党组织书记", required=False, initial=True)
    officials = forms.BooleanField(label="该镇名册上的全部镇换届工作人员", required=False, initial=True)

    def __init__(self, *args: Any, towns: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if towns is not None:
            self.fields["town"].queryset = towns  # type: ignore[attr-defined]


class PersonAttendanceForm(BootstrapMixin, forms.Form):
    person = _PersonLabel(
        label="人员", queryset=Person.objects.none(), required=False, empty_label="请选择人员"
    )
    official = forms.ModelChoiceField(
        label="镇换届工作人员",
        queryset=TrainingOfficial.objects.none(),
        required=False,
        empty_label="请选择工作人员",
    )

    def __init__(self, *args: Any, people: Any = None, officials: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people  # type: ignore[attr-defined]
        if officials is not None:
            self.fields["official"].queryset = officials  # type: ignore[attr-defined]


class OfficialForm(BootstrapMixin, forms.Form):
    town = _UnitLabel(label="乡镇（街道）", queryset=OrgUnit.objects.none(), empty_label="请选择乡镇（街道）")
    name = forms.CharField(label="姓名", max_length=50)
    post = forms.CharField(label="职务", max_length=100, required=False)

    def __init__(self, *args: Any, towns: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if towns is not None:
            self.fields["town"].queryset = towns  # type: ignore[attr-defined]


class UpgradeForm(BootstrapMixin, forms.Form):
    person = _PersonLabel(
        label="人员（在任“两委”成员）", queryset=Person.objects.none(), empty_label="请选择人员"
    )
    programme = forms.CharField(label="学历项目", max_length=200, help_text="如：江苏开放大学 行政管理 大专")
    enrolled_on = BoundedDateField(label="入学日期")
    completed_on = BoundedDateField(label="毕业日期", required=False)

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people  # type: ignore[attr-defined]


class UpgradeCompleteForm(BootstrapMixin, VersionedForm):
    completed_on = BoundedDateField(label="毕业日期")


class DecisionForm(BootstrapMixin, forms.Form):
    person = _PersonLabel(
        label="人员（在任“两委”成员）", queryset=Person.objects.none(), empty_label="请选择人员"
    )
    mechanism = forms.ChoiceField(label="机制", choices=Mechanism.choices)
    decision = forms.CharField(label="决定内容", max_length=500)
    body = forms.CharField(label="决定机关", max_length=100, help_text="容错纠错由县级党委研判决定")
    document_no = forms.CharField(label="文号", max_length=100)
    decided_on = BoundedDateField(label="决定日期")

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people  # type: ignore[attr-defined]


class OfficialFilter(BootstrapMixin, forms.Form):
    """The roster's filters (req. 9): jurisdiction and training status."""

    unit = forms.ChoiceField(label="管辖范围", choices=(), required=False)
    trained = forms.ChoiceField(
        label="培训状态", choices=[("", "全部状态"), ("1", "已培训"), ("0", "未培训")], required=False
    )

    def __init__(self, *args: Any, units: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "全部单位"), *(units or [])]  # type: ignore[attr-defined]


class SessionFilter(BootstrapMixin, forms.Form):
    """The sessions' filters (req. 9): jurisdiction and level (the register's category)."""

    unit = forms.ChoiceField(label="管辖范围", choices=(), required=False)
    level = forms.ChoiceField(
        label="层级", choices=[("", "全部层级"), *TrainingLevel.choices], required=False
    )

    def __init__(self, *args: Any, units: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "全部单位"), *(units or [])]  # type: ignore[attr-defined]


class UpgradeFilter(BootstrapMixin, forms.Form):
    """The education upgrades' filters (req. 9): jurisdiction and status (在读, 已毕业)."""

    unit = forms.ChoiceField(label="管辖范围", choices=(), required=False)
    state = forms.ChoiceField(
        label="状态",
        choices=[("", "全部状态"), ("studying", "在读"), ("completed", "已毕业")],
        required=False,
    )

    def __init__(self, *args: Any, units: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "全部单位"), *(units or [])]  # type: ignore[attr-defined]


class DecisionFilter(BootstrapMixin, forms.Form):
    """The three mechanisms' filters (req. 9): jurisdiction and mechanism (the category)."""

    unit = forms.ChoiceField(label="管辖范围", choices=(), required=False)
    mechanism = forms.ChoiceField(
        label="机制", choices=[("", "全部机制"), *Mechanism.choices], required=False
    )

    def __init__(self, *args: Any, units: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "全部单位"), *(units or [])]  # type: ignore[attr-defined]
