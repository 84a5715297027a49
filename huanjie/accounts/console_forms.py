"""Forms of the administrators' consoles. Field checks only: rules live in the services."""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator

from huanjie.accounts.console_selectors import ACTION_LABELS, AuditFilters, account_label, unit_label
from huanjie.accounts.roles import ROLE_CHOICES, VETTING_DEPARTMENTS
from huanjie.core.forms import BootstrapMixin, BoundedDateField, VersionedForm
from huanjie.core.pickers import PickerWidget


def _picker_labels(form: forms.Form, actor: Any, *, account: str, unit: str) -> None:
    """A form shown again names what was picked (王新（newop）, 澜溪县 › 泉园镇), not its code."""
    if actor is None:
        return
    for name, label_for in ((account, account_label), (unit, unit_label)):
        widget = form.fields[name].widget
        assert isinstance(widget, PickerWidget)
        widget.label_for = lambda value, f=label_for: f(actor, value)  # type: ignore[misc]


class AuditFilterForm(BootstrapMixin, forms.Form):
    date_from = BoundedDateField(label="起始日期", required=False)
    date_to = BoundedDateField(label="截止日期", required=False)
    actor = forms.CharField(
        label="操作人",
        required=False,
        max_length=150,
        widget=PickerWidget(url_name="console:audit_accounts", placeholder="输入姓名或账号查找"),
    )
    subject = forms.CharField(
        label="对象",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "人员姓名、单位名称等"}),
    )
    action = forms.ChoiceField(label="操作", required=False)
    model = forms.ChoiceField(label="对象类型", required=False)
    org_path = forms.CharField(
        label="单位",
        required=False,
        max_length=12,
        help_text="含下级单位",
        widget=PickerWidget(url_name="console:audit_units", placeholder="输入单位名称查找"),
    )
    request_id = forms.CharField(label="请求编号", required=False, max_length=64)

    def __init__(
        self, *args: Any, model_choices: list[tuple[str, str]], actor: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _picker_labels(self, actor, account="actor", unit="org_path")
        action, model = self.fields["action"], self.fields["model"]
        assert isinstance(action, forms.ChoiceField) and isinstance(model, forms.ChoiceField)
        action.choices = [("", "全部"), *ACTION_LABELS.items()]
        model.choices = [("", "全部"), *model_choices]

    def clean_org_path(self) -> str:
        value = self.cleaned_data["org_path"].strip()
        if value and not value.isdigit():
            raise forms.ValidationError("请从列表中选择单位（或输入区划代码）")
        return value

    def filters(self) -> AuditFilters:
        """The valid filters (an invalid field is ignored and its error shown)."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return AuditFilters(**{k: v for k, v in data.items() if v not in (None, "")})


class AccountCreateForm(BootstrapMixin, forms.Form):
    username = forms.CharField(
        label="账号",
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text="登录用的账号，字母、数字或 @ . + - _（全角字符按半角保存）",
    )
    display_name = forms.CharField(label="姓名", max_length=50)

    def clean_username(self) -> str:
        # Django's login form reads usernames in NFKC form; store them the same way.
        return unicodedata.normalize("NFKC", self.cleaned_data["username"]).strip()


class ReasonForm(BootstrapMixin, VersionedForm):
    """A reason for a change of a loaded record (deactivating an account, revoking a role)."""

    reason = forms.CharField(label="理由", max_length=500, widget=forms.TextInput())


class OptionalReasonForm(BootstrapMixin, VersionedForm):
    reason = forms.CharField(label="理由", max_length=500, required=False, widget=forms.TextInput())


class PasswordResetForm(BootstrapMixin, VersionedForm):
    reason = forms.CharField(label="理由", max_length=500, help_text="如：本人遗忘密码，已当面核实身份")


class ResetInitiateForm(BootstrapMixin, forms.Form):
    """Initiate a reset of an administrator's account from the reset page (the target is picked)."""

    user = forms.TypedChoiceField(label="账号", coerce=int)
    reason = forms.CharField(label="理由", max_length=500)

    def __init__(self, *args: Any, targets: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", "请选择"), *targets]  # type: ignore[attr-defined]


class RoleGrantForm(BootstrapMixin, forms.Form):
    username = forms.CharField(
        label="账号",
        max_length=150,
        help_text="输入姓名或账号，从列表中选择",
        widget=PickerWidget(url_name="console:roles_accounts"),
    )
    role = forms.ChoiceField(label="角色", choices=[("", "请选择"), *ROLE_CHOICES])
    unit_code = forms.CharField(
        label="管辖单位",
        required=False,
        max_length=12,
        help_text="输入单位名称或代码，从列表中选择（县 › 乡镇 › 村）；三类管理员不填",
        widget=PickerWidget(url_name="console:roles_units"),
    )
    department = forms.ChoiceField(
        label="联审部门", required=False, choices=[("", "（非联审部门用户不选）"), *VETTING_DEPARTMENTS]
    )
    reason = forms.CharField(label="理由", max_length=500, help_text="如：任职文件文号")

    def __init__(self, *args: Any, actor: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _picker_labels(self, actor, account="username", unit="unit_code")
