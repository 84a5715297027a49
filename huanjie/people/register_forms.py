"""Forms of the 登记人员 page and of the near relative registered on the spot (issue 9, req. 3).

They only collect input; people.registration checks the ID (GB 11643-1999) and writes. The ID field
accepts what officials paste from documents: full-width digits and ``Ｘ`` become half-width,
spaces go; any other character is refused with its position.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.utils import timezone

from huanjie.core.forms import BootstrapMixin, DateInput
from huanjie.people.choices import ETHNICITY_CHOICES, Education, PoliticalStatus, RelationKind, Sex
from huanjie.people.forms import RelationForm
from huanjie.rules.ids import InvalidCitizenId, parse_citizen_id

ID_HELP = "18 位公民身份号码（15 位旧号码自动升位）；性别和出生日期由身份证号确定"
SEX_CHOICES = [("", "按身份证号"), *Sex.choices]


def clean_citizen_id(raw: str) -> str:
    """Full-width digits and Ｘ become half-width (NFKC), spaces go; a character that is neither a
    digit nor X is refused with its position; then the number is checked (GB 11643-1999: length,
    region, birth date, check character — rules.ids)."""
    text = "".join(unicodedata.normalize("NFKC", raw).split())
    for i, ch in enumerate(text, start=1):
        if not (ch.isascii() and (ch.isdigit() or ch in "Xx")):
            raise forms.ValidationError(
                f"身份证号只能由数字和字母 X 组成：第 {i} 位“{ch}”不是（请检查是否夹带汉字或符号）"
            )
    try:
        # Checked here too so that every error of the form shows at once (the service re-checks).
        parse_citizen_id(text, today=timezone.localdate())
    except InvalidCitizenId as exc:
        raise forms.ValidationError(f"身份证号无效：{exc.reason}") from exc
    return text


def _unit_field(units: list[tuple[str, str]] | None, label: str) -> forms.Field:
    """Villages and communities of the jurisdiction to pick from (grouped by town); a jurisdiction
    too large to list them types the 12-digit code."""
    if units is None:
        return forms.CharField(
            label=f"{label}区划代码", max_length=12, min_length=12, help_text="村（社区）的 12 位区划代码"
        )
    return forms.ChoiceField(label=label, choices=[("", "请选择村（社区）"), *units])


class PersonRegisterForm(BootstrapMixin, forms.Form):
    """The 登记人员 page: a person who may hold no post yet (a candidate, a relative…)."""

    citizen_id = forms.CharField(label="身份证号", max_length=40, help_text=ID_HELP)
    name = forms.CharField(label="姓名", max_length=50)
    sex = forms.ChoiceField(
        label="性别", required=False, choices=SEX_CHOICES, help_text="可不选；选择的须与身份证号一致"
    )
    unit = forms.CharField(label="户籍所在村（社区）")
    ethnicity = forms.ChoiceField(label="民族", choices=ETHNICITY_CHOICES, initial="汉族")
    political_status = forms.ChoiceField(
        label="政治面貌", choices=PoliticalStatus.choices, initial=PoliticalStatus.MASSES
    )
    party_join_date = forms.DateField(label="入党时间", required=False, widget=DateInput())
    education = forms.ChoiceField(label="全日制学历", required=False, choices=[("", "—"), *Education.choices])
    education_in_service = forms.ChoiceField(
        label="在职学历", required=False, choices=[("", "—"), *Education.choices]
    )
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    occupation = forms.CharField(label="职业", max_length=50, required=False)
    is_veteran = forms.BooleanField(label="退役军人", required=False)
    is_returning_graduate = forms.BooleanField(label="返乡大学生", required=False)

    def __init__(self, *args: Any, units: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = _unit_field(units, "户籍所在村（社区）")
        self._restyle()

    def _restyle(self) -> None:
        # BootstrapMixin styled the fields present at its __init__; the unit field is new.
        widget = self.fields["unit"].widget
        widget.attrs.setdefault(
            "class", "form-select" if isinstance(widget, forms.Select) else "form-control"
        )

    def clean_citizen_id(self) -> str:
        return clean_citizen_id(self.cleaned_data["citizen_id"])


class RelationPickForm(RelationForm):
    """添加近亲属: pick a registered person (typed name or ID, a list when several match) or, when
    the relative is not registered, register them here (name, ID, sex, domicile) — a spouse who
    holds no post included. Either ``relative``/``relative_pk`` or ``citizen_id`` + ``name``."""

    relative_pk = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    name = forms.CharField(label="姓名", max_length=50, required=False)
    citizen_id = forms.CharField(label="身份证号", max_length=40, required=False, help_text=ID_HELP)
    sex = forms.ChoiceField(label="性别", required=False, choices=SEX_CHOICES)
    unit = forms.CharField(label="户籍所在村（社区）", required=False)

    def __init__(self, *args: Any, units: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["relative"].required = False
        self.fields[
            "relative"
        ].help_text = (
            "输入姓名（或完整身份证号）查找已登记人员，从列表中选择；未登记的请在下方“登记新亲属”填写"
        )
        self.fields["relative"].widget.attrs["autocomplete"] = "off"
        unit = _unit_field(units, "户籍所在村（社区）")
        unit.required = False
        unit.help_text = "默认为本人户籍所在村（社区）"
        self.fields["unit"] = unit
        widget = unit.widget
        widget.attrs.setdefault(
            "class", "form-select" if isinstance(widget, forms.Select) else "form-control"
        )
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", "请选择"), *RelationKind.choices]

    def clean_citizen_id(self) -> str:
        raw = self.cleaned_data.get("citizen_id") or ""
        return clean_citizen_id(raw) if raw else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # A person ticked in the list, or a new relative filled in below (the typed name is then
        # only what was searched), or else the typed name or ID resolved by the view.
        registering = bool(data.get("citizen_id") or (data.get("name") or "").strip())
        if registering and data.get("relative_pk"):
            self.add_error("relative", "请只选择一种方式：取消列表中的选择，或清空下方新亲属各项")
        elif registering:
            if not data.get("citizen_id") and "citizen_id" not in self.errors:
                self.add_error("citizen_id", "登记新亲属须填写身份证号")
            if not (data.get("name") or "").strip():
                self.add_error("name", "登记新亲属须填写姓名")
        elif not data.get("relative_pk") and not (data.get("relative") or "").strip():
            self.add_error("relative", "请查找并选择已登记的亲属，或在下方登记新亲属")
        self.registering = registering
        return data

    @property
    def new_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("name", "citizen_id", "sex", "unit")]

    @property
    def pick_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("relative", "kind")]
