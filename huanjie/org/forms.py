"""Forms for the org tree pages. They only collect input; the services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms

from huanjie.core.forms import BootstrapMixin, VersionedForm
from huanjie.core.pickers import PickedModelChoiceField, PickerWidget
from huanjie.org.choices import Level
from huanjie.org.models import OrgUnit
from huanjie.org.selectors import unit_path_label


def _choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


LEVEL_FILTER_CHOICES = [("", "村和社区"), ("all", "全部层级"), *Level.choices]


class UnitFilterForm(BootstrapMixin, forms.Form):
    """Filters of the unit list; the first option of each select names the filter (one-line bar)."""

    q = forms.CharField(
        label="名称或代码",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "名称或区划代码", "class": "hj-search"}),
    )
    town = forms.ChoiceField(label="乡镇（街道）", required=False)
    level = forms.ChoiceField(label="层级", required=False, choices=LEVEL_FILTER_CHOICES)
    pilot = forms.ChoiceField(
        label="试点", required=False, choices=[("", "试点：不限"), ("1", "试点"), ("0", "非试点")]
    )
    batch = forms.ChoiceField(label="批次", required=False)
    category = forms.ChoiceField(label="类别", required=False)
    active = forms.ChoiceField(
        label="状态", required=False, choices=[("1", "有效"), ("0", "已撤销"), ("all", "全部状态")]
    )

    def __init__(
        self,
        *args: Any,
        towns: list[tuple[str, str]],
        batches: list[int],
        categories: list[tuple[str, str]] = (),  # type: ignore[assignment]
        **kwargs: Any,
    ) -> None:
        """``towns``: the area tree (org.selectors.area_choices: counties, then their towns,
        indented), searchable as one types; ``categories``: the village categories the user may see
        (core.plugins.unit_categories; none without a planning view)."""
        super().__init__(*args, **kwargs)
        town = _choice_field(self, "town")
        town.choices = [("", "全部乡镇（街道）"), *towns]
        town.widget.attrs["data-hj-searchable"] = "查找乡镇"
        _choice_field(self, "batch").choices = [("", "批次：不限"), *[(str(b), f"第{b}批") for b in batches]]
        _choice_field(self, "category").choices = [("", "类别：不限"), *categories]
        # A filter with nothing to choose from is left out.
        if len(towns) <= 1:
            del self.fields["town"]
        if not batches:
            del self.fields["batch"]
        if not categories:
            del self.fields["category"]


class UnitAttributesForm(BootstrapMixin, VersionedForm):
    """Edit a unit (``record=`` the unit); the create form's record is the parent."""

    name = forms.CharField(label="名称", max_length=100)
    households = forms.IntegerField(label="户数", required=False, min_value=0)
    population = forms.IntegerField(label="人口", required=False, min_value=0)
    party_members = forms.IntegerField(label="党员数", required=False, min_value=0)
    villager_groups = forms.IntegerField(label="村（居）民小组数", required=False, min_value=0)
    batch = forms.IntegerField(label="换届批次", required=False, min_value=1, max_value=99)
    is_pilot = forms.BooleanField(label="试点村（社区）", required=False)


class UnitCreateForm(UnitAttributesForm):
    code = forms.CharField(label="区划代码", max_length=12, min_length=12, help_text="12 位统计用区划代码")
    level = forms.ChoiceField(label="层级")
    field_order = ["code", "level", "name"]

    def __init__(self, *args: Any, levels: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "level").choices = levels


class UnitMoveForm(BootstrapMixin, VersionedForm):
    new_parent: forms.ModelChoiceField = PickedModelChoiceField(
        label="新的上级单位",
        queryset=OrgUnit.objects.none(),
        help_text="输入名称查找，或点击后从列表中选择",
        widget=PickerWidget(placeholder="输入乡镇（街道）或县（市、区）名称查找"),
    )
    new_code = forms.CharField(
        label="新的区划代码",
        required=False,
        max_length=12,
        min_length=12,
        help_text="有统计部门下发的新代码时填写（须以新上级单位的代码开头）；留空则自动编为新上级单位下的下一个空号",
    )
    reason = forms.CharField(label="调整理由", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, parents: Any, search_url: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["new_parent"]
        assert isinstance(field, forms.ModelChoiceField) and isinstance(field.widget, PickerWidget)
        field.queryset = parents
        field.widget.url = search_url
        field.widget.label_for = lambda pk: (
            unit_path_label(parents.filter(pk=pk).first()) if str(pk).isdigit() else ""
        )


class UnitDeactivateForm(BootstrapMixin, VersionedForm):
    reason = forms.CharField(
        label="撤销理由", widget=forms.Textarea(attrs={"rows": 3}), help_text="如：与某村合并、行政区划调整"
    )
