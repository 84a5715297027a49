"""Forms of the election committee, proxies and polling plan pages (every field bounded)."""

from __future__ import annotations

from django import forms

from huanjie.core.forms import BootstrapMixin, BoundedDateField
from huanjie.elections.models import ChosenBy, SeatRole, StaffRole, VenueKind, VotingMode

MAX_VOTES = 100_000
MAX_BOOTHS = 50


class _People(BootstrapMixin, forms.Form):
    """A form choosing people of the village (the selector hands the choices)."""

    people_fields: tuple[str, ...] = ()

    def __init__(self, *args, people: list[tuple[int, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for name in self.people_fields:
            self.fields[name].choices = people  # type: ignore[attr-defined]


class CommitteeForm(BootstrapMixin, forms.Form):
    chosen_by = forms.ChoiceField(label="推选方式", choices=ChosenBy.choices)
    chosen_on = BoundedDateField(label="推选日期")
    filed_on = BoundedDateField(label="报乡镇备案日期", required=False)


class SeatForm(_People):
    people_fields = ("person",)
    person = forms.TypedChoiceField(label="人员", coerce=int, choices=())
    role = forms.ChoiceField(label="职务", choices=SeatRole.choices)
    votes = forms.IntegerField(label="推选得票", min_value=0, max_value=MAX_VOTES, required=False)
    joined_on = BoundedDateField(label="任职日期（另行推选的，填另行推选日期）", required=False)


class WithdrawForm(BootstrapMixin, forms.Form):
    on = BoundedDateField(label="退出日期")
    reason = forms.CharField(label="出缺原因（无须退出的提名时填写）", max_length=300, required=False)


class FillForm(BootstrapMixin, forms.Form):
    on = BoundedDateField(label="递补日期")


class ProxyForm(_People):
    people_fields = ("principal", "proxy")
    principal = forms.TypedChoiceField(label="委托人", coerce=int, choices=())
    proxy = forms.TypedChoiceField(label="受委托人", coerce=int, choices=())
    requested_on = BoundedDateField(label="委托日期")


class PlanForm(BootstrapMixin, forms.Form):
    central_venue = forms.CharField(label="中心投票会场", max_length=200)
    central_booths = forms.IntegerField(
        label="秘密写票处（个）", min_value=0, max_value=MAX_BOOTHS, initial=1
    )
    mode = forms.ChoiceField(label="投票方式", choices=VotingMode.choices, initial=VotingMode.ALL_VOTERS)
    meeting_on = BoundedDateField(label="候选人与选民见面（竞职陈述）日期", required=False)
    meeting_place = forms.CharField(label="见面地点", max_length=200, required=False)
    proxy_list_published_on = BoundedDateField(label="委托投票名单公布日期", required=False)


class VenueForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label="类型", choices=VenueKind.choices)
    name = forms.CharField(label="名称", max_length=100)
    place = forms.CharField(label="地点或范围", max_length=200, required=False)
    booths = forms.IntegerField(label="秘密写票处（个）", min_value=0, max_value=MAX_BOOTHS, initial=1)
    approved = forms.BooleanField(label="乡镇已批准（流动票箱）", required=False)
    approval_no = forms.CharField(label="批准文号", max_length=64, required=False)


class StaffForm(_People):
    people_fields = ("person",)
    person = forms.TypedChoiceField(label="人员", coerce=int, choices=())
    role = forms.ChoiceField(label="工作职责", choices=StaffRole.choices)
    venue = forms.TypedChoiceField(
        label="投票站（监票人）", coerce=int, choices=(), required=False, empty_value=None
    )

    def __init__(self, *args, venues: list[tuple[int, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["venue"].choices = [("", "中心会场"), *venues]  # type: ignore[attr-defined]
