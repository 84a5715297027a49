"""Forms of the planning pages: every field bounded (lengths, numbers, dates)."""

from __future__ import annotations

from django import forms

from huanjie.core.forms import BootstrapMixin, BoundedDateField, ProjectMessagesMixin, VersionedForm
from huanjie.people.choices import PartyOrgForm
from huanjie.planning import choices as member_choices
from huanjie.planning.choices import Grade, MemberView, Problem, RiskFlag, SeatBody, VillageCategory
from huanjie.planning.models import profile_choices


class CampaignForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    profile_code = forms.ChoiceField(label="省级配置", choices=())
    window_start = BoundedDateField(label="换届开始日期")
    window_end = BoundedDateField(label="换届结束日期")

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["profile_code"].choices = profile_choices()  # type: ignore[attr-defined]


class CampaignEditForm(CampaignForm, VersionedForm):
    """The campaign's settings as loaded (a stale save is refused with the differences)."""


class MilestoneForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="节点名称", max_length=100)
    date = BoundedDateField(label="日期")


class BatchForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="批次名称", max_length=50)
    start = BoundedDateField(label="开始日期")
    end = BoundedDateField(label="结束日期")


class ActionForm(BootstrapMixin, forms.Form):
    action = forms.CharField(max_length=20, widget=forms.HiddenInput)
    reason = forms.CharField(label="理由", max_length=500, required=False)


class CommitteeSeatsForm(BootstrapMixin, forms.Form):
    members = forms.IntegerField(label="村（居）民委员会职数", min_value=1, max_value=99)
    decided_by = forms.ChoiceField(label="决定机构", choices=SeatBody.choices)
    decision_date = BoundedDateField(label="决定日期")
    document_no = forms.CharField(label="文件编号", max_length=64)


class PartySeatsForm(BootstrapMixin, forms.Form):
    members = forms.IntegerField(label="党组织委员职数", min_value=1, max_value=99)
    form = forms.ChoiceField(label="组织形式", choices=PartyOrgForm.choices)
    request_no = forms.CharField(label="请示文号", max_length=64)
    request_date = BoundedDateField(label="请示日期")
    approval_no = forms.CharField(label="镇党委批复文号", max_length=64)
    approval_date = BoundedDateField(label="批复日期")


class AssessmentNewForm(BootstrapMixin, forms.Form):
    unit = forms.ChoiceField(label="村（社区）", choices=())

    def __init__(self, *args, units: list[tuple[str, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units  # type: ignore[attr-defined]


class AssessmentForm(BootstrapMixin, forms.Form):
    grade = forms.ChoiceField(label="班子总体评价", choices=Grade.choices)
    category = forms.ChoiceField(label="村（社区）类别", choices=VillageCategory.choices)
    problems = forms.MultipleChoiceField(
        label="存在问题", choices=Problem.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    risks = forms.MultipleChoiceField(
        label="风险点", choices=RiskFlag.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(
        label="研判意见", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AssessmentEditForm(AssessmentForm, VersionedForm):
    """The assessment as loaded (a stale save is refused with the differences)."""


class MemberViewForm(BootstrapMixin, forms.Form):
    tenure = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    view = forms.ChoiceField(label="意见", choices=MemberView.choices)
    reason = forms.CharField(label="理由", max_length=500)
    income = forms.ChoiceField(
        label="收入待遇", choices=[("", "—"), *member_choices.Income.choices], required=False
    )
    ability = forms.ChoiceField(
        label="能力本领", choices=[("", "—"), *member_choices.Ability.choices], required=False
    )


class BulkApproveForm(ProjectMessagesMixin, forms.Form):
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=(), required=True)

    def __init__(self, *args, choices: list[tuple[int, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = choices  # type: ignore[attr-defined]
