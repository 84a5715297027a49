"""Forms of the rectification, postponement, economic audit and reserve cadre pages (every field
bounded)."""

from __future__ import annotations

from django import forms

from huanjie.core.forms import BootstrapMixin, BoundedDateField, VersionedForm
from huanjie.planning.rectification_choices import (
    AuditItemChoice,
    AuditOrganiser,
    PostponedBody,
    ReserveSource,
    Track,
)


class UnitForm(BootstrapMixin, forms.Form):
    unit = forms.ChoiceField(label="村（社区）", choices=())

    def __init__(self, *args, units: list[tuple[str, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units  # type: ignore[attr-defined]


class RectificationEditForm(BootstrapMixin, VersionedForm):
    measures = forms.CharField(
        label="整顿措施（一村一策）",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class TaskForm(BootstrapMixin, forms.Form):
    track = forms.ChoiceField(label="整治方向", choices=Track.choices)
    title = forms.CharField(label="任务", max_length=200)
    owner = forms.CharField(label="责任人", max_length=50)
    deadline = BoundedDateField(label="完成时限")
    progress = forms.IntegerField(label="完成进度", min_value=0, max_value=100, initial=0)
    progress_notes = forms.CharField(
        label="进展情况", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TaskEditForm(TaskForm, VersionedForm):
    """A task as loaded (a stale save is refused with the differences)."""


class EvidenceForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label="佐证材料", max_length=200)


class PostponementForm(BootstrapMixin, forms.Form):
    body = forms.ChoiceField(label="延期对象", choices=PostponedBody.choices)
    due_date = BoundedDateField(label="原定（届满）日期")
    new_date = BoundedDateField(label="延期至")
    reason = forms.CharField(label="延期理由", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class PostponementEditForm(BootstrapMixin, VersionedForm):
    due_date = BoundedDateField(label="原定（届满）日期")
    new_date = BoundedDateField(label="延期至")
    reason = forms.CharField(label="延期理由", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class ApprovalForm(BootstrapMixin, forms.Form):
    document_no = forms.CharField(label="文件编号", max_length=64)
    date = BoundedDateField(label="日期")


class AuditForm(BootstrapMixin, forms.Form):
    organiser = forms.ChoiceField(label="组织单位", choices=AuditOrganiser.choices)
    auditor = forms.CharField(label="审计实施单位", max_length=100)
    started_on = BoundedDateField(label="审计开始日期")
    items = forms.MultipleChoiceField(
        label="审计事项", choices=AuditItemChoice.choices, widget=forms.CheckboxSelectMultiple
    )
    villagers_requested = forms.CharField(
        label="村民要求审计的其他事项",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    findings = forms.CharField(
        label="审计发现", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    published_on = BoundedDateField(label="结果公布日期", required=False)

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        # Plain check boxes, not a select box (BootstrapMixin styles every SelectMultiple as one).
        self.fields["items"].widget.attrs.pop("class", None)


class AuditNewForm(UnitForm, AuditForm):
    """A new audit: the village and the audit's fields."""


class AuditEditForm(AuditForm, VersionedForm):
    """An audit as loaded (a stale save is refused with the differences)."""


class ReserveForm(BootstrapMixin, forms.Form):
    source = forms.ChoiceField(label="来源", choices=ReserveSource.choices)
    notes = forms.CharField(
        label="培养情况", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    added_on = BoundedDateField(label="纳入日期")


class ReserveNewForm(ReserveForm):
    person = forms.TypedChoiceField(label="人员", coerce=int, choices=())
    field_order = ["person", "source", "added_on", "notes"]

    def __init__(self, *args, people: list[tuple[int, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = people  # type: ignore[attr-defined]


class ReserveEditForm(ReserveForm, VersionedForm):
    active = forms.BooleanField(label="在库", required=False)
