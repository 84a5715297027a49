"""The upload form of a signed roll-up (issue 15 req. 6)."""

from __future__ import annotations

from django import forms

from huanjie.core.forms import ProjectMessagesMixin
from huanjie.stats.rollup_services import MAX_BYTES


class RollupUploadForm(ProjectMessagesMixin, forms.Form):
    file = forms.FileField(label="汇总上报文件（.json）")

    def clean_file(self):  # type: ignore[no-untyped-def]
        f = self.cleaned_data["file"]
        if f.size > MAX_BYTES:
            raise forms.ValidationError(f"文件不能超过 {MAX_BYTES // 1024 // 1024} MB")
        return f
