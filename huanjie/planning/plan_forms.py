"""Forms of the personnel plan pages: every field bounded."""

from __future__ import annotations

from django import forms

from huanjie.core.forms import BootstrapMixin
from huanjie.people.choices import Sex
from huanjie.planning.plan_workflow import Decision, SeatPost, SeatSide


class PlanNewForm(BootstrapMixin, forms.Form):
    unit = forms.ChoiceField(label="村（社区）", choices=())

    def __init__(self, *args, units: list[tuple[str, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units  # type: ignore[attr-defined]


class SeatForm(BootstrapMixin, forms.Form):
    side = forms.ChoiceField(label="班子", choices=SeatSide.choices)
    post = forms.ChoiceField(label="职务", choices=SeatPost.choices)
    decision = forms.ChoiceField(label="安排（进退留转）", choices=Decision.choices)
    person = forms.TypedChoiceField(label="人选", coerce=int, choices=())
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, people: list[tuple[int, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "请选择"), *people]  # type: ignore[attr-defined]


class RegisterSeatForm(BootstrapMixin, forms.Form):
    """A new person registered on the spot (people's registration service) and entered (进)."""

    citizen_id = forms.CharField(label="身份证号", max_length=18)
    name = forms.CharField(label="姓名", max_length=50)
    side = forms.ChoiceField(label="班子", choices=SeatSide.choices)
    post = forms.ChoiceField(label="职务", choices=SeatPost.choices)
    sex = forms.ChoiceField(label="性别", choices=[("", "按身份证号"), *Sex.choices], required=False)
    note = forms.CharField(label="备注", max_length=200, required=False)
