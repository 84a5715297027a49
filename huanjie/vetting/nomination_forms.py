"""Forms of the nomination pages (every field bounded)."""

from __future__ import annotations

from typing import Any

from django import forms

from huanjie.core.forms import BootstrapMixin, BoundedDateField, ProjectMessagesMixin, VersionedForm
from huanjie.vetting.models.nomination import NominationSide, NominatorKind

MAX_VOTES = 100_000
MAX_SEATS = 9


def _count(label: str, *, required: bool = True, hi: int = MAX_VOTES, **kw: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=hi, required=required, **kw)


class _RoundFields(ProjectMessagesMixin, forms.Form):
    method = forms.ChoiceField(label="确定方式", choices=())
    held_on = BoundedDateField(label="提名日期")
    election_day = BoundedDateField(label="选举日")
    seats_chair = _count("主任应选名额", hi=1, initial=1)
    seats_vice = _count("副主任应选名额", hi=MAX_SEATS, initial=0)
    seats_member = _count("委员应选名额", hi=MAX_SEATS)
    registered = _count("登记参加选举的选民数", required=False, help_text="自荐直选可不填")
    participants = _count(
        "参加提名（预选）的选民数",
        required=False,
        help_text="本省办法要求提名（预选）会议过半数选民参加的，计算正式候选人时核对",
    )
    surplus_chair = _count("主任差额", required=False, hi=5, help_text="不填：本省规定的最少差额")
    surplus_vice = _count("副主任差额", required=False, hi=5)
    surplus_member = _count("委员差额", required=False, hi=5)


class RoundOpenForm(BootstrapMixin, _RoundFields):
    side = forms.ChoiceField(label="班子", choices=NominationSide.choices)
    field_order = ["side"]

    def __init__(self, *args: Any, methods: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = methods  # type: ignore[attr-defined]


ROUND_FIELDS = tuple(_RoundFields.base_fields)


class RoundEditForm(BootstrapMixin, VersionedForm, _RoundFields):
    def __init__(self, *args: Any, methods: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = methods  # type: ignore[attr-defined]


class NomineeForm(BootstrapMixin, forms.Form):
    person = forms.TypedChoiceField(label="被提名人", coerce=int, choices=())
    post = forms.ChoiceField(label="职务", choices=())
    nominator = forms.ChoiceField(
        label="提名人", choices=[c for c in NominatorKind.choices if c[0] != NominatorKind.SELF]
    )
    signers = _count("联名人数", hi=10_000, initial=1, help_text="选民联合提名时填写")
    nominated_on = BoundedDateField(label="提名日期")
    votes = _count("提名（预选）得票", initial=0)

    def __init__(
        self, *args: Any, people: list[tuple[int, str]], posts: list[tuple[str, str]], **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.fields["person"].choices = people  # type: ignore[attr-defined]
        self.fields["post"].choices = posts  # type: ignore[attr-defined]


class VotesForm(BootstrapMixin, forms.Form):
    votes = _count("得票")


class PaperForm(BootstrapMixin, forms.Form):
    nominator = forms.CharField(label="提名人姓名", max_length=50)
    choices = forms.CharField(
        label="提名内容", max_length=500, help_text="写成“主任：张三；副主任：李四；委员：王五、赵六”"
    )
    on_roll = forms.BooleanField(label="在选民名单内", required=False, initial=True)
    by_proxy = forms.BooleanField(label="委托他人提名", required=False)


class DatedStepForm(BootstrapMixin, VersionedForm):
    """Confirm the formal candidates or publish the list, on a date."""

    on = BoundedDateField(label="日期")


class QualifyForm(BootstrapMixin, VersionedForm):
    qualified = forms.TypedChoiceField(
        label="选举委员会决定",
        choices=[("1", "符合条件"), ("0", "不符合条件")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    article = forms.ChoiceField(label="法律依据（条文）", choices=())
    basis = forms.CharField(
        label="决定的依据和理由", max_length=250, widget=forms.Textarea(attrs={"rows": 3})
    )
    decided_on = BoundedDateField(label="决定日期")

    def __init__(self, *args: Any, articles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["article"].choices = [(a, a) for a in articles]  # type: ignore[attr-defined]


class WithdrawForm(BootstrapMixin, VersionedForm):
    filed_on = BoundedDateField(label="提出退出日期")
    in_writing = forms.BooleanField(label="以书面形式提出", required=False, initial=True)
    reason = forms.CharField(label="退出情况", max_length=250)


class OpinionForm(BootstrapMixin, forms.Form):
    conclusion = forms.CharField(label="县级联审意见结论", max_length=250)


class SelfRegisterForm(BootstrapMixin, forms.Form):
    person = forms.TypedChoiceField(label="自荐人", coerce=int, choices=())
    post = forms.ChoiceField(label="参选职位", choices=())
    registered_on = BoundedDateField(label="报名日期")
    by_proxy = forms.BooleanField(label="委托他人代为报名", required=False)

    def __init__(
        self, *args: Any, people: list[tuple[int, str]], posts: list[tuple[str, str]], **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.fields["person"].choices = people  # type: ignore[attr-defined]
        self.fields["post"].choices = posts  # type: ignore[attr-defined]
