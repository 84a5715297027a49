"""Forms of the election documents pages (every field bounded)."""

from __future__ import annotations

from django import forms

from huanjie.core.forms import BootstrapMixin
from huanjie.elections.models import NoticeKind

MAX_PROXY_FORMS = 200


class NoticeDraftForm(BootstrapMixin, forms.Form):
    """Which notice to draft (GET): the page fills the issue form with a draft body."""

    kind = forms.ChoiceField(label="公告类别", choices=NoticeKind.choices)


class NoticeForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label="公告类别", choices=NoticeKind.choices)
    title = forms.CharField(label="标题", max_length=100)
    body = forms.CharField(label="正文", max_length=5000, widget=forms.Textarea(attrs={"rows": 8}))
    issuer = forms.CharField(label="发布机构", max_length=100)
    issued_on = forms.DateField(label="发布日期", widget=forms.DateInput(attrs={"type": "date"}))


class ProxyFormsForm(BootstrapMixin, forms.Form):
    count = forms.IntegerField(label="份数", min_value=1, max_value=MAX_PROXY_FORMS, required=False)
