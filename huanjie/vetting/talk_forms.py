"""Forms of the talks (四必谈): flag a wavering person, record a talk as held."""

from __future__ import annotations

from django import forms

from huanjie.core.forms import BootstrapMixin, BoundedDateField, VersionedForm
from huanjie.vetting.talk_choices import TalkLevel


class TalkFlagForm(BootstrapMixin, forms.Form):
    person = forms.TypedChoiceField(label="谈话对象", coerce=int, choices=())
    level = forms.ChoiceField(label="谈话层级", choices=TalkLevel.choices, initial=TalkLevel.TOWN)
    reason = forms.CharField(label="思想波动情况", max_length=200)

    def __init__(self, *args, people: list[tuple[int, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = people  # type: ignore[attr-defined]


class TalkCompleteForm(BootstrapMixin, VersionedForm):
    done_on = BoundedDateField(label="谈话日期")
    talker = forms.CharField(label="谈话人（姓名、职务）", max_length=100)
    notes = forms.CharField(
        label="谈话主要内容及对象表态", max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
