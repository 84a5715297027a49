"""The follow-on result form: members one a line (姓名 性别 职务), easy on a tablet."""

from __future__ import annotations

from django import forms

from huanjie.core.forms import BootstrapMixin, BoundedDateField


class FollowOnForm(BootstrapMixin, forms.Form):
    held_on = BoundedDateField(label="选举（推选）日期")
    members = forms.CharField(
        label="当选人员（每行一人：姓名 性别 职务，如“张三 男 主任”）",
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    committee_members = forms.IntegerField(
        label="村民代表会议中的村民委员会成员数（仅村民代表选举填写）",
        min_value=0,
        max_value=20,
        required=False,
        initial=0,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
