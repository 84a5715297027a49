"""Forms of the planning pages: every field bounded (lengths, numbers, dates)."""

from __future__ import annotations

from django import forms

from huanjie.accounts.roles import VETTING_DEPARTMENTS
from huanjie.core.forms import BootstrapMixin, BoundedDateField, ProjectMessagesMixin, VersionedForm
from huanjie.people.choices import PartyOrgForm
from huanjie.planning import choices as member_choices
from huanjie.planning.choices import (
    BodyKind,
    Grade,
    GuidanceSeverity,
    MemberView,
    NegativeTier,
    Problem,
    ResponsibilityRole,
    RiskFlag,
    SeatBody,
    VillageCategory,
)
from huanjie.planning.models import profile_choices
from huanjie.rules.campaign import APPLIES_TO as GUIDANCE_APPLIES_TO
from huanjie.rules.campaign import BASELINES
from huanjie.rules.campaign import DEFINITIONS as TARGET_DEFINITIONS
from huanjie.rules.campaign import POSTS as GUIDANCE_POSTS
from huanjie.rules.structure import EDUCATION_LEVELS


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

    pledge_blocks_party = forms.BooleanField(
        label="未签订换届纪律承诺书的党组织预备人选不得确定（镇党委不得批准）",
        required=False,
        help_text="不勾选时只作提示；村（居）民委员会候选人始终只作提示",
    )


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


# ---------------------------------------------------------------------------------------------
# Campaign settings (issue 10 req. 1)

_LONG = {"rows": 2}


class BodyForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label="类别", choices=BodyKind.choices)
    name = forms.CharField(label="名称", max_length=100)
    head = forms.CharField(label="负责人", max_length=100, required=False)
    members = forms.CharField(
        label="组成人员", max_length=500, required=False, widget=forms.Textarea(attrs=_LONG)
    )
    duties = forms.CharField(label="职责", max_length=500, required=False, widget=forms.Textarea(attrs=_LONG))


class PersonForm(BootstrapMixin, forms.Form):
    unit = forms.ChoiceField(label="单位", choices=())
    role = forms.ChoiceField(label="责任", choices=ResponsibilityRole.choices)
    name = forms.CharField(label="姓名", max_length=50)
    position = forms.CharField(label="职务", max_length=100)

    def __init__(self, *args, units: list[tuple[str, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units  # type: ignore[attr-defined]


class TaskForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label="任务", max_length=200)
    owner = forms.CharField(label="牵头单位", max_length=100)
    deadline = BoundedDateField(label="完成时限")


def _target_choices() -> list[tuple[str, str]]:
    return [(code, d.label) for code, d in TARGET_DEFINITIONS.items()]


class TargetFieldsMixin(forms.Form):
    label = forms.CharField(label="名称", max_length=100, required=False)
    low = forms.DecimalField(
        label="目标下限（岁、百分数或人数）", min_value=0, max_value=9999, decimal_places=2
    )
    high = forms.DecimalField(
        label="目标上限（不设上限的请留空）", min_value=0, max_value=9999, decimal_places=2, required=False
    )
    baseline = forms.ChoiceField(
        label="平均年龄的比较基准", choices=[("", "（不适用）"), *BASELINES.items()], required=False
    )
    baseline_date = BoundedDateField(label="基准日期（以指定日期在任成员为基准时）", required=False)
    majors = forms.CharField(label="对口专业（以顿号分隔）", max_length=500, required=False)


class TargetForm(BootstrapMixin, TargetFieldsMixin):
    code = forms.ChoiceField(label="目标", choices=())
    field_order = ["code", "label", "low", "high", "baseline", "baseline_date", "majors"]

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = _target_choices()  # type: ignore[attr-defined]


class TargetEditForm(BootstrapMixin, TargetFieldsMixin, VersionedForm):
    """A target's label and parameters as loaded (a stale save is refused with the differences)."""


class NegativeForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label="编号", max_length=10)
    text = forms.CharField(label="内容", max_length=300, widget=forms.Textarea(attrs=_LONG))
    tier = forms.ChoiceField(label="类别", choices=NegativeTier.choices)
    lookback_years = forms.IntegerField(
        label="追溯年限（年，不限的请留空）", min_value=1, max_value=50, required=False
    )
    department = forms.CharField(label="提供部门", max_length=50)


class GuidanceForm(BootstrapMixin, forms.Form):
    post = forms.ChoiceField(label="适用职务", choices=list(GUIDANCE_POSTS.items()))
    applies_to = forms.ChoiceField(label="适用人员", choices=list(GUIDANCE_APPLIES_TO.items()))
    age_limit_male = forms.IntegerField(label="男性年满（周岁）", min_value=18, max_value=100, required=False)
    age_limit_female = forms.IntegerField(
        label="女性年满（周岁）", min_value=18, max_value=100, required=False
    )
    min_education = forms.ChoiceField(
        label="最低学历", choices=[("", "（不要求）"), *((e, e) for e in EDUCATION_LEVELS)], required=False
    )
    cutoff = BoundedDateField(label="年龄计算截止日期")
    severity = forms.ChoiceField(label="处理", choices=GuidanceSeverity.choices)
    citation = forms.CharField(label="依据", max_length=200)


class DepartmentForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="部门", max_length=50)
    department = forms.ChoiceField(
        label="对应联审部门账号",
        choices=[("", "（按部门名称自动对应）"), *VETTING_DEPARTMENTS],
        required=False,
    )
    checks = forms.CharField(label="审查内容", max_length=300, widget=forms.Textarea(attrs=_LONG))
    days = forms.IntegerField(label="办理时限（天）", min_value=1, max_value=90)
