"""Forms of the login and password pages (Chinese labels and messages, Bootstrap widgets)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import password_validators_help_texts

from huanjie.core.forms import BootstrapMixin


class LoginForm(BootstrapMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "账号或密码错误。",
        "inactive": "该账号已停用，请联系系统管理员。",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "账号"
        self.fields["password"].label = "密码"
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autofocus": True})
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"


class PasswordChangeForm(BootstrapMixin, forms.Form):
    """Field checks only; the policy and the old password are checked by the service."""

    old_password = forms.CharField(
        label="原密码", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    new_password1 = forms.CharField(
        label="新密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label="再次输入新密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built per request so that the active language (zh-hans) applies to Django's own texts.
        self.fields["new_password1"].help_text = "".join(password_validators_help_texts())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_password1") and data.get("new_password2") != data.get("new_password1"):
            self.add_error("new_password2", "两次输入的新密码不一致。")
        return data


class ResetLoginForm(BootstrapMixin, forms.Form):
    """The holder of a reset account enters both halves of the temporary secret."""

    username = forms.CharField(label="账号", max_length=150)
    half_a = forms.CharField(
        label="临时口令（前半）",
        max_length=40,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    half_b = forms.CharField(
        label="临时口令（后半）",
        max_length=40,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class NewPasswordForm(BootstrapMixin, forms.Form):
    """Field checks only; the policy is checked by the service."""

    new_password1 = forms.CharField(
        label="新密码", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    new_password2 = forms.CharField(
        label="再次输入新密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = "".join(password_validators_help_texts())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_password1") and data.get("new_password2") != data.get("new_password1"):
            self.add_error("new_password2", "两次输入的新密码不一致。")
        return data
