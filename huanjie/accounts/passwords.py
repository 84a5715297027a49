"""Password policy: at least 10 characters drawn from at least 3 of the 4 character classes."""

from __future__ import annotations

import string
from typing import Any

from django.core.exceptions import ValidationError


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
