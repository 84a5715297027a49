"""Forms of the procedure pages (every field bounded)."""

from __future__ import annotations

from typing import Any

from django import forms

from huanjie.core.forms import BootstrapMixin, BoundedDateField, VersionedForm
from huanjie.elections.choices import Body, Kind
from huanjie.elections.procedure_choices import ActKind

MAX_ORDER = 99


class ElectionNewForm(BootstrapMixin, forms.Form):
    unit = forms.ChoiceField(label="村（社区）", choices=())
    body = forms.ChoiceField(label="选举对象", choices=Body.choices)
    kind = forms.ChoiceField(label="选举类型", choices=Kind.choices)
    body_label = forms.CharField(label="组织名称（可不填）", max_length=50, required=False)

    def __init__(self, *args: Any, units: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units  # type: ignore[attr-defined]


class ScheduleForm(BootstrapMixin, VersionedForm):
    election_day = BoundedDateField(label="选举日")
    batch = forms.TypedChoiceField(label="批次", coerce=int, choices=(), required=False, empty_value=None)

    def __init__(self, *args: Any, batches: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["batch"].choices = [("", "（不分批次）"), *batches]  # type: ignore[attr-defined]


class DependenciesForm(BootstrapMixin, VersionedForm):
    depends_on = forms.TypedMultipleChoiceField(
        label="须先于本选举举行的选举",
        coerce=int,
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    order = forms.IntegerField(label="顺序", min_value=1, max_value=MAX_ORDER)

    def __init__(self, *args: Any, siblings: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["depends_on"].choices = siblings  # type: ignore[attr-defined]


class BoundaryForm(BootstrapMixin, forms.Form):
    approved_on = BoundedDateField(label="区划批复日期")
    document_no = forms.CharField(label="批复文号", max_length=64)


class StepForm(BootstrapMixin, forms.Form):
    key = forms.ChoiceField(label="程序步骤", choices=())
    done_on = BoundedDateField(label="实际日期")
    evidence = forms.FileField(label="佐证材料（文件或照片）", required=False, max_length=200)
    reason = forms.CharField(
        label="情况说明（逾期、提前或顺序不符时必填）",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, steps: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = steps  # type: ignore[attr-defined]


class ActForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label="类别", choices=ActKind.choices)
    document_no = forms.CharField(label="文件编号", max_length=64)
    date = BoundedDateField(label="日期")
    note = forms.CharField(
        label="说明", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class StepCorrectForm(BootstrapMixin, forms.Form):
    step = forms.TypedChoiceField(label="更正的步骤", coerce=int, choices=())
    done_on = BoundedDateField(label="更正后的实际日期（不改日期可不填）", required=False)
    evidence = forms.FileField(label="更正后的佐证材料（不改可不选）", required=False, max_length=200)
    reason = forms.CharField(label="更正原因", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    situation = forms.CharField(
        label="情况说明（更正后逾期、提前或顺序不符时必填）",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, steps: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = steps  # type: ignore[attr-defined]


class AlertAckForm(BootstrapMixin, forms.Form):
    step = forms.TypedChoiceField(label="违规提醒", coerce=int, choices=())
    note = forms.CharField(label="处理意见", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, steps: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = steps  # type: ignore[attr-defined]
