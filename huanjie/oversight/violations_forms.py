"""Forms of the violations register (三个一律): registration (with one person concerned and one
evidence file; more are added on the case's page), a further person, evidence, the decision with
the consequences it orders (winners declared void, the election declared void, an accountability),
a later accountability, and the list's filters. Project messages, Bootstrap."""

from __future__ import annotations

from typing import Any

from django import forms

from huanjie.core.forms import BootstrapMixin, BoundedDateField, ProjectMessagesMixin
from huanjie.core.pickers import PickedModelChoiceField, PickerWidget
from huanjie.elections.models import Election
from huanjie.org.models import OrgUnit
from huanjie.oversight.models import ViolationParty
from huanjie.oversight.petitions_forms import OVERDUE_CHOICES, _label
from huanjie.oversight.violations_choices import Body, Measure, PartyRole, ViolationKind
from huanjie.planning.models import Campaign
from huanjie.vetting.models import Candidate

ROLE_CHOICES = [("", "请选择"), *PartyRole.choices]


def _candidate_field() -> PickedModelChoiceField:
    return PickedModelChoiceField(
        label="涉案候选人（查实后进入其资格审查）",
        queryset=Candidate.objects.none(),
        required=False,
        widget=PickerWidget(
            url_name="oversight_petitions:candidate_pick", placeholder="输入姓名查找（可不填）"
        ),
    )


class CaseForm(BootstrapMixin, forms.Form):
    campaign = forms.ModelChoiceField(label="换届工作", queryset=Campaign.objects.none(), empty_label=None)
    unit = forms.ModelChoiceField(
        label="所涉村（社区）", queryset=OrgUnit.objects.none(), empty_label="请选择"
    )
    election = PickedModelChoiceField(
        label="所涉选举",
        queryset=Election.objects.none(),
        required=False,
        widget=PickerWidget(
            url_name="oversight_violations:election_pick", placeholder="输入村名查找（可不填）"
        ),
    )
    kind = forms.ChoiceField(label="违纪违规类型", choices=ViolationKind.choices)
    summary = forms.CharField(label="案情摘要", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    registered_on = BoundedDateField(label="立案日期")
    investigating_body = forms.ChoiceField(label="调查机关", choices=Body.choices)
    investigator_name = forms.CharField(label="调查机关名称", max_length=100, required=False)
    due_on = BoundedDateField(label="办结期限")
    party_name = forms.CharField(label="涉案人员姓名", max_length=50, required=False)
    party_role = forms.ChoiceField(label="涉案人员身份", choices=ROLE_CHOICES, required=False)
    party_candidate = _candidate_field()
    file = forms.FileField(label="证据材料", max_length=200, required=False)

    def __init__(
        self, *args: Any, campaigns: Any, units: Any, elections: Any, candidates: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["election"].queryset = elections  # type: ignore[attr-defined]
        self.fields["party_candidate"].queryset = candidates  # type: ignore[attr-defined]
        self.fields["election"].widget.label_for = lambda v: _label(elections, v)
        self.fields["party_candidate"].widget.label_for = lambda v: _label(candidates, v)


class PartyForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="姓名", max_length=50, required=False)
    role = forms.ChoiceField(label="身份", choices=ROLE_CHOICES, required=False)
    candidate = _candidate_field()
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = candidates  # type: ignore[attr-defined]
        self.fields["candidate"].widget.label_for = lambda v: _label(candidates, v)


class FileForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label="证据材料", max_length=200)


class AccountabilityFields(ProjectMessagesMixin, forms.Form):
    acc_name = forms.CharField(label="被问责人", max_length=50, required=False)
    acc_position = forms.CharField(label="单位职务", max_length=100, required=False)
    acc_measure = forms.ChoiceField(
        label="问责方式", choices=[("", "请选择"), *Measure.choices], required=False
    )
    acc_decided_by = forms.CharField(label="问责机关", max_length=100, required=False)
    acc_document_no = forms.CharField(label="问责文号", max_length=100, required=False)
    acc_decided_on = BoundedDateField(label="问责日期", required=False)

    def accountability(self) -> dict[str, Any] | None:
        d = self.cleaned_data
        if not any(d.get(f"acc_{k}") for k in ("name", "position", "measure", "decided_by", "document_no")):
            return None
        return {
            k: d.get(f"acc_{k}") or ("" if k != "decided_on" else None)
            for k in ("name", "position", "measure", "decided_by", "document_no", "decided_on")
        }


class AccountabilityForm(BootstrapMixin, AccountabilityFields):
    pass


class DecideForm(BootstrapMixin, AccountabilityFields):
    decision_body = forms.ChoiceField(label="决定机关", choices=Body.choices)
    decision_body_name = forms.CharField(label="决定机关名称", max_length=100, required=False)
    document_no = forms.CharField(label="决定文号", max_length=100)
    decided_on = BoundedDateField(label="决定日期")
    decision = forms.CharField(label="处理决定", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    item_code = forms.ChoiceField(label="对应负面清单（涉及候选人的必选）", choices=(), required=False)
    void_winners = forms.ModelMultipleChoiceField(
        label="宣布当选无效的当选人",
        queryset=ViolationParty.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    void_election = forms.BooleanField(label="宣布本次选举无效（重新选举）", required=False)

    field_order = [
        "decision_body",
        "decision_body_name",
        "document_no",
        "decided_on",
        "decision",
        "item_code",
        "void_winners",
        "void_election",
    ]

    def __init__(self, *args: Any, items: list[tuple[str, str]], winners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item_code"].choices = [("", "不对应"), *items]  # type: ignore[attr-defined]
        self.fields["void_winners"].queryset = winners  # type: ignore[attr-defined]


class ActionForm(BootstrapMixin, forms.Form):
    action = forms.CharField(max_length=20, widget=forms.HiddenInput)
    reason = forms.CharField(label="理由", max_length=500, required=False)


class CaseFilterForm(BootstrapMixin, forms.Form):
    jurisdiction = forms.ChoiceField(label="辖区", required=False)
    status = forms.ChoiceField(label="状态", required=False)
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "全部类型"), *ViolationKind.choices])
    overdue = forms.ChoiceField(label="逾期", required=False, choices=OVERDUE_CHOICES)

    def __init__(
        self, *args: Any, jurisdictions: list[tuple[str, str]], states: dict[str, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].choices = [("", "全部辖区"), *jurisdictions]  # type: ignore[attr-defined]
        self.fields["status"].choices = [("", "全部状态"), *states.items()]  # type: ignore[attr-defined]
