"""Forms of the election-day checklist pages."""

from __future__ import annotations

from typing import Any

from django import forms

from huanjie.core.forms import BootstrapMixin
from huanjie.elections.choices import Body


class ItemForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label="检查事项", max_length=200)
    guidance = forms.CharField(label="要求", max_length=500, required=False)
    needs_evidence = forms.BooleanField(label="须上传佐证", required=False)


class CheckForm(BootstrapMixin, forms.Form):
    done = forms.BooleanField(label="已落实", required=False)
    note = forms.CharField(label="说明", max_length=500, required=False)
    evidence = forms.FileField(label="佐证材料", required=False)


class ChecklistFilter(BootstrapMixin, forms.Form):
    town = forms.ChoiceField(label="乡镇（街道）", choices=(), required=False)
    status = forms.ChoiceField(
        label="状态",
        choices=[("", "全部状态"), ("incomplete", "未完成"), ("complete", "已完成")],
        required=False,
    )
    # req. 9: the category filter (which body the election chooses)
    body = forms.ChoiceField(label="选举对象", choices=[("", "全部选举对象"), *Body.choices], required=False)
    overdue = forms.ChoiceField(
        label="逾期", choices=[("", "逾期：不限"), ("1", "已过选举日未完成")], required=False
    )

    def __init__(self, *args: Any, towns: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["town"].choices = [("", "全部乡镇"), *(towns or [])]  # type: ignore[attr-defined]
