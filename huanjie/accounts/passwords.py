"""Password policy: at least 10 characters drawn from at least 3 of the 4 character classes, and
neither a published password (the demo password, vendor defaults: ``published_passwords.json``) nor
a common one (Django's list).

Production also refuses such a password at login (``refused_at_login``), so an account that still
has the demo password, or one set before the policy, cannot be used until it is reset; only a
demonstration deployment (``HUANJIE_DEMO=1``) lets the demo accounts log in with the demo password.
"""

from __future__ import annotations

import json
import string
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError

PUBLISHED_PASSWORDS_FILE = Path(__file__).with_name("published_passwords.json")


def _canonical(password: str) -> str:
    return unicodedata.normalize("NFKC", password).strip().casefold()


@cache
def _published() -> frozenset[str]:
    # A .json file so that the package data rule of pyproject.toml ships it with the wheel.
    data = json.loads(PUBLISHED_PASSWORDS_FILE.read_text(encoding="utf-8"))
    return frozenset(_canonical(p) for p in data["passwords"])


@cache
def _common() -> CommonPasswordValidator:
    return CommonPasswordValidator()


def is_published(password: str) -> bool:
    return _canonical(password) in _published()


def is_common(password: str) -> bool:
    return _canonical(password) in _common().passwords


def refused_at_login(password: str) -> bool:
    """A password production will not log in with (the demo deployment excepted)."""
    return not settings.HUANJIE_DEMO and (is_published(password) or is_common(password))


class PublishedPasswordValidator:
    """Refuses the passwords listed in ``published_passwords.json`` (always: nobody may *choose* one,
    not even in the demo)."""

    def validate(self, password: str, user: Any = None) -> None:
        if is_published(password):
            raise ValidationError(
                "该密码已公开（演示密码或常见默认密码），不能使用。", code="password_published"
            )

    def get_help_text(self) -> str:
        return "不能使用演示密码或常见的默认密码。"


class ComplexityValidator:
    def __init__(self, min_length: int = 10, min_classes: int = 3) -> None:
        self.min_length = min_length
        self.min_classes = min_classes

    @staticmethod
    def classes(password: str) -> int:
        groups = [
            any(c in string.ascii_lowercase for c in password),
            any(c in string.ascii_uppercase for c in password),
            any(c in string.digits for c in password),
            any(not c.isalnum() for c in password),
        ]
        return sum(groups)

    def validate(self, password: str, user: Any = None) -> None:
        errors = []
        if len(password) < self.min_length:
            errors.append(ValidationError(f"密码至少 {self.min_length} 个字符。", code="password_too_short"))
        if self.classes(password) < self.min_classes:
            errors.append(
                ValidationError(
                    f"密码须包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 类。",
                    code="password_too_simple",
                )
            )
        if errors:
            raise ValidationError(errors)

    def get_help_text(self) -> str:
        return (
            f"至少 {self.min_length} 个字符，"
            f"包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 类。"
        )
