"""Forms of the party 预备人选 pages (every field bounded)."""

from __future__ import annotations

from typing import Any

from django import forms

from huanjie.core.forms import BootstrapMixin, BoundedDateField, VersionedForm
from huanjie.vetting.party_choices import ASPECTS, FIVE_STRENGTHS, Rating

MAX_VOTES = 100_000


class RequestEditForm(BootstrapMixin, VersionedForm):
    request_no = forms.CharField(label="请示文号", max_length=64, required=False)
    request_date = BoundedDateField(label="请示日期", required=False)


class AttachForm(BootstrapMixin, forms.Form):
    candidates = forms.TypedMultipleChoiceField(
        label="列入请示的人选", coerce=int, choices=(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["candidates"].choices = choices  # type: ignore[attr-defined]


class ActionForm(BootstrapMixin, forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("submit", "报乡镇党委"),
            ("return", "退回"),
            ("approve", "批复同意"),
            ("unlock", "撤回批复"),
        ],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(label="理由", max_length=500, required=False)
    approval_no = forms.CharField(label="批复文号", max_length=64, required=False)
    approval_date = BoundedDateField(label="批复日期", required=False)


class PublicityForm(BootstrapMixin, VersionedForm):
    publicity_start = BoundedDateField(label="公示开始日期")
    publicity_end = BoundedDateField(label="公示结束日期")
    objections = forms.CharField(
        label="公示期间反映的问题", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class WithdrawForm(BootstrapMixin, VersionedForm):
    reason = forms.CharField(label="退出情况", max_length=300)
    on = BoundedDateField(label="退出日期")


def _rating(label: str, *, required: bool = True) -> forms.ChoiceField:
    blank = [] if required else [("", "（非书记人选不评定）")]
    return forms.ChoiceField(label=label, choices=[*blank, *Rating.choices], required=required)


class InspectionForm(BootstrapMixin, VersionedForm):
    narrative = forms.CharField(label="考察意见", max_length=3000, widget=forms.Textarea(attrs={"rows": 4}))
    poll_satisfied = forms.IntegerField(label="民主测评满意票", min_value=0, max_value=MAX_VOTES)
    poll_basic = forms.IntegerField(label="民主测评基本满意票", min_value=0, max_value=MAX_VOTES)
    poll_unsatisfied = forms.IntegerField(label="民主测评不满意票", min_value=0, max_value=MAX_VOTES)
    inspectors = forms.CharField(label="考察组成员", max_length=200)
    inspected_on = BoundedDateField(label="考察日期")

    rating_de = _rating("德")
    rating_neng = _rating("能")
    rating_qin = _rating("勤")
    rating_ji = _rating("绩")
    rating_lian = _rating("廉")
    strength_political = _rating("政治引领力", required=False)
    strength_coverage = _rating("组织覆盖力", required=False)
    strength_cohesion = _rating("群众凝聚力", required=False)
    strength_appeal = _rating("社会号召力", required=False)
    strength_development = _rating("发展推动力", required=False)

    @property
    def aspect_fields(self) -> list[Any]:
        return [self[name] for name, _ in ASPECTS]

    @property
    def strength_fields(self) -> list[Any]:
        return [self[name] for name, _ in FIVE_STRENGTHS]

    @property
    def other_fields(self) -> list[Any]:
        names = (
            "narrative",
            "poll_satisfied",
            "poll_basic",
            "poll_unsatisfied",
            "inspectors",
            "inspected_on",
        )
        return [self[n] for n in names]
