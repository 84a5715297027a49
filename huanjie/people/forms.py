"""Forms for the people pages. They only collect input; the services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms

from huanjie.core.forms import BootstrapMixin, BoundedDateField, DateInput, VersionedForm
from huanjie.people.choices import (
    BODY_CHOICES,
    END_CAUSE_CHOICES,
    ETHNICITY_CHOICES,
    START_CAUSE_CHOICES,
    CommitteeKind,
    Education,
    EndReason,
    PartyOrgForm,
    PoliticalStatus,
    Post,
    RelationKind,
    Sex,
    Source,
)
from huanjie.people.selectors import AGE_BAND_CHOICES

POST_FORM_LABELS = {Post.PARTY_MEMBER: "委员（党组织）", Post.MEMBER: "委员（村/居委会）"}
POST_FILTER_LABELS = {Post.PARTY_MEMBER: "党组织委员", Post.MEMBER: "村（居）委会委员"}


class PersonFilterForm(BootstrapMixin, forms.Form):
    """Filters of the person list; the first option of each select names the filter (one-line bar)."""

    q = forms.CharField(
        label="姓名或身份证号",
        required=False,
        widget=forms.TextInput(attrs={"class": "hj-search"}),
    )
    unit = forms.ChoiceField(label="单位", required=False)
    sex = forms.ChoiceField(label="性别", required=False, choices=[("", "性别：不限"), *Sex.choices])
    education = forms.ChoiceField(
        label="学历", required=False, choices=[("", "学历：不限"), *Education.choices]
    )
    political_status = forms.ChoiceField(
        label="政治面貌", required=False, choices=[("", "政治面貌：不限"), *PoliticalStatus.choices]
    )
    sitting = forms.ChoiceField(label="任职", required=False, choices=[("", "全部人员"), ("1", "仅在任成员")])
    kind = forms.ChoiceField(
        label="班子", required=False, choices=[("", "班子：不限"), *CommitteeKind.choices]
    )
    post = forms.ChoiceField(
        label="职务",
        required=False,
        choices=[("", "职务：不限"), *[(p.value, POST_FILTER_LABELS.get(p, p.label)) for p in Post]],
    )
    age = forms.ChoiceField(label="年龄段", required=False, choices=[("", "年龄段：不限"), *AGE_BAND_CHOICES])
    veteran = forms.ChoiceField(
        label="退役军人",
        required=False,
        choices=[("", "退役军人：不限"), ("1", "退役军人"), ("0", "非退役军人")],
    )
    category = forms.ChoiceField(label="村（社区）类别", required=False)

    def __init__(
        self,
        *args: Any,
        units: list[tuple[str, str]],
        search_hint: str = "",
        categories: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        """``categories``: the village categories the user may see (org.selectors.category_choices;
        none without a planning view, and then no filter)."""
        super().__init__(*args, **kwargs)
        category = self.fields["category"]
        assert isinstance(category, forms.ChoiceField)
        category.choices = [("", "村（社区）类别：不限"), *(categories or [])]
        if not categories:
            del self.fields["category"]
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ChoiceField)
        unit_field.choices = [("", "全部单位"), *units]
        # A long tree gets a search box (huanjie.js) that narrows the options as one types.
        unit_field.widget.attrs["data-hj-searchable"] = "按名称查找单位"
        self.fields["q"].widget.attrs["placeholder"] = search_hint or "姓名"
        self.fields["q"].widget.attrs["title"] = (
            f"{search_hint}（按完整身份证号查询记入审计日志）" if "身份证号" in search_hint else search_hint
        )
        if len(units) <= 1 and not self.data.get("unit"):
            del self.fields["unit"]


class PersonEditForm(BootstrapMixin, VersionedForm):
    name = forms.CharField(label="姓名", max_length=50)
    ethnicity = forms.ChoiceField(label="民族", choices=ETHNICITY_CHOICES)
    political_status = forms.ChoiceField(label="政治面貌", choices=PoliticalStatus.choices)
    party_join_date = forms.DateField(label="入党时间", required=False, widget=DateInput())
    education = forms.ChoiceField(label="全日制学历", required=False, choices=[("", "—"), *Education.choices])
    education_in_service = forms.ChoiceField(
        label="在职学历", required=False, choices=[("", "—"), *Education.choices]
    )
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    occupation = forms.CharField(label="职业", max_length=50, required=False)
    is_veteran = forms.BooleanField(label="退役军人", required=False)
    is_returning_graduate = forms.BooleanField(label="返乡大学生", required=False)


class RelationForm(BootstrapMixin, VersionedForm):
    relative = forms.CharField(
        label="亲属", help_text="输入姓名或完整身份证号（须在您的管辖范围内登记；按身份证号查找记入审计）"
    )
    kind = forms.ChoiceField(
        label="关系", choices=RelationKind.choices, help_text="亲属是本人的……（如：配偶、父母、子女）"
    )


class TenureStartForm(BootstrapMixin, VersionedForm):
    unit = forms.CharField(label="任职村（社区）区划代码", max_length=12, min_length=12)

    def __init__(self, *args: Any, units: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units:
            # A small jurisdiction picks the village from a list instead of typing its code.
            self.fields["unit"] = forms.ChoiceField(label="任职村（社区）", choices=units)
            self.fields["unit"].widget.attrs["class"] = "form-select"

    kind = forms.ChoiceField(label="班子", choices=CommitteeKind.choices)
    party_org_form = forms.ChoiceField(
        label="党组织形式",
        required=False,
        choices=[("", "—"), *PartyOrgForm.choices],
        help_text="仅党组织填写",
    )
    post = forms.ChoiceField(
        label="职务", choices=[(p.value, POST_FORM_LABELS.get(p, p.label)) for p in Post]
    )
    term_number = forms.IntegerField(label="届次", min_value=1, max_value=99)
    start_date = forms.DateField(label="任职日期", widget=DateInput())
    source = forms.ChoiceField(label="来源", required=False, choices=[("", "—"), *Source.choices])


class TenureEndForm(BootstrapMixin, VersionedForm):
    end_date = forms.DateField(label="离任日期", widget=DateInput())
    end_reason = forms.ChoiceField(label="离任原因", choices=EndReason.choices)


class ConflictDecisionForm(BootstrapMixin, forms.Form):
    """The decision on a registration conflict (people.conflicts.conflict_decide validates it)."""

    decision = forms.ChoiceField(
        label="决定",
        choices=[
            ("moved", "迁入：户籍改为拟任职村（社区），原任职调离，并在此任职"),
            ("second_seat", "兼任：保留原登记，在此任职（法律允许时）"),
            ("refused", "不予任职"),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="理由", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, registration: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if registration:
            # A registration (登记人员 page) asks for no seat: move the domicile or refuse.
            decision = self.fields["decision"]
            assert isinstance(decision, forms.ChoiceField)
            decision.choices = [
                ("moved", "迁入：户籍改为申请登记的村（社区）（原任职不变）"),
                ("refused", "不予登记"),
            ]


# -- change sets (issue 9 reqs. 2 and 11): the services check causes, bodies and evidence -----------

_PICK = [("", "请选择")]


class ChangeHeadForm(BootstrapMixin, forms.Form):
    """The date and note of a change set (the date decides which law version applies)."""

    change_date = BoundedDateField(label="变动日期")
    note = forms.CharField(
        label="说明", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class _EvidenceForm(BootstrapMixin, forms.Form):
    body = forms.ChoiceField(label="决定机关", required=False, choices=_PICK + BODY_CHOICES)
    document_number = forms.CharField(label="文件（文书）编号", required=False, max_length=100)
    document_date = BoundedDateField(label="文件日期", required=False)
    note = forms.CharField(label="备注", required=False, max_length=200)


class ChangeEndLineForm(_EvidenceForm):
    """A sitting member who leaves in this change set, with the cause and evidence."""

    leave = forms.BooleanField(label="离任", required=False)
    cause = forms.ChoiceField(label="离任原因", required=False, choices=_PICK + END_CAUSE_CHOICES)

    field_order = ["leave", "cause", "body", "document_number", "document_date", "note"]


class ChangeStartLineForm(_EvidenceForm):
    """A person who joins a committee in this change set (left blank: no line)."""

    person = forms.ChoiceField(label="人员", required=False)
    kind = forms.ChoiceField(label="班子", required=False)
    post = forms.ChoiceField(
        label="职务",
        required=False,
        choices=_PICK + [(p.value, POST_FORM_LABELS.get(p, p.label)) for p in Post],
    )
    term_number = forms.IntegerField(label="届次", required=False, min_value=1, max_value=99)
    cause = forms.ChoiceField(label="任职原因", required=False, choices=_PICK + START_CAUSE_CHOICES)

    field_order = [
        "person",
        "kind",
        "post",
        "term_number",
        "cause",
        "body",
        "document_number",
        "document_date",
        "note",
    ]

    def __init__(
        self, *args: Any, persons: list[tuple[str, str]], kinds: list[tuple[str, str]], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = _PICK + persons  # type: ignore[attr-defined]
        self.fields["kind"].choices = _PICK + kinds  # type: ignore[attr-defined]


class ChangeDecisionForm(BootstrapMixin, forms.Form):
    """The town's answer to a proposal: confirm, or return with a reason; ``version`` is the
    proposal's version as the page showed it (two confirmations: the second is refused)."""

    action = forms.ChoiceField(label="操作", choices=[("confirm", "确认并生效"), ("return", "退回")])
    reason = forms.CharField(
        label="退回理由", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
